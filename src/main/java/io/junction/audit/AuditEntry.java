package io.junction.audit;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One change to the fleet's configuration: who made it, when, and the entity before and
 * after as JSON documents (absent before a create and after a delete).
 *
 * @param id increasing with time; the paging key of the audit log
 */
public record AuditEntry(
        long id,
        Instant changedAt,
        String actor,
        AuditChange change,
        String entityType,
        String entityName,
        Optional<String> beforeJson,
        Optional<String> afterJson)
{
    public AuditEntry
    {
        requireNonNull(changedAt, "changedAt is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(change, "change is null");
        requireNonNull(entityType, "entityType is null");
        requireNonNull(entityName, "entityName is null");
        requireNonNull(beforeJson, "beforeJson is null");
        requireNonNull(afterJson, "afterJson is null");
    }
}
