package io.junction.proxy;

import static java.util.Objects.requireNonNull;

/**
 * What a request is, as far as routing it goes.
 */
public sealed interface ProxyTarget
{
    /**
     * {@code POST /v1/statement}: a new query, routed by the router.
     */
    record Submission()
            implements ProxyTarget {}

    /**
     * A request under a route-token prefix: {@code /j/<token><path>}; goes to the token's cluster.
     *
     * @param path the path with the prefix removed, as the cluster serves it
     * @param queryId the query id in the path, or empty if it has none
     */
    record Tokened(String token, String path, java.util.Optional<String> queryId)
            implements ProxyTarget
    {
        public Tokened
        {
            requireNonNull(token, "token is null");
            requireNonNull(path, "path is null");
            requireNonNull(queryId, "queryId is null");
        }
    }

    /**
     * A request that names a query but carries no token ({@code /v1/query/{id}}, UI query pages,
     * statement URIs without a prefix); routed by query-id affinity.
     */
    record QueryScoped(String queryId)
            implements ProxyTarget
    {
        public QueryScoped
        {
            requireNonNull(queryId, "queryId is null");
        }
    }

    /**
     * A Trino path not tied to a query ({@code /v1/info}, {@code /ui/...}, {@code /oauth2/...}):
     * any cluster of the default group will do, sticky per browser for the UI.
     */
    record ClusterWide()
            implements ProxyTarget {}

    /**
     * Not a path Junction proxies.
     */
    record NotProxied()
            implements ProxyTarget {}
}
