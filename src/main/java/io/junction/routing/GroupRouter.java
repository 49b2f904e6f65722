package io.junction.routing;

import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterRegistry;
import io.junction.cluster.ClusterSnapshot;

import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Routes by routing group: the {@code X-Trino-Routing-Group} header if it names a known
 * group, else the default group; within the group, the cluster that accepts new queries
 * and has the fewest queries in flight on this node.
 * <p>
 * Thread-safe: reads only the registry's immutable snapshot and atomic counters.
 */
public final class GroupRouter
        implements Router
{
    private final ClusterRegistry registry;
    private final RoutingConfig config;

    public GroupRouter(ClusterRegistry registry, RoutingConfig config)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    public RoutingDecision route(RoutingRequest request, Set<Cluster> excluded)
    {
        ClusterSnapshot snapshot = registry.snapshot();
        String group = config.defaultGroup();
        String reason = "default group";
        if (request.routingGroupHeader().isPresent()) {
            String requested = request.routingGroupHeader().get();
            if (snapshot.hasGroup(requested)) {
                group = requested;
                reason = "X-Trino-Routing-Group header";
            }
            else {
                reason = "default group (X-Trino-Routing-Group '" + requested + "' names no known group)";
            }
        }
        List<Cluster> members = snapshot.group(group);
        Cluster best = null;
        for (Cluster cluster : members) {
            if (!cluster.acceptsNewQueries() || excluded.contains(cluster)) {
                continue;
            }
            if (best == null || cluster.state().inFlight() < best.state().inFlight()) {
                best = cluster;
            }
        }
        if (best == null) {
            return new RoutingDecision.Rejected(RoutingDecision.RejectionReason.NO_HEALTHY_CLUSTER, group, describeNoCluster(group, members));
        }
        return new RoutingDecision.Routed(best, group, reason + ", fewest queries in flight");
    }

    private static String describeNoCluster(String group, List<Cluster> members)
    {
        if (members.isEmpty()) {
            return "No cluster is configured for routing group '%s'".formatted(group);
        }
        StringBuilder message = new StringBuilder("No healthy cluster in routing group '").append(group).append("' (");
        for (int i = 0; i < members.size(); i++) {
            Cluster cluster = members.get(i);
            if (i > 0) {
                message.append(", ");
            }
            message.append(cluster.name()).append(": ");
            if (!cluster.definition().enabled()) {
                message.append("disabled");
            }
            else {
                message.append(cluster.state().health().health().name().toLowerCase(java.util.Locale.ROOT));
                cluster.state().health().reason().ifPresent(text -> message.append(" - ").append(text));
            }
        }
        return message.append(')').toString();
    }
}
