package io.junction.routing;

import io.junction.cluster.Cluster;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * Routes new queries by asking the external routing service (trino-gateway's contract) which
 * group runs them; the {@link GroupRouter} then applies the answer, or the configured fallback
 * when the service fails, and picks the cluster with the group's policy.
 * <p>
 * A statement of a transaction this node saw start goes to its cluster without asking.
 * Nothing here blocks or reads the store: the call is asynchronous with a deadline, and the
 * rest is in memory. Thread-safe.
 */
public final class ExternalRouter
        implements Router
{
    private final GroupRouter groups;
    private final ExternalRoutingClient client;

    public ExternalRouter(GroupRouter groups, ExternalRoutingClient client)
    {
        this.groups = requireNonNull(groups, "groups is null");
        this.client = requireNonNull(client, "client is null");
    }

    @Override
    public CompletableFuture<RoutingDecision> route(RoutingRequest request, Set<Cluster> excluded)
    {
        Optional<RoutingDecision> inTransaction = groups.decideTransaction(request, excluded);
        if (inTransaction.isPresent()) {
            return CompletableFuture.completedFuture(inTransaction.get());
        }
        return client.ask(request).thenApply(outcome -> groups.decide(request, excluded, outcome, client.config()));
    }

    @Override
    public RoutingDecision routeWithoutRules(RoutingRequest request)
    {
        return groups.routeWithoutRules(request);
    }
}
