package io.junction.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterRegistry;
import io.junction.routing.RoutingGroup;
import io.junction.routing.RoutingGroupAdministration;
import io.junction.routing.RoutingGroupDefinition;
import io.junction.routing.RuleSource;
import io.junction.security.Access;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * {@code /api/v1/groups}: the routing groups, declared ones, those that clusters name without a
 * declaration, and (with rules from a file) those the rules file defines, each with its clusters
 * and the settings routing uses: policy, hash key, weights, fallback.
 * <p>
 * Where the settings come from depends on {@code routing.rules-source}: with {@code store} they
 * are the store's and are edited here; with {@code file} they are the rules file's {@code groups:}
 * section, and a request that sets them is refused (409) while descriptions can still be stored.
 */
public final class RoutingGroupResource
{
    private final RoutingGroupAdministration administration;
    private final ClusterRegistry registry;
    private final ApiJson json;
    private final RuleSource rules;
    private final boolean settingsInStore;

    /**
     * @param rules the rules in force (their groups are the file's when {@code settingsInStore} is false)
     * @param settingsInStore whether group settings come from the store ({@code routing.rules-source=store})
     */
    public RoutingGroupResource(RoutingGroupAdministration administration, ClusterRegistry registry, ApiJson json, RuleSource rules, boolean settingsInStore)
    {
        this.administration = requireNonNull(administration, "administration is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.json = requireNonNull(json, "json is null");
        this.rules = requireNonNull(rules, "rules is null");
        this.settingsInStore = settingsInStore;
    }

    /**
     * @param declared whether the store declares the group
     * @param settingsSource where policy, hash key, weights and fallback come from: {@code store},
     *        {@code file}, or {@code default} (least-loaded, strict isolation)
     * @param settingsEditable whether this API can change them
     */
    public record GroupView(String name, String description, boolean declared, String policy, String hashKey, Optional<Map<String, Integer>> weights,
            Optional<String> fallback, String settingsSource, boolean settingsEditable, List<String> clusters) {}

    public void register(ApiRoutes routes)
    {
        routes.json(Access.VIEWER, "GET", "/api/v1/groups", request -> ApiResponse.ok(List.copyOf(groups().values())))
                .json(Access.OPERATOR, "POST", "/api/v1/groups", request -> {
                    GroupBody body = json.read(request.body(), GroupBody.class);
                    RoutingGroupDefinition created = administration.create(body.toDefinition(Optional.empty(), settingsChecked(body)), request.actor());
                    return new ApiResponse.Json(201, view(created.name()));
                })
                .json(Access.VIEWER, "GET", "/api/v1/groups/{name}", request -> ApiResponse.ok(view(request.pathVariable("name"))))
                .json(Access.OPERATOR, "PUT", "/api/v1/groups/{name}", request -> {
                    GroupBody body = json.read(request.body(), GroupBody.class);
                    RoutingGroupDefinition group = body.toDefinition(Optional.of(request.pathVariable("name")), settingsChecked(body));
                    RoutingGroupDefinition updated = settingsInStore
                            ? administration.createOrUpdate(group, request.actor())
                            : administration.describe(group.name(), group.description(), request.actor());
                    return ApiResponse.ok(view(updated.name()));
                })
                .json(Access.OPERATOR, "DELETE", "/api/v1/groups/{name}", request -> {
                    administration.delete(request.pathVariable("name"), request.actor());
                    return new ApiResponse.Empty(204);
                });
    }

    /**
     * @throws ApiException 409 when the body sets settings that come from the rules file
     */
    private boolean settingsChecked(GroupBody body)
    {
        if (!settingsInStore && body.hasSettings()) {
            throw new ApiException(409, "routing group policies, hash keys, weights and fallbacks come from the rules file (routing.rules-source=file); "
                    + "edit its groups: section, or set routing.rules-source=store. Only 'description' can be stored here");
        }
        return settingsInStore;
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
            if (settingsInStore) {
                groups.put(group.name(), view(group.settings(), group.description(), true, "store"));
            }
            else {
                Optional<RoutingGroup> fromFile = rules.current().findGroup(group.name());
                String description = group.description().isEmpty() ? fromFile.map(RoutingGroup::description).orElse("") : group.description();
                groups.put(group.name(), view(fromFile.orElse(RoutingGroup.implicit(group.name())), description, true, fromFile.isPresent() ? "file" : "default"));
            }
        }
        if (!settingsInStore) {
            for (RoutingGroup group : rules.current().groups().values()) {
                groups.computeIfAbsent(group.name(), name -> view(group, group.description(), false, "file"));
            }
        }
        for (Cluster cluster : registry.snapshot().clusters()) {
            String group = cluster.definition().routingGroup();
            groups.computeIfAbsent(group, name -> view(RoutingGroup.implicit(name), "", false, "default"));
        }
        return groups;
    }

    private GroupView view(RoutingGroup settings, String description, boolean declared, String source)
    {
        return new GroupView(settings.name(), description, declared, settings.policy().configName(), settings.hashKey().configName(),
                settings.weights().isEmpty() ? Optional.empty() : Optional.of(new TreeMap<>(settings.weights())), settings.fallback(), source, settingsInStore,
                registry.snapshot().group(settings.name()).stream().map(Cluster::name).toList());
    }

    record GroupBody(
            @JsonProperty("name") String name,
            @JsonProperty("description") String description,
            @JsonProperty("policy") String policy,
            @JsonProperty("hashKey") String hashKey,
            @JsonProperty("weights") Map<String, Integer> weights,
            @JsonProperty("fallback") String fallback)
    {
        @JsonCreator
        GroupBody {}

        boolean hasSettings()
        {
            return policy != null || hashKey != null || weights != null || fallback != null;
        }

        /**
         * @param withSettings whether to read the settings (absent ones are the defaults); without, only the description counts
         */
        RoutingGroupDefinition toDefinition(Optional<String> pathName, boolean withSettings)
        {
            if (pathName.isPresent() && name != null && !name.equals(pathName.get())) {
                throw ApiException.badRequest("the body names routing group '" + name + "' but the URL names '" + pathName.get() + "'; a group cannot be renamed");
            }
            String groupName = pathName.orElse(name);
            if (groupName == null) {
                throw ApiException.badRequest("'name' is required");
            }
            String text = description == null ? "" : description;
            if (!withSettings) {
                return new RoutingGroupDefinition(groupName, text);
            }
            RoutingGroup.SelectionPolicy selection = policy == null ? RoutingGroup.SelectionPolicy.LEAST_LOADED : RoutingGroup.SelectionPolicy.fromConfigName(policy)
                    .orElseThrow(() -> ApiException.badRequest("unknown policy '" + policy + "' (least-loaded, round-robin, weighted, consistent-hash)"));
            RoutingGroup.HashKey key = hashKey == null ? RoutingGroup.HashKey.USER : RoutingGroup.HashKey.fromConfigName(hashKey)
                    .orElseThrow(() -> ApiException.badRequest("unknown hashKey '" + hashKey + "' (user, source, client-tag, trace-token)"));
            if (weights != null && weights.values().stream().anyMatch(weight -> weight == null)) {
                throw ApiException.badRequest("routing group '" + groupName + "': every weight must be a positive integer");
            }
            return RoutingGroupDefinition.of(groupName, text, selection, key, weights == null ? Map.of() : weights,
                    Optional.ofNullable(fallback).filter(value -> !value.isBlank()));
        }
    }
}
