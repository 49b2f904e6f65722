package io.junction.routing;

/**
 * Where the routing rules come from (a file today; the store later). The current set is read
 * on every decision, so implementations return an immutable snapshot without blocking.
 */
public interface RuleSource
{
    RuleSet current();

    static RuleSource of(RuleSet rules)
    {
        return () -> rules;
    }
}
