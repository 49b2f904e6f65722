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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Changes the routing groups kept in the store, each with its audit entry and a new store
 * version in one transaction. Blocking; never on the request path.
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
            Instant now = clock.instant();
            groups.insert(handle, group, now);
            audit.append(handle, now, actor, AuditChange.CREATE, ENTITY_TYPE, group.name(), Optional.empty(), Optional.of(toJson(group)));
            return group;
        });
    }

    /**
     * Declares or redescribes a group (a group that clusters name but nobody declared yet is created).
     */
    public RoutingGroupDefinition createOrUpdate(RoutingGroupDefinition group, String actor)
    {
        return change(handle -> {
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

    private RoutingGroupDefinition change(Function<Handle, RoutingGroupDefinition> work)
    {
        RoutingGroupDefinition result = store.inTransaction(handle -> {
            versions.increment(handle);
            return work.apply(handle);
        });
        afterChange.run();
        return result;
    }

    private static String toJson(RoutingGroupDefinition group)
    {
        try {
            return MAPPER.writeValueAsString(Map.of("name", group.name(), "description", group.description()));
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
