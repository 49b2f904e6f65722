import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { AuditEntry, AuditPage as Page } from '../../api/types';
import { useApi } from '../../auth/session';
import { Time } from '../../components/time';
import { Badge, Field, LoadError, Loading, PageHeader } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { diffLines } from '../routing/diff';

const PAGE_SIZE = 50;

function prettyLines(json: string | undefined): string[] {
  if (!json) {
    return [];
  }
  try {
    return JSON.stringify(JSON.parse(json), null, 2).split('\n');
  } catch {
    return json.split('\n');
  }
}

function Change({ entry }: { entry: AuditEntry }) {
  const lines = diffLines(prettyLines(entry.beforeJson), prettyLines(entry.afterJson));
  return (
    <details>
      <summary>What changed</summary>
      <pre className="diff-lines">
        {lines.map((line, index) => (
          <div key={index} className={`diff-${line.kind}`}>
            <span aria-hidden="true">{line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}</span>
            <span className="visually-hidden">{line.kind === 'same' ? '' : `${line.kind}: `}</span>
            {line.text}
          </div>
        ))}
      </pre>
    </details>
  );
}

export function AuditPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const entityType = params.get('entityType') ?? '';
  const entityName = params.get('entityName') ?? '';
  const before = params.get('before') ?? undefined;
  const [form, setForm] = useState({ entityType, entityName });
  const [newer, setNewer] = useState<Array<string | undefined>>([]);
  const page = useResource(`audit?${params.toString()}`, () =>
    api.get<Page>('/api/v1/audit', { entityType: entityType || undefined, entityName: entityName || undefined, before, limit: PAGE_SIZE }),
  );

  function search(event: FormEvent) {
    event.preventDefault();
    setNewer([]);
    const next: Record<string, string> = {};
    if (form.entityType.trim()) {
      next.entityType = form.entityType.trim();
    }
    if (form.entityName.trim()) {
      next.entityName = form.entityName.trim();
    }
    setParams(next);
  }

  function go(cursor: string | undefined) {
    const next = new URLSearchParams(params);
    if (cursor) {
      next.set('before', cursor);
    } else {
      next.delete('before');
    }
    setParams(next);
  }

  return (
    <>
      <PageHeader title="Audit log" />
      <form className="card form filters" onSubmit={search} aria-label="Filter the audit log">
        <div className="form-grid">
          <Field label="Entity type" hint="e.g. cluster, routing-group, rules">
            {(props) => (
              <>
                <input {...props} list="entity-types" value={form.entityType} onChange={(event) => setForm({ ...form, entityType: event.target.value })} />
                <datalist id="entity-types">
                  <option value="cluster" />
                  <option value="routing-group" />
                  <option value="rules" />
                </datalist>
              </>
            )}
          </Field>
          <Field label="Name">{(props) => <input {...props} value={form.entityName} onChange={(event) => setForm({ ...form, entityName: event.target.value })} />}</Field>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary">
            Filter
          </button>
        </div>
      </form>
      <LoadError error={page.error} what="the audit log" />
      {!page.data && !page.error ? <Loading what="the audit log" /> : null}
      {page.data ? (
        <section className="card" aria-label="Changes">
          {page.data.entries.length === 0 ? <p className="muted">No changes recorded.</p> : null}
          {page.data.entries.length > 0 ? (
            <div className="table-wrap">
              <table className="audit">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">Change</th>
                    <th scope="col">What</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.entries.map((entry) => (
                    <tr key={entry.id}>
                      <td>
                        <Time value={entry.changedAt} />
                      </td>
                      <td>{entry.actor}</td>
                      <td>
                        <Badge value={entry.change} />
                      </td>
                      <th scope="row">
                        <span className="muted">{entry.entityType}</span> {entry.entityName}
                      </th>
                      <td>
                        <Change entry={entry} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <nav className="pager" aria-label="Pages">
            <button type="button" disabled={!before} onClick={() => { setNewer([]); go(undefined); }}>
              Newest
            </button>
            <button
              type="button"
              disabled={newer.length === 0}
              onClick={() => {
                const previous = newer.at(-1);
                setNewer(newer.slice(0, -1));
                go(previous);
              }}
            >
              Newer
            </button>
            <button
              type="button"
              disabled={page.data.nextBefore === undefined || page.data.nextBefore === null}
              onClick={() => {
                setNewer([...newer, before]);
                go(page.data?.nextBefore !== undefined && page.data.nextBefore !== null ? String(page.data.nextBefore) : undefined);
              }}
            >
              Older
            </button>
          </nav>
        </section>
      ) : null}
    </>
  );
}
