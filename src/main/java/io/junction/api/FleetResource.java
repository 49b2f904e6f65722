package io.junction.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterHealth;
import io.junction.cluster.ClusterLoad;
import io.junction.cluster.ClusterRegistry;
import io.junction.cluster.ClusterStoreSync;
import io.junction.cluster.LoadSource;
import io.junction.security.Access;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /api/v1/fleet}: the fleet as this node sees it, from its snapshot (no store
 * access): every cluster with its state, health, queries in flight on this node and the
 * cluster's own running and queued counts when {@code load.source} reads them, and totals
 * per routing group.
 */
public final class FleetResource
{
    private final ClusterRegistry registry;
    private final ClusterStoreSync sync;
    private final LoadSource loadSource;

    public FleetResource(ClusterRegistry registry, ClusterStoreSync sync, LoadSource loadSource)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.sync = requireNonNull(sync, "sync is null");
        this.loadSource = requireNonNull(loadSource, "loadSource is null");
    }

    /**
     * @param runningQueries the sum over the clusters whose counts are known, null when none is
     */
    public record GroupTotals(int clusters, int acceptingNewQueries, int inFlight,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer runningQueries,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer queuedQueries)
    {
        static GroupTotals of(Cluster cluster)
        {
            Optional<ClusterLoad> load = cluster.state().load().load();
            return new GroupTotals(1, cluster.acceptsNewQueries() ? 1 : 0, cluster.state().inFlight(),
                    load.map(ClusterLoad::running).orElse(null), load.map(ClusterLoad::queued).orElse(null));
        }

        GroupTotals plus(GroupTotals other)
        {
            return new GroupTotals(clusters + other.clusters, acceptingNewQueries + other.acceptingNewQueries, inFlight + other.inFlight,
                    sum(runningQueries, other.runningQueries), sum(queuedQueries, other.queuedQueries));
        }

        private static Integer sum(Integer a, Integer b)
        {
            if (a == null) {
                return b;
            }
            return b == null ? a : a + b;
        }
    }

    public record Fleet(OptionalLong storeVersion, int clusters, int healthy, int acceptingNewQueries, int inFlight,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer runningQueries,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer queuedQueries,
            String loadSource,
            Map<String, GroupTotals> groups, List<ClusterView> clusterDetails) {}

    public void register(ApiRoutes routes)
    {
        routes.json(Access.VIEWER, "GET", "/api/v1/fleet", request -> ApiResponse.ok(fleet()));
    }

    private Fleet fleet()
    {
        List<Cluster> clusters = registry.snapshot().clusters();
        Map<String, GroupTotals> groups = new TreeMap<>();
        GroupTotals total = new GroupTotals(0, 0, 0, null, null);
        int healthy = 0;
        for (Cluster cluster : clusters) {
            GroupTotals one = GroupTotals.of(cluster);
            healthy += cluster.state().health().health() == ClusterHealth.HEALTHY ? 1 : 0;
            total = total.plus(one);
            groups.merge(cluster.definition().routingGroup(), one, GroupTotals::plus);
        }
        return new Fleet(sync.loadedVersion(), clusters.size(), healthy, total.acceptingNewQueries(), total.inFlight(),
                total.runningQueries(), total.queuedQueries(), loadSource.configName(), groups,
                clusters.stream().map(cluster -> ClusterView.of(cluster, loadSource)).toList());
    }
}
