package io.junction.audit;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code audit_log} table: append and search. Entries are written in the transaction of
 * the change they describe, so the log never misses a change nor records one that failed.
 */
public final class AuditLogDao
{
    private static final RowMapper<AuditEntry> MAPPER = (rows, context) -> new AuditEntry(
            rows.getLong("id"),
            Instant.ofEpochMilli(rows.getLong("changed_at_millis")),
            rows.getString("actor"),
            AuditChange.valueOf(rows.getString("change_kind")),
            rows.getString("entity_type"),
            rows.getString("entity_name"),
            Optional.ofNullable(rows.getString("before_json")),
            Optional.ofNullable(rows.getString("after_json")));

    public void append(Handle handle, Instant changedAt, String actor, AuditChange change, String entityType, String entityName,
            Optional<String> beforeJson, Optional<String> afterJson)
    {
        handle.createUpdate("""
                        INSERT INTO audit_log (changed_at_millis, actor, change_kind, entity_type, entity_name, before_json, after_json)
                        VALUES (:changedAt, :actor, :change, :entityType, :entityName, :beforeJson, :afterJson)
                        """)
                .bind("changedAt", changedAt.toEpochMilli())
                .bind("actor", actor.length() > 200 ? actor.substring(0, 200) : actor)
                .bind("change", change.name())
                .bind("entityType", entityType)
                .bind("entityName", entityName)
                .bind("beforeJson", beforeJson.orElse(null))
                .bind("afterJson", afterJson.orElse(null))
                .execute();
    }

    public List<AuditEntry> search(Handle handle, AuditQuery query)
    {
        return handle.createQuery("""
                        SELECT id, changed_at_millis, actor, change_kind, entity_type, entity_name, before_json, after_json
                        FROM audit_log
                        WHERE (:entityType IS NULL OR entity_type = :entityType)
                          AND (:entityName IS NULL OR entity_name = :entityName)
                          AND id < :beforeId
                        ORDER BY id DESC
                        LIMIT :limit
                        """)
                .bind("entityType", query.entityType().orElse(null))
                .bind("entityName", query.entityName().orElse(null))
                .bind("beforeId", query.beforeId().orElse(Long.MAX_VALUE))
                .bind("limit", query.limit())
                .map(MAPPER)
                .list();
    }
}
