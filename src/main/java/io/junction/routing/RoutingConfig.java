package io.junction.routing;

import io.junction.config.ConfigProperties;

import static java.util.Objects.requireNonNull;

/**
 * How new queries choose a routing group.
 */
public record RoutingConfig(String defaultGroup)
{
    public RoutingConfig
    {
        requireNonNull(defaultGroup, "defaultGroup is null");
    }

    public static RoutingConfig from(ConfigProperties properties)
    {
        return new RoutingConfig(properties.string("routing.default-group", "adhoc",
                "Routing group of queries that name no group (X-Trino-Routing-Group) or name an unknown one"));
    }
}
