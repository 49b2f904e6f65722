package io.junction.cluster;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code clusters} table. Methods take the caller's handle so that a change, its audit
 * entry and the store version move in one transaction.
 */
public final class ClusterDao
{
    private static final RowMapper<ClusterDefinition> MAPPER = (rows, context) -> new ClusterDefinition(
            rows.getString("name"),
            URI.create(rows.getString("uri")),
            rows.getString("routing_group"),
            ClusterLifecycle.valueOf(rows.getString("lifecycle")),
            rows.getBoolean("forwarded_headers"),
            Optional.ofNullable(rows.getString("external_uri")).map(URI::create));

    /**
     * Every cluster, in the order they were added.
     */
    public List<ClusterDefinition> loadAll(Handle handle)
    {
        return handle.createQuery("""
                        SELECT name, uri, external_uri, routing_group, lifecycle, forwarded_headers
                        FROM clusters
                        ORDER BY list_position
                        """)
                .map(MAPPER)
                .list();
    }

    public Optional<ClusterDefinition> find(Handle handle, String name)
    {
        return handle.createQuery("""
                        SELECT name, uri, external_uri, routing_group, lifecycle, forwarded_headers
                        FROM clusters
                        WHERE name = :name
                        """)
                .bind("name", name)
                .map(MAPPER)
                .findOne();
    }

    public void insert(Handle handle, ClusterDefinition cluster, Instant now)
    {
        handle.createUpdate("""
                        INSERT INTO clusters (name, uri, external_uri, routing_group, lifecycle, forwarded_headers, list_position, created_at_millis, updated_at_millis)
                        SELECT :name, :uri, :externalUri, :routingGroup, :lifecycle, :forwardedHeaders, COALESCE(MAX(list_position), 0) + 1, :now, :now
                        FROM clusters
                        """)
                .bind("name", cluster.name())
                .bind("uri", cluster.uri().toString())
                .bind("externalUri", cluster.externalUri().map(URI::toString).orElse(null))
                .bind("routingGroup", cluster.routingGroup())
                .bind("lifecycle", cluster.lifecycle().name())
                .bind("forwardedHeaders", cluster.forwardedHeaders())
                .bind("now", now.toEpochMilli())
                .execute();
    }

    /**
     * @return false if no cluster has the name
     */
    public boolean update(Handle handle, ClusterDefinition cluster, Instant now)
    {
        return handle.createUpdate("""
                        UPDATE clusters
                        SET uri = :uri, external_uri = :externalUri, routing_group = :routingGroup, lifecycle = :lifecycle,
                            forwarded_headers = :forwardedHeaders, updated_at_millis = :now
                        WHERE name = :name
                        """)
                .bind("name", cluster.name())
                .bind("uri", cluster.uri().toString())
                .bind("externalUri", cluster.externalUri().map(URI::toString).orElse(null))
                .bind("routingGroup", cluster.routingGroup())
                .bind("lifecycle", cluster.lifecycle().name())
                .bind("forwardedHeaders", cluster.forwardedHeaders())
                .bind("now", now.toEpochMilli())
                .execute() == 1;
    }

    /**
     * @return false if no cluster has the name
     */
    public boolean delete(Handle handle, String name)
    {
        return handle.createUpdate("""
                        DELETE FROM clusters
                        WHERE name = :name
                        """)
                .bind("name", name)
                .execute() == 1;
    }

    public int countInGroup(Handle handle, String routingGroup)
    {
        return handle.createQuery("""
                        SELECT count(*)
                        FROM clusters
                        WHERE routing_group = :routingGroup
                        """)
                .bind("routingGroup", routingGroup)
                .mapTo(Integer.class)
                .one();
    }
}
