package io.junction.routing;

import io.junction.config.ConfigProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How new queries choose a routing group and a cluster.
 *
 * @param rulesFile the YAML or JSON document with routing groups and rules, relative to the etc directory
 */
public record RoutingConfig(String defaultGroup, Optional<Path> rulesFile, Duration rulesRefreshInterval, Duration transactionIdleTimeout)
{
    public RoutingConfig
    {
        requireNonNull(defaultGroup, "defaultGroup is null");
        requireNonNull(rulesFile, "rulesFile is null");
        requireNonNull(rulesRefreshInterval, "rulesRefreshInterval is null");
        requireNonNull(transactionIdleTimeout, "transactionIdleTimeout is null");
    }

    public RoutingConfig(String defaultGroup)
    {
        this(defaultGroup, Optional.empty(), Duration.ofSeconds(5), Duration.ofHours(1));
    }

    public static RoutingConfig from(ConfigProperties properties, Path etcDirectory)
    {
        return new RoutingConfig(
                properties.string("routing.default-group", "adhoc",
                        "Routing group of queries that no rule routes and that name no group (X-Trino-Routing-Group) or an unknown one"),
                properties.optionalString("routing.rules-file",
                                "YAML or JSON file with routing groups and rules (docs/routing.md), relative to the etc directory; none: no rules")
                        .map(file -> etcDirectory.resolve(file)),
                properties.duration("routing.rules-refresh-interval", "5s", Duration.ofMillis(100),
                        "How often the rules file is checked for changes; a changed file is compiled and replaces the rules only if valid"),
                properties.duration("routing.transaction-idle-timeout", "1h", Duration.ofSeconds(1),
                        "How long this node remembers which cluster started a transaction after its last statement"));
    }
}
