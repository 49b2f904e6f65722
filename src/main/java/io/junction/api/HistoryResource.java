package io.junction.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.junction.history.QueryHistoryDao;
import io.junction.history.QueryRecord;
import io.junction.history.QuerySearch;
import io.junction.history.WriteBehindQueryHistory;
import io.junction.security.Access;
import io.junction.store.Store;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code /api/v1/history}: the routed queries, newest first, filtered by submission time
 * ({@code from}, {@code to}), {@code user}, {@code source}, {@code cluster}, {@code group},
 * {@code state} and {@code text} (a piece of the SQL or the query id), paged by {@code limit}
 * and the opaque {@code before} cursor; one query with the routing decision; and the
 * recorder's counters. Records reach the store shortly after the proxy sees them (they are
 * written behind in batches).
 */
public final class HistoryResource
{
    private final Store store;
    private final QueryHistoryDao dao;
    private final Optional<WriteBehindQueryHistory> recorder;

    /**
     * @param recorder empty when the history is disabled
     */
    public HistoryResource(Store store, QueryHistoryDao dao, Optional<WriteBehindQueryHistory> recorder)
    {
        this.store = requireNonNull(store, "store is null");
        this.dao = requireNonNull(dao, "dao is null");
        this.recorder = requireNonNull(recorder, "recorder is null");
    }

    /**
     * @param nextBefore the cursor of the next (older) page; null on the last page
     */
    public record HistoryPage(List<QueryRecord> queries, @JsonInclude(JsonInclude.Include.ALWAYS) String nextBefore) {}

    public void register(ApiRoutes routes)
    {
        routes.json(Access.VIEWER, "GET", "/api/v1/history", this::search)
                .json(Access.VIEWER, "GET", "/api/v1/history/recorder", request -> ApiResponse.ok(enabled().stats()))
                .json(Access.VIEWER, "GET", "/api/v1/history/{queryId}", request -> {
                    enabled();
                    String queryId = request.pathVariable("queryId");
                    return ApiResponse.ok(store.withHandle(handle -> dao.find(handle, queryId))
                            .orElseThrow(() -> ApiException.notFound("query '" + queryId + "' is not in the history")));
                });
    }

    private ApiResponse search(ApiRequest request)
    {
        enabled();
        int limit = request.intQueryParameter("limit", 1, QuerySearch.MAX_LIMIT).orElse(QuerySearch.DEFAULT_LIMIT);
        Optional<QuerySearch.Cursor> before;
        try {
            before = request.queryParameter("before").map(QuerySearch.Cursor::decode);
        }
        catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        QuerySearch search = new QuerySearch(
                time(request, "from"),
                time(request, "to"),
                text(request, "user"),
                text(request, "source"),
                text(request, "cluster"),
                text(request, "group"),
                text(request, "state"),
                text(request, "text"),
                before,
                limit);
        List<QueryRecord> queries = store.withHandle(handle -> dao.search(handle, search));
        return ApiResponse.ok(new HistoryPage(queries, queries.size() == limit ? QuerySearch.Cursor.after(queries.getLast()).encode() : null));
    }

    private WriteBehindQueryHistory enabled()
    {
        return recorder.orElseThrow(() -> ApiException.notFound("the query history is disabled on this node (history.enabled=false)"));
    }

    private static Optional<String> text(ApiRequest request, String name)
    {
        return request.queryParameter(name).filter(value -> !value.isBlank());
    }

    private static Optional<Instant> time(ApiRequest request, String name)
    {
        return text(request, name).map(value -> {
            try {
                return Instant.parse(value);
            }
            catch (DateTimeParseException e) {
                throw ApiException.badRequest("query parameter '%s' must be an ISO-8601 UTC time such as 2026-11-28T12:00:00Z: %s".formatted(name, value));
            }
        });
    }
}
