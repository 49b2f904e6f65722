package io.junction.routing;

import io.junction.cluster.Cluster;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Decides where a new query runs. Implementations never block the caller: the rules decide in
 * memory (no I/O, no locks) and an external routing service is asked asynchronously under a
 * deadline, so both are safe on the request path.
 */
public interface Router
{
    /**
     * Routes a new query: transaction affinity, then the rules or the routing service, then the
     * group's selection policy. The future is complete at once unless a routing service is asked;
     * it never completes exceptionally for a failing routing service (the fallback decides).
     *
     * @param excluded clusters that already failed this submission (connection refused),
     *        which must not be chosen again
     */
    CompletableFuture<RoutingDecision> route(RoutingRequest request, Set<Cluster> excluded);

    /**
     * Routes a request that is not a query ({@code /v1/info}, the UI without a route): the
     * {@code X-Trino-Routing-Group} header or the default group, no rules, no routing service.
     */
    RoutingDecision routeWithoutRules(RoutingRequest request);
}
