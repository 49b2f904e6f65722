import { useState } from 'react';
import { Link } from 'react-router';
import type { Rule, RoutingGroup, RuleSetView } from '../../api/types';
import { useApi, useSession } from '../../auth/session';
import { ConfirmButton, ErrorMessage, LoadError, Loading } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { actionText } from './diff';
import { RuleEditor } from './RuleEditor';

/** The rules in evaluation order, with priorities renumbered 10, 20, 30… after a move. */
export function moveRule(rules: Rule[], index: number, offset: -1 | 1): Rule[] {
  const target = index + offset;
  if (target < 0 || target >= rules.length) {
    return rules;
  }
  const moved = [...rules];
  const [rule] = moved.splice(index, 1);
  moved.splice(target, 0, rule!);
  return moved.map((item, position) => ({ ...item, priority: (position + 1) * 10 }));
}

export function RulesPanel() {
  const api = useApi();
  const { can } = useSession();
  const rules = useResource('rules', () => api.get<RuleSetView>('/api/v1/rules'));
  const groups = useResource('groups', () => api.get<RoutingGroup[]>('/api/v1/groups'));
  const [editing, setEditing] = useState<Rule | 'new' | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  if (rules.error) {
    return <LoadError error={rules.error} what="routing rules" />;
  }
  if (!rules.data) {
    return <Loading what="routing rules" />;
  }
  const view = rules.data;
  const editable = view.editable && can('rules.edit');
  const groupNames = (groups.data ?? []).map((group) => group.name);

  async function change(what: () => Promise<{ version?: number } | undefined>, done: string) {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const answer = await what();
      setNotice(answer?.version ? `${done} (version ${answer.version})` : done);
      rules.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  function move(index: number, offset: -1 | 1) {
    const reordered = moveRule(view.rules, index, offset);
    const rule = view.rules[index]!;
    void change(
      () => api.put<{ version: number }>('/api/v1/rules', { rules: reordered, comment: `moved ${rule.name} ${offset < 0 ? 'up' : 'down'}` }),
      `Moved ${rule.name} ${offset < 0 ? 'up' : 'down'}`,
    );
  }

  const lastPriority = view.rules.at(-1)?.priority ?? 0;
  return (
    <section aria-labelledby="rules-title">
      <div className="section-header">
        <h2 id="rules-title">Rules</h2>
        <span className="muted">
          {view.source === 'file'
            ? 'from the rules file (read-only here: edit the file)'
            : view.version === null || view.version === undefined
              ? 'stored, no version yet'
              : `stored, version ${view.version}`}
        </span>
        {editable && editing === undefined ? (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            New rule
          </button>
        ) : null}
      </div>
      {notice ? (
        <p className="success" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorMessage error={error} title="Not changed" />
      {editing !== undefined ? (
        <RuleEditor
          key={editing === 'new' ? 'new' : editing.name}
          rule={editing === 'new' ? undefined : editing}
          nextPriority={lastPriority + 10}
          groups={groupNames}
          onCancel={() => setEditing(undefined)}
          onSaved={(version, name) => {
            setEditing(undefined);
            setNotice(`Rule ${name} saved${version ? ` (version ${version})` : ''}`);
            rules.reload();
          }}
        />
      ) : null}
      {view.rules.length === 0 ? (
        <p className="muted">No rules: every query goes to its X-Trino-Routing-Group header's group or the default group.</p>
      ) : (
        <div className="table-wrap card">
          <table className="rules">
            <caption className="visually-hidden">Rules in evaluation order</caption>
            <thead>
              <tr>
                <th scope="col" className="num">Priority</th>
                <th scope="col">Rule</th>
                <th scope="col">Condition</th>
                <th scope="col">Actions</th>
                {editable ? <th scope="col">Change</th> : null}
              </tr>
            </thead>
            <tbody>
              {view.rules.map((rule, index) => (
                <tr key={rule.name} data-rule={rule.name}>
                  <td className="num">{rule.priority}</td>
                  <th scope="row">
                    <div>{rule.name}</div>
                    {rule.description ? <div className="muted small">{rule.description}</div> : null}
                    {rule.continue ? <div className="small">continues</div> : null}
                  </th>
                  <td>
                    <code className="condition">{rule.condition}</code>
                  </td>
                  <td>
                    <ul className="plain">
                      {rule.actions.map((action, position) => (
                        <li key={position}>
                          <code>{actionText(action)}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  {editable ? (
                    <td className="actions">
                      <button type="button" disabled={busy || index === 0} onClick={() => move(index, -1)} aria-label={`Move ${rule.name} up`}>
                        ↑
                      </button>
                      <button type="button" disabled={busy || index === view.rules.length - 1} onClick={() => move(index, 1)} aria-label={`Move ${rule.name} down`}>
                        ↓
                      </button>
                      <button type="button" onClick={() => setEditing(rule)} aria-label={`Edit ${rule.name}`}>
                        Edit
                      </button>
                      <ConfirmButton
                        label="Delete"
                        className="danger"
                        confirmLabel={`Delete ${rule.name}?`}
                        disabled={busy}
                        onConfirm={() =>
                          void change(() => api.delete<{ version: number }>(`/api/v1/rules/${encodeURIComponent(rule.name)}`), `Rule ${rule.name} deleted`)
                        }
                      />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted small">
        Try the rules on a query in the <Link to="/routing/dry-run">dry-run tester</Link>; earlier versions are under <Link to="/routing/versions">Versions</Link>.
      </p>
    </section>
  );
}
