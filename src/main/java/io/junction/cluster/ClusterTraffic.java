package io.junction.cluster;

/**
 * What this node forwarded to one cluster, counted on the request path for metrics. The
 * registry asks its {@link Factory} for one per cluster when the cluster appears, so the
 * proxy reaches it through {@link ClusterState#traffic()} without a lookup, and every
 * method is a few atomic additions on meters resolved in advance.
 * <p>
 * Implementations are thread-safe, never block and do not allocate per call.
 * {@link #NONE} counts nothing (metrics off, tests).
 */
public interface ClusterTraffic
{
    ClusterTraffic NONE = new ClusterTraffic() {};

    /**
     * What kind of request was forwarded, for latency figures that would mean little mixed:
     * a submission waits for Trino to queue and plan, a poll for a result page.
     */
    enum RequestKind
    {
        SUBMISSION,
        FOLLOW_UP,
        OTHER,
    }

    /**
     * Why a request to the cluster did not get the cluster's own answer.
     */
    enum Failure
    {
        /** The connection was refused: nothing reached the cluster. */
        CONNECTION_REFUSED,
        /** The cluster accepted the request but did not answer within the deadline. */
        TIMEOUT,
        /** The request failed before any reply byte for another reason (reset, protocol error). */
        UNAVAILABLE,
        /** The reply broke off after bytes had reached the client. */
        BROKEN_REPLY,
        /** The request belonged to a query on a cluster known to be unreachable: answered by Junction. */
        CLUSTER_GONE,
    }

    /**
     * A new query was sent to this cluster.
     */
    default void queryRouted() {}

    /**
     * The cluster's reply began {@code nanos} after the request was forwarded (time to the
     * first response byte, which for a statement poll includes Trino's long-poll wait).
     */
    default void replyStarted(RequestKind kind, long nanos) {}

    /**
     * A reply finished streaming; {@code bytes} of body went to the client.
     */
    default void replyStreamed(long bytes) {}

    default void failed(Failure failure) {}

    /**
     * Makes the traffic of a cluster that appears in the registry; called under the registry's
     * lock, rarely (configuration changes), never on the request path.
     */
    interface Factory
    {
        Factory NONE = _ -> ClusterTraffic.NONE;

        ClusterTraffic create(String clusterName);

        /**
         * The cluster left the registry (or was replaced under the same name by one with another URI).
         */
        default void release(String clusterName) {}
    }
}
