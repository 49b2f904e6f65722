package io.junction.routing;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One immutable, validated set of routing groups and rules, replaced whole on reload.
 *
 * @param rules sorted by ascending priority, then by position in the file
 * @param origin where the set came from, for logs and dry runs
 */
public record RuleSet(Map<String, RoutingGroup> groups, List<RoutingRule> rules, String origin, RuleIndex index)
{
    public RuleSet
    {
        groups = Map.copyOf(requireNonNull(groups, "groups is null"));
        rules = List.copyOf(requireNonNull(rules, "rules is null"));
        requireNonNull(origin, "origin is null");
        requireNonNull(index, "index is null");
    }

    public RuleSet(Map<String, RoutingGroup> groups, List<RoutingRule> rules, String origin)
    {
        this(groups, sorted(rules), origin, new RuleIndex(sorted(rules)));
    }

    private static List<RoutingRule> sorted(List<RoutingRule> rules)
    {
        return requireNonNull(rules, "rules is null").stream().sorted(Comparator.comparingInt(RoutingRule::priority)).toList();
    }

    public static RuleSet empty()
    {
        return new RuleSet(Map.of(), List.of(), "no rules file");
    }

    public Optional<RoutingGroup> findGroup(String name)
    {
        return Optional.ofNullable(groups.get(name));
    }

    public RoutingGroup group(String name)
    {
        return groups.getOrDefault(name, RoutingGroup.implicit(name));
    }
}
