package io.junction.routing;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code routing_groups} table. Methods take the caller's handle, as {@link io.junction.cluster.ClusterDao} does.
 */
public final class RoutingGroupDao
{
    private static final RowMapper<RoutingGroupDefinition> MAPPER = (rows, context) -> new RoutingGroupDefinition(
            rows.getString("name"),
            rows.getString("description"));

    public List<RoutingGroupDefinition> loadAll(Handle handle)
    {
        return handle.createQuery("""
                        SELECT name, description
                        FROM routing_groups
                        ORDER BY name
                        """)
                .map(MAPPER)
                .list();
    }

    public Optional<RoutingGroupDefinition> find(Handle handle, String name)
    {
        return handle.createQuery("""
                        SELECT name, description
                        FROM routing_groups
                        WHERE name = :name
                        """)
                .bind("name", name)
                .map(MAPPER)
                .findOne();
    }

    public void insert(Handle handle, RoutingGroupDefinition group, Instant now)
    {
        handle.createUpdate("""
                        INSERT INTO routing_groups (name, description, created_at_millis, updated_at_millis)
                        VALUES (:name, :description, :now, :now)
                        """)
                .bind("name", group.name())
                .bind("description", group.description())
                .bind("now", now.toEpochMilli())
                .execute();
    }

    public boolean update(Handle handle, RoutingGroupDefinition group, Instant now)
    {
        return handle.createUpdate("""
                        UPDATE routing_groups
                        SET description = :description, updated_at_millis = :now
                        WHERE name = :name
                        """)
                .bind("name", group.name())
                .bind("description", group.description())
                .bind("now", now.toEpochMilli())
                .execute() == 1;
    }

    public boolean delete(Handle handle, String name)
    {
        return handle.createUpdate("""
                        DELETE FROM routing_groups
                        WHERE name = :name
                        """)
                .bind("name", name)
                .execute() == 1;
    }
}
