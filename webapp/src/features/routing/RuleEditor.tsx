import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import type { Rule } from '../../api/types';
import { useApi } from '../../auth/session';
import { ErrorMessage, Field } from '../../components/ui';
import { ACTION_TYPES, toAction, toRow, type ActionRow, type ActionType } from './actions';
import { ConditionField } from './ConditionField';

export function RuleEditor({
  rule,
  nextPriority,
  groups,
  onSaved,
  onCancel,
}: {
  rule?: Rule | undefined;
  nextPriority: number;
  groups: string[];
  onSaved: (version: number | undefined, name: string) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const editing = rule !== undefined;
  const conditionId = useId();
  const [name, setName] = useState(rule?.name ?? '');
  const [description, setDescription] = useState(rule?.description ?? '');
  const [priority, setPriority] = useState(String(rule?.priority ?? nextPriority));
  const [condition, setCondition] = useState(rule?.condition ?? '');
  const [continues, setContinues] = useState(rule?.continue ?? false);
  const [rows, setRows] = useState<ActionRow[]>(rule ? rule.actions.map(toRow) : [{ type: 'route', first: groups[0] ?? '', second: '' }]);
  const [errors, setErrors] = useState<{ name?: string; priority?: string; condition?: string; actions?: string }>({});
  const [formError, setFormError] = useState<unknown>(undefined);
  const [saving, setSaving] = useState(false);

  function updateRow(index: number, change: Partial<ActionRow>) {
    setRows((previous) => previous.map((row, position) => (position === index ? { ...row, ...change } : row)));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: typeof errors = {};
    if (!name.trim()) {
      problems.name = 'A name is required';
    }
    if (!/^-?\d+$/.test(priority.trim())) {
      problems.priority = 'A whole number; lower runs first';
    }
    if (!condition.trim()) {
      problems.condition = "A condition is required (use 'true' to match every query)";
    }
    if (rows.length === 0) {
      problems.actions = 'At least one action';
    } else if (rows.some((row) => !row.first.trim())) {
      problems.actions = 'Every action needs its value';
    }
    setErrors(problems);
    setFormError(undefined);
    if (Object.keys(problems).length > 0) {
      return;
    }
    const body: Rule = {
      name: name.trim(),
      ...(description.trim() ? { description: description.trim() } : {}),
      priority: Number.parseInt(priority.trim(), 10),
      condition: condition.trim(),
      continue: continues,
      actions: rows.map(toAction),
    };
    setSaving(true);
    try {
      const answer = editing
        ? await api.put<{ version?: number }>(`/api/v1/rules/${encodeURIComponent(rule.name)}`, body)
        : await api.post<{ version?: number }>('/api/v1/rules', body);
      onSaved(answer?.version, body.name);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        const conditionProblems = error.problems.filter((problem) => /condition|CEL|expression|type/i.test(problem.message));
        if (conditionProblems.length > 0 && conditionProblems.length === error.problems.length) {
          setErrors({ condition: conditionProblems.map((problem) => problem.message).join('; ') });
          return;
        }
      }
      if (error instanceof ApiError && error.status === 409 && !editing && /exist/i.test(error.message)) {
        setErrors({ name: error.message });
        return;
      }
      setFormError(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="rule-form-title">
      <h2 id="rule-form-title">{editing ? `Edit rule ${rule.name}` : 'New rule'}</h2>
      <ErrorMessage error={formError} title="Not saved" />
      <div className="form-grid">
        <Field label="Name" error={errors.name}>
          {(props) => <input {...props} value={name} onChange={(event) => setName(event.target.value)} readOnly={editing} autoComplete="off" autoFocus={!editing} />}
        </Field>
        <Field label="Priority" error={errors.priority} hint="Rules run in ascending priority; the first match wins unless it continues">
          {(props) => <input {...props} inputMode="numeric" value={priority} onChange={(event) => setPriority(event.target.value)} />}
        </Field>
        <Field label="Description (optional)">
          {(props) => <input {...props} value={description} onChange={(event) => setDescription(event.target.value)} autoComplete="off" />}
        </Field>
      </div>
      <div className={`field${errors.condition ? ' field-invalid' : ''}`}>
        <label htmlFor={conditionId}>Condition (CEL)</label>
        <ConditionField id={conditionId} value={condition} onChange={setCondition} describedBy={errors.condition ? `${conditionId}-error` : `${conditionId}-hint`} />
        <div className="hint" id={`${conditionId}-hint`}>
          For example <code>source == "airflow" &amp;&amp; "etl" in client_tags</code>; variables: user, source, client_tags, catalog, schema, session, headers, sql,
          statement_type, tables… (see docs/routing.md)
        </div>
        {errors.condition ? (
          <div className="field-error" id={`${conditionId}-error`} role="alert">
            {errors.condition}
          </div>
        ) : null}
      </div>
      <div className="field field-check">
        <input id={`${conditionId}-continue`} type="checkbox" checked={continues} onChange={(event) => setContinues(event.target.checked)} />
        <label htmlFor={`${conditionId}-continue`}>Continue: apply the actions and go on evaluating the next rules</label>
      </div>
      <fieldset className="actions-editor">
        <legend>Actions</legend>
        {errors.actions ? (
          <div className="field-error" role="alert">
            {errors.actions}
          </div>
        ) : null}
        {rows.map((row, index) => {
          const kind = ACTION_TYPES.find((item) => item.type === row.type) ?? ACTION_TYPES[0]!;
          return (
            <div className="action-row" key={index} role="group" aria-label={`Action ${index + 1}`}>
              <select aria-label={`Action ${index + 1} type`} value={row.type} onChange={(event) => updateRow(index, { type: event.target.value as ActionType })}>
                {ACTION_TYPES.map((item) => (
                  <option key={item.type} value={item.type}>
                    {item.label}
                  </option>
                ))}
              </select>
              <input
                aria-label={`Action ${index + 1} ${kind.first.toLowerCase()}`}
                placeholder={kind.first}
                list={row.type === 'route' ? 'rule-groups' : undefined}
                value={row.first}
                onChange={(event) => updateRow(index, { first: event.target.value })}
              />
              {kind.second ? (
                <input
                  aria-label={`Action ${index + 1} ${kind.second.toLowerCase()}`}
                  placeholder={kind.second}
                  value={row.second}
                  onChange={(event) => updateRow(index, { second: event.target.value })}
                />
              ) : null}
              <button type="button" aria-label={`Remove action ${index + 1}`} onClick={() => setRows((previous) => previous.filter((_, position) => position !== index))}>
                Remove
              </button>
            </div>
          );
        })}
        <datalist id="rule-groups">
          {groups.map((group) => (
            <option key={group} value={group} />
          ))}
        </datalist>
        <button type="button" onClick={() => setRows((previous) => [...previous, { type: 'add-client-tag', first: '', second: '' }])}>
          Add action
        </button>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : editing ? 'Save rule' : 'Create rule'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
