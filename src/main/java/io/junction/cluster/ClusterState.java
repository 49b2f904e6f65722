package io.junction.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The live, per-node state of one cluster: health as seen by the probes and by the proxy,
 * the number of queries this node has in flight there, and the load the cluster itself
 * reported.
 * <p>
 * Thread-safe. Health transitions are serialised by a lock held only for a few field
 * updates; readers see a consistent {@link HealthView} and {@link LoadView} through one
 * volatile read each. The request path only reads, or increments counters.
 */
public final class ClusterState
{
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong started = new AtomicLong();
    private final HealthThresholds thresholds;
    private final ClusterTraffic traffic;
    private volatile HealthView view;
    private volatile LoadView load = LoadView.NOT_READ;
    // written under the lock; read without it by recordProxySuccess to stay cheap
    private volatile int proxyFailures;
    private Instant firstProxyFailure;
    private Instant heldUntil;
    private int consecutiveFailures;
    private int consecutiveSuccesses;

    public ClusterState(HealthThresholds thresholds, Instant now)
    {
        this(thresholds, now, ClusterTraffic.NONE);
    }

    /**
     * @param traffic this node's traffic to the cluster, counted for metrics
     */
    public ClusterState(HealthThresholds thresholds, Instant now, ClusterTraffic traffic)
    {
        this.thresholds = requireNonNull(thresholds, "thresholds is null");
        this.traffic = requireNonNull(traffic, "traffic is null");
        this.view = new HealthView(ClusterHealth.UNKNOWN, Optional.empty(), requireNonNull(now, "now is null"));
    }

    /**
     * With the default passive-health thresholds (3 failures, 10 s).
     */
    public ClusterState(int failureThreshold, int recoveryThreshold, Instant now)
    {
        this(new HealthThresholds(failureThreshold, recoveryThreshold, 3, Duration.ofSeconds(10)), now);
    }

    /**
     * With the default passive-health thresholds (3 failures, 10 s).
     */
    public ClusterState(int failureThreshold, int recoveryThreshold, Instant now, ClusterTraffic traffic)
    {
        this(new HealthThresholds(failureThreshold, recoveryThreshold, 3, Duration.ofSeconds(10)), now, traffic);
    }

    /**
     * Health as last decided, with the reason for anything but healthy.
     */
    public record HealthView(ClusterHealth health, Optional<String> reason, Instant since)
    {
        public HealthView
        {
            requireNonNull(health, "health is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(since, "since is null");
        }
    }

    /**
     * The cluster's own counts as last read, or why they are unknown.
     *
     * @param startedBeforeRead how many queries this node had started there when the read was sent:
     *        the queries started since are not in the counts yet
     */
    public record LoadView(Optional<ClusterLoad> load, long startedBeforeRead, Optional<String> error)
    {
        static final LoadView NOT_READ = new LoadView(Optional.empty(), 0, Optional.empty());

        public LoadView
        {
            requireNonNull(load, "load is null");
            requireNonNull(error, "error is null");
        }
    }

    public HealthView health()
    {
        return view;
    }

    /**
     * Records a probe that reached the coordinator. An unhealthy or unreachable cluster is
     * healthy again only after the recovery threshold, and not while a passive hold lasts;
     * any other observed state (starting, shutting down) is taken at once.
     *
     * @return the previous view if the health changed
     */
    public synchronized Optional<HealthView> recordReachable(ClusterHealth observed, Optional<String> reason, Instant now)
    {
        consecutiveFailures = 0;
        consecutiveSuccesses++;
        ClusterHealth current = view.health();
        if (observed == ClusterHealth.HEALTHY && (current == ClusterHealth.UNREACHABLE || current == ClusterHealth.UNHEALTHY)) {
            if (consecutiveSuccesses < thresholds.recoveryThreshold() || (heldUntil != null && now.isBefore(heldUntil))) {
                return Optional.empty();
            }
        }
        if (observed == ClusterHealth.HEALTHY) {
            heldUntil = null;
        }
        return transition(observed, reason, now);
    }

    /**
     * Records a failed probe or a refused connection.
     *
     * @param definitive true when the failure proves the coordinator is gone (connection refused):
     *        the cluster is unreachable at once and its queries are lost. Otherwise (no answer in time,
     *        an HTTP error, not Trino's JSON) the failure counts toward the failure threshold, after
     *        which the cluster is unhealthy.
     * @return the previous view if the health changed
     */
    public synchronized Optional<HealthView> recordUnreachable(String reason, boolean definitive, Instant now)
    {
        consecutiveSuccesses = 0;
        consecutiveFailures++;
        ClusterHealth current = view.health();
        if (definitive || current == ClusterHealth.UNREACHABLE) {
            return transition(ClusterHealth.UNREACHABLE, Optional.of(reason), now);
        }
        if (consecutiveFailures < thresholds.failureThreshold() && current != ClusterHealth.UNKNOWN) {
            return Optional.empty();
        }
        return transition(ClusterHealth.UNHEALTHY, Optional.of(reason), now);
    }

    /**
     * Records a proxied request that failed at the cluster: no answer in time, a broken
     * connection, or an HTTP 502/503/504. After {@code passiveFailureThreshold} of them in a row,
     * each within {@code passiveHoldTime} of the first, a healthy cluster becomes unhealthy for at
     * least the hold time. Other states are left alone: the probes know more about them.
     *
     * @return the previous view if the health changed
     */
    public synchronized Optional<HealthView> recordProxyFailure(String reason, Instant now)
    {
        if (thresholds.passiveFailureThreshold() == 0) {
            return Optional.empty();
        }
        if (proxyFailures == 0 || now.isAfter(firstProxyFailure.plus(thresholds.passiveHoldTime()))) {
            proxyFailures = 0;
            firstProxyFailure = now;
        }
        proxyFailures++;
        if (proxyFailures < thresholds.passiveFailureThreshold() || view.health() != ClusterHealth.HEALTHY) {
            return Optional.empty();
        }
        int failures = proxyFailures;
        proxyFailures = 0;
        consecutiveSuccesses = 0;
        heldUntil = now.plus(thresholds.passiveHoldTime());
        return transition(ClusterHealth.UNHEALTHY, Optional.of("%d proxied requests in a row failed, the last: %s".formatted(failures, reason)), now);
    }

    /**
     * Records a proxied request the cluster answered (any status but 502/503/504): it breaks a
     * series of proxy failures. Costs one volatile read when there is none.
     */
    public void recordProxySuccess()
    {
        if (proxyFailures != 0) {
            synchronized (this) {
                proxyFailures = 0;
            }
        }
    }

    private Optional<HealthView> transition(ClusterHealth health, Optional<String> reason, Instant now)
    {
        HealthView previous = view;
        if (previous.health() == health && previous.reason().equals(reason)) {
            return Optional.empty();
        }
        view = new HealthView(health, reason, previous.health() == health ? previous.since() : now);
        return previous.health() == health ? Optional.empty() : Optional.of(previous);
    }

    /**
     * This node's traffic to the cluster, for metrics.
     */
    public ClusterTraffic traffic()
    {
        return traffic;
    }

    public int inFlight()
    {
        return inFlight.get();
    }

    /**
     * How many queries this node has started there since it began counting; a load read
     * remembers the value when it is sent.
     */
    public long startedQueries()
    {
        return started.get();
    }

    public void queryStarted()
    {
        started.incrementAndGet();
        inFlight.incrementAndGet();
    }

    public void queryEnded()
    {
        inFlight.updateAndGet(value -> value > 0 ? value - 1 : 0);
    }

    public LoadView load()
    {
        return load;
    }

    /**
     * @param startedBeforeRead {@link #startedQueries()} when the read was sent
     */
    public void recordLoad(ClusterLoad reported, long startedBeforeRead)
    {
        load = new LoadView(Optional.of(reported), startedBeforeRead, Optional.empty());
    }

    /**
     * The counts could not be read: they are unknown until the next successful read.
     */
    public void recordLoadFailure(String error)
    {
        load = new LoadView(Optional.empty(), 0, Optional.of(error));
    }

    /**
     * The load the least-loaded policy compares: with the cluster's own counts, its running and
     * queued queries plus the queries this node started there since they were read (they are
     * not in the counts yet); without them, this node's queries in flight there.
     */
    public int estimatedLoad()
    {
        LoadView current = load;
        if (current.load().isEmpty()) {
            return inFlight.get();
        }
        long startedSince = Math.max(0, started.get() - current.startedBeforeRead());
        return (int) Math.min(Integer.MAX_VALUE, current.load().get().active() + startedSince);
    }
}
