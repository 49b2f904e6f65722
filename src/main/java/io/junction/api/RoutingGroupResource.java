package io.junction.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterRegistry;
import io.junction.routing.RoutingGroupAdministration;
import io.junction.routing.RoutingGroupDefinition;
import io.junction.security.Access;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * {@code /api/v1/groups}: the routing groups, declared ones (with a description) and those
 * that clusters name without a declaration, each with its clusters.
 */
public final class RoutingGroupResource
{
    private final RoutingGroupAdministration administration;
    private final ClusterRegistry registry;
    private final ApiJson json;

    public RoutingGroupResource(RoutingGroupAdministration administration, ClusterRegistry registry, ApiJson json)
    {
        this.administration = requireNonNull(administration, "administration is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.json = requireNonNull(json, "json is null");
    }

    public record GroupView(String name, Optional<String> description, boolean declared, List<String> clusters) {}

    public void register(ApiRoutes routes)
    {
        routes.json(Access.VIEWER, "GET", "/api/v1/groups", request -> ApiResponse.ok(List.copyOf(groups().values())))
                .json(Access.OPERATOR, "POST", "/api/v1/groups", request -> {
                    GroupBody body = json.read(request.body(), GroupBody.class);
                    RoutingGroupDefinition created = administration.create(body.toDefinition(Optional.empty()), request.actor());
                    return new ApiResponse.Json(201, view(created.name()));
                })
                .json(Access.VIEWER, "GET", "/api/v1/groups/{name}", request -> ApiResponse.ok(view(request.pathVariable("name"))))
                .json(Access.OPERATOR, "PUT", "/api/v1/groups/{name}", request -> {
                    GroupBody body = json.read(request.body(), GroupBody.class);
                    RoutingGroupDefinition updated = administration.createOrUpdate(body.toDefinition(Optional.of(request.pathVariable("name"))), request.actor());
                    return ApiResponse.ok(view(updated.name()));
                })
                .json(Access.OPERATOR, "DELETE", "/api/v1/groups/{name}", request -> {
                    administration.delete(request.pathVariable("name"), request.actor());
                    return new ApiResponse.Empty(204);
                });
    }

    private GroupView view(String name)
    {
        GroupView view = groups().get(name);
        if (view == null) {
            throw ApiException.notFound("routing group '" + name + "' does not exist");
        }
        return view;
    }

    private Map<String, GroupView> groups()
    {
        Map<String, GroupView> groups = new TreeMap<>();
        for (RoutingGroupDefinition group : administration.loadAll()) {
            groups.put(group.name(), new GroupView(group.name(), Optional.of(group.description()), true, members(group.name())));
        }
        for (Cluster cluster : registry.snapshot().clusters()) {
            String group = cluster.definition().routingGroup();
            groups.computeIfAbsent(group, name -> new GroupView(name, Optional.empty(), false, members(name)));
        }
        return groups;
    }

    private List<String> members(String group)
    {
        return registry.snapshot().group(group).stream().map(Cluster::name).toList();
    }

    record GroupBody(@JsonProperty("name") String name, @JsonProperty("description") String description)
    {
        @JsonCreator
        GroupBody {}

        RoutingGroupDefinition toDefinition(Optional<String> pathName)
        {
            if (pathName.isPresent() && name != null && !name.equals(pathName.get())) {
                throw ApiException.badRequest("the body names routing group '" + name + "' but the URL names '" + pathName.get() + "'; a group cannot be renamed");
            }
            String groupName = pathName.orElse(name);
            if (groupName == null) {
                throw ApiException.badRequest("'name' is required");
            }
            return new RoutingGroupDefinition(groupName, description == null ? "" : description);
        }
    }
}
