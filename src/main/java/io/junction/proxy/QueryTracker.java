package io.junction.proxy;

import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterState;

import java.time.Duration;
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
 * Thread-safe and lock-free on the request path.
 */
public final class QueryTracker
{
    private final Map<String, Entry> queries = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final long idleTimeoutNanos;

    public QueryTracker(Duration idleTimeout, LongSupplier nanoTime)
    {
        this.idleTimeoutNanos = requireNonNull(idleTimeout, "idleTimeout is null").toNanos();
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

    public int size()
    {
        return queries.size();
    }
}
