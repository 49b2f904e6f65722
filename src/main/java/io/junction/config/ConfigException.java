package io.junction.config;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Configuration that cannot be used. Carries every problem found, so that an operator
 * fixes them all in one round instead of one per restart.
 */
public final class ConfigException
        extends RuntimeException
{
    private final List<String> problems;

    public ConfigException(List<String> problems)
    {
        super(format(problems));
        this.problems = List.copyOf(requireNonNull(problems, "problems is null"));
    }

    public ConfigException(String problem)
    {
        this(List.of(problem));
    }

    public List<String> problems()
    {
        return problems;
    }

    private static String format(List<String> problems)
    {
        StringBuilder message = new StringBuilder("Invalid configuration (")
                .append(problems.size())
                .append(problems.size() == 1 ? " problem):" : " problems):");
        for (String problem : problems) {
            message.append("\n  - ").append(problem);
        }
        return message.toString();
    }
}
