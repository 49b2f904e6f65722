package io.junction.cluster;

import io.junction.store.Store;
import io.junction.store.StoreUnavailableException;
import io.junction.store.StoreVersionDao;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Keeps this node's {@link ClusterRegistry} equal to the clusters in the store. A named
 * thread reads the store's version every refresh interval and reloads the clusters when it
 * moved, so a change made through any node is in force on every node within about one
 * interval. While the store cannot be reached the last snapshot stays in force.
 * <p>
 * Also reports, once, when a draining cluster has no queries of this node left in flight.
 * Thread-safe.
 */
public final class ClusterStoreSync
{
    private static final Logger log = LoggerFactory.getLogger(ClusterStoreSync.class);

    private final Store store;
    private final ClusterDao clusters;
    private final StoreVersionDao versions;
    private final ClusterRegistry registry;
    private final Duration interval;
    private final Set<String> reportedDrained = new HashSet<>();
    // read without the lock: the API shows it while a poll waits for an unreachable store
    private volatile OptionalLong loadedVersion = OptionalLong.empty();
    private boolean storeReachable = true;
    private ScheduledExecutorService scheduler;

    public ClusterStoreSync(Store store, ClusterDao clusters, StoreVersionDao versions, ClusterRegistry registry, Duration interval)
    {
        this.store = requireNonNull(store, "store is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.versions = requireNonNull(versions, "versions is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    public synchronized void start()
    {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("store-sync").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void stop()
    {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /**
     * Reloads the clusters if the store's version moved since the last load.
     *
     * @throws StoreUnavailableException when the store cannot be reached
     */
    public synchronized void refresh()
    {
        record Loaded(long version, List<ClusterDefinition> clusters) {}
        long current = store.withHandle(versions::load);
        if (loadedVersion.isPresent() && loadedVersion.getAsLong() == current) {
            return;
        }
        Loaded loaded = store.inTransaction(handle -> new Loaded(versions.load(handle), clusters.loadAll(handle)));
        registry.replace(loaded.clusters());
        if (loadedVersion.isPresent()) {
            log.info("Clusters reloaded from the store (version {}): {}", loaded.version(),
                    loaded.clusters().stream().map(cluster -> cluster.name() + "=" + cluster.lifecycle()).toList());
        }
        loadedVersion = OptionalLong.of(loaded.version());
    }

    /**
     * Called after this node changed the store: the change is in force here at once. A failure
     * is logged, not thrown (the change is committed; the next poll catches up).
     */
    public void refreshAfterChange()
    {
        try {
            refresh();
        }
        catch (RuntimeException e) {
            log.warn("Reloading the clusters after a change failed; the next poll retries: {}", e.getMessage());
        }
    }

    /**
     * The store version of the snapshot in force, if one was loaded.
     */
    public OptionalLong loadedVersion()
    {
        return loadedVersion;
    }

    private synchronized void poll()
    {
        try {
            refresh();
            if (!storeReachable) {
                log.info("The store is reachable again; clusters are in sync");
                storeReachable = true;
            }
        }
        catch (StoreUnavailableException e) {
            if (storeReachable) {
                log.warn("Cannot reach the store; routing goes on with the last snapshot of the clusters: {}", e.getMessage());
                storeReachable = false;
            }
        }
        catch (RuntimeException e) {
            log.error("Reloading the clusters from the store failed; the last snapshot stays in force", e);
        }
        reportDrained();
    }

    private void reportDrained()
    {
        for (Cluster cluster : registry.snapshot().clusters()) {
            boolean drained = cluster.definition().lifecycle() == ClusterLifecycle.DRAINING && cluster.state().inFlight() == 0;
            if (drained && reportedDrained.add(cluster.name())) {
                log.info("Cluster {} is drained: no queries of this node are in flight there", cluster.name());
            }
            if (!drained) {
                reportedDrained.remove(cluster.name());
            }
        }
    }
}
