package io.junction.routing;

import io.junction.cluster.Cluster;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of routing one new query.
 */
public sealed interface RoutingDecision
{
    /**
     * Send the query to {@code cluster}; {@code reason} says why, for logs and dry runs.
     */
    record Routed(Cluster cluster, String routingGroup, String reason)
            implements RoutingDecision
    {
        public Routed
        {
            requireNonNull(cluster, "cluster is null");
            requireNonNull(routingGroup, "routingGroup is null");
            requireNonNull(reason, "reason is null");
        }
    }

    /**
     * No cluster can take the query; the client gets a Trino-protocol error with {@code message}.
     */
    record Rejected(RejectionReason reason, String routingGroup, String message)
            implements RoutingDecision
    {
        public Rejected
        {
            requireNonNull(reason, "reason is null");
            requireNonNull(routingGroup, "routingGroup is null");
            requireNonNull(message, "message is null");
        }
    }

    enum RejectionReason
    {
        NO_HEALTHY_CLUSTER,
    }
}
