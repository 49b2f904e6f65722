package io.junction.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code routing_groups} table. Methods take the caller's handle, as {@link io.junction.cluster.ClusterDao} does.
 * Policies and hash keys are stored by their rules-file names ({@code least-loaded}, {@code client-tag}),
 * weights as a JSON object.
 */
public final class RoutingGroupDao
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RowMapper<RoutingGroupDefinition> MAPPER = (rows, context) -> map(rows);

    public List<RoutingGroupDefinition> loadAll(Handle handle)
    {
        return handle.createQuery("""
                        SELECT name, description, policy, hash_key, weights_json, fallback
                        FROM routing_groups
                        ORDER BY name
                        """)
                .map(MAPPER)
                .list();
    }

    public Optional<RoutingGroupDefinition> find(Handle handle, String name)
    {
        return handle.createQuery("""
                        SELECT name, description, policy, hash_key, weights_json, fallback
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
                        INSERT INTO routing_groups (name, description, policy, hash_key, weights_json, fallback, created_at_millis, updated_at_millis)
                        VALUES (:name, :description, :policy, :hashKey, :weights, :fallback, :now, :now)
                        """)
                .bind("name", group.name())
                .bind("description", group.description())
                .bind("policy", group.settings().policy().configName())
                .bind("hashKey", group.settings().hashKey().configName())
                .bind("weights", weightsJson(group.settings().weights()))
                .bind("fallback", group.settings().fallback().orElse(null))
                .bind("now", now.toEpochMilli())
                .execute();
    }

    public boolean update(Handle handle, RoutingGroupDefinition group, Instant now)
    {
        return handle.createUpdate("""
                        UPDATE routing_groups
                        SET description = :description, policy = :policy, hash_key = :hashKey, weights_json = :weights, fallback = :fallback,
                            updated_at_millis = :now
                        WHERE name = :name
                        """)
                .bind("name", group.name())
                .bind("description", group.description())
                .bind("policy", group.settings().policy().configName())
                .bind("hashKey", group.settings().hashKey().configName())
                .bind("weights", weightsJson(group.settings().weights()))
                .bind("fallback", group.settings().fallback().orElse(null))
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

    private static RoutingGroupDefinition map(ResultSet rows)
            throws SQLException
    {
        String name = rows.getString("name");
        String policy = rows.getString("policy");
        String hashKey = rows.getString("hash_key");
        return RoutingGroupDefinition.of(
                name,
                rows.getString("description"),
                RoutingGroup.SelectionPolicy.fromConfigName(policy)
                        .orElseThrow(() -> new IllegalStateException("routing group '" + name + "' has an unknown policy in the store: " + policy)),
                RoutingGroup.HashKey.fromConfigName(hashKey)
                        .orElseThrow(() -> new IllegalStateException("routing group '" + name + "' has an unknown hash key in the store: " + hashKey)),
                weights(name, rows.getString("weights_json")),
                Optional.ofNullable(rows.getString("fallback")));
    }

    private static String weightsJson(Map<String, Integer> weights)
    {
        if (weights.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(new TreeMap<>(weights));
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Integer> weights(String group, String json)
    {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Integer>>() {});
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("routing group '" + group + "' has invalid weights in the store: " + e.getOriginalMessage(), e);
        }
    }
}
