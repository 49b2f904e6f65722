package io.junction.routing;

import dev.cel.runtime.CelRuntime;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A compiled rule: when {@code condition} holds, apply {@code actions} in order; then stop,
 * unless {@code continueMatching}.
 *
 * @param variables the request variables the condition reads (for indexing and SQL laziness)
 * @param guard a term the request must satisfy for the condition to hold, used by {@link RuleIndex}
 */
public record RoutingRule(
        String name,
        String description,
        int priority,
        String condition,
        List<RuleAction> actions,
        boolean continueMatching,
        CelRuntime.Program program,
        Set<String> variables,
        Optional<RuleIndex.Guard> guard)
{
    public RoutingRule
    {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(condition, "condition is null");
        actions = List.copyOf(requireNonNull(actions, "actions is null"));
        requireNonNull(program, "program is null");
        variables = Set.copyOf(requireNonNull(variables, "variables is null"));
        requireNonNull(guard, "guard is null");
    }

    public boolean usesSqlFacts()
    {
        return variables.stream().anyMatch(RuleLanguage.SQL_FACT_VARIABLES::contains);
    }
}
