import { useState, type FormEvent } from 'react';
import type { DryRunAnswer } from '../../api/types';
import { useApi } from '../../auth/session';
import { Badge, ErrorMessage, Field } from '../../components/ui';

/** "Name: value" lines to a header map; throws naming the first line that is not a header. */
export function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) {
      return;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
      throw new Error(`line ${index + 1} is not "Header-Name: value": ${line.trim()}`);
    }
    headers[name] = line.slice(colon + 1).trim();
  });
  return headers;
}

export function DryRunPanel() {
  const api = useApi();
  const [user, setUser] = useState('alice');
  const [source, setSource] = useState('');
  const [clientTags, setClientTags] = useState('');
  const [moreHeaders, setMoreHeaders] = useState('');
  const [sql, setSql] = useState('SELECT 1');
  const [headerError, setHeaderError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [answer, setAnswer] = useState<DryRunAnswer | undefined>(undefined);
  const [running, setRunning] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setHeaderError(undefined);
    let headers: Record<string, string>;
    try {
      headers = parseHeaders(moreHeaders);
    } catch (failure) {
      setHeaderError(failure instanceof Error ? failure.message : String(failure));
      return;
    }
    if (user.trim()) {
      headers['X-Trino-User'] = user.trim();
    }
    if (source.trim()) {
      headers['X-Trino-Source'] = source.trim();
    }
    if (clientTags.trim()) {
      headers['X-Trino-Client-Tags'] = clientTags.trim();
    }
    setRunning(true);
    try {
      setAnswer(await api.post<DryRunAnswer>('/api/v1/routing/dry-run', { headers, ...(sql.trim() ? { sql } : {}) }));
    } catch (failure) {
      setAnswer(undefined);
      setError(failure);
    } finally {
      setRunning(false);
    }
  }

  return (
    <section aria-labelledby="dry-run-title">
      <div className="section-header">
        <h2 id="dry-run-title">Dry run</h2>
        <span className="muted">Where would this query go, and why? Nothing runs.</span>
      </div>
      <form className="card form" onSubmit={submit} noValidate aria-labelledby="dry-run-title">
        <div className="form-grid">
          <Field label="User (X-Trino-User)">{(props) => <input {...props} value={user} onChange={(event) => setUser(event.target.value)} />}</Field>
          <Field label="Source (X-Trino-Source)">{(props) => <input {...props} value={source} onChange={(event) => setSource(event.target.value)} />}</Field>
          <Field label="Client tags (X-Trino-Client-Tags)" hint="comma separated">
            {(props) => <input {...props} value={clientTags} onChange={(event) => setClientTags(event.target.value)} />}
          </Field>
        </div>
        <Field label="More headers" error={headerError} hint="One per line, e.g. X-Trino-Catalog: hive">
          {(props) => <textarea {...props} className="code" rows={3} value={moreHeaders} onChange={(event) => setMoreHeaders(event.target.value)} />}
        </Field>
        <Field label="SQL">{(props) => <textarea {...props} className="code" rows={4} value={sql} onChange={(event) => setSql(event.target.value)} />}</Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={running}>
            {running ? 'Asking…' : 'Dry run'}
          </button>
        </div>
      </form>
      <ErrorMessage error={error} title="Dry run failed" />
      {answer ? <DryRunResult answer={answer} /> : null}
    </section>
  );
}

export function DryRunResult({ answer }: { answer: DryRunAnswer }) {
  return (
    <section className="card result" aria-label="Dry run result" data-testid="dry-run-result">
      <dl className="facts">
        <div>
          <dt>Decision</dt>
          <dd>
            <Badge value={answer.decision} />
          </dd>
        </div>
        <div>
          <dt>Routing group</dt>
          <dd data-testid="dry-run-group">{answer.routingGroup}</dd>
        </div>
        <div>
          <dt>Cluster</dt>
          <dd data-testid="dry-run-cluster">{answer.cluster ?? '—'}</dd>
        </div>
        <div>
          <dt>Matched rules</dt>
          <dd data-testid="dry-run-rules">{answer.matchedRules.length === 0 ? 'none' : answer.matchedRules.join(' → ')}</dd>
        </div>
      </dl>
      <p>
        <strong>Why: </strong>
        {answer.reason}
      </p>
      {answer.headerEdits && answer.headerEdits.length > 0 ? (
        <>
          <h3>Header changes</h3>
          <ul className="plain">
            {answer.headerEdits.map((edit, index) => (
              <li key={index}>
                <code>{edit.set ? `${edit.set}: ${edit.value ?? ''}` : `remove ${edit.remove ?? ''}`}</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {answer.sqlFacts ? (
        <>
          <h3>SQL facts</h3>
          <dl className="facts">
            <div>
              <dt>Statement type</dt>
              <dd>{answer.sqlFacts.statementType}</dd>
            </div>
            <div>
              <dt>Tables</dt>
              <dd>{answer.sqlFacts.tables.join(', ') || '—'}</dd>
            </div>
            <div>
              <dt>Catalogs</dt>
              <dd>{answer.sqlFacts.catalogs.join(', ') || '—'}</dd>
            </div>
            {answer.sqlFacts.error ? (
              <div>
                <dt>Parse error</dt>
                <dd>{answer.sqlFacts.error}</dd>
              </div>
            ) : null}
          </dl>
        </>
      ) : null}
    </section>
  );
}
