import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { HistoryPage as Page } from '../../api/types';
import { useApi } from '../../auth/session';
import { Time, formatDuration, userTimeZone } from '../../components/time';
import { Badge, Field, LoadError, Loading, PageHeader } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { FILTER_KEYS, STATES, filtersFromForm, filtersFromParams, formFromFilters, type FilterKey } from './filters';

const PAGE_SIZE = 50;

export function HistoryPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const before = params.get('before') ?? undefined;
  const [form, setForm] = useState(() => formFromFilters(filters));
  // cursors of the pages before this one, to go back to newer queries
  const [newer, setNewer] = useState<Array<string | undefined>>([]);
  const key = params.toString();
  const page = useResource(`history?${key}`, () => api.get<Page>('/api/v1/history', { ...filters, before, limit: PAGE_SIZE }));

  function search(event: FormEvent) {
    event.preventDefault();
    setNewer([]);
    setParams(filtersFromForm(form));
  }

  function reset() {
    setForm(formFromFilters({}));
    setNewer([]);
    setParams({});
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

  const set = (field: FilterKey) => (event: { target: { value: string } }) => setForm((previous) => ({ ...previous, [field]: event.target.value }));
  const labels: Record<FilterKey, string> = {
    from: 'Submitted from',
    to: 'Submitted until',
    user: 'User',
    source: 'Source',
    cluster: 'Cluster',
    group: 'Routing group',
    state: 'State',
    text: 'SQL or query id contains',
  };

  return (
    <>
      <PageHeader title="Query history" />
      <form className="card form filters" onSubmit={search} aria-label="Search the query history">
        <div className="form-grid">
          {FILTER_KEYS.map((field) =>
            field === 'state' ? (
              <Field key={field} label={labels[field]}>
                {(props) => (
                  <select {...props} value={form.state} onChange={set('state')}>
                    <option value="">any</option>
                    {STATES.map((state) => (
                      <option key={state} value={state}>
                        {state.toLowerCase()}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : (
              <Field key={field} label={labels[field]} hint={field === 'from' || field === 'to' ? `your time (${userTimeZone()})` : undefined}>
                {(props) => (
                  <input {...props} type={field === 'from' || field === 'to' ? 'datetime-local' : field === 'text' ? 'search' : 'text'} value={form[field]} onChange={set(field)} />
                )}
              </Field>
            ),
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="primary">
            Search
          </button>
          <button type="button" onClick={reset}>
            Clear
          </button>
        </div>
      </form>
      <LoadError error={page.error} what="query history" />
      {!page.data && !page.error ? <Loading what="queries" /> : null}
      {page.data ? (
        <section className="card" aria-label="Queries">
          {page.data.queries.length === 0 ? <p className="muted">No queries match.</p> : null}
          {page.data.queries.length > 0 ? (
            <div className="table-wrap">
              <table className="history">
                <thead>
                  <tr>
                    <th scope="col">Submitted</th>
                    <th scope="col">Query</th>
                    <th scope="col">State</th>
                    <th scope="col">User</th>
                    <th scope="col">Source</th>
                    <th scope="col">Group</th>
                    <th scope="col">Cluster</th>
                    <th scope="col" className="num">Elapsed</th>
                    <th scope="col">SQL</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.queries.map((query) => (
                    <tr key={query.queryId} data-query={query.queryId}>
                      <td>
                        <Time value={query.submittedAt} />
                      </td>
                      <th scope="row">
                        <Link to={`/history/${encodeURIComponent(query.queryId)}`}>{query.queryId}</Link>
                      </th>
                      <td>
                        <Badge value={query.state} />
                      </td>
                      <td>{query.user}</td>
                      <td>{query.source ?? ''}</td>
                      <td>{query.routingGroup}</td>
                      <td>{query.cluster}</td>
                      <td className="num">{formatDuration(query.elapsedMillis)}</td>
                      <td>
                        <code className="sql-preview" title={query.sql}>
                          {query.sql.length > 80 ? `${query.sql.slice(0, 80)}…` : query.sql}
                        </code>
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
              disabled={!page.data.nextBefore}
              onClick={() => {
                setNewer([...newer, before]);
                go(page.data?.nextBefore ?? undefined);
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
