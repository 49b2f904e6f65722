package io.junction.routing;

import io.junction.cluster.ClusterDefinition;

import static java.util.Objects.requireNonNull;

/**
 * A routing group as an operator declares it. Clusters name their group; a group that a
 * cluster names exists even without a declaration (as in trino-gateway), and declaring it
 * gives it a description.
 */
public record RoutingGroupDefinition(String name, String description)
{
    public static final int MAX_DESCRIPTION_LENGTH = 1000;

    public RoutingGroupDefinition
    {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        if (!ClusterDefinition.isValidName(name)) {
            throw new IllegalArgumentException("routing group name '" + name + "' must be 1-63 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException("routing group '" + name + "': description is longer than " + MAX_DESCRIPTION_LENGTH + " characters");
        }
    }
}
