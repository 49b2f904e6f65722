import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { isMissingEndpoint } from '../../api/client';
import type { Fleet, HistoryPage, QueryRecord, RoutingGroup } from '../../api/types';
import { useApi } from '../../auth/session';
import { LineChart, StackedBars } from '../../components/charts';
import { Time, formatAge } from '../../components/time';
import { Badge, LoadError, Loading, PageHeader, dash } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { health, queuedQueries, runningQueries } from '../clusters/load';
import { MINUTE, addSample, sampleSeries, traffic, type FleetSample } from './metrics';

const WINDOW = 30 * MINUTE;
const FLEET_POLL = 2000;
const HISTORY_POLL = 15000;
const MAX_HISTORY_PAGES = 4;

export function OverviewPage() {
  const api = useApi();
  const fleet = useResource('fleet', () => api.get<Fleet>('/api/v1/fleet'), FLEET_POLL);
  const groups = useResource('groups', () => api.get<RoutingGroup[]>('/api/v1/groups'), 10000);
  const [samples, setSamples] = useState<FleetSample[]>([]);

  useEffect(() => {
    if (fleet.data) {
      const snapshot = fleet.data;
      setSamples((previous) => addSample(previous, snapshot, Date.now(), WINDOW));
    }
  }, [fleet.data]);

  return (
    <>
      <PageHeader title="Overview" />
      <LoadError error={fleet.error} what="the fleet" />
      {fleet.data ? <FleetSummary fleet={fleet.data} /> : fleet.error ? null : <Loading what="the fleet" />}
      <div className="grid-2">
        {fleet.data ? <ClusterTable fleet={fleet.data} /> : null}
        {fleet.data ? <GroupTable fleet={fleet.data} groups={groups.data} /> : null}
      </div>
      <TrafficCharts samples={samples} />
      <RecentErrors fleet={fleet.data} />
    </>
  );
}

function FleetSummary({ fleet }: { fleet: Fleet }) {
  const items: Array<[string, number, string]> = [
    ['Clusters', fleet.clusters, 'clusters'],
    ['Healthy', fleet.healthy, 'healthy'],
    ['Accepting queries', fleet.acceptingNewQueries, 'accepting'],
    ['Queries in flight', fleet.inFlight, 'in-flight'],
  ];
  return (
    <section aria-label="Fleet totals">
      <dl className="stats">
        {items.map(([label, value, key]) => (
          <div key={key} className={key === 'healthy' && value < fleet.clusters ? 'stat stat-warn' : 'stat'}>
            <dt>{label}</dt>
            <dd data-testid={`stat-${key}`}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function ClusterTable({ fleet }: { fleet: Fleet }) {
  return (
    <section className="card" aria-labelledby="overview-clusters">
      <h2 id="overview-clusters">Clusters</h2>
      {fleet.clusterDetails.length === 0 ? (
        <p className="muted">
          No clusters yet. <Link to="/clusters">Add one</Link>.
        </p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Cluster</th>
                <th scope="col">Group</th>
                <th scope="col">State</th>
                <th scope="col">Health</th>
                <th scope="col" className="num">In flight</th>
                <th scope="col" className="num">Running</th>
                <th scope="col" className="num">Queued</th>
              </tr>
            </thead>
            <tbody>
              {fleet.clusterDetails.map((cluster) => (
                <tr key={cluster.name}>
                  <th scope="row">
                    <Link to={`/clusters?edit=${encodeURIComponent(cluster.name)}`}>{cluster.name}</Link>
                  </th>
                  <td>{cluster.routingGroup}</td>
                  <td>
                    <Badge value={cluster.state} />
                  </td>
                  <td>
                    <Badge value={health(cluster)} title={cluster.live?.healthReason} />
                  </td>
                  <td className="num">{dash(cluster.live?.inFlight)}</td>
                  <td className="num">{dash(runningQueries(cluster))}</td>
                  <td className="num">{dash(queuedQueries(cluster))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function GroupTable({ fleet, groups }: { fleet: Fleet; groups: RoutingGroup[] | undefined }) {
  const names = new Set([...Object.keys(fleet.groups), ...(groups ?? []).map((group) => group.name)]);
  return (
    <section className="card" aria-labelledby="overview-groups">
      <h2 id="overview-groups">Routing groups</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Policy</th>
              <th scope="col" className="num">Clusters</th>
              <th scope="col" className="num">Accepting</th>
              <th scope="col" className="num">In flight</th>
            </tr>
          </thead>
          <tbody>
            {[...names].sort().map((name) => {
              const totals = fleet.groups[name];
              const group = groups?.find((item) => item.name === name);
              return (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>{group?.policy ?? 'least-loaded'}</td>
                  <td className="num">{totals?.clusters ?? 0}</td>
                  <td className={`num${totals && totals.acceptingNewQueries === 0 ? ' text-bad' : ''}`}>{totals?.acceptingNewQueries ?? 0}</td>
                  <td className="num">{totals?.inFlight ?? 0}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

async function loadRecentHistory(api: ReturnType<typeof useApi>, from: number): Promise<QueryRecord[]> {
  const records: QueryRecord[] = [];
  let before: string | null = null;
  for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
    const answer: HistoryPage = await api.get<HistoryPage>('/api/v1/history', { from: new Date(from).toISOString(), limit: 500, before });
    records.push(...answer.queries);
    before = answer.nextBefore;
    if (!before) {
      break;
    }
  }
  return records;
}

function TrafficCharts({ samples }: { samples: FleetSample[] }) {
  const api = useApi();
  const [now, setNow] = useState(() => Date.now());
  const history = useResource(
    'overview-history',
    async () => {
      const to = Date.now();
      setNow(to);
      return loadRecentHistory(api, to - WINDOW);
    },
    HISTORY_POLL,
  );
  if (history.error && isMissingEndpoint(history.error)) {
    const series = sampleSeries(samples);
    const to = samples.at(-1)?.t ?? now;
    return (
      <section className="card" aria-labelledby="overview-traffic">
        <h2 id="overview-traffic">Traffic</h2>
        <p className="muted">
          This Junction has no query history API yet: showing queries in flight per group, sampled every {FLEET_POLL / 1000} s while this page is
          open.
        </p>
        <LineChart
          title="Queries in flight per routing group"
          series={series}
          from={Math.min(samples[0]?.t ?? to, to - 2 * MINUTE)}
          to={to}
          yLabel="in flight"
          summary={series.map((item) => `${item.name} ${item.points.at(-1)?.v ?? 0}`).join(', ') || 'no data yet'}
        />
      </section>
    );
  }
  const data = traffic(history.data ?? [], now - WINDOW, now);
  return (
    <section className="card" aria-labelledby="overview-traffic">
      <h2 id="overview-traffic">Traffic, last 30 minutes</h2>
      <LoadError error={history.error} what="query history" />
      <div className="grid-2">
        <LineChart
          title="Queries per minute"
          series={[{ name: 'queries', points: data.perMinute }]}
          from={data.from}
          to={data.to}
          yLabel="per min"
          summary={`${data.total} queries in 30 minutes`}
        />
        <StackedBars
          title="Routing distribution per minute"
          buckets={data.byGroup}
          keys={data.groups}
          from={data.from}
          to={data.to}
          bucketMillis={MINUTE}
          yLabel="queries"
          summary={data.groups.length === 0 ? 'no queries' : data.groups.join(', ')}
        />
      </div>
    </section>
  );
}

function RecentErrors({ fleet }: { fleet: Fleet | undefined }) {
  const api = useApi();
  const failed = useResource('overview-failed', () => api.get<HistoryPage>('/api/v1/history', { state: 'FAILED', limit: 8 }), HISTORY_POLL);
  const sick = (fleet?.clusterDetails ?? []).filter((cluster) => cluster.state !== 'INACTIVE' && health(cluster) !== 'HEALTHY');
  return (
    <section className="card" aria-labelledby="overview-errors">
      <h2 id="overview-errors">Recent errors</h2>
      {sick.length > 0 ? (
        <ul className="problems">
          {sick.map((cluster) => (
            <li key={cluster.name}>
              <Badge value={health(cluster)} /> <strong>{cluster.name}</strong> {cluster.live?.healthReason ?? ''}{' '}
              <span className="muted">since {formatAge(cluster.live?.healthSince)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {failed.error && isMissingEndpoint(failed.error) ? (
        <p className="muted">Failed queries appear here once this Junction records query history.</p>
      ) : (
        <LoadError error={failed.error} what="failed queries" />
      )}
      {failed.data && failed.data.queries.length === 0 && sick.length === 0 ? <p className="muted">No failed queries recently.</p> : null}
      {failed.data && failed.data.queries.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Submitted</th>
                <th scope="col">Query</th>
                <th scope="col">User</th>
                <th scope="col">Cluster</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {failed.data.queries.map((query) => (
                <tr key={query.queryId}>
                  <td>
                    <Time value={query.submittedAt} />
                  </td>
                  <td>
                    <Link to={`/history/${encodeURIComponent(query.queryId)}`}>{query.queryId}</Link>
                  </td>
                  <td>{query.user}</td>
                  <td>{query.cluster}</td>
                  <td>
                    {query.errorCode ? <code>{query.errorCode}</code> : null} {query.errorMessage ?? ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
