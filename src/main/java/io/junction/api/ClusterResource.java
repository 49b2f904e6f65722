package io.junction.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.junction.cluster.ClusterAdministration;
import io.junction.cluster.ClusterDefinition;
import io.junction.cluster.ClusterLifecycle;
import io.junction.cluster.ClusterRegistry;
import io.junction.cluster.LoadSource;
import io.junction.security.Access;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code /api/v1/clusters}: list and read (from this node's snapshot, so reads work while
 * the store is down), create, replace, delete, and change the state (active, draining,
 * inactive). Writes go to the store and are in force on every node within seconds.
 */
public final class ClusterResource
{
    private final ClusterAdministration administration;
    private final ClusterRegistry registry;
    private final ApiJson json;
    private final LoadSource loadSource;

    public ClusterResource(ClusterAdministration administration, ClusterRegistry registry, ApiJson json, LoadSource loadSource)
    {
        this.administration = requireNonNull(administration, "administration is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.json = requireNonNull(json, "json is null");
        this.loadSource = requireNonNull(loadSource, "loadSource is null");
    }

    public void register(ApiRoutes routes)
    {
        routes.json(Access.VIEWER, "GET", "/api/v1/clusters", request -> ApiResponse.ok(registry.snapshot().clusters().stream().map(cluster -> ClusterView.of(cluster, loadSource)).toList()))
                .json(Access.OPERATOR, "POST", "/api/v1/clusters", this::create)
                .json(Access.VIEWER, "GET", "/api/v1/clusters/{name}", request -> ApiResponse.ok(ClusterView.of(registry.snapshot().find(request.pathVariable("name"))
                        .orElseThrow(() -> ApiException.notFound("cluster '" + request.pathVariable("name") + "' does not exist")), loadSource)))
                .json(Access.OPERATOR, "PUT", "/api/v1/clusters/{name}", this::replace)
                .json(Access.OPERATOR, "DELETE", "/api/v1/clusters/{name}", request -> {
                    administration.delete(request.pathVariable("name"), request.actor());
                    return new ApiResponse.Empty(204);
                })
                .json(Access.OPERATOR, "PUT", "/api/v1/clusters/{name}/state", this::changeState);
    }

    private ApiResponse create(ApiRequest request)
    {
        ClusterBody body = json.read(request.body(), ClusterBody.class);
        ClusterDefinition created = administration.create(body.toDefinition(Optional.empty()), request.actor());
        return new ApiResponse.Json(201, view(created));
    }

    private ApiResponse replace(ApiRequest request)
    {
        ClusterBody body = json.read(request.body(), ClusterBody.class);
        ClusterDefinition updated = administration.update(body.toDefinition(Optional.of(request.pathVariable("name"))), request.actor());
        return ApiResponse.ok(view(updated));
    }

    private ApiResponse changeState(ApiRequest request)
    {
        StateBody body = json.read(request.body(), StateBody.class);
        ClusterDefinition updated = administration.changeLifecycle(request.pathVariable("name"), parseState(body.state()), request.actor());
        return ApiResponse.ok(view(updated));
    }

    private ClusterView view(ClusterDefinition definition)
    {
        return ClusterView.of(definition, registry.snapshot().find(definition.name()), loadSource);
    }

    static ClusterLifecycle parseState(String state)
    {
        if (state == null) {
            throw ApiException.badRequest("'state' is required: one of ACTIVE, DRAINING, INACTIVE");
        }
        try {
            return ClusterLifecycle.valueOf(state.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid state '" + state + "': expected one of ACTIVE, DRAINING, INACTIVE");
        }
    }

    static URI parseUri(String field, String value)
    {
        try {
            return new URI(value);
        }
        catch (URISyntaxException e) {
            throw ApiException.badRequest("invalid " + field + " '" + value + "': " + e.getReason());
        }
    }

    record StateBody(@JsonProperty("state") String state)
    {
        @JsonCreator
        StateBody {}
    }

    record ClusterBody(
            @JsonProperty("name") String name,
            @JsonProperty("uri") String uri,
            @JsonProperty("externalUri") String externalUri,
            @JsonProperty("routingGroup") String routingGroup,
            @JsonProperty("state") String state,
            @JsonProperty("forwardedHeaders") Boolean forwardedHeaders)
    {
        @JsonCreator
        ClusterBody {}

        /**
         * @param pathName the name in the URL of a replace; the body's name, if any, must match it
         */
        ClusterDefinition toDefinition(Optional<String> pathName)
        {
            if (pathName.isPresent() && name != null && !name.equals(pathName.get())) {
                throw ApiException.badRequest("the body names cluster '" + name + "' but the URL names '" + pathName.get() + "'; a cluster cannot be renamed");
            }
            String clusterName = pathName.orElse(name);
            if (clusterName == null) {
                throw ApiException.badRequest("'name' is required");
            }
            if (uri == null) {
                throw ApiException.badRequest("'uri' is required");
            }
            if (routingGroup == null) {
                throw ApiException.badRequest("'routingGroup' is required");
            }
            return new ClusterDefinition(
                    clusterName,
                    parseUri("uri", uri),
                    routingGroup,
                    state == null ? ClusterLifecycle.ACTIVE : parseState(state),
                    forwardedHeaders == null || forwardedHeaders,
                    Optional.ofNullable(externalUri).map(value -> parseUri("externalUri", value)));
        }
    }
}
