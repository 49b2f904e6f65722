package io.junction.proxy;

import io.airlift.units.DataSize;
import io.junction.config.ConfigProperties;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The data plane's settings.
 */
public record ProxyConfig(
        Optional<String> routeTokenSecret,
        Duration connectTimeout,
        Duration upstreamIdleTimeout,
        int maxInspectedStatementBytes,
        int maxEnvelopeBytes,
        List<String> extraPaths,
        int affinityCacheSize,
        Duration affinityProbeTimeout,
        Duration queryIdleTimeout)
{
    public ProxyConfig
    {
        requireNonNull(routeTokenSecret, "routeTokenSecret is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(upstreamIdleTimeout, "upstreamIdleTimeout is null");
        extraPaths = List.copyOf(requireNonNull(extraPaths, "extraPaths is null"));
        requireNonNull(affinityProbeTimeout, "affinityProbeTimeout is null");
        requireNonNull(queryIdleTimeout, "queryIdleTimeout is null");
    }

    public static ProxyConfig from(ConfigProperties properties)
    {
        Optional<String> secret = properties.optionalSecret("proxy.route-token.secret",
                "Secret that signs route tokens; every Junction node in front of the same clusters must share it (at least 32 characters). Without it a random secret is generated and follow-ups work only on the node that routed the query");
        secret.filter(value -> value.length() < 32)
                .ifPresent(_ -> properties.addProblem("proxy.route-token.secret", "must be at least 32 characters long"));
        List<String> extraPaths = properties.list("proxy.extra-paths", "",
                "Further path prefixes to proxy to a cluster of the default group, e.g. /v1/jmx,/metrics");
        extraPaths.stream()
                .filter(path -> !path.startsWith("/") || path.equals("/"))
                .forEach(path -> properties.addProblem("proxy.extra-paths", "'" + path + "' must be an absolute path prefix such as /v1/jmx"));
        return new ProxyConfig(
                secret,
                properties.duration("proxy.upstream.connect-timeout", "5s", Duration.ofMillis(10),
                        "Deadline for connecting to a cluster"),
                properties.duration("proxy.upstream.idle-timeout", "60s", Duration.ofSeconds(2),
                        "A cluster silent for this long (no headers or body bytes) gets the client a 504; keep it well above Trino's long-poll wait (1 s)"),
                toIntBytes(properties.dataSize("proxy.max-inspected-statement-size", "1MB",
                        "Largest SQL text of a submission that Junction reads to route it (kill_query); larger bodies stream through uninspected")),
                toIntBytes(properties.dataSize("proxy.max-envelope-size", "64kB",
                        "How much of a statement reply Junction reads to find the query id and nextUri before streaming the rest")),
                extraPaths,
                properties.integer("proxy.affinity.cache-size", 100_000, 100, 10_000_000,
                        "Query ids remembered per node for routing /v1/query/{id} and UI links"),
                properties.duration("proxy.affinity.probe-timeout", "3s", Duration.ofMillis(100),
                        "Deadline for asking every cluster whether it knows an unknown query id"),
                properties.duration("proxy.query-idle-timeout", "6m", Duration.ofSeconds(1),
                        "A query not polled for this long is no longer counted in flight (Trino abandons it after query.client.timeout, 5m)"));
    }

    private static int toIntBytes(DataSize size)
    {
        return (int) Math.min(Integer.MAX_VALUE, size.toBytes());
    }
}
