package io.junction.cluster;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * Holds the current {@link ClusterSnapshot}. Readers never lock; a new set of definitions
 * replaces the snapshot whole, keeping the live state of clusters whose name and URI stay.
 */
public final class ClusterRegistry
{
    private final AtomicReference<ClusterSnapshot> snapshot = new AtomicReference<>(new ClusterSnapshot(List.of()));
    private final ClusterConfig config;
    private final InstantSource clock;

    public ClusterRegistry(ClusterConfig config, InstantSource clock)
    {
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public ClusterSnapshot snapshot()
    {
        return snapshot.get();
    }

    public synchronized void replace(List<ClusterDefinition> definitions)
    {
        ClusterSnapshot current = snapshot.get();
        List<Cluster> clusters = new ArrayList<>(definitions.size());
        for (ClusterDefinition definition : definitions) {
            ClusterState state = current.find(definition.name())
                    .filter(existing -> existing.definition().uri().equals(definition.uri()))
                    .map(Cluster::state)
                    .orElseGet(() -> new ClusterState(config.failureThreshold(), config.recoveryThreshold(), clock.instant()));
            clusters.add(new Cluster(definition, state));
        }
        snapshot.set(new ClusterSnapshot(clusters));
    }
}
