package io.junction.routing;

import io.junction.cluster.Cluster;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of routing one new query.
 */
public sealed interface RoutingDecision
{
    String routingGroup();

    /** Names of the rules whose conditions held, in evaluation order. */
    List<String> matchedRules();

    /** What the external routing service said, when it was asked. */
    Optional<ExternalRoutingOutcome> external();

    /**
     * Send the query to {@code cluster} with {@code headerEdits} applied to its headers;
     * {@code reason} says why, for logs and dry runs.
     *
     * @param rule the rule whose {@code route} action chose the group, if one did
     */
    record Routed(Cluster cluster, String routingGroup, String reason, List<String> matchedRules, List<HeaderEdit> headerEdits,
            Optional<ExternalRoutingOutcome> external, Optional<String> rule)
            implements RoutingDecision
    {
        public Routed
        {
            requireNonNull(cluster, "cluster is null");
            requireNonNull(routingGroup, "routingGroup is null");
            requireNonNull(reason, "reason is null");
            matchedRules = List.copyOf(requireNonNull(matchedRules, "matchedRules is null"));
            headerEdits = List.copyOf(requireNonNull(headerEdits, "headerEdits is null"));
            requireNonNull(external, "external is null");
            requireNonNull(rule, "rule is null");
        }

        public Routed(Cluster cluster, String routingGroup, String reason, List<String> matchedRules, List<HeaderEdit> headerEdits,
                Optional<ExternalRoutingOutcome> external)
        {
            this(cluster, routingGroup, reason, matchedRules, headerEdits, external, Optional.empty());
        }

        public Routed withRule(String routedBy)
        {
            return new Routed(cluster, routingGroup, reason, matchedRules, headerEdits, external, Optional.of(routedBy));
        }

        public Routed(Cluster cluster, String routingGroup, String reason, List<String> matchedRules, List<HeaderEdit> headerEdits)
        {
            this(cluster, routingGroup, reason, matchedRules, headerEdits, Optional.empty());
        }

        public Routed(Cluster cluster, String routingGroup, String reason)
        {
            this(cluster, routingGroup, reason, List.of(), List.of());
        }
    }

    /**
     * The query is not run; the client gets a Trino-protocol error with {@code message}.
     */
    record Rejected(RejectionReason reason, String routingGroup, String message, List<String> matchedRules, Optional<ExternalRoutingOutcome> external)
            implements RoutingDecision
    {
        public Rejected
        {
            requireNonNull(reason, "reason is null");
            requireNonNull(routingGroup, "routingGroup is null");
            requireNonNull(message, "message is null");
            matchedRules = List.copyOf(requireNonNull(matchedRules, "matchedRules is null"));
            requireNonNull(external, "external is null");
        }

        public Rejected(RejectionReason reason, String routingGroup, String message, List<String> matchedRules)
        {
            this(reason, routingGroup, message, matchedRules, Optional.empty());
        }

        public Rejected(RejectionReason reason, String routingGroup, String message)
        {
            this(reason, routingGroup, message, List.of());
        }
    }

    enum RejectionReason
    {
        NO_HEALTHY_CLUSTER,
        REJECTED_BY_RULE,
        /** The routing service answered with errors and {@code routing.external.propagate-errors=true}. */
        REJECTED_BY_ROUTING_SERVICE,
        /** The routing service failed and {@code routing.external.fallback=reject}. */
        ROUTING_SERVICE_FAILED,
    }
}
