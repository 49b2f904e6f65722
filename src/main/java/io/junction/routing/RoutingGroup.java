package io.junction.routing;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A routing group: the clusters that name it, how one of them is chosen, and what happens
 * when none can take a query.
 *
 * @param hashKey what {@link SelectionPolicy#CONSISTENT_HASH} hashes
 * @param weights per cluster name for {@link SelectionPolicy#WEIGHTED}; clusters not listed weigh 1; weight 0 is a
 *        standby that gets queries only when no cluster of positive weight can take them
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
        LEAST_LOADED,
        ROUND_ROBIN,
        WEIGHTED,
        CONSISTENT_HASH;

        private final String configName = RoutingGroup.configName(this);

        /**
         * The name in the rules file, e.g. {@code round-robin}.
         */
        public String configName()
        {
            return configName;
        }

        public static Optional<SelectionPolicy> fromConfigName(String name)
        {
            return RoutingGroup.fromConfigName(SelectionPolicy.class, name);
        }
    }

    public enum HashKey
    {
        USER,
        SOURCE,
        CLIENT_TAG,
        TRACE_TOKEN;

        private final String configName = RoutingGroup.configName(this);

        /**
         * The name in the rules file, e.g. {@code client-tag}.
         */
        public String configName()
        {
            return configName;
        }

        public static Optional<HashKey> fromConfigName(String name)
        {
            return RoutingGroup.fromConfigName(HashKey.class, name);
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

    private static String configName(Enum<?> value)
    {
        return value.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static <E extends Enum<E>> Optional<E> fromConfigName(Class<E> type, String name)
    {
        for (E value : type.getEnumConstants()) {
            if (configName(value).equals(name)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
