import { useEffect, useRef, useState } from 'react';
import { isMissingEndpoint } from '../../api/client';
import type { Validation } from '../../api/types';
import { useApi } from '../../auth/session';
import { useDebounced } from '../../components/useResource';

export const VALIDATE_DELAY_MILLIS = 400;

type Check =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'valid' }
  | { status: 'invalid'; messages: string[] }
  | { status: 'unavailable' }
  | { status: 'failed'; message: string };

/**
 * The CEL condition of a rule, checked by the server as you type (debounced): the same
 * parser and type checker that will run it, so "valid" here means it will load.
 */
export function ConditionField({
  id,
  value,
  onChange,
  describedBy,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  describedBy?: string | undefined;
}) {
  const api = useApi();
  const [check, setCheck] = useState<Check>({ status: 'idle' });
  const sequence = useRef(0);

  const validate = useDebounced((condition: string) => {
    const request = ++sequence.current;
    api.post<Validation>('/api/v1/rules/validate', { condition }).then(
      (answer) => {
        if (request === sequence.current) {
          setCheck(answer.valid ? { status: 'valid' } : { status: 'invalid', messages: answer.errors.map((error) => error.message) });
        }
      },
      (error: unknown) => {
        if (request === sequence.current) {
          setCheck(isMissingEndpoint(error) ? { status: 'unavailable' } : { status: 'failed', message: error instanceof Error ? error.message : String(error) });
        }
      },
    );
  }, VALIDATE_DELAY_MILLIS);

  // check the condition the editor opens with, too
  const initial = useRef(value);
  useEffect(() => {
    if (initial.current.trim()) {
      setCheck({ status: 'checking' });
      validate(initial.current);
    }
  }, [validate]);

  const statusId = `${id}-check`;
  return (
    <>
      <textarea
        id={id}
        className="code"
        rows={3}
        spellCheck={false}
        value={value}
        aria-describedby={[describedBy, statusId].filter(Boolean).join(' ')}
        aria-invalid={check.status === 'invalid'}
        onChange={(event) => {
          onChange(event.target.value);
          if (event.target.value.trim()) {
            setCheck({ status: 'checking' });
            validate(event.target.value);
          } else {
            sequence.current++;
            setCheck({ status: 'idle' });
          }
        }}
      />
      <div id={statusId} className={`check check-${check.status}`} role="status" aria-live="polite" data-testid="condition-check">
        {check.status === 'checking' ? 'Checking…' : null}
        {check.status === 'valid' ? '✓ Valid condition' : null}
        {check.status === 'invalid' ? (
          <ul>
            {check.messages.map((message, index) => (
              <li key={index}>{message}</li>
            ))}
          </ul>
        ) : null}
        {check.status === 'unavailable' ? 'This Junction cannot check conditions yet; it checks them when you save.' : null}
        {check.status === 'failed' ? `Could not check: ${check.message}` : null}
      </div>
    </>
  );
}
