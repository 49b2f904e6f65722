package io.junction.routing;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One reason a rule set is refused.
 *
 * @param rule the rule it is about, when it is about one rule that has a name
 */
public record RuleProblem(Optional<String> rule, String message)
{
    public RuleProblem
    {
        requireNonNull(rule, "rule is null");
        requireNonNull(message, "message is null");
    }
}
