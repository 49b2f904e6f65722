package io.junction.api;

import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterDefinition;
import io.junction.cluster.ClusterLifecycle;
import io.junction.cluster.ClusterState;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * A cluster as {@code /api/v1/clusters} shows it: what is stored, and this node's live view
 * (health, queries in flight here, whether a draining cluster is empty).
 */
public record ClusterView(
        String name,
        String uri,
        Optional<String> externalUri,
        String routingGroup,
        ClusterLifecycle state,
        boolean forwardedHeaders,
        Optional<Live> live)
{
    /**
     * @param drained the cluster is draining and no query of this node is in flight there
     */
    public record Live(String health, Optional<String> healthReason, Instant healthSince, int inFlight, boolean drained) {}

    public static ClusterView of(ClusterDefinition definition, Optional<Cluster> live)
    {
        return new ClusterView(
                definition.name(),
                definition.uri().toString(),
                definition.externalUri().map(URI::toString),
                definition.routingGroup(),
                definition.lifecycle(),
                definition.forwardedHeaders(),
                live.filter(cluster -> cluster.definition().equals(definition)).map(cluster -> live(cluster.state(), definition.lifecycle())));
    }

    public static ClusterView of(Cluster cluster)
    {
        return of(cluster.definition(), Optional.of(cluster));
    }

    private static Live live(ClusterState state, ClusterLifecycle lifecycle)
    {
        ClusterState.HealthView health = state.health();
        int inFlight = state.inFlight();
        return new Live(health.health().name(), health.reason(), health.since(), inFlight, lifecycle == ClusterLifecycle.DRAINING && inFlight == 0);
    }
}
