package io.junction.store;

import io.junction.config.ConfigProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where Junction keeps clusters, routing groups and the audit log, and how often each node
 * looks for changes made by other nodes.
 *
 * @param url the JDBC URL; without {@code store.url} an H2 file in the data directory
 */
public record StoreConfig(
        String url,
        Optional<String> user,
        Optional<String> password,
        int maxPoolSize,
        Duration connectionTimeout,
        Duration refreshInterval)
{
    public StoreConfig
    {
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(connectionTimeout, "connectionTimeout is null");
        requireNonNull(refreshInterval, "refreshInterval is null");
    }

    public StoreDialect dialect()
    {
        return StoreDialect.fromUrl(url);
    }

    public static StoreConfig from(ConfigProperties properties, Path etcDirectory)
    {
        Path dataDirectory = properties.path("store.data-directory", Optional.of("../data"), etcDirectory,
                "Directory of the embedded H2 store (used when store.url is not set); relative to the etc directory");
        Optional<String> url = properties.optionalString("store.url",
                "JDBC URL of the store: jdbc:postgresql://..., jdbc:mariadb://... or jdbc:h2:file:...; default: an H2 file 'junction' in store.data-directory");
        String resolved = url.orElseGet(() -> "jdbc:h2:file:" + (dataDirectory == null ? Path.of("data") : dataDirectory).toAbsolutePath().normalize().resolve("junction"));
        try {
            StoreDialect.fromUrl(resolved);
        }
        catch (IllegalArgumentException e) {
            properties.addProblem("store.url", e.getMessage());
        }
        return new StoreConfig(
                resolved,
                properties.optionalString("store.user", "Database user of the store"),
                properties.optionalSecret("store.password", "Database password of the store"),
                properties.integer("store.max-pool-size", 4, 1, 100,
                        "Most connections the store's pool opens; the store is never on the request path, so a few suffice"),
                properties.duration("store.connection-timeout", "5s", Duration.ofMillis(250),
                        "How long a store operation waits for a connection before it fails (the API then answers 503)"),
                properties.duration("store.refresh-interval", "1s", Duration.ofMillis(100),
                        "How often each node checks the store's version and reloads clusters changed by any node"));
    }
}
