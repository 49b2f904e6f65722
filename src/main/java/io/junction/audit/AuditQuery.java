package io.junction.audit;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A page of the audit log, newest first.
 *
 * @param entityType only entries about this type of entity (e.g. {@code cluster})
 * @param entityName only entries about the entity of this name
 * @param beforeId only entries older than this id: the {@code nextBefore} of the previous page
 * @param limit the page size
 */
public record AuditQuery(Optional<String> entityType, Optional<String> entityName, Optional<Long> beforeId, int limit)
{
    public static final int MAX_LIMIT = 1000;

    public AuditQuery
    {
        requireNonNull(entityType, "entityType is null");
        requireNonNull(entityName, "entityName is null");
        requireNonNull(beforeId, "beforeId is null");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
    }
}
