package io.junction.cluster;

/**
 * What Junction currently believes about a cluster's coordinator. Only {@link #HEALTHY}
 * clusters get new queries; follow-ups of running queries are forwarded in every state but
 * {@link #UNREACHABLE}, where the queries are known to be lost.
 */
public enum ClusterHealth
{
    /** Not probed yet. Receives no new queries. */
    UNKNOWN,
    /** {@code /v1/info} answers with {@code "starting": true}. Receives no new queries. */
    STARTING,
    /** Answers and is active. */
    HEALTHY,
    /**
     * {@code /v1/info/state} is {@code SHUTTING_DOWN}, {@code DRAINING} or anything but {@code ACTIVE}.
     * No new queries; the queries in flight there finish (their follow-ups still reach it).
     */
    SHUTTING_DOWN,
    /**
     * Probes failed {@code health.failure-threshold} times in a row without proof that the
     * coordinator is gone (no answer within the deadline, an HTTP error, not Trino's JSON), or
     * proxied requests failed {@code health.passive.failure-threshold} times in a row. No new
     * queries; follow-ups are still forwarded, so a coordinator that recovers finishes its queries.
     */
    UNHEALTHY,
    /** Connections are refused: the coordinator process is gone. Its queries are lost: follow-ups get a clear FAILED reply. */
    UNREACHABLE;

    public boolean acceptsNewQueries()
    {
        return this == HEALTHY;
    }
}
