package io.junction.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterDefinition;
import io.junction.cluster.ClusterLifecycle;
import io.junction.cluster.ClusterLoad;
import io.junction.cluster.ClusterState;
import io.junction.cluster.LoadSource;

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
     * @param runningQueries the cluster's own count (from every client and node), null when not known
     * @param queuedQueries likewise
     * @param loadSource where the counts are read: {@code none}, {@code metrics} or {@code ui-stats}
     * @param loadUpdatedAt when the counts were read, null when not known
     * @param loadError why the last read failed
     */
    public record Live(
            String health,
            Optional<String> healthReason,
            Instant healthSince,
            int inFlight,
            boolean drained,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer runningQueries,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer queuedQueries,
            String loadSource,
            @JsonInclude(JsonInclude.Include.ALWAYS) Instant loadUpdatedAt,
            Optional<String> loadError) {}

    public static ClusterView of(ClusterDefinition definition, Optional<Cluster> live, LoadSource loadSource)
    {
        return new ClusterView(
                definition.name(),
                definition.uri().toString(),
                definition.externalUri().map(URI::toString),
                definition.routingGroup(),
                definition.lifecycle(),
                definition.forwardedHeaders(),
                live.filter(cluster -> cluster.definition().equals(definition)).map(cluster -> live(cluster.state(), definition.lifecycle(), loadSource)));
    }

    public static ClusterView of(Cluster cluster, LoadSource loadSource)
    {
        return of(cluster.definition(), Optional.of(cluster), loadSource);
    }

    private static Live live(ClusterState state, ClusterLifecycle lifecycle, LoadSource loadSource)
    {
        ClusterState.HealthView health = state.health();
        int inFlight = state.inFlight();
        ClusterState.LoadView load = state.load();
        Optional<ClusterLoad> counts = load.load();
        return new Live(health.health().name(), health.reason(), health.since(), inFlight, lifecycle == ClusterLifecycle.DRAINING && inFlight == 0,
                counts.map(ClusterLoad::running).orElse(null),
                counts.map(ClusterLoad::queued).orElse(null),
                loadSource.configName(),
                counts.map(ClusterLoad::readAt).orElse(null),
                load.error());
    }
}
