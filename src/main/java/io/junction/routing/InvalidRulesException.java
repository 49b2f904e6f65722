package io.junction.routing;

import java.util.List;

/**
 * A rule set (or a change to one) was refused before anything was stored; {@link #problems()}
 * lists every problem.
 */
public final class InvalidRulesException
        extends RuntimeException
{
    private final List<RuleProblem> problems;

    public InvalidRulesException(List<RuleProblem> problems)
    {
        super("the rules are invalid (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "): "
                + String.join("; ", problems.stream().map(problem -> problem.rule().map(rule -> "rule '" + rule + "': ").orElse("") + problem.message()).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems()
    {
        return problems;
    }
}
