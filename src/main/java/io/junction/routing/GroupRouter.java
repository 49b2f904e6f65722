package io.junction.routing;

import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterRegistry;
import io.junction.cluster.ClusterSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * Routes a new query in three steps (the in-memory router; {@link ExternalRouter} asks a routing
 * service first and then decides here with its answer):
 * <ol>
 * <li>a statement of an open transaction goes to the cluster that started it;</li>
 * <li>the rules choose a group (or reject the query, or edit its headers); without a
 * {@code route} action the {@code X-Trino-Routing-Group} header names the group if the group
 * is known, else the default group is used;</li>
 * <li>the group's selection policy picks one of its clusters that can take a query; when none
 * can, the group's fallback group is tried, and without a fallback the query is rejected.</li>
 * </ol>
 * Thread-safe: reads the registry's and the rule source's immutable snapshots and atomic counters.
 */
public final class GroupRouter
        implements Router
{
    private final ClusterRegistry registry;
    private final RoutingConfig config;
    private final RuleSource rules;
    private final TransactionAffinity transactions;
    private final ClusterSelector selector;

    public GroupRouter(ClusterRegistry registry, RoutingConfig config, RuleSource rules, TransactionAffinity transactions, ClusterSelector selector)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.config = requireNonNull(config, "config is null");
        this.rules = requireNonNull(rules, "rules is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.selector = requireNonNull(selector, "selector is null");
    }

    /**
     * The rules' decision, complete at once: nothing here waits.
     */
    @Override
    public CompletableFuture<RoutingDecision> route(RoutingRequest request, Set<Cluster> excluded)
    {
        return CompletableFuture.completedFuture(decide(request, excluded));
    }

    /**
     * Routes a new query with the rules: transaction affinity, rules, the group's policy.
     */
    public RoutingDecision decide(RoutingRequest request, Set<Cluster> excluded)
    {
        ClusterSnapshot snapshot = registry.snapshot();
        Optional<RoutingDecision> inTransaction = transactionCluster(snapshot, request, excluded);
        if (inTransaction.isPresent()) {
            return inTransaction.get();
        }
        return decideByRules(snapshot, rules.current(), request, excluded, new StringBuilder(), Optional.empty());
    }

    /**
     * The decision for a statement of a transaction this node saw start, if the request is one.
     */
    public Optional<RoutingDecision> decideTransaction(RoutingRequest request, Set<Cluster> excluded)
    {
        return transactionCluster(registry.snapshot(), request, excluded);
    }

    /**
     * Routes a new query that is not part of a known transaction (see {@link #decideTransaction})
     * by what the external routing service said: its group (none: the {@code X-Trino-Routing-Group}
     * header or the default group) and its {@code externalHeaders}, or the configured fallback
     * when it failed. Errors in the answer fail the query only if {@code propagateErrors}.
     */
    public RoutingDecision decide(RoutingRequest request, Set<Cluster> excluded, ExternalRoutingOutcome outcome, ExternalRoutingConfig external)
    {
        ClusterSnapshot snapshot = registry.snapshot();
        RuleSet ruleSet = rules.current();
        Optional<ExternalRoutingOutcome> asked = Optional.of(outcome);
        return switch (outcome) {
            case ExternalRoutingOutcome.Answered answered -> decideByAnswer(snapshot, ruleSet, request, excluded, answered, external);
            case ExternalRoutingOutcome.Failed failed -> {
                String failure = "routing service failed (" + failed.kind().label() + ": " + failed.message() + ")";
                yield switch (external.fallback()) {
                    case DEFAULT_GROUP -> {
                        StringBuilder reason = new StringBuilder(failure).append(", fallback: ");
                        String group = groupWithoutRule(snapshot, ruleSet, request, reason);
                        yield select(snapshot, ruleSet, group, request, excluded, reason, List.of(), List.of(), asked);
                    }
                    case RULES -> decideByRules(snapshot, ruleSet, request, excluded, new StringBuilder(failure).append(", rules decide: "), asked);
                    case REJECT -> new RoutingDecision.Rejected(RoutingDecision.RejectionReason.ROUTING_SERVICE_FAILED, config.defaultGroup(),
                            "The routing service failed (" + failed.kind().label() + ": " + failed.message() + ") and routing.external.fallback=reject",
                            List.of(), asked);
                };
            }
        };
    }

    @Override
    public RoutingDecision routeWithoutRules(RoutingRequest request)
    {
        ClusterSnapshot snapshot = registry.snapshot();
        RuleSet ruleSet = rules.current();
        StringBuilder reason = new StringBuilder();
        String group = groupWithoutRule(snapshot, ruleSet, request, reason);
        return select(snapshot, ruleSet, group, request, Set.of(), reason, List.of(), List.of(), Optional.empty());
    }

    private RoutingDecision decideByRules(ClusterSnapshot snapshot, RuleSet ruleSet, RoutingRequest request, Set<Cluster> excluded, StringBuilder reason,
            Optional<ExternalRoutingOutcome> external)
    {
        RuleEvaluator.Outcome outcome = RuleEvaluator.evaluate(ruleSet, request);
        if (outcome.reject().isPresent()) {
            return new RoutingDecision.Rejected(RoutingDecision.RejectionReason.REJECTED_BY_RULE, outcome.group().orElse(config.defaultGroup()),
                    outcome.reject().get().message(), outcome.matchedRules(), external);
        }
        String group;
        if (outcome.group().isPresent()) {
            group = outcome.group().get();
            reason.append("rule '").append(outcome.routedBy().orElseThrow()).append("' chose group '").append(group).append('\'');
        }
        else {
            group = groupWithoutRule(snapshot, ruleSet, request, reason);
        }
        if (!outcome.matchedRules().isEmpty() && outcome.group().isEmpty()) {
            reason.append(" (matched rules ").append(String.join(", ", outcome.matchedRules())).append(" chose no group)");
        }
        outcome.notes().forEach(note -> reason.append("; ").append(note));
        RoutingDecision decision = select(snapshot, ruleSet, group, request, excluded, reason, outcome.matchedRules(), outcome.headerEdits(), external);
        if (decision instanceof RoutingDecision.Routed routed && outcome.group().isPresent()) {
            return routed.withRule(outcome.routedBy().orElseThrow());
        }
        return decision;
    }

    private RoutingDecision decideByAnswer(ClusterSnapshot snapshot, RuleSet ruleSet, RoutingRequest request, Set<Cluster> excluded,
            ExternalRoutingOutcome.Answered answer, ExternalRoutingConfig external)
    {
        Optional<ExternalRoutingOutcome> asked = Optional.of(answer);
        if (!answer.errors().isEmpty() && external.propagateErrors()) {
            return new RoutingDecision.Rejected(RoutingDecision.RejectionReason.REJECTED_BY_ROUTING_SERVICE, answer.routingGroup().orElse(config.defaultGroup()),
                    "Rejected by the routing service: " + String.join("; ", answer.errors()), List.of(), asked);
        }
        StringBuilder reason = new StringBuilder();
        String group;
        if (answer.routingGroup().isPresent()) {
            group = answer.routingGroup().get();
            reason.append("routing service chose group '").append(group).append('\'');
        }
        else {
            reason.append("routing service chose no group, ");
            group = groupWithoutRule(snapshot, ruleSet, request, reason);
        }
        if (!answer.errors().isEmpty()) {
            reason.append("; routing service errors ignored (routing.external.propagate-errors=false): ").append(String.join("; ", answer.errors()));
        }
        List<HeaderEdit> edits = new ArrayList<>(answer.externalHeaders().size());
        answer.externalHeaders().forEach((name, value) -> {
            if (external.excludes(name)) {
                reason.append("; externalHeaders: '").append(name).append("' is excluded by routing.external.exclude-headers");
            }
            else if (!HeaderEdit.isValidName(name) || HeaderEdit.isManagedByJunction(name) || !HeaderEdit.isValidValue(value)) {
                reason.append("; externalHeaders: '").append(name).append("' cannot be set (an invalid name or value, or a header Junction manages)");
            }
            else {
                edits.add(new HeaderEdit.SetHeader(name, value));
            }
        });
        return select(snapshot, ruleSet, group, request, excluded, reason, List.of(), edits, asked);
    }

    private Optional<RoutingDecision> transactionCluster(ClusterSnapshot snapshot, RoutingRequest request, Set<Cluster> excluded)
    {
        if (request.transactionId().isEmpty()) {
            return Optional.empty();
        }
        Optional<Cluster> cluster = transactions.find(request.transactionId().get()).flatMap(snapshot::find);
        if (cluster.isEmpty()) {
            return Optional.empty();
        }
        if (!cluster.get().definition().enabled() || cluster.get().isUnreachable() || excluded.contains(cluster.get())) {
            return Optional.of(new RoutingDecision.Rejected(RoutingDecision.RejectionReason.NO_HEALTHY_CLUSTER, cluster.get().definition().routingGroup(),
                    "Transaction %s runs on cluster '%s', which cannot take statements now".formatted(request.transactionId().get(), cluster.get().name())));
        }
        return Optional.of(new RoutingDecision.Routed(cluster.get(), cluster.get().definition().routingGroup(),
                "transaction " + request.transactionId().get() + " was started on cluster '" + cluster.get().name() + "'"));
    }

    private String groupWithoutRule(ClusterSnapshot snapshot, RuleSet ruleSet, RoutingRequest request, StringBuilder reason)
    {
        if (request.routingGroupHeader().isPresent()) {
            String requested = request.routingGroupHeader().get();
            if (snapshot.hasGroup(requested) || ruleSet.findGroup(requested).isPresent()) {
                reason.append("X-Trino-Routing-Group header");
                return requested;
            }
            reason.append("default group (X-Trino-Routing-Group '").append(requested).append("' names no known group)");
            return config.defaultGroup();
        }
        reason.append("default group");
        return config.defaultGroup();
    }

    private RoutingDecision select(ClusterSnapshot snapshot, RuleSet ruleSet, String firstGroup, RoutingRequest request, Set<Cluster> excluded,
            StringBuilder reason, List<String> matchedRules, List<HeaderEdit> headerEdits, Optional<ExternalRoutingOutcome> external)
    {
        Set<String> tried = new LinkedHashSet<>();
        String group = firstGroup;
        List<String> unavailable = new ArrayList<>();
        while (true) {
            tried.add(group);
            List<Cluster> members = snapshot.group(group);
            List<Cluster> candidates = new ArrayList<>(members.size());
            for (Cluster cluster : members) {
                if (cluster.acceptsNewQueries() && !excluded.contains(cluster)) {
                    candidates.add(cluster);
                }
            }
            RoutingGroup definition = ruleSet.group(group);
            if (!candidates.isEmpty()) {
                ClusterSelector.Selection selection = selector.select(definition, candidates, request);
                reason.append(", ").append(definition.policy().configName()).append(": ").append(selection.explanation());
                return new RoutingDecision.Routed(selection.cluster(), group, reason.toString(), matchedRules, headerEdits, external);
            }
            unavailable.add(describeNoCluster(group, members));
            Optional<String> fallback = definition.fallback();
            if (fallback.isEmpty() || tried.contains(fallback.get())) {
                String isolation = ruleSet.findGroup(group).isPresent() && tried.size() == 1 ? " (the group has no fallback)" : "";
                return new RoutingDecision.Rejected(RoutingDecision.RejectionReason.NO_HEALTHY_CLUSTER, firstGroup,
                        String.join("; ", unavailable) + isolation, matchedRules, external);
            }
            reason.append("; group '").append(group).append("' has no available cluster, fell back to '").append(fallback.get()).append('\'');
            group = fallback.get();
        }
    }

    private static String describeNoCluster(String group, List<Cluster> members)
    {
        if (members.isEmpty()) {
            return "No cluster is configured for routing group '%s'".formatted(group);
        }
        StringBuilder message = new StringBuilder("No healthy cluster in routing group '").append(group).append("' (");
        for (int i = 0; i < members.size(); i++) {
            Cluster cluster = members.get(i);
            if (i > 0) {
                message.append(", ");
            }
            message.append(cluster.name()).append(": ");
            if (!cluster.definition().enabled()) {
                message.append("disabled");
            }
            else {
                message.append(cluster.state().health().health().name().toLowerCase(Locale.ROOT));
                cluster.state().health().reason().ifPresent(text -> message.append(" - ").append(text));
            }
        }
        return message.append(')').toString();
    }
}
