package io.junction.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code query_history} table. Writes come in batches from the write-behind recorder;
 * searches use the indexes on (filter column, submission time, query id), newest first.
 * Methods take the caller's handle.
 */
public final class QueryHistoryDao
{
    static final int MAX_NAME_LENGTH = 255;
    static final int MAX_TAGS_LENGTH = 2000;
    static final int MAX_ERROR_LENGTH = 4000;
    static final int MAX_DECISION_LENGTH = 100_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = """
            query_id, submitted_at_millis, user_name, query_source, client_tags, routing_group, rule_name, cluster_name, sql_text, sql_truncated,
            query_state, finished_at_millis, elapsed_millis, error_code, error_message, junction_node""";

    /**
     * Inserts new records in one batch.
     */
    public void insert(Handle handle, List<QueryRecord> records)
    {
        PreparedBatch batch = handle.prepareBatch("""
                INSERT INTO query_history (%s, decision_json)
                VALUES (:queryId, :submittedAt, :user, :source, :clientTags, :group, :rule, :cluster, :sql, :sqlTruncated,
                        :state, :finishedAt, :elapsed, :errorCode, :errorMessage, :node, :decision)
                """.formatted(COLUMNS));
        for (QueryRecord record : records) {
            batch.bind("queryId", record.queryId())
                    .bind("submittedAt", record.submittedAt().toEpochMilli())
                    .bind("user", cut(record.user(), MAX_NAME_LENGTH))
                    .bind("source", record.source().map(source -> cut(source, MAX_NAME_LENGTH)).orElse(null))
                    .bind("clientTags", cut(String.join(",", record.clientTags()), MAX_TAGS_LENGTH))
                    .bind("group", record.routingGroup())
                    .bind("rule", record.rule().map(rule -> cut(rule, MAX_NAME_LENGTH)).orElse(null))
                    .bind("cluster", record.cluster())
                    .bind("sql", record.sql())
                    .bind("sqlTruncated", record.sqlTruncated())
                    .bind("state", record.state())
                    .bind("finishedAt", record.finishedAt().map(Instant::toEpochMilli).orElse(null))
                    .bind("elapsed", record.elapsedMillis().orElse(null))
                    .bind("errorCode", record.errorCode().map(code -> cut(code, 100)).orElse(null))
                    .bind("errorMessage", record.errorMessage().map(message -> cut(message, MAX_ERROR_LENGTH)).orElse(null))
                    .bind("node", record.junctionNode().map(node -> cut(node, MAX_NAME_LENGTH)).orElse(null))
                    .bind("decision", record.decision().map(QueryHistoryDao::decisionJson).orElse(null))
                    .add();
        }
        batch.execute();
    }

    /**
     * A query that has not ended left its queue.
     *
     * @return whether the query is in the history
     */
    public boolean markRunning(Handle handle, String queryId)
    {
        int updated = handle.createUpdate("""
                        UPDATE query_history
                        SET query_state = 'RUNNING'
                        WHERE query_id = :queryId AND finished_at_millis IS NULL
                        """)
                .bind("queryId", queryId)
                .execute();
        return updated == 1 || exists(handle, queryId);
    }

    /**
     * The query ended; the elapsed time is counted from its submission. A query that already
     * ended keeps its first end.
     *
     * @return whether the query is in the history
     */
    public boolean markEnded(Handle handle, String queryId, Instant finishedAt, QueryOutcome outcome)
    {
        int updated = handle.createUpdate("""
                        UPDATE query_history
                        SET query_state = :state, finished_at_millis = :finishedAt, elapsed_millis = :finishedAt - submitted_at_millis,
                            error_code = :errorCode, error_message = :errorMessage
                        WHERE query_id = :queryId AND finished_at_millis IS NULL
                        """)
                .bind("queryId", queryId)
                .bind("state", outcome.state())
                .bind("finishedAt", finishedAt.toEpochMilli())
                .bind("errorCode", outcome.errorCode().map(code -> cut(code, 100)).orElse(null))
                .bind("errorMessage", outcome.errorMessage().map(message -> cut(message, MAX_ERROR_LENGTH)).orElse(null))
                .execute();
        if (updated == 1) {
            return true;
        }
        return exists(handle, queryId);
    }

    public Optional<QueryRecord> find(Handle handle, String queryId)
    {
        return handle.createQuery("SELECT " + COLUMNS + ", decision_json FROM query_history WHERE query_id = :queryId")
                .bind("queryId", queryId)
                .map((rows, context) -> map(rows, true))
                .findOne();
    }

    public List<QueryRecord> search(Handle handle, QuerySearch search)
    {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        search.from().ifPresent(from -> condition(conditions, values, "submitted_at_millis >= :from", "from", from.toEpochMilli()));
        search.to().ifPresent(to -> condition(conditions, values, "submitted_at_millis < :to", "to", to.toEpochMilli()));
        search.user().ifPresent(user -> condition(conditions, values, "user_name = :user", "user", user));
        search.source().ifPresent(source -> condition(conditions, values, "query_source = :source", "source", source));
        search.cluster().ifPresent(cluster -> condition(conditions, values, "cluster_name = :cluster", "cluster", cluster));
        search.group().ifPresent(group -> condition(conditions, values, "routing_group = :group", "group", group));
        search.state().ifPresent(state -> condition(conditions, values, "query_state = :state", "state", state.toUpperCase(Locale.ROOT)));
        search.text().ifPresent(text -> condition(conditions, values, "(LOWER(sql_text) LIKE :text ESCAPE '!' OR LOWER(query_id) LIKE :text ESCAPE '!')",
                "text", "%" + likeEscaped(text.toLowerCase(Locale.ROOT)) + "%"));
        search.before().ifPresent(cursor -> {
            conditions.add("(submitted_at_millis < :beforeTime OR (submitted_at_millis = :beforeTime AND query_id < :beforeId))");
            values.put("beforeTime", cursor.submittedAtMillis());
            values.put("beforeId", cursor.queryId());
        });
        String where = conditions.isEmpty() ? "" : "WHERE " + String.join("\n  AND ", conditions) + "\n";
        Query query = handle.createQuery("SELECT " + COLUMNS + "\nFROM query_history\n" + where
                + "ORDER BY submitted_at_millis DESC, query_id DESC\nLIMIT :limit");
        values.forEach(query::bind);
        return query.bind("limit", search.limit())
                .map((rows, context) -> map(rows, false))
                .list();
    }

    /**
     * Deletes the queries submitted before {@code cutoff}.
     *
     * @return how many were deleted
     */
    public int deleteSubmittedBefore(Handle handle, Instant cutoff)
    {
        return handle.createUpdate("""
                        DELETE FROM query_history
                        WHERE submitted_at_millis < :cutoff
                        """)
                .bind("cutoff", cutoff.toEpochMilli())
                .execute();
    }

    private static boolean exists(Handle handle, String queryId)
    {
        return handle.createQuery("SELECT COUNT(*) FROM query_history WHERE query_id = :queryId")
                .bind("queryId", queryId)
                .mapTo(Long.class)
                .one() > 0;
    }

    private static void condition(List<String> conditions, Map<String, Object> values, String condition, String name, Object value)
    {
        conditions.add(condition);
        values.put(name, value);
    }

    private static String likeEscaped(String text)
    {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static QueryRecord map(ResultSet rows, boolean withDecision)
            throws SQLException
    {
        String tags = rows.getString("client_tags");
        long finished = rows.getLong("finished_at_millis");
        Optional<Instant> finishedAt = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finished));
        long elapsed = rows.getLong("elapsed_millis");
        Optional<Long> elapsedMillis = rows.wasNull() ? Optional.empty() : Optional.of(elapsed);
        return new QueryRecord(
                rows.getString("query_id"),
                rows.getString("user_name"),
                Optional.ofNullable(rows.getString("query_source")),
                tags == null || tags.isEmpty() ? List.of() : Arrays.asList(tags.split(",")),
                rows.getString("routing_group"),
                Optional.ofNullable(rows.getString("rule_name")),
                rows.getString("cluster_name"),
                rows.getString("sql_text"),
                rows.getBoolean("sql_truncated"),
                Instant.ofEpochMilli(rows.getLong("submitted_at_millis")),
                rows.getString("query_state"),
                finishedAt,
                elapsedMillis,
                Optional.ofNullable(rows.getString("error_code")),
                Optional.ofNullable(rows.getString("error_message")),
                Optional.ofNullable(rows.getString("junction_node")),
                withDecision ? Optional.ofNullable(rows.getString("decision_json")).flatMap(QueryHistoryDao::decision) : Optional.empty());
    }

    private static String decisionJson(QueryRecord.Decision decision)
    {
        try {
            String json = JSON.writeValueAsString(Map.of("reason", decision.reason(), "matchedRules", decision.matchedRules()));
            return json.length() > MAX_DECISION_LENGTH ? JSON.writeValueAsString(Map.of("reason", cut(decision.reason(), 1000), "matchedRules", List.of())) : json;
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<QueryRecord.Decision> decision(String json)
    {
        try {
            var node = JSON.readTree(json);
            List<String> rules = new ArrayList<>();
            node.path("matchedRules").forEach(rule -> rules.add(rule.asText()));
            return Optional.of(new QueryRecord.Decision(node.path("reason").asText(""), rules));
        }
        catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    static String cut(String text, int length)
    {
        return text.length() > length ? text.substring(0, length) : text;
    }
}
