import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import type { Cluster, ClusterInput, Lifecycle } from '../../api/types';
import { useApi } from '../../auth/session';
import { ErrorMessage, Field } from '../../components/ui';

type FieldName = 'name' | 'uri' | 'routingGroup' | 'externalUri';
type FieldErrors = Partial<Record<FieldName, string>>;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** Client-side checks, to answer before a round trip; the server checks again and has the last word. */
export function validateCluster(input: ClusterInput): FieldErrors {
  const errors: FieldErrors = {};
  if (!input.name.trim()) {
    errors.name = 'A name is required';
  } else if (!NAME.test(input.name.trim())) {
    errors.name = "1-63 letters, digits, '_', '.' or '-', starting with a letter or digit";
  }
  if (!input.uri.trim()) {
    errors.uri = 'The coordinator URL is required, e.g. http://trino-1:8080';
  } else if (!isHttpUrl(input.uri.trim())) {
    errors.uri = 'Must be an absolute http or https URL';
  }
  if (!input.routingGroup.trim()) {
    errors.routingGroup = 'A routing group is required';
  } else if (!NAME.test(input.routingGroup.trim())) {
    errors.routingGroup = "1-63 letters, digits, '_', '.' or '-', starting with a letter or digit";
  }
  if (input.externalUri && !isHttpUrl(input.externalUri.trim())) {
    errors.externalUri = 'Must be an absolute http or https URL';
  }
  return errors;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Which field a server message is about (the API names the bad value in its message). */
export function fieldOfMessage(message: string): FieldName | undefined {
  if (/external ?uri/i.test(message)) {
    return 'externalUri';
  }
  if (/routing ?group/i.test(message)) {
    return 'routingGroup';
  }
  if (/\buri\b/.test(message)) {
    return 'uri';
  }
  if (/cluster name|already exists|'name'|renamed/i.test(message)) {
    return 'name';
  }
  return undefined;
}

export function ClusterForm({
  cluster,
  groups,
  onSaved,
  onCancel,
}: {
  cluster?: Cluster | undefined;
  groups: string[];
  onSaved: (cluster: Cluster) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const editing = cluster !== undefined;
  const [name, setName] = useState(cluster?.name ?? '');
  const [uri, setUri] = useState(cluster?.uri ?? '');
  const [routingGroup, setRoutingGroup] = useState(cluster?.routingGroup ?? 'adhoc');
  const [externalUri, setExternalUri] = useState(cluster?.externalUri ?? '');
  const [state, setState] = useState<Lifecycle>(cluster?.state ?? 'ACTIVE');
  const [forwardedHeaders, setForwardedHeaders] = useState(cluster?.forwardedHeaders ?? true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<unknown>(undefined);
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input: ClusterInput = {
      name: name.trim(),
      uri: uri.trim(),
      routingGroup: routingGroup.trim(),
      state,
      forwardedHeaders,
      ...(externalUri.trim() ? { externalUri: externalUri.trim() } : {}),
    };
    const problems = validateCluster(input);
    setErrors(problems);
    setFormError(undefined);
    if (Object.keys(problems).length > 0) {
      return;
    }
    setSaving(true);
    try {
      const saved = editing
        ? await api.put<Cluster>(`/api/v1/clusters/${encodeURIComponent(input.name)}`, input)
        : await api.post<Cluster>('/api/v1/clusters', input);
      onSaved(saved);
    } catch (error) {
      const field = error instanceof ApiError && error.status === 400 ? fieldOfMessage(error.message) : undefined;
      const conflict = error instanceof ApiError && error.status === 409 && !editing ? 'name' : undefined;
      const target = field ?? conflict;
      if (target && error instanceof Error) {
        setErrors({ [target]: error.message });
      } else {
        setFormError(error);
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="cluster-form-title">
      <h2 id="cluster-form-title">{editing ? `Edit cluster ${cluster.name}` : 'Add a cluster'}</h2>
      <ErrorMessage error={formError} />
      <div className="form-grid">
        <Field label="Name" error={errors.name}>
          {(props) => (
            <input {...props} value={name} onChange={(event) => setName(event.target.value)} readOnly={editing} autoComplete="off" required autoFocus={!editing} />
          )}
        </Field>
        <Field label="Coordinator URL" error={errors.uri} hint="Where Junction sends queries, e.g. http://trino-1:8080">
          {(props) => <input {...props} type="url" value={uri} onChange={(event) => setUri(event.target.value)} required autoComplete="off" autoFocus={editing} />}
        </Field>
        <Field label="Routing group" error={errors.routingGroup}>
          {(props) => (
            <>
              <input {...props} list="known-groups" value={routingGroup} onChange={(event) => setRoutingGroup(event.target.value)} required autoComplete="off" />
              <datalist id="known-groups">
                {groups.map((group) => (
                  <option key={group} value={group} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label="External URL (optional)" error={errors.externalUri} hint="How users reach this cluster directly, if different">
          {(props) => <input {...props} type="url" value={externalUri} onChange={(event) => setExternalUri(event.target.value)} autoComplete="off" />}
        </Field>
        {editing ? null : (
          <Field label="Initial state">
            {(props) => (
              <select {...props} value={state} onChange={(event) => setState(event.target.value as Lifecycle)}>
                <option value="ACTIVE">Active</option>
                <option value="INACTIVE">Inactive</option>
              </select>
            )}
          </Field>
        )}
        <div className="field field-check">
          <input id="cluster-forwarded" type="checkbox" checked={forwardedHeaders} onChange={(event) => setForwardedHeaders(event.target.checked)} />
          <label htmlFor="cluster-forwarded">Send X-Forwarded headers (the cluster has http-server.process-forwarded=true)</label>
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : editing ? 'Save changes' : 'Add cluster'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
