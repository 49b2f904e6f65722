package io.junction.routing;

import io.junction.cluster.Cluster;

import java.util.Set;

/**
 * Decides where a new query runs. Implementations are pure functions of the request and
 * the current in-memory state: no I/O, no locks, so they are safe on the request path.
 */
public interface Router
{
    /**
     * @param excluded clusters that already failed this submission (connection refused),
     *        which must not be chosen again
     */
    RoutingDecision route(RoutingRequest request, Set<Cluster> excluded);
}
