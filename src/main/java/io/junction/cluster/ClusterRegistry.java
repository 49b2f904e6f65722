package io.junction.cluster;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final ClusterTraffic.Factory traffic;

    public ClusterRegistry(ClusterConfig config, InstantSource clock)
    {
        this(config, clock, ClusterTraffic.Factory.NONE);
    }

    public ClusterRegistry(ClusterConfig config, InstantSource clock, ClusterTraffic.Factory traffic)
    {
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.traffic = requireNonNull(traffic, "traffic is null");
    }

    public ClusterSnapshot snapshot()
    {
        return snapshot.get();
    }

    public synchronized void replace(List<ClusterDefinition> definitions)
    {
        ClusterSnapshot current = snapshot.get();
        Map<String, ClusterState> kept = new HashMap<>();
        for (ClusterDefinition definition : definitions) {
            current.find(definition.name())
                    .filter(existing -> existing.definition().uri().equals(definition.uri()))
                    .ifPresent(existing -> kept.put(definition.name(), existing.state()));
        }
        // Release first: a cluster replaced under the same name gets its traffic made anew below.
        for (Cluster existing : current.clusters()) {
            if (kept.get(existing.name()) != existing.state()) {
                traffic.release(existing.name());
            }
        }
        List<Cluster> clusters = new ArrayList<>(definitions.size());
        for (ClusterDefinition definition : definitions) {
            ClusterState state = kept.get(definition.name());
            if (state == null) {
                state = new ClusterState(config.thresholds(), clock.instant(), traffic.create(definition.name()));
            }
            clusters.add(new Cluster(definition, state));
        }
        snapshot.set(new ClusterSnapshot(clusters));
    }
}
