package io.junction.api;

import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterHealth;
import io.junction.cluster.ClusterRegistry;
import io.junction.cluster.ClusterStoreSync;
import io.junction.security.Access;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /api/v1/fleet}: the fleet as this node sees it, from its snapshot (no store
 * access): every cluster with its state, health and queries in flight on this node, and
 * totals per routing group.
 */
public final class FleetResource
{
    private final ClusterRegistry registry;
    private final ClusterStoreSync sync;

    public FleetResource(ClusterRegistry registry, ClusterStoreSync sync)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.sync = requireNonNull(sync, "sync is null");
    }

    public record GroupTotals(int clusters, int acceptingNewQueries, int inFlight) {}

    public record Fleet(OptionalLong storeVersion, int clusters, int healthy, int acceptingNewQueries, int inFlight,
            Map<String, GroupTotals> groups, List<ClusterView> clusterDetails) {}

    public void register(ApiRoutes routes)
    {
        routes.json(Access.VIEWER, "GET", "/api/v1/fleet", request -> ApiResponse.ok(fleet()));
    }

    private Fleet fleet()
    {
        List<Cluster> clusters = registry.snapshot().clusters();
        Map<String, GroupTotals> groups = new TreeMap<>();
        int healthy = 0;
        int accepting = 0;
        int inFlight = 0;
        for (Cluster cluster : clusters) {
            int queries = cluster.state().inFlight();
            boolean accepts = cluster.acceptsNewQueries();
            healthy += cluster.state().health().health() == ClusterHealth.HEALTHY ? 1 : 0;
            accepting += accepts ? 1 : 0;
            inFlight += queries;
            groups.merge(cluster.definition().routingGroup(), new GroupTotals(1, accepts ? 1 : 0, queries),
                    (a, b) -> new GroupTotals(a.clusters() + b.clusters(), a.acceptingNewQueries() + b.acceptingNewQueries(), a.inFlight() + b.inFlight()));
        }
        return new Fleet(sync.loadedVersion(), clusters.size(), healthy, accepting, inFlight, groups, clusters.stream().map(ClusterView::of).toList());
    }
}
