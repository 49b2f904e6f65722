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
        int recoveryThreshold)
{
    public ClusterConfig
    {
        requireNonNull(checkInterval, "checkInterval is null");
        requireNonNull(checkTimeout, "checkTimeout is null");
    }

    public static ClusterConfig from(ConfigProperties properties, Path etcDirectory)
    {
        return new ClusterConfig(
                properties.path("clusters.seed-file", Optional.of("clusters.yaml"), etcDirectory,
                        "YAML or JSON file listing the Trino clusters (name, uri, routing-group, enabled, forwarded-headers); relative to the etc directory"),
                properties.duration("health.check-interval", "1s", Duration.ofMillis(100),
                        "How often each cluster's /v1/info and /v1/info/state are probed"),
                properties.duration("health.check-timeout", "2s", Duration.ofMillis(100),
                        "Deadline of one probe; a probe that takes longer counts as a failure"),
                properties.integer("health.failure-threshold", 2, 1, 100,
                        "Consecutive failed probes after which a cluster is unreachable (a refused connection counts at once)"),
                properties.integer("health.recovery-threshold", 1, 1, 100,
                        "Consecutive successful probes after which an unreachable cluster is healthy again"));
    }
}
