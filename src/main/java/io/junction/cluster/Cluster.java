package io.junction.cluster;

import static java.util.Objects.requireNonNull;

/**
 * A cluster as the data plane sees it: what was declared and its live state.
 */
public record Cluster(ClusterDefinition definition, ClusterState state)
{
    public Cluster
    {
        requireNonNull(definition, "definition is null");
        requireNonNull(state, "state is null");
    }

    public String name()
    {
        return definition.name();
    }

    public boolean acceptsNewQueries()
    {
        return definition.enabled() && state.health().health().acceptsNewQueries();
    }

    public boolean isUnreachable()
    {
        return state.health().health() == ClusterHealth.UNREACHABLE;
    }
}
