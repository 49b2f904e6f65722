package io.junction.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterAdministration;
import io.junction.cluster.ClusterDefinition;
import io.junction.cluster.ClusterLifecycle;
import io.junction.cluster.ClusterLoad;
import io.junction.cluster.ClusterRegistry;
import io.junction.security.Access;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The endpoints of trino-gateway that its users automate against, with its JSON shapes
 * ({@code Backend}, {@code ClusterStats}) and its plain-text errors:
 * {@code /gateway/backend/...}, {@code /entity} and {@code /api/public/backends}.
 * A backend's {@code active} is Junction's state ACTIVE; deactivating makes it INACTIVE
 * (queries in flight there still finish, as in trino-gateway).
 */
public final class TrinoGatewayResource
{
    private static final String ENTITY_TYPE = "GATEWAY_BACKEND";
    private static final String DEFAULT_ROUTING_GROUP = "adhoc";

    private final ClusterAdministration administration;
    private final ClusterRegistry registry;
    private final ApiJson json;

    public TrinoGatewayResource(ClusterAdministration administration, ClusterRegistry registry, ApiJson json)
    {
        this.administration = requireNonNull(administration, "administration is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.json = requireNonNull(json, "json is null");
    }

    /**
     * trino-gateway's {@code ProxyBackendConfiguration}.
     */
    public record Backend(String name, String proxyTo, String externalUrl, String routingGroup, boolean active)
    {
        static Backend of(ClusterDefinition cluster)
        {
            return new Backend(cluster.name(), cluster.uri().toString(), cluster.externalUri().orElse(cluster.uri()).toString(),
                    cluster.routingGroup(), cluster.lifecycle() == ClusterLifecycle.ACTIVE);
        }
    }

    /**
     * trino-gateway's {@code ClusterStats}. Running and queued are the cluster's own counts when {@code load.source} reads them;
     * otherwise running is the queries this node has in flight there and queued is 0. Workers are not known (0).
     */
    public record ClusterStats(String clusterId, int runningQueryCount, int queuedQueryCount, int numWorkerNodes, String trinoStatus,
            String proxyTo, String externalUrl, String routingGroup, Map<String, Integer> userQueuedCount) {}

    public void register(ApiRoutes routes)
    {
        routes.text(Access.VIEWER, "GET", "/gateway", request -> new ApiResponse.Text(200, "text/plain;charset=utf-8", "ok"))
                .text(Access.VIEWER, "GET", "/gateway/backend/all", request -> ApiResponse.ok(backends(false)))
                .text(Access.VIEWER, "GET", "/gateway/backend/active", request -> ApiResponse.ok(backends(true)))
                .text(Access.OPERATOR, "POST", "/gateway/backend/activate/{name}", request -> changeLifecycle(request, ClusterLifecycle.ACTIVE))
                .text(Access.OPERATOR, "POST", "/gateway/backend/deactivate/{name}", request -> changeLifecycle(request, ClusterLifecycle.INACTIVE))
                .text(Access.OPERATOR, "POST", "/gateway/backend/modify/add", request ->
                        ApiResponse.ok(Backend.of(administration.create(toDefinition(json.read(request.body(), BackendBody.class)), request.actor()))))
                .text(Access.OPERATOR, "POST", "/gateway/backend/modify/update", request ->
                        ApiResponse.ok(Backend.of(administration.createOrUpdate(toDefinition(json.read(request.body(), BackendBody.class)), request.actor()))))
                .text(Access.OPERATOR, "POST", "/gateway/backend/modify/delete", this::delete)
                .text(Access.VIEWER, "GET", "/entity", request -> ApiResponse.ok(List.of(ENTITY_TYPE)))
                .text(Access.OPERATOR, "POST", "/entity", this::upsertEntity)
                .text(Access.VIEWER, "GET", "/entity/{entityType}", request -> {
                    requireBackendEntityType(request.pathVariable("entityType"));
                    return ApiResponse.ok(backends(false));
                })
                .text(Access.VIEWER, "GET", "/api/public/backends", request -> ApiResponse.ok(backends(false)))
                .text(Access.VIEWER, "GET", "/api/public/backends/{name}", request -> ApiResponse.ok(Backend.of(find(request.pathVariable("name")).definition())))
                .text(Access.VIEWER, "GET", "/api/public/backends/{name}/state", request -> ApiResponse.ok(stats(find(request.pathVariable("name")))));
    }

    private List<Backend> backends(boolean activeOnly)
    {
        return registry.snapshot().clusters().stream()
                .map(Cluster::definition)
                .filter(cluster -> !activeOnly || cluster.lifecycle() == ClusterLifecycle.ACTIVE)
                .map(Backend::of)
                .toList();
    }

    private ApiResponse changeLifecycle(ApiRequest request, ClusterLifecycle lifecycle)
    {
        administration.changeLifecycle(request.pathVariable("name"), lifecycle, request.actor());
        return new ApiResponse.Empty(200);
    }

    private ApiResponse delete(ApiRequest request)
    {
        String name = request.body().strip();
        if (name.isEmpty()) {
            throw ApiException.badRequest("the request body must be the name of the backend to delete");
        }
        administration.delete(name, request.actor());
        return new ApiResponse.Empty(200);
    }

    private ApiResponse upsertEntity(ApiRequest request)
    {
        requireBackendEntityType(request.queryParameter("entityType")
                .orElseThrow(() -> ApiException.badRequest("query parameter 'entityType' is required; the only entity type is " + ENTITY_TYPE)));
        administration.createOrUpdate(toDefinition(json.read(request.body(), BackendBody.class)), request.actor());
        return new ApiResponse.Empty(200);
    }

    private static void requireBackendEntityType(String entityType)
    {
        if (!ENTITY_TYPE.equals(entityType)) {
            throw ApiException.badRequest("unknown entity type '" + entityType + "'; the only entity type is " + ENTITY_TYPE);
        }
    }

    private Cluster find(String name)
    {
        return registry.snapshot().find(name).orElseThrow(() -> ApiException.notFound("backend '" + name + "' does not exist"));
    }

    private static ClusterStats stats(Cluster cluster)
    {
        String status = switch (cluster.state().health().health()) {
            case HEALTHY -> "HEALTHY";
            case UNKNOWN, STARTING -> "PENDING";
            case SHUTTING_DOWN, UNHEALTHY, UNREACHABLE -> "UNHEALTHY";
        };
        Backend backend = Backend.of(cluster.definition());
        Optional<ClusterLoad> load = cluster.state().load().load();
        return new ClusterStats(cluster.name(), load.map(ClusterLoad::running).orElse(cluster.state().inFlight()), load.map(ClusterLoad::queued).orElse(0), 0,
                status, backend.proxyTo(), backend.externalUrl(), backend.routingGroup(), Map.of());
    }

    private ClusterDefinition toDefinition(BackendBody body)
    {
        if (body.name() == null) {
            throw ApiException.badRequest("'name' is required");
        }
        if (body.proxyTo() == null) {
            throw ApiException.badRequest("'proxyTo' is required");
        }
        boolean forwardedHeaders = registry.snapshot().find(body.name()).map(cluster -> cluster.definition().forwardedHeaders()).orElse(true);
        URI proxyTo = ClusterResource.parseUri("proxyTo", body.proxyTo());
        Optional<URI> externalUrl = Optional.ofNullable(body.externalUrl())
                .map(value -> ClusterResource.parseUri("externalUrl", value))
                .filter(uri -> !uri.toString().equals(body.proxyTo()));
        return new ClusterDefinition(body.name(), proxyTo, body.routingGroup() == null ? DEFAULT_ROUTING_GROUP : body.routingGroup(),
                body.active() == null || body.active() ? ClusterLifecycle.ACTIVE : ClusterLifecycle.INACTIVE, forwardedHeaders, externalUrl);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record BackendBody(
            @JsonProperty("name") String name,
            @JsonProperty("proxyTo") String proxyTo,
            @JsonProperty("externalUrl") String externalUrl,
            @JsonProperty("routingGroup") String routingGroup,
            @JsonProperty("active") Boolean active)
    {
        @JsonCreator
        BackendBody {}
    }
}
