package io.junction.telemetry;

import io.junction.cluster.Cluster;
import io.junction.routing.Router;
import io.junction.routing.RoutingDecision;
import io.junction.routing.RoutingRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Counts routing decisions per routing group and outcome, rule matches per rule, and the
 * time a decision takes, around the real {@link Router}.
 * <p>
 * Group and rule names come from the configuration and the rules file, so their number is
 * bounded by what operators write; past {@value #MAX_NAMES} distinct names (a runaway rules
 * file) the rest are counted under {@code other}. Per decision this costs one map read per
 * name (the name strings come from the decision, nothing is built) and a few additions.
 */
final class MeteredRouter
        implements Router
{
    static final int MAX_NAMES = 1000;
    private static final String OTHER = "other";

    private final Router router;
    private final MeterRegistry registry;
    private final Timer decisionTime;
    private final Map<String, Counter[]> decisionsByGroup = new ConcurrentHashMap<>();
    private final Map<String, Counter> matchesByRule = new ConcurrentHashMap<>();

    enum Outcome
    {
        ROUTED,
        NO_HEALTHY_CLUSTER,
        REJECTED_BY_RULE,
        REJECTED_BY_ROUTING_SERVICE,
        ROUTING_SERVICE_FAILED,
    }

    MeteredRouter(Router router, MeterRegistry registry)
    {
        this.router = requireNonNull(router, "router is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.decisionTime = Timer.builder("junction.routing.decision.time")
                .description("Time to route a new query: transaction affinity, rules or the external routing service, selection policy")
                .serviceLevelObjectives(java.time.Duration.ofNanos(10_000), java.time.Duration.ofNanos(50_000), java.time.Duration.ofNanos(100_000),
                        java.time.Duration.ofNanos(500_000), java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(25))
                .register(registry);
    }

    /**
     * Times the decision until it completes, which includes the call to an external routing
     * service when one is asked, and counts it then.
     */
    @Override
    public CompletableFuture<RoutingDecision> route(RoutingRequest request, Set<Cluster> excluded)
    {
        long started = System.nanoTime();
        return router.route(request, excluded).whenComplete((decision, failure) -> {
            decisionTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            if (decision != null) {
                count(decision);
            }
        });
    }

    @Override
    public RoutingDecision routeWithoutRules(RoutingRequest request)
    {
        // Requests that are not queries (/v1/info, the UI): not routing decisions worth counting.
        return router.routeWithoutRules(request);
    }

    private void count(RoutingDecision decision)
    {
        Outcome outcome = switch (decision) {
            case RoutingDecision.Routed _ -> Outcome.ROUTED;
            case RoutingDecision.Rejected rejected -> switch (rejected.reason()) {
                case NO_HEALTHY_CLUSTER -> Outcome.NO_HEALTHY_CLUSTER;
                case REJECTED_BY_RULE -> Outcome.REJECTED_BY_RULE;
                case REJECTED_BY_ROUTING_SERVICE -> Outcome.REJECTED_BY_ROUTING_SERVICE;
                case ROUTING_SERVICE_FAILED -> Outcome.ROUTING_SERVICE_FAILED;
            };
        };
        groupCounters(decision.routingGroup())[outcome.ordinal()].increment();
        List<String> rules = decision.matchedRules();
        for (int i = 0; i < rules.size(); i++) {
            ruleCounter(rules.get(i)).increment();
        }
    }

    private Counter[] groupCounters(String group)
    {
        Counter[] counters = decisionsByGroup.get(group);
        if (counters != null) {
            return counters;
        }
        String name = decisionsByGroup.size() < MAX_NAMES ? group : OTHER;
        return decisionsByGroup.computeIfAbsent(name, key -> {
            Counter[] created = new Counter[Outcome.values().length];
            for (Outcome outcome : Outcome.values()) {
                created[outcome.ordinal()] = Counter.builder("junction.routing.decisions")
                        .description("Routing decisions for new queries, by the routing group chosen first and the outcome")
                        .tag("group", key)
                        .tag("outcome", ClusterMeters.label(outcome))
                        .register(registry);
            }
            return created;
        });
    }

    private Counter ruleCounter(String rule)
    {
        Counter counter = matchesByRule.get(rule);
        if (counter != null) {
            return counter;
        }
        String name = matchesByRule.size() < MAX_NAMES ? rule : OTHER;
        return matchesByRule.computeIfAbsent(name, key -> Counter.builder("junction.routing.rule.matches")
                .description("Routing decisions in which the rule's condition held")
                .tag("rule", key)
                .register(registry));
    }
}
