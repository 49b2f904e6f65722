import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Cluster, Lifecycle, RoutingGroup } from '../../api/types';
import { useApi, useSession } from '../../auth/session';
import { Time } from '../../components/time';
import { Badge, ConfirmButton, ErrorMessage, LoadError, Loading, PageHeader, dash } from '../../components/ui';
import { useResource } from '../../components/useResource';
import { ClusterForm } from './ClusterForm';
import { health, queuedQueries, runningQueries } from './load';

export function ClustersPage() {
  const api = useApi();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const [actionError, setActionError] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const clusters = useResource('clusters', () => api.get<Cluster[]>('/api/v1/clusters'), 1500);
  const groups = useResource('groups', () => api.get<RoutingGroup[]>('/api/v1/groups'));

  const editName = params.get('edit');
  const adding = params.get('add') !== null;
  const editing = editName ? clusters.data?.find((cluster) => cluster.name === editName) : undefined;
  const groupNames = [...new Set([...(groups.data ?? []).map((group) => group.name), ...(clusters.data ?? []).map((cluster) => cluster.routingGroup)])].sort();

  function closeForm() {
    setParams({}, { replace: true });
  }

  async function act(cluster: Cluster, what: () => Promise<unknown>, done: string) {
    setBusy(cluster.name);
    setActionError(undefined);
    setNotice(undefined);
    try {
      await what();
      setNotice(done);
      clusters.reload();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(undefined);
    }
  }

  function changeState(cluster: Cluster, state: Lifecycle) {
    const verb = { ACTIVE: 'activated', DRAINING: 'draining', INACTIVE: 'deactivated' }[state];
    return act(cluster, () => api.put(`/api/v1/clusters/${encodeURIComponent(cluster.name)}/state`, { state }), `${cluster.name} ${verb}`);
  }

  return (
    <>
      <PageHeader title="Clusters">
        {can('clusters.edit') && !adding ? (
          <button type="button" className="primary" onClick={() => setParams({ add: '1' })}>
            Add cluster
          </button>
        ) : null}
      </PageHeader>
      {notice ? (
        <p className="success" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorMessage error={actionError} />
      {adding && can('clusters.edit') ? (
        <ClusterForm
          groups={groupNames}
          onCancel={closeForm}
          onSaved={(saved) => {
            closeForm();
            setNotice(`Cluster ${saved.name} added`);
            clusters.reload();
            groups.reload();
          }}
        />
      ) : null}
      {editing && can('clusters.edit') ? (
        <ClusterForm
          key={editing.name}
          cluster={editing}
          groups={groupNames}
          onCancel={closeForm}
          onSaved={(saved) => {
            closeForm();
            setNotice(`Cluster ${saved.name} saved`);
            clusters.reload();
          }}
        />
      ) : null}
      <LoadError error={clusters.error} what="clusters" />
      {!clusters.data && !clusters.error ? <Loading what="clusters" /> : null}
      {clusters.data ? (
        <section className="card">
          {clusters.data.length === 0 ? <p className="muted">No clusters. Add the first one.</p> : null}
          <div className="table-wrap">
            <table className="clusters">
              <caption className="visually-hidden">Clusters, their state, health and load</caption>
              <thead>
                <tr>
                  <th scope="col">Cluster</th>
                  <th scope="col">Group</th>
                  <th scope="col">State</th>
                  <th scope="col">Health</th>
                  <th scope="col" className="num">In flight</th>
                  <th scope="col" className="num">Running</th>
                  <th scope="col" className="num">Queued</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {clusters.data.map((cluster) => (
                  <tr key={cluster.name} data-cluster={cluster.name}>
                    <th scope="row">
                      <div>{cluster.name}</div>
                      <div className="muted small">{cluster.uri}</div>
                    </th>
                    <td>{cluster.routingGroup}</td>
                    <td>
                      <Badge value={cluster.state} />
                      {cluster.state === 'DRAINING' ? <DrainProgress cluster={cluster} /> : null}
                    </td>
                    <td>
                      <Badge value={health(cluster)} title={cluster.live?.healthReason} />
                      {cluster.live?.healthReason ? <div className="muted small">{cluster.live.healthReason}</div> : null}
                      {cluster.live?.healthSince ? (
                        <div className="muted small">
                          since <Time value={cluster.live.healthSince} />
                        </div>
                      ) : null}
                    </td>
                    <td className="num">{dash(cluster.live?.inFlight)}</td>
                    <td className="num">{dash(runningQueries(cluster))}</td>
                    <td className="num">{dash(queuedQueries(cluster))}</td>
                    <td className="actions">
                      {can('clusters.state') && cluster.state !== 'ACTIVE' ? (
                        <button type="button" disabled={busy === cluster.name} onClick={() => changeState(cluster, 'ACTIVE')}>
                          Activate
                        </button>
                      ) : null}
                      {can('clusters.state') && cluster.state === 'ACTIVE' ? (
                        <button type="button" disabled={busy === cluster.name} onClick={() => changeState(cluster, 'DRAINING')}>
                          Drain
                        </button>
                      ) : null}
                      {can('clusters.state') && cluster.state !== 'INACTIVE' ? (
                        <button type="button" disabled={busy === cluster.name} onClick={() => changeState(cluster, 'INACTIVE')}>
                          Deactivate
                        </button>
                      ) : null}
                      {can('clusters.edit') ? (
                        <button type="button" onClick={() => setParams({ edit: cluster.name })} aria-label={`Edit ${cluster.name}`}>
                          Edit
                        </button>
                      ) : null}
                      {can('clusters.edit') ? (
                        <ConfirmButton
                          label="Delete"
                          className="danger"
                          confirmLabel={`Delete ${cluster.name}?`}
                          disabled={busy === cluster.name}
                          onConfirm={() =>
                            act(cluster, () => api.delete(`/api/v1/clusters/${encodeURIComponent(cluster.name)}`), `Cluster ${cluster.name} deleted`)
                          }
                        />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}

/** While a cluster drains: its queries still in flight, until it is empty. */
export function DrainProgress({ cluster }: { cluster: Cluster }) {
  const inFlight = cluster.live?.inFlight ?? 0;
  if (cluster.live?.drained) {
    return (
      <div className="drain drained" role="status" data-testid={`drain-${cluster.name}`}>
        drained: no queries left
      </div>
    );
  }
  return (
    <div className="drain" role="status" aria-live="polite" data-testid={`drain-${cluster.name}`}>
      <progress aria-label={`${cluster.name} draining`} />
      {inFlight} {inFlight === 1 ? 'query' : 'queries'} still running
    </div>
  );
}
