package io.junction.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.audit.AuditChange;
import io.junction.audit.AuditLogDao;
import io.junction.cluster.ClusterDao;
import io.junction.cluster.FleetChangeException;
import io.junction.store.Store;
import io.junction.store.StoreVersionDao;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Changes the routing groups kept in the store, each with its audit entry and a new store
 * version in one transaction. A change that would make fallbacks loop is refused. Blocking;
 * never on the request path.
 */
public final class RoutingGroupAdministration
{
    public static final String ENTITY_TYPE = "routing-group";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Store store;
    private final RoutingGroupDao groups;
    private final ClusterDao clusters;
    private final AuditLogDao audit;
    private final StoreVersionDao versions;
    private final InstantSource clock;
    private final Runnable afterChange;

    public RoutingGroupAdministration(Store store, RoutingGroupDao groups, ClusterDao clusters, AuditLogDao audit, StoreVersionDao versions, InstantSource clock, Runnable afterChange)
    {
        this.store = requireNonNull(store, "store is null");
        this.groups = requireNonNull(groups, "groups is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.versions = requireNonNull(versions, "versions is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.afterChange = requireNonNull(afterChange, "afterChange is null");
    }

    public List<RoutingGroupDefinition> loadAll()
    {
        return store.withHandle(groups::loadAll);
    }

    public RoutingGroupDefinition create(RoutingGroupDefinition group, String actor)
    {
        return change(handle -> {
            if (groups.find(handle, group.name()).isPresent()) {
                throw new FleetChangeException(FleetChangeException.Kind.CONFLICT, "routing group '" + group.name() + "' already exists");
            }
            checkFallbacks(handle, group);
            Instant now = clock.instant();
            groups.insert(handle, group, now);
            audit.append(handle, now, actor, AuditChange.CREATE, ENTITY_TYPE, group.name(), Optional.empty(), Optional.of(toJson(group)));
            return group;
        });
    }

    /**
     * Declares a group or replaces its declaration, settings included (a group that clusters
     * name but nobody declared yet is created).
     */
    public RoutingGroupDefinition createOrUpdate(RoutingGroupDefinition group, String actor)
    {
        return change(handle -> {
            checkFallbacks(handle, group);
            Instant now = clock.instant();
            Optional<RoutingGroupDefinition> before = groups.find(handle, group.name());
            if (before.isEmpty()) {
                groups.insert(handle, group, now);
                audit.append(handle, now, actor, AuditChange.CREATE, ENTITY_TYPE, group.name(), Optional.empty(), Optional.of(toJson(group)));
                return group;
            }
            groups.update(handle, group, now);
            audit.append(handle, now, actor, AuditChange.UPDATE, ENTITY_TYPE, group.name(), Optional.of(toJson(before.get())), Optional.of(toJson(group)));
            return group;
        });
    }

    /**
     * Declares a group or changes only its description; stored settings stay (they are not in
     * force while the rules come from a file, and must survive description edits made then).
     */
    public RoutingGroupDefinition describe(String name, String description, String actor)
    {
        return change(handle -> {
            Instant now = clock.instant();
            Optional<RoutingGroupDefinition> before = groups.find(handle, name);
            if (before.isEmpty()) {
                RoutingGroupDefinition group = new RoutingGroupDefinition(name, description);
                groups.insert(handle, group, now);
                audit.append(handle, now, actor, AuditChange.CREATE, ENTITY_TYPE, name, Optional.empty(), Optional.of(toJson(group)));
                return group;
            }
            RoutingGroupDefinition after = before.get().withDescription(description);
            groups.update(handle, after, now);
            audit.append(handle, now, actor, AuditChange.UPDATE, ENTITY_TYPE, name, Optional.of(toJson(before.get())), Optional.of(toJson(after)));
            return after;
        });
    }

    /**
     * @throws FleetChangeException not found when the group is not declared; conflict while clusters are in it
     */
    public RoutingGroupDefinition delete(String name, String actor)
    {
        return change(handle -> {
            RoutingGroupDefinition before = groups.find(handle, name)
                    .orElseThrow(() -> new FleetChangeException(FleetChangeException.Kind.NOT_FOUND, "routing group '" + name + "' does not exist"));
            int members = clusters.countInGroup(handle, name);
            if (members > 0) {
                throw new FleetChangeException(FleetChangeException.Kind.CONFLICT,
                        "routing group '" + name + "' still has " + members + " cluster(s); move or delete them first");
            }
            groups.delete(handle, name);
            audit.append(handle, clock.instant(), actor, AuditChange.DELETE, ENTITY_TYPE, name, Optional.of(toJson(before)), Optional.empty());
            return before;
        });
    }

    /**
     * Refuses a change after which following fallbacks from some group comes back to it.
     */
    private void checkFallbacks(Handle handle, RoutingGroupDefinition changed)
    {
        Map<String, RoutingGroup> all = new LinkedHashMap<>();
        for (RoutingGroupDefinition group : groups.loadAll(handle)) {
            all.put(group.name(), group.settings());
        }
        all.put(changed.name(), changed.settings());
        List<String> problems = new ArrayList<>();
        RuleSetParser.checkFallbacks(all, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private RoutingGroupDefinition change(Function<Handle, RoutingGroupDefinition> work)
    {
        RoutingGroupDefinition result = store.inTransaction(handle -> {
            versions.increment(handle);
            return work.apply(handle);
        });
        afterChange.run();
        return result;
    }

    /**
     * The group as the audit log and the admin API show it: the rules file's field values, in
     * the API's camel case.
     */
    public static Map<String, Object> toDocument(RoutingGroupDefinition group)
    {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", group.name());
        document.put("description", group.description());
        document.put("policy", group.settings().policy().configName());
        document.put("hashKey", group.settings().hashKey().configName());
        if (!group.settings().weights().isEmpty()) {
            document.put("weights", new java.util.TreeMap<>(group.settings().weights()));
        }
        group.settings().fallback().ifPresent(fallback -> document.put("fallback", fallback));
        return document;
    }

    static String toJson(RoutingGroupDefinition group)
    {
        try {
            return MAPPER.writeValueAsString(toDocument(group));
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
