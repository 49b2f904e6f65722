package io.junction.cluster;

import io.junction.config.ConfigProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where the clusters come from and how their health is checked.
 */
public record ClusterConfig(
        Path seedFile,
        Duration checkInterval,
        Duration checkTimeout,
        int failureThreshold,
        int recoveryThreshold,
        int passiveFailureThreshold,
        Duration passiveHoldTime)
{
    public ClusterConfig
    {
        requireNonNull(checkInterval, "checkInterval is null");
        requireNonNull(checkTimeout, "checkTimeout is null");
        requireNonNull(passiveHoldTime, "passiveHoldTime is null");
    }

    /**
     * With the default passive-health settings (3 failures, 10 s).
     */
    public ClusterConfig(Path seedFile, Duration checkInterval, Duration checkTimeout, int failureThreshold, int recoveryThreshold)
    {
        this(seedFile, checkInterval, checkTimeout, failureThreshold, recoveryThreshold, 3, Duration.ofSeconds(10));
    }

    public HealthThresholds thresholds()
    {
        return new HealthThresholds(failureThreshold, recoveryThreshold, passiveFailureThreshold, passiveHoldTime);
    }

    public static ClusterConfig from(ConfigProperties properties, Path etcDirectory)
    {
        return new ClusterConfig(
                properties.path("clusters.seed-file", Optional.of("clusters.yaml"), etcDirectory,
                        "YAML or JSON file listing the Trino clusters (name, uri, routing-group, enabled, forwarded-headers); relative to the etc directory"),
                properties.duration("health.check-interval", "1s", Duration.ofMillis(100),
                        "How often each cluster's /v1/info and /v1/info/state are probed; each cluster has its own schedule, and a probe that is late starts the next one at once"),
                properties.duration("health.check-timeout", "1500ms", Duration.ofMillis(100),
                        "Deadline of one probe (both requests together, connecting included); a probe that takes longer counts as a failure"),
                properties.integer("health.failure-threshold", 2, 1, 100,
                        "Consecutive failed probes after which a cluster is unhealthy (no new queries); a refused connection makes it unreachable at once"),
                properties.integer("health.recovery-threshold", 1, 1, 100,
                        "Consecutive successful probes after which an unhealthy or unreachable cluster is healthy again"),
                properties.integer("health.passive.failure-threshold", 3, 0, 1000,
                        "Consecutive proxied requests that fail at a cluster (no answer in time, broken connection, HTTP 502/503/504) after which it is unhealthy; 0 turns passive health off"),
                properties.duration("health.passive.hold-time", "10s", Duration.ofSeconds(1),
                        "Proxy failures further apart than this do not add up; a cluster made unhealthy by them takes no new queries for at least this long"));
    }
}
