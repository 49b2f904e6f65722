package io.junction.cluster;

/**
 * The operator's intent for a cluster, kept in the store. Health is separate: a cluster
 * gets new queries only when it is {@link #ACTIVE} and healthy. Follow-ups of queries
 * already running on a cluster reach it whatever its lifecycle, so they always finish.
 */
public enum ClusterLifecycle
{
    /** In service: receives new queries while healthy. */
    ACTIVE,
    /** Being taken out of service: no new queries; the queries in flight finish. Reported as drained when none are left. */
    DRAINING,
    /** Out of service: no new queries. */
    INACTIVE;

    public boolean acceptsNewQueries()
    {
        return this == ACTIVE;
    }
}
