package io.junction.proxy;

import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterLoad;
import io.junction.cluster.ClusterLoadListener;
import io.junction.cluster.ClusterState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Counts the queries this node has in flight per cluster: a query starts counting when its
 * reply with a {@code nextUri} passes through, and stops when a reply without one does,
 * when it is cancelled, or when nobody polled it for {@code idleTimeout} (abandoned, or
 * polled through another node).
 * <p>
 * When a cluster reports its own counts ({@code load.source}), they correct this node's: a
 * node cannot have more queries in flight on a cluster than the cluster has unfinished, so
 * the surplus is dropped, the queries not polled for longest first, and only queries not
 * polled for {@code reconcileGrace} (a query in a state the cluster does not count, such as
 * planning, is polled all the time). That ends, within one load read, the counting of queries
 * whose last replies went through another node or past Junction, instead of after the idle
 * timeout. A dropped query that is polled again is counted again.
 * <p>
 * Thread-safe and lock-free on the request path.
 */
public final class QueryTracker
        implements ClusterLoadListener
{
    /** How long a query must have gone unpolled before a cluster's counts may drop it. */
    public static final Duration DEFAULT_RECONCILE_GRACE = Duration.ofSeconds(10);

    private final Map<String, Entry> queries = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final long idleTimeoutNanos;
    private final long reconcileGraceNanos;

    public QueryTracker(Duration idleTimeout, LongSupplier nanoTime)
    {
        this(idleTimeout, DEFAULT_RECONCILE_GRACE, nanoTime);
    }

    public QueryTracker(Duration idleTimeout, Duration reconcileGrace, LongSupplier nanoTime)
    {
        this.idleTimeoutNanos = requireNonNull(idleTimeout, "idleTimeout is null").toNanos();
        this.reconcileGraceNanos = requireNonNull(reconcileGrace, "reconcileGrace is null").toNanos();
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    private static final class Entry
    {
        private final ClusterState cluster;
        private volatile long lastSeen;

        private Entry(ClusterState cluster, long lastSeen)
        {
            this.cluster = cluster;
            this.lastSeen = lastSeen;
        }
    }

    /**
     * A reply of the query with a {@code nextUri} passed through: it is in flight.
     */
    public void inFlight(String queryId, Cluster cluster)
    {
        long now = nanoTime.getAsLong();
        Entry entry = queries.get(queryId);
        if (entry != null) {
            entry.lastSeen = now;
            return;
        }
        queries.computeIfAbsent(queryId, _ -> {
            cluster.state().queryStarted();
            return new Entry(cluster.state(), now);
        });
    }

    /**
     * The query finished, failed or was cancelled.
     */
    public void ended(String queryId)
    {
        Entry entry = queries.remove(queryId);
        if (entry != null) {
            entry.cluster.queryEnded();
        }
    }

    /**
     * Stops counting queries nobody polled for the idle timeout.
     *
     * @return how many were dropped
     */
    public int expireIdle()
    {
        long now = nanoTime.getAsLong();
        int expired = 0;
        for (var iterator = queries.entrySet().iterator(); iterator.hasNext(); ) {
            var item = iterator.next();
            if (now - item.getValue().lastSeen > idleTimeoutNanos && queries.remove(item.getKey(), item.getValue())) {
                item.getValue().cluster.queryEnded();
                expired++;
            }
        }
        return expired;
    }

    @Override
    public void loadRead(Cluster cluster, ClusterLoad load)
    {
        reconcile(cluster.state(), load.active());
    }

    /**
     * Drops the queries counted on {@code cluster} beyond the {@code unfinished} queries it
     * reported, the least recently polled first, among those not polled for the grace time.
     *
     * @return how many were dropped
     */
    public int reconcile(ClusterState cluster, int unfinished)
    {
        record Idle(String queryId, Entry entry, long lastSeen) {}
        long now = nanoTime.getAsLong();
        int counted = 0;
        List<Idle> idle = new ArrayList<>();
        for (Map.Entry<String, Entry> item : queries.entrySet()) {
            Entry entry = item.getValue();
            if (entry.cluster != cluster) {
                continue;
            }
            counted++;
            long lastSeen = entry.lastSeen;
            if (now - lastSeen > reconcileGraceNanos) {
                idle.add(new Idle(item.getKey(), entry, lastSeen));
            }
        }
        int surplus = counted - unfinished;
        if (surplus <= 0 || idle.isEmpty()) {
            return 0;
        }
        idle.sort(Comparator.comparingLong(Idle::lastSeen));
        int dropped = 0;
        for (Idle item : idle) {
            if (dropped == surplus) {
                break;
            }
            if (queries.remove(item.queryId(), item.entry())) {
                item.entry().cluster.queryEnded();
                dropped++;
            }
        }
        return dropped;
    }

    public int size()
    {
        return queries.size();
    }
}
