package io.junction.telemetry;

import io.junction.config.ConfigProperties;

/**
 * Metrics: served in Prometheus/OpenMetrics text at {@code /metrics} on the admin listener,
 * and as MBeans of the platform MBean server for JMX clients.
 */
public record MetricsConfig(boolean enabled, boolean jmxEnabled)
{
    public static MetricsConfig from(ConfigProperties properties)
    {
        return new MetricsConfig(
                properties.bool("metrics.enabled", true,
                        "Collect metrics (per cluster and routing group, proxy latency, store pool, JVM, thread pools) and serve them at /metrics on the admin listener"),
                properties.bool("metrics.jmx.enabled", true,
                        "Also publish every metric as an MBean (domain io.junction) of the platform MBean server, for JMX clients"));
    }
}
