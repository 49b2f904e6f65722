package io.junction.routing;

import io.junction.config.ConfigProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How new queries choose a routing group and a cluster.
 *
 * @param rulesSource where rules and group policies come from
 * @param rulesFile the YAML or JSON document with routing groups and rules, relative to the etc
 *        directory: the rules with {@link RulesSource#FILE}; imported once into an empty store with
 *        {@link RulesSource#STORE}
 * @param rulesRefreshInterval how often the file, or the store, is checked for changed rules
 */
public record RoutingConfig(String defaultGroup, RulesSource rulesSource, Optional<Path> rulesFile, Duration rulesRefreshInterval, Duration transactionIdleTimeout)
{
    public enum RulesSource
    {
        /** The rules file, reloaded when it changes; read-only through the API. */
        FILE,
        /** Versions in the store, edited through the API. */
        STORE;

        public String configName()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RoutingConfig
    {
        requireNonNull(defaultGroup, "defaultGroup is null");
        requireNonNull(rulesSource, "rulesSource is null");
        requireNonNull(rulesFile, "rulesFile is null");
        requireNonNull(rulesRefreshInterval, "rulesRefreshInterval is null");
        requireNonNull(transactionIdleTimeout, "transactionIdleTimeout is null");
    }

    public RoutingConfig(String defaultGroup)
    {
        this(defaultGroup, RulesSource.FILE, Optional.empty(), Duration.ofSeconds(5), Duration.ofHours(1));
    }

    public static RoutingConfig from(ConfigProperties properties, Path etcDirectory)
    {
        String defaultGroup = properties.string("routing.default-group", "adhoc",
                "Routing group of queries that no rule routes and that name no group (X-Trino-Routing-Group) or an unknown one");
        Optional<String> source = properties.optionalString("routing.rules-source",
                "Where routing rules and group policies come from: 'file' (routing.rules-file, read-only through the API) or 'store' (versions in the store, edited through the API); default: file when routing.rules-file is set, else store");
        Optional<Path> rulesFile = properties.optionalString("routing.rules-file",
                        "YAML or JSON file with routing groups and rules (docs/routing.md), relative to the etc directory; with routing.rules-source=store it is imported into the store once, when the store has no rules yet")
                .map(etcDirectory::resolve);
        RulesSource rulesSource = rulesFile.isPresent() ? RulesSource.FILE : RulesSource.STORE;
        if (source.isPresent()) {
            switch (source.get().toLowerCase(Locale.ROOT)) {
                case "file" -> rulesSource = RulesSource.FILE;
                case "store" -> rulesSource = RulesSource.STORE;
                default -> properties.addProblem("routing.rules-source", "invalid value '" + source.get() + "': expected file or store");
            }
        }
        if (rulesSource == RulesSource.FILE && rulesFile.isEmpty()) {
            properties.addProblem("routing.rules-source", "'file' needs routing.rules-file");
        }
        return new RoutingConfig(
                defaultGroup,
                rulesSource,
                rulesFile,
                properties.duration("routing.rules-refresh-interval", "5s", Duration.ofMillis(100),
                        "How often the rules file (or, with routing.rules-source=store, the store) is checked for changed rules; changed rules replace the ones in force only if they compile"),
                properties.duration("routing.transaction-idle-timeout", "1h", Duration.ofSeconds(1),
                        "How long this node remembers which cluster started a transaction after its last statement"));
    }
}
