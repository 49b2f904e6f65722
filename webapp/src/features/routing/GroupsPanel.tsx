import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import type { RoutingGroup } from '../../api/types';
import { useApi, useSession } from '../../auth/session';
import { ConfirmButton, ErrorMessage, Field, LoadError, Loading } from '../../components/ui';
import { useResource } from '../../components/useResource';

const POLICIES = ['least-loaded', 'round-robin', 'weighted', 'consistent-hash'];
const HASH_KEYS = ['user', 'source', 'client-tag', 'trace-token'];

/** "a=3, b=1" to {a: 3, b: 1}; undefined for an empty text; throws naming a bad entry. */
export function parseWeights(text: string): Record<string, number> | undefined {
  if (!text.trim()) {
    return undefined;
  }
  const weights: Record<string, number> = {};
  for (const entry of text.split(',')) {
    const match = /^\s*([^=\s]+)\s*=\s*(\d+)\s*$/.exec(entry);
    if (!match) {
      throw new Error(`"${entry.trim()}" is not cluster=weight`);
    }
    weights[match[1]!] = Number(match[2]);
  }
  return weights;
}

function GroupForm({ group, groups, onSaved, onCancel }: { group?: RoutingGroup | undefined; groups: string[]; onSaved: () => void; onCancel: () => void }) {
  const api = useApi();
  const editing = group !== undefined;
  const [name, setName] = useState(group?.name ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const [policy, setPolicy] = useState(group?.policy ?? '');
  const [fallback, setFallback] = useState(group?.fallback ?? '');
  const [hashKey, setHashKey] = useState(group?.hashKey ?? '');
  const [weights, setWeights] = useState(
    group?.weights
      ? Object.entries(group.weights)
          .map(([cluster, weight]) => `${cluster}=${weight}`)
          .join(', ')
      : '',
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<unknown>(undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!name.trim()) {
      problems.name = 'A name is required';
    }
    let parsedWeights: Record<string, number> | undefined;
    try {
      parsedWeights = parseWeights(weights);
    } catch (error) {
      problems.weights = error instanceof Error ? error.message : String(error);
    }
    setErrors(problems);
    setFormError(undefined);
    if (Object.keys(problems).length > 0) {
      return;
    }
    // only what was set: a Junction that does not know policies yet refuses unknown fields
    const body: Record<string, unknown> = { name: name.trim(), description: description.trim() };
    if (policy) {
      body.policy = policy;
    }
    if (fallback.trim()) {
      body.fallback = fallback.trim();
    }
    if (hashKey) {
      body.hashKey = hashKey;
    }
    if (parsedWeights) {
      body.weights = parsedWeights;
    }
    try {
      if (editing) {
        await api.put(`/api/v1/groups/${encodeURIComponent(group.name)}`, body);
      } else {
        await api.post('/api/v1/groups', body);
      }
      onSaved();
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        const field = ['policy', 'fallback', 'hashKey', 'weights', 'description'].find((key) => error.message.includes(key));
        if (field) {
          setErrors({ [field]: error.message });
          return;
        }
      }
      if (error instanceof ApiError && error.status === 409 && !editing) {
        setErrors({ name: error.message });
        return;
      }
      setFormError(error);
    }
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="group-form-title">
      <h3 id="group-form-title">{editing ? `Edit group ${group.name}` : 'New routing group'}</h3>
      <ErrorMessage error={formError} title="Not saved" />
      <div className="form-grid">
        <Field label="Name" error={errors.name}>
          {(props) => <input {...props} value={name} readOnly={editing} onChange={(event) => setName(event.target.value)} autoFocus={!editing} />}
        </Field>
        <Field label="Description" error={errors.description}>
          {(props) => <input {...props} value={description} onChange={(event) => setDescription(event.target.value)} />}
        </Field>
        <Field label="Selection policy" error={errors.policy}>
          {(props) => (
            <select {...props} value={policy} onChange={(event) => setPolicy(event.target.value)}>
              <option value="">(default: least-loaded)</option>
              {POLICIES.map((item) => (
                <option key={item} value={item}>
                  {item}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Fallback group" error={errors.fallback} hint="Empty: strict isolation">
          {(props) => (
            <select {...props} value={fallback} onChange={(event) => setFallback(event.target.value)}>
              <option value="">(none)</option>
              {groups
                .filter((item) => item !== name)
                .map((item) => (
                  <option key={item} value={item}>
                    {item}
                  </option>
                ))}
            </select>
          )}
        </Field>
        {policy === 'consistent-hash' ? (
          <Field label="Hash key" error={errors.hashKey}>
            {(props) => (
              <select {...props} value={hashKey} onChange={(event) => setHashKey(event.target.value)}>
                <option value="">(default: user)</option>
                {HASH_KEYS.map((item) => (
                  <option key={item} value={item}>
                    {item}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {policy === 'weighted' ? (
          <Field label="Weights" error={errors.weights} hint="cluster=weight, comma separated; clusters not listed weigh 1">
            {(props) => <input {...props} value={weights} onChange={(event) => setWeights(event.target.value)} />}
          </Field>
        ) : null}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary">
          {editing ? 'Save group' : 'Create group'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function GroupsPanel() {
  const api = useApi();
  const { can } = useSession();
  const groups = useResource('groups', () => api.get<RoutingGroup[]>('/api/v1/groups'), 5000);
  const [editing, setEditing] = useState<RoutingGroup | 'new' | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  if (groups.error) {
    return <LoadError error={groups.error} what="routing groups" />;
  }
  if (!groups.data) {
    return <Loading what="routing groups" />;
  }
  const names = groups.data.map((group) => group.name);
  return (
    <section aria-labelledby="groups-title">
      <div className="section-header">
        <h2 id="groups-title">Routing groups</h2>
        {can('groups.edit') && editing === undefined ? (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            New group
          </button>
        ) : null}
      </div>
      <ErrorMessage error={error} />
      {editing !== undefined ? (
        <GroupForm
          key={editing === 'new' ? 'new' : editing.name}
          group={editing === 'new' ? undefined : editing}
          groups={names}
          onCancel={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            groups.reload();
          }}
        />
      ) : null}
      <div className="table-wrap card">
        <table>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Policy</th>
              <th scope="col">Fallback</th>
              <th scope="col">Clusters</th>
              {can('groups.edit') ? <th scope="col">Change</th> : null}
            </tr>
          </thead>
          <tbody>
            {groups.data.map((group) => (
              <tr key={group.name}>
                <th scope="row">
                  <div>{group.name}</div>
                  {group.description ? <div className="muted small">{group.description}</div> : null}
                  {group.declared === false ? <div className="muted small">named by clusters only</div> : null}
                </th>
                <td>{group.policy ?? 'least-loaded'}</td>
                <td>{group.fallback ?? <span className="muted">strict isolation</span>}</td>
                <td>{group.clusters.length === 0 ? <span className="muted">none</span> : group.clusters.join(', ')}</td>
                {can('groups.edit') ? (
                  <td className="actions">
                    <button type="button" onClick={() => setEditing(group)} aria-label={`Edit group ${group.name}`}>
                      Edit
                    </button>
                    {group.declared !== false ? (
                      <ConfirmButton
                        label="Delete"
                        className="danger"
                        confirmLabel={`Delete group ${group.name}?`}
                        onConfirm={() => {
                          setError(undefined);
                          api.delete(`/api/v1/groups/${encodeURIComponent(group.name)}`).then(groups.reload, setError);
                        }}
                      />
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
