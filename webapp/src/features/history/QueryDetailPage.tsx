import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import type { QueryRecord } from '../../api/types';
import { useApi, useSession } from '../../auth/session';
import { Time, formatDuration } from '../../components/time';
import { Badge, LoadError, Loading, PageHeader } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { trinoUiLink } from './filters';

export function QueryDetailPage() {
  const { queryId = '' } = useParams();
  const api = useApi();
  const { info } = useSession();
  const [running, setRunning] = useState(false);
  // while the query runs, follow it
  const record = useResource(`query-${queryId}`, () => api.get<QueryRecord>(`/api/v1/history/${encodeURIComponent(queryId)}`), running ? 3000 : undefined);
  useEffect(() => {
    setRunning(record.data?.state === 'QUEUED' || record.data?.state === 'RUNNING');
  }, [record.data]);

  return (
    <>
      <PageHeader title={`Query ${queryId}`}>
        <Link to="/history">Back to history</Link>
      </PageHeader>
      {record.error instanceof ApiError && record.error.status === 404 && typeof record.error.body === 'object' ? (
        <p className="notice" role="status">
          No query {queryId} in the history (it may be older than the history keeps, or not recorded yet).
        </p>
      ) : (
        <LoadError error={record.error} what="the query" />
      )}
      {!record.data && !record.error ? <Loading what="the query" /> : null}
      {record.data ? (
        <>
          <section className="card" aria-label="Query">
            <dl className="facts">
              <div>
                <dt>State</dt>
                <dd>
                  <Badge value={record.data.state} />
                </dd>
              </div>
              <div>
                <dt>User</dt>
                <dd>{record.data.user}</dd>
              </div>
              <div>
                <dt>Source</dt>
                <dd>{record.data.source ?? '—'}</dd>
              </div>
              <div>
                <dt>Client tags</dt>
                <dd>{record.data.clientTags.join(', ') || '—'}</dd>
              </div>
              <div>
                <dt>Submitted</dt>
                <dd>
                  <Time value={record.data.submittedAt} />
                </dd>
              </div>
              <div>
                <dt>Finished</dt>
                <dd>
                  <Time value={record.data.finishedAt} />
                </dd>
              </div>
              <div>
                <dt>Elapsed</dt>
                <dd>{formatDuration(record.data.elapsedMillis)}</dd>
              </div>
              <div>
                <dt>Junction node</dt>
                <dd>{record.data.junctionNode ?? '—'}</dd>
              </div>
            </dl>
            {info ? (
              <p>
                <a href={trinoUiLink(info.proxyUri, record.data.queryId)} target="_blank" rel="noreferrer">
                  Open in {record.data.cluster}'s Trino UI
                </a>{' '}
                <span className="muted small">(through Junction)</span>
              </p>
            ) : null}
            {record.data.errorCode || record.data.errorMessage ? (
              <div className="error" role="status">
                <strong>{record.data.errorCode ?? 'Error'}</strong>: {record.data.errorMessage ?? ''}
              </div>
            ) : null}
          </section>
          <section className="card" aria-labelledby="routing-decision">
            <h2 id="routing-decision">Routing decision</h2>
            <dl className="facts">
              <div>
                <dt>Rule</dt>
                <dd data-testid="query-rule">{record.data.rule ?? 'none (no rule matched)'}</dd>
              </div>
              <div>
                <dt>Routing group</dt>
                <dd data-testid="query-group">{record.data.routingGroup}</dd>
              </div>
              <div>
                <dt>Cluster</dt>
                <dd data-testid="query-cluster">{record.data.cluster}</dd>
              </div>
            </dl>
            {record.data.decision ? <DecisionDetails decision={record.data.decision} /> : null}
          </section>
          <section className="card" aria-labelledby="query-sql">
            <h2 id="query-sql">SQL</h2>
            <pre className="sql">{record.data.sql}</pre>
            {record.data.sqlTruncated ? <p className="muted small">Truncated: the history keeps the beginning of long statements.</p> : null}
          </section>
        </>
      ) : null}
    </>
  );
}

function DecisionDetails({ decision }: { decision: Record<string, unknown> }) {
  return (
    <dl className="facts decision">
      {Object.entries(decision).map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : <code>{JSON.stringify(value)}</code>}</dd>
        </div>
      ))}
    </dl>
  );
}
