package io.junction.cluster;

import io.junction.config.ConfigProperties;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Whether and how Junction reads each cluster's own count of running and queued queries.
 *
 * @param user the service user sent as {@code X-Trino-User} ({@code metrics}) or logged in with ({@code ui-stats})
 * @param password its password; sent only to {@code https} clusters (HTTP Basic for {@code metrics}, the login form for {@code ui-stats})
 */
public record LoadConfig(LoadSource source, Duration refreshInterval, String user, Optional<String> password)
{
    public LoadConfig
    {
        requireNonNull(source, "source is null");
        requireNonNull(refreshInterval, "refreshInterval is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
    }

    public static LoadConfig disabled()
    {
        return new LoadConfig(LoadSource.NONE, Duration.ofSeconds(2), "junction", Optional.empty());
    }

    @Override
    public String toString()
    {
        return "LoadConfig[source=%s, refreshInterval=%s, user=%s, password=%s]".formatted(source, refreshInterval, user, password.map(_ -> "<redacted>").orElse("<none>"));
    }

    public static LoadConfig from(ConfigProperties properties)
    {
        String sourceName = properties.string("load.source", "none",
                "Where each cluster's own count of running and queued queries is read: none, metrics (/metrics, OpenMetrics) or ui-stats (/ui/api/stats after a UI login). Feeds the fleet overview, the least-loaded policy and the correction of in-flight counts");
        Optional<LoadSource> source = LoadSource.fromConfigName(sourceName);
        if (source.isEmpty()) {
            properties.addProblem("load.source", "'" + sourceName + "' is not one of none, metrics, ui-stats");
        }
        return new LoadConfig(
                source.orElse(LoadSource.NONE),
                properties.duration("load.refresh-interval", "2s", Duration.ofMillis(200),
                        "How often each cluster's counts are read (each read has the deadline health.check-timeout)"),
                properties.string("load.user", "junction",
                        "Service user for reading the counts: X-Trino-User for metrics, the UI login for ui-stats; it needs permission to read system information"),
                properties.optionalSecret("load.password",
                        "Password of load.user; sent only to https clusters (HTTP Basic for metrics, the login form for ui-stats). Use ${ENV:NAME}"));
    }
}
