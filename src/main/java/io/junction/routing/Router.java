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
     * Routes a new query: transaction affinity, then rules, then the group's selection policy.
     *
     * @param excluded clusters that already failed this submission (connection refused),
     *        which must not be chosen again
     */
    RoutingDecision route(RoutingRequest request, Set<Cluster> excluded);

    /**
     * Routes a request that is not a query ({@code /v1/info}, the UI without a route): the
     * {@code X-Trino-Routing-Group} header or the default group, no rules.
     */
    RoutingDecision routeWithoutRules(RoutingRequest request);
}
