package io.junction.routing;

import io.junction.cluster.ClusterDefinition;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A routing group as an operator declares it in the store. Clusters name their group; a group
 * that a cluster names exists even without a declaration (as in trino-gateway). A declaration
 * gives it a description and, when the rules come from the store
 * ({@code routing.rules-source=store}), its selection policy and fallback.
 *
 * @param settings how a cluster is chosen and where the group falls back (its name and
 *        description are this declaration's)
 */
public record RoutingGroupDefinition(String name, String description, RoutingGroup settings)
{
    public static final int MAX_DESCRIPTION_LENGTH = 1000;

    public RoutingGroupDefinition
    {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(settings, "settings is null");
        if (!ClusterDefinition.isValidName(name)) {
            throw new IllegalArgumentException("routing group name '" + name + "' must be 1-63 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException("routing group '" + name + "': description is longer than " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        if (!settings.name().equals(name)) {
            throw new IllegalArgumentException("routing group '" + name + "': settings name another group '" + settings.name() + "'");
        }
        settings = new RoutingGroup(name, description, settings.policy(), settings.hashKey(), settings.weights(), settings.fallback());
        for (Map.Entry<String, Integer> weight : settings.weights().entrySet()) {
            if (!ClusterDefinition.isValidName(weight.getKey())) {
                throw new IllegalArgumentException("routing group '" + name + "': weight names no valid cluster name: '" + weight.getKey() + "'");
            }
            if (weight.getValue() < 1) {
                throw new IllegalArgumentException("routing group '" + name + "': weight of cluster '" + weight.getKey() + "' must be a positive integer");
            }
        }
        if (settings.fallback().isPresent()) {
            String fallback = settings.fallback().get();
            if (!ClusterDefinition.isValidName(fallback)) {
                throw new IllegalArgumentException("routing group '" + name + "': fallback '" + fallback + "' is not a valid routing group name");
            }
            if (fallback.equals(name)) {
                throw new IllegalArgumentException("routing group '" + name + "': a group cannot fall back to itself");
            }
        }
    }

    /**
     * A declaration with a description and the default settings: least-loaded, strict isolation.
     */
    public RoutingGroupDefinition(String name, String description)
    {
        this(name, description, RoutingGroup.implicit(name));
    }

    public RoutingGroupDefinition withDescription(String newDescription)
    {
        return new RoutingGroupDefinition(name, newDescription, settings);
    }

    public static RoutingGroupDefinition of(String name, String description, RoutingGroup.SelectionPolicy policy, RoutingGroup.HashKey hashKey,
            Map<String, Integer> weights, Optional<String> fallback)
    {
        return new RoutingGroupDefinition(name, description, new RoutingGroup(name, description, policy, hashKey, weights, fallback));
    }
}
