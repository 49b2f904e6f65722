package io.junction.api;

import io.junction.audit.AuditEntry;
import io.junction.audit.AuditLogDao;
import io.junction.audit.AuditQuery;
import io.junction.security.Access;
import io.junction.store.Store;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /api/v1/audit}: the audit log, newest first, filtered by {@code entityType} and
 * {@code entityName}, paged by {@code limit} (default 100) and {@code before} (the
 * {@code nextBefore} of the previous page).
 */
public final class AuditResource
{
    private static final int DEFAULT_LIMIT = 100;

    private final Store store;
    private final AuditLogDao audit;

    public AuditResource(Store store, AuditLogDao audit)
    {
        this.store = requireNonNull(store, "store is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    public record AuditPage(List<AuditEntry> entries, Optional<Long> nextBefore) {}

    public void register(ApiRoutes routes)
    {
        routes.json(Access.ADMIN, "GET", "/api/v1/audit", request -> {
            Optional<Long> before = request.queryParameter("before").map(text -> {
                try {
                    return Long.parseLong(text);
                }
                catch (NumberFormatException e) {
                    throw ApiException.badRequest("query parameter 'before' must be an audit entry id: " + text);
                }
            });
            int limit = request.intQueryParameter("limit", 1, AuditQuery.MAX_LIMIT).orElse(DEFAULT_LIMIT);
            AuditQuery query = new AuditQuery(request.queryParameter("entityType"), request.queryParameter("entityName"), before, limit);
            List<AuditEntry> entries = store.withHandle(handle -> audit.search(handle, query));
            Optional<Long> next = entries.size() == limit ? Optional.of(entries.getLast().id()) : Optional.empty();
            return ApiResponse.ok(new AuditPage(entries, next));
        });
    }
}
