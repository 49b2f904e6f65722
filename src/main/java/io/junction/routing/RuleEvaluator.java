package io.junction.routing;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelVariableResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Runs a {@link RuleSet} over one request: rules in priority order, the first matching rule
 * ends the evaluation unless it says {@code continue: true}; a {@code reject} ends it at once.
 * Conditions see the request as the client sent it (header actions of earlier rules are not
 * visible to later conditions). A condition that fails at run time (e.g. a missing map key)
 * does not match, and the failure is reported in the outcome.
 * <p>
 * Thread-safe; in memory; SQL is parsed only if a condition reads a SQL fact.
 */
final class RuleEvaluator
{
    private static final Logger log = LoggerFactory.getLogger(RuleEvaluator.class);

    private RuleEvaluator() {}

    /**
     * @param group the group chosen by the last {@code route} action, if any
     * @param routedBy the rule whose {@code route} action chose the group
     * @param notes evaluation failures, for dry runs
     */
    record Outcome(List<String> matchedRules, Optional<String> group, Optional<String> routedBy, Optional<RuleAction.Reject> reject,
            Optional<String> rejectedBy, List<HeaderEdit> headerEdits, List<String> notes)
    {
        Outcome
        {
            matchedRules = List.copyOf(requireNonNull(matchedRules, "matchedRules is null"));
            requireNonNull(group, "group is null");
            requireNonNull(routedBy, "routedBy is null");
            requireNonNull(reject, "reject is null");
            requireNonNull(rejectedBy, "rejectedBy is null");
            headerEdits = List.copyOf(requireNonNull(headerEdits, "headerEdits is null"));
            notes = List.copyOf(requireNonNull(notes, "notes is null"));
        }
    }

    static Outcome evaluate(RuleSet rules, RoutingRequest request)
    {
        CelVariableResolver variables = RuleLanguage.variablesOf(request);
        List<String> matched = new ArrayList<>(2);
        List<String> notes = new ArrayList<>(0);
        HeaderEditor headers = null;
        Optional<String> group = Optional.empty();
        Optional<String> routedBy = Optional.empty();
        List<RoutingRule> ordered = rules.rules();
        BitSet candidates = rules.index().candidates(request);
        for (int position = candidates.nextSetBit(0); position >= 0; position = candidates.nextSetBit(position + 1)) {
            RoutingRule rule = ordered.get(position);
            if (!matches(rule, variables, notes)) {
                continue;
            }
            matched.add(rule.name());
            for (RuleAction action : rule.actions()) {
                switch (action) {
                    case RuleAction.RouteTo route -> {
                        group = Optional.of(route.group());
                        routedBy = Optional.of(rule.name());
                    }
                    case RuleAction.Reject reject -> {
                        return new Outcome(matched, group, routedBy, Optional.of(reject), Optional.of(rule.name()), List.of(), notes);
                    }
                    case RuleAction.SetHeader set -> (headers = editor(headers, request)).set(set.name(), set.value());
                    case RuleAction.RemoveHeader remove -> (headers = editor(headers, request)).remove(remove.name());
                    case RuleAction.SetSessionProperty session -> (headers = editor(headers, request)).setSessionProperty(session.name(), session.value());
                    case RuleAction.AddClientTag tag -> (headers = editor(headers, request)).addClientTag(tag.tag());
                }
            }
            if (!rule.continueMatching()) {
                break;
            }
        }
        return new Outcome(matched, group, routedBy, Optional.empty(), Optional.empty(), headers == null ? List.of() : headers.edits(), notes);
    }

    private static HeaderEditor editor(HeaderEditor current, RoutingRequest request)
    {
        return current != null ? current : new HeaderEditor(request.headers());
    }

    private static boolean matches(RoutingRule rule, CelVariableResolver variables, List<String> notes)
    {
        try {
            return Boolean.TRUE.equals(rule.program().eval(variables));
        }
        catch (CelEvaluationException e) {
            log.debug("Condition of routing rule {} failed", rule.name(), e);
            notes.add("rule '" + rule.name() + "': condition failed, treated as no match: " + e.getMessage());
            return false;
        }
    }
}
