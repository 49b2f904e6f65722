package io.junction.cluster;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * When evidence changes a cluster's health.
 *
 * @param failureThreshold consecutive failed probes (without proof the coordinator is gone) after which it is unhealthy
 * @param recoveryThreshold consecutive successful probes after which an unhealthy or unreachable cluster is healthy again
 * @param passiveFailureThreshold consecutive failed proxied requests (timeouts, broken connections, HTTP 502/503/504)
 *        after which a healthy cluster is unhealthy; 0 turns passive health off
 * @param passiveHoldTime failures further apart than this do not add up; a cluster made unhealthy by
 *        proxied requests stays so at least this long before a successful probe restores it
 */
public record HealthThresholds(int failureThreshold, int recoveryThreshold, int passiveFailureThreshold, Duration passiveHoldTime)
{
    public HealthThresholds
    {
        requireNonNull(passiveHoldTime, "passiveHoldTime is null");
        if (failureThreshold < 1 || recoveryThreshold < 1 || passiveFailureThreshold < 0) {
            throw new IllegalArgumentException("thresholds must be positive (passive: 0 or more)");
        }
    }
}
