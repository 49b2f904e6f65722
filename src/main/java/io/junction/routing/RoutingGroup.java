package io.junction.routing;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A routing group: the clusters that name it, how one of them is chosen, and what happens
 * when none can take a query.
 *
 * @param hashKey what {@link SelectionPolicy#CONSISTENT_HASH} hashes
 * @param weights per cluster name for {@link SelectionPolicy#WEIGHTED}; clusters not listed weigh 1
 * @param fallback the group to try when none of this group's clusters can take the query; empty
 *        means strict isolation: the query is rejected
 */
public record RoutingGroup(String name, String description, SelectionPolicy policy, HashKey hashKey, Map<String, Integer> weights, Optional<String> fallback)
{
    public RoutingGroup
    {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(policy, "policy is null");
        requireNonNull(hashKey, "hashKey is null");
        weights = Map.copyOf(requireNonNull(weights, "weights is null"));
        requireNonNull(fallback, "fallback is null");
    }

    /**
     * A group that exists only because a cluster names it: least-loaded, no fallback.
     */
    public static RoutingGroup implicit(String name)
    {
        return new RoutingGroup(name, "", SelectionPolicy.LEAST_LOADED, HashKey.USER, Map.of(), Optional.empty());
    }

    public int weight(String cluster)
    {
        return weights.getOrDefault(cluster, 1);
    }

    public enum SelectionPolicy
    {
        LEAST_LOADED("least-loaded"),
        ROUND_ROBIN("round-robin"),
        WEIGHTED("weighted"),
        CONSISTENT_HASH("consistent-hash");

        private final String configName;

        SelectionPolicy(String configName)
        {
            this.configName = configName;
        }

        public String configName()
        {
            return configName;
        }

        public static Optional<SelectionPolicy> fromConfigName(String name)
        {
            for (SelectionPolicy policy : values()) {
                if (policy.configName.equals(name)) {
                    return Optional.of(policy);
                }
            }
            return Optional.empty();
        }
    }

    public enum HashKey
    {
        USER("user"),
        SOURCE("source"),
        CLIENT_TAG("client-tag"),
        TRACE_TOKEN("trace-token");

        private final String configName;

        HashKey(String configName)
        {
            this.configName = configName;
        }

        public String configName()
        {
            return configName;
        }

        public static Optional<HashKey> fromConfigName(String name)
        {
            for (HashKey key : values()) {
                if (key.configName.equals(name)) {
                    return Optional.of(key);
                }
            }
            return Optional.empty();
        }

        Optional<String> of(RoutingRequest request)
        {
            return switch (this) {
                case USER -> request.user();
                case SOURCE -> request.source();
                case CLIENT_TAG -> request.clientTags().stream().sorted().findFirst();
                case TRACE_TOKEN -> request.traceToken();
            };
        }
    }
}
