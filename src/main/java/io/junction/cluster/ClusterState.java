package io.junction.cluster;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * The live, per-node state of one cluster: health as seen by the probes and by the proxy,
 * and the number of queries this node has in flight there.
 * <p>
 * Thread-safe. Health transitions are serialised by a lock held only for a few field
 * updates; readers see a consistent {@link HealthView} through one volatile read.
 */
public final class ClusterState
{
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ClusterTraffic traffic;
    private final int failureThreshold;
    private final int recoveryThreshold;
    private volatile HealthView view;
    private int consecutiveFailures;
    private int consecutiveSuccesses;

    public ClusterState(int failureThreshold, int recoveryThreshold, Instant now)
    {
        this(failureThreshold, recoveryThreshold, now, ClusterTraffic.NONE);
    }

    public ClusterState(int failureThreshold, int recoveryThreshold, Instant now, ClusterTraffic traffic)
    {
        this.traffic = requireNonNull(traffic, "traffic is null");
        this.failureThreshold = failureThreshold;
        this.recoveryThreshold = recoveryThreshold;
        this.view = new HealthView(ClusterHealth.UNKNOWN, Optional.empty(), now);
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

    public HealthView health()
    {
        return view;
    }

    /**
     * Records a probe that reached the coordinator.
     *
     * @return the previous view if the health changed
     */
    public synchronized Optional<HealthView> recordReachable(ClusterHealth observed, Optional<String> reason, Instant now)
    {
        consecutiveFailures = 0;
        consecutiveSuccesses++;
        HealthView current = view;
        if (current.health() == ClusterHealth.UNREACHABLE && consecutiveSuccesses < recoveryThreshold) {
            return Optional.empty();
        }
        return transition(observed, reason, now);
    }

    /**
     * Records a failed probe or proxied request.
     *
     * @param definitive true when the failure proves the coordinator is gone (connection refused),
     *        so the threshold does not apply
     * @return the previous view if the health changed
     */
    public synchronized Optional<HealthView> recordUnreachable(String reason, boolean definitive, Instant now)
    {
        consecutiveSuccesses = 0;
        consecutiveFailures++;
        if (!definitive && consecutiveFailures < failureThreshold && view.health() != ClusterHealth.UNKNOWN) {
            return Optional.empty();
        }
        return transition(ClusterHealth.UNREACHABLE, Optional.of(reason), now);
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

    public void queryStarted()
    {
        inFlight.incrementAndGet();
    }

    public void queryEnded()
    {
        inFlight.updateAndGet(value -> value > 0 ? value - 1 : 0);
    }
}
