package io.junction.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One routed query as the history keeps it.
 *
 * @param sql the SQL text, cut to {@code history.max-sql-length} ({@code sqlTruncated} then says so);
 *        empty when it was larger than {@code proxy.max-inspected-statement-size} (also truncated)
 * @param state the last state observed: {@code QUEUED} when submitted, {@code RUNNING} once the
 *        client polls the query's executing URI, then Trino's final state ({@code FINISHED},
 *        {@code FAILED}), or {@code CANCELED} when the client cancelled it
 * @param elapsedMillis from submission to the final reply, as this gateway saw it
 * @param errorCode Trino's error name, e.g. {@code SYNTAX_ERROR}
 * @param junctionNode the node that routed it
 * @param decision why it went where it went, when known (only on single-record reads)
 */
public record QueryRecord(
        String queryId,
        String user,
        Optional<String> source,
        List<String> clientTags,
        String routingGroup,
        Optional<String> rule,
        String cluster,
        String sql,
        boolean sqlTruncated,
        Instant submittedAt,
        String state,
        Optional<Instant> finishedAt,
        Optional<Long> elapsedMillis,
        Optional<String> errorCode,
        Optional<String> errorMessage,
        Optional<String> junctionNode,
        Optional<Decision> decision)
{
    public QueryRecord
    {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(user, "user is null");
        requireNonNull(source, "source is null");
        clientTags = List.copyOf(requireNonNull(clientTags, "clientTags is null"));
        requireNonNull(routingGroup, "routingGroup is null");
        requireNonNull(rule, "rule is null");
        requireNonNull(cluster, "cluster is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(submittedAt, "submittedAt is null");
        requireNonNull(state, "state is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(elapsedMillis, "elapsedMillis is null");
        requireNonNull(errorCode, "errorCode is null");
        requireNonNull(errorMessage, "errorMessage is null");
        requireNonNull(junctionNode, "junctionNode is null");
        requireNonNull(decision, "decision is null");
    }

    /**
     * Why the query went where it went.
     *
     * @param reason the router's explanation, as the dry run gives it
     * @param matchedRules the rules whose conditions held, in evaluation order
     */
    public record Decision(String reason, List<String> matchedRules)
    {
        public Decision
        {
            requireNonNull(reason, "reason is null");
            matchedRules = List.copyOf(requireNonNull(matchedRules, "matchedRules is null"));
        }
    }
}
