import { useId, useState } from 'react';
import type { RuleSetView, RuleVersion, RuleVersionSummary } from '../../api/types';
import { useApi, useSession } from '../../auth/session';
import { Time } from '../../components/time';
import { ConfirmButton, ErrorMessage, LoadError, Loading } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { diffLines, rulesText } from './diff';

export function VersionsPanel() {
  const api = useApi();
  const { can } = useSession();
  const versions = useResource('rule-versions', () => api.get<{ versions: RuleVersionSummary[] }>('/api/v1/rules/versions'));
  const current = useResource('rules', () => api.get<RuleSetView>('/api/v1/rules'));
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  if (versions.error) {
    return <LoadError error={versions.error} what="rule versions" />;
  }
  if (!versions.data) {
    return <Loading what="rule versions" />;
  }
  const list = versions.data.versions;
  const currentVersion = current.data?.version ?? list[0]?.version;
  const canRollBack = can('rules.edit') && current.data?.editable !== false;

  async function rollback(version: number) {
    setError(undefined);
    setNotice(undefined);
    try {
      const answer = await api.post<{ version: number }>('/api/v1/rules/rollback', { version });
      setNotice(`Rolled back to version ${version}: now version ${answer.version}`);
      versions.reload();
      current.reload();
      setSelected(undefined);
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <section aria-labelledby="versions-title">
      <div className="section-header">
        <h2 id="versions-title">Rule versions</h2>
      </div>
      {notice ? (
        <p className="success" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorMessage error={error} title="Not rolled back" />
      {list.length === 0 ? <p className="muted">No versions yet: every change of the rules creates one.</p> : null}
      <div className="grid-versions">
        <div className="table-wrap card">
          <table>
            <thead>
              <tr>
                <th scope="col" className="num">Version</th>
                <th scope="col">Created</th>
                <th scope="col">By</th>
                <th scope="col">Comment</th>
                <th scope="col" className="num">Rules</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((version) => (
                <tr key={version.version} aria-current={version.version === selected ? 'true' : undefined} className={version.version === selected ? 'selected' : undefined}>
                  <th scope="row" className="num">
                    {version.version}
                    {version.version === currentVersion ? <span className="badge badge-good">current</span> : null}
                  </th>
                  <td>
                    <Time value={version.createdAt} />
                  </td>
                  <td>{version.createdBy}</td>
                  <td>{version.comment ?? ''}</td>
                  <td className="num">{version.ruleCount}</td>
                  <td className="actions">
                    <button type="button" onClick={() => setSelected(version.version)} aria-pressed={version.version === selected}>
                      Diff
                    </button>
                    {canRollBack && version.version !== currentVersion ? (
                      <ConfirmButton label="Roll back" confirmLabel={`Make version ${version.version} current again?`} onConfirm={() => void rollback(version.version)} />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {selected !== undefined ? <VersionDiff version={selected} previous={list.find((item) => item.version < selected)?.version} /> : null}
      </div>
    </section>
  );
}

/** What changed from the version before (or from an empty rule set) to this one. */
function VersionDiff({ version, previous }: { version: number; previous: number | undefined }) {
  const api = useApi();
  const headingId = useId();
  const diff = useResource(`diff-${version}-${previous}`, async () => {
    const after = await api.get<RuleVersion>(`/api/v1/rules/versions/${version}`);
    const before = previous === undefined ? undefined : await api.get<RuleVersion>(`/api/v1/rules/versions/${previous}`);
    return { before, after, lines: diffLines(rulesText(before?.rules ?? []), rulesText(after.rules)) };
  });
  return (
    <section className="card diff" aria-labelledby={headingId}>
      <h3 id={headingId}>
        Version {version} {previous === undefined ? '(the first)' : `compared with ${previous}`}
      </h3>
      <LoadError error={diff.error} what={`version ${version}`} />
      {diff.data ? (
        <>
          <p className="muted small">
            {diff.data.after.comment ? `“${diff.data.after.comment}” ` : ''}by {diff.data.after.createdBy}, <Time value={diff.data.after.createdAt} />
          </p>
          <pre className="diff-lines" aria-label={`Changes in version ${version}`}>
            {diff.data.lines.map((line, index) => (
              <div key={index} className={`diff-${line.kind}`}>
                <span aria-hidden="true">{line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}</span>
                <span className="visually-hidden">{line.kind === 'same' ? '' : `${line.kind}: `}</span>
                {line.text}
              </div>
            ))}
          </pre>
        </>
      ) : null}
    </section>
  );
}
