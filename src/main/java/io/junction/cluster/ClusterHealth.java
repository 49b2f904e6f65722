package io.junction.cluster;

/**
 * What Junction currently believes about a cluster's coordinator.
 */
public enum ClusterHealth
{
    /** Not probed yet. Receives no new queries. */
    UNKNOWN,
    /** {@code /v1/info} answers with {@code "starting": true}. Receives no new queries. */
    STARTING,
    /** Answers and is active. */
    HEALTHY,
    /** {@code /v1/info/state} is {@code SHUTTING_DOWN} (or not {@code ACTIVE}). In-flight queries finish; no new ones. */
    SHUTTING_DOWN,
    /** Connections are refused or probes fail. Its queries are lost: follow-ups get a clear FAILED reply. */
    UNREACHABLE;

    public boolean acceptsNewQueries()
    {
        return this == HEALTHY;
    }
}
