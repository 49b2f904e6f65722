package io.junction.history;

import io.junction.config.ConfigProperties;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The query history: whether routed queries are recorded, how much SQL is kept, how long, and
 * how many records may wait in memory for the store.
 *
 * @param maxSqlLength characters of SQL text kept per query; longer text is cut and marked truncated
 * @param bufferSize records (and state changes) held in memory while they wait to be written;
 *        beyond it new ones are dropped and counted, the proxy never waits
 */
public record QueryHistoryConfig(boolean enabled, int maxSqlLength, Duration retention, int bufferSize)
{
    public QueryHistoryConfig
    {
        requireNonNull(retention, "retention is null");
    }

    public static QueryHistoryConfig from(ConfigProperties properties)
    {
        return new QueryHistoryConfig(
                properties.bool("history.enabled", true, "Record every routed query in the store's query history (docs/store.md)"),
                properties.integer("history.max-sql-length", 16_384, 0, 1_000_000,
                        "Characters of each query's SQL text kept in the history; longer text is cut and marked truncated"),
                properties.duration("history.retention", "30d", Duration.ofMinutes(1),
                        "How long queries stay in the history; older ones are deleted periodically by every node"),
                properties.integer("history.buffer-size", 10_000, 100, 1_000_000,
                        "Query records held in memory while they wait to be written to the store (e.g. while it is down); beyond this, new ones are dropped and counted"));
    }
}
