package io.junction.routing;

import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code routing_rule_versions} table: rows are only ever added. Methods take the caller's handle.
 */
public final class RuleVersionDao
{
    public OptionalLong loadLatestNumber(Handle handle)
    {
        Long latest = handle.createQuery("""
                        SELECT MAX(version_number)
                        FROM routing_rule_versions
                        """)
                .mapTo(Long.class)
                .one();
        return latest == null ? OptionalLong.empty() : OptionalLong.of(latest);
    }

    public Optional<RuleVersion> findLatest(Handle handle)
    {
        OptionalLong latest = loadLatestNumber(handle);
        return latest.isPresent() ? find(handle, latest.getAsLong()) : Optional.empty();
    }

    public Optional<RuleVersion> find(Handle handle, long version)
    {
        return handle.createQuery("""
                        SELECT version_number, created_at_millis, created_by, change_comment, rule_count, rules_json
                        FROM routing_rule_versions
                        WHERE version_number = :version
                        """)
                .bind("version", version)
                .map((rows, context) -> new RuleVersion(
                        rows.getLong("version_number"),
                        Instant.ofEpochMilli(rows.getLong("created_at_millis")),
                        rows.getString("created_by"),
                        rows.getString("change_comment"),
                        rows.getInt("rule_count"),
                        rows.getString("rules_json")))
                .findOne();
    }

    /**
     * Versions older than {@code before}, newest first.
     */
    public List<RuleVersion.Summary> list(Handle handle, Optional<Long> before, int limit)
    {
        return handle.createQuery("""
                        SELECT version_number, created_at_millis, created_by, change_comment, rule_count
                        FROM routing_rule_versions
                        WHERE version_number < :before
                        ORDER BY version_number DESC
                        LIMIT :limit
                        """)
                .bind("before", before.orElse(Long.MAX_VALUE))
                .bind("limit", limit)
                .map((rows, context) -> new RuleVersion.Summary(
                        rows.getLong("version_number"),
                        Instant.ofEpochMilli(rows.getLong("created_at_millis")),
                        rows.getString("created_by"),
                        rows.getString("change_comment"),
                        rows.getInt("rule_count")))
                .list();
    }

    public void insert(Handle handle, RuleVersion version)
    {
        handle.createUpdate("""
                        INSERT INTO routing_rule_versions (version_number, created_at_millis, created_by, change_comment, rule_count, rules_json)
                        VALUES (:version, :createdAt, :createdBy, :comment, :ruleCount, :rulesJson)
                        """)
                .bind("version", version.version())
                .bind("createdAt", version.createdAt().toEpochMilli())
                .bind("createdBy", version.createdBy().length() > 200 ? version.createdBy().substring(0, 200) : version.createdBy())
                .bind("comment", version.comment())
                .bind("ruleCount", version.ruleCount())
                .bind("rulesJson", version.rulesJson())
                .execute();
    }
}
