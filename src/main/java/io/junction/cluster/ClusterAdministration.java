package io.junction.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.audit.AuditChange;
import io.junction.audit.AuditLogDao;
import io.junction.store.Store;
import io.junction.store.StoreVersionDao;
import org.jdbi.v3.core.Handle;

import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Changes the clusters kept in the store. Each change, its audit entry and the store
 * version move in one transaction; after it commits, this node's snapshot is refreshed
 * at once and every other node's within its refresh interval.
 * <p>
 * Blocking (JDBC): used by the admin API and at startup, never on the request path.
 *
 * @throws io.junction.store.StoreUnavailableException from every method when the store cannot be reached
 */
public final class ClusterAdministration
{
    public static final String ENTITY_TYPE = "cluster";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Store store;
    private final ClusterDao clusters;
    private final AuditLogDao audit;
    private final StoreVersionDao versions;
    private final InstantSource clock;
    private final Runnable afterChange;

    public ClusterAdministration(Store store, ClusterDao clusters, AuditLogDao audit, StoreVersionDao versions, InstantSource clock, Runnable afterChange)
    {
        this.store = requireNonNull(store, "store is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.versions = requireNonNull(versions, "versions is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.afterChange = requireNonNull(afterChange, "afterChange is null");
    }

    public List<ClusterDefinition> loadAll()
    {
        return store.withHandle(clusters::loadAll);
    }

    /**
     * @throws FleetChangeException (conflict) if a cluster of that name exists
     */
    public ClusterDefinition create(ClusterDefinition cluster, String actor)
    {
        return change(handle -> {
            if (clusters.find(handle, cluster.name()).isPresent()) {
                throw new FleetChangeException(FleetChangeException.Kind.CONFLICT, "cluster '" + cluster.name() + "' already exists");
            }
            return insert(handle, cluster, actor);
        });
    }

    /**
     * @throws FleetChangeException (not found) if no cluster has the name
     */
    public ClusterDefinition update(ClusterDefinition cluster, String actor)
    {
        return change(handle -> {
            ClusterDefinition before = clusters.find(handle, cluster.name()).orElseThrow(() -> notFound(cluster.name()));
            return replace(handle, before, cluster, actor);
        });
    }

    /**
     * Creates the cluster, or replaces the one of the same name (trino-gateway's update).
     */
    public ClusterDefinition createOrUpdate(ClusterDefinition cluster, String actor)
    {
        return change(handle -> {
            Optional<ClusterDefinition> before = clusters.find(handle, cluster.name());
            if (before.isEmpty()) {
                return insert(handle, cluster, actor);
            }
            return replace(handle, before.get(), cluster, actor);
        });
    }

    public ClusterDefinition changeLifecycle(String name, ClusterLifecycle lifecycle, String actor)
    {
        return change(handle -> {
            ClusterDefinition before = clusters.find(handle, name).orElseThrow(() -> notFound(name));
            return replace(handle, before, before.withLifecycle(lifecycle), actor);
        });
    }

    /**
     * @throws FleetChangeException (not found) if no cluster has the name
     */
    public ClusterDefinition delete(String name, String actor)
    {
        return change(handle -> {
            ClusterDefinition before = clusters.find(handle, name).orElseThrow(() -> notFound(name));
            clusters.delete(handle, name);
            audit.append(handle, clock.instant(), actor, AuditChange.DELETE, ENTITY_TYPE, name, Optional.of(toJson(before)), Optional.empty());
            return before;
        });
    }

    /**
     * Adds the seed file's clusters that the store does not have yet. Clusters already in
     * the store keep what was stored (changes made through the API win), so importing the
     * same file again changes nothing.
     *
     * @return the names of the clusters added
     */
    public List<String> importSeed(List<ClusterDefinition> seed, String actor)
    {
        List<String> added = store.inTransaction(handle -> {
            versions.increment(handle);
            return seed.stream()
                    .filter(cluster -> clusters.find(handle, cluster.name()).isEmpty())
                    .map(cluster -> insert(handle, cluster, actor).name())
                    .toList();
        });
        afterChange.run();
        return added;
    }

    private ClusterDefinition change(Function<Handle, ClusterDefinition> work)
    {
        ClusterDefinition result = store.inTransaction(handle -> {
            // first: takes the version row's lock, so concurrent changes on other nodes queue here
            versions.increment(handle);
            return work.apply(handle);
        });
        afterChange.run();
        return result;
    }

    private ClusterDefinition insert(Handle handle, ClusterDefinition cluster, String actor)
    {
        Instant now = clock.instant();
        clusters.insert(handle, cluster, now);
        audit.append(handle, now, actor, AuditChange.CREATE, ENTITY_TYPE, cluster.name(), Optional.empty(), Optional.of(toJson(cluster)));
        return cluster;
    }

    private ClusterDefinition replace(Handle handle, ClusterDefinition before, ClusterDefinition after, String actor)
    {
        Instant now = clock.instant();
        clusters.update(handle, after, now);
        audit.append(handle, now, actor, AuditChange.UPDATE, ENTITY_TYPE, after.name(), Optional.of(toJson(before)), Optional.of(toJson(after)));
        return after;
    }

    private static FleetChangeException notFound(String name)
    {
        return new FleetChangeException(FleetChangeException.Kind.NOT_FOUND, "cluster '" + name + "' does not exist");
    }

    /**
     * The cluster as the audit log and the admin API show it.
     */
    public static Map<String, Object> toDocument(ClusterDefinition cluster)
    {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", cluster.name());
        document.put("uri", cluster.uri().toString());
        document.put("externalUri", cluster.externalUri().map(URI::toString).orElse(null));
        document.put("routingGroup", cluster.routingGroup());
        document.put("state", cluster.lifecycle().name());
        document.put("forwardedHeaders", cluster.forwardedHeaders());
        return document;
    }

    private static String toJson(ClusterDefinition cluster)
    {
        try {
            return MAPPER.writeValueAsString(toDocument(cluster));
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
