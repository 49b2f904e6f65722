package io.junction.routing;

import java.util.List;

/**
 * A rules document was refused; {@link #problems()} names every rule and what is wrong with it.
 */
public final class RuleSetException
        extends RuntimeException
{
    private final List<String> problems;

    public RuleSetException(List<String> problems)
    {
        super("Invalid routing rules:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems()
    {
        return problems;
    }
}
