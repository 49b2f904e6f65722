package io.junction.cluster;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * What an operator declares about a Trino cluster.
 *
 * @param name unique, stable name; it is what route tokens carry
 * @param uri the coordinator's base URI, e.g. {@code http://trino-1:8080}
 * @param routingGroup the routing group the cluster serves
 * @param lifecycle active, draining or inactive: only active clusters may receive new queries
 * @param forwardedHeaders whether the coordinator runs with {@code http-server.process-forwarded=true};
 *        when false Junction sends no {@code X-Forwarded-*} headers and rewrites the URIs in replies instead
 * @param externalUri the URI shown to people (UI links), when it differs from {@code uri}
 */
public record ClusterDefinition(String name, URI uri, String routingGroup, ClusterLifecycle lifecycle, boolean forwardedHeaders, Optional<URI> externalUri)
{
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    public ClusterDefinition
    {
        requireNonNull(name, "name is null");
        requireNonNull(uri, "uri is null");
        requireNonNull(routingGroup, "routingGroup is null");
        requireNonNull(lifecycle, "lifecycle is null");
        requireNonNull(externalUri, "externalUri is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("cluster name '" + name + "' must be 1-63 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        if (!isHttp(uri)) {
            throw new IllegalArgumentException("cluster '" + name + "': uri '" + uri + "' must be an absolute http or https URI");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("cluster '" + name + "': uri '" + uri + "' has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("cluster '" + name + "': uri '" + uri.getScheme() + "://...@" + uri.getHost() + "' must not carry user information; credentials travel in the clients' own headers");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("cluster '" + name + "': uri '" + uri + "' must not have a query or fragment");
        }
        if (!NAME.matcher(routingGroup).matches()) {
            throw new IllegalArgumentException("cluster '" + name + "': routing group '" + routingGroup + "' must be 1-63 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        if (externalUri.isPresent() && (!isHttp(externalUri.get()) || externalUri.get().getHost() == null || externalUri.get().getRawUserInfo() != null)) {
            throw new IllegalArgumentException("cluster '" + name + "': external uri '" + externalUri.get() + "' must be an absolute http or https URI with a host and no user information");
        }
        String path = uri.getRawPath();
        if (path != null && path.endsWith("/")) {
            uri = URI.create(uri.toString().substring(0, uri.toString().length() - 1));
        }
    }

    public ClusterDefinition(String name, URI uri, String routingGroup, boolean enabled, boolean forwardedHeaders)
    {
        this(name, uri, routingGroup, enabled ? ClusterLifecycle.ACTIVE : ClusterLifecycle.INACTIVE, forwardedHeaders, Optional.empty());
    }

    /**
     * Whether the operator lets the cluster receive new queries (its lifecycle is active).
     */
    public boolean enabled()
    {
        return lifecycle.acceptsNewQueries();
    }

    public ClusterDefinition withLifecycle(ClusterLifecycle newLifecycle)
    {
        return new ClusterDefinition(name, uri, routingGroup, newLifecycle, forwardedHeaders, externalUri);
    }

    private static boolean isHttp(URI uri)
    {
        return "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
    }

    /**
     * Checks a name of a cluster or routing group.
     */
    public static boolean isValidName(String name)
    {
        return name != null && NAME.matcher(name).matches();
    }
}
