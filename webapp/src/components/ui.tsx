import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ApiError, isMissingEndpoint } from '../api/client';

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Junction`;
  }, [title]);
  return (
    <header className="page-header">
      <h1 ref={heading} tabIndex={-1} id="page-title">
        {title}
      </h1>
      {children ? <div className="page-actions">{children}</div> : null}
    </header>
  );
}

/** An error the user must see: the server's message, and what a 401/403 means. */
export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  if (!error) {
    return null;
  }
  let message = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError && error.status === 403) {
    message = `Not allowed: ${message}`;
  }
  return (
    <div className="error" role="alert">
      {title ? <strong>{title}: </strong> : null}
      {message}
      {error instanceof ApiError && error.problems.length > 0 ? (
        <ul>
          {error.problems.map((problem, index) => (
            <li key={index}>
              {problem.rule ? <code>{problem.rule}</code> : null} {problem.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Shown instead of a feature whose API this Junction does not serve (yet). */
export function Unavailable({ what }: { what: string }) {
  return (
    <p className="notice" role="status">
      This Junction does not serve {what} (its API answered 404). It appears here once the server has it.
    </p>
  );
}

/** Error or "unavailable" for a failed load. */
export function LoadError({ error, what }: { error: Error | undefined; what: string }) {
  if (!error) {
    return null;
  }
  return isMissingEndpoint(error) ? <Unavailable what={what} /> : <ErrorMessage error={error} title={`Cannot load ${what}`} />;
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

const HEALTH_TONE: Record<string, string> = {
  HEALTHY: 'good',
  STARTING: 'warn',
  UNKNOWN: 'neutral',
  PENDING: 'neutral',
  SHUTTING_DOWN: 'warn',
  UNHEALTHY: 'bad',
  UNREACHABLE: 'bad',
  ACTIVE: 'good',
  DRAINING: 'warn',
  INACTIVE: 'neutral',
  FINISHED: 'good',
  RUNNING: 'info',
  QUEUED: 'neutral',
  FAILED: 'bad',
  CREATE: 'good',
  UPDATE: 'info',
  DELETE: 'bad',
  ROUTED: 'good',
  REJECTED: 'bad',
};

export function Badge({ value, title }: { value: string; title?: string | undefined }) {
  const tone = HEALTH_TONE[value.toUpperCase()] ?? 'neutral';
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {value.toLowerCase().replaceAll('_', ' ')}
    </span>
  );
}

export interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode;
}

/** A labelled form control with its hint and its error right below it. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : undefined, error ? errorId : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {hint ? (
        <div className="hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" id={errorId} role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** A button that asks again inline before it does something destructive. */
export function ConfirmButton({
  label,
  confirmLabel,
  onConfirm,
  disabled,
  className,
}: {
  label: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) {
      yes.current?.focus();
    }
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" className={className} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={confirmLabel}>
      <span>{confirmLabel}</span>
      <button
        type="button"
        ref={yes}
        className="danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        Yes
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        No
      </button>
    </span>
  );
}

export function dash(value: number | string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}
