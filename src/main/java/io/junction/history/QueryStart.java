package io.junction.history;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What the proxy knows about a query when it routes it, before the cluster names the query.
 *
 * @param sql the SQL text as read (not yet cut to the history's cap), empty when it was not read
 * @param sqlComplete whether {@code sql} is the whole statement
 */
public record QueryStart(
        String user,
        Optional<String> source,
        List<String> clientTags,
        String routingGroup,
        Optional<String> rule,
        String cluster,
        String sql,
        boolean sqlComplete,
        QueryRecord.Decision decision)
{
    public QueryStart
    {
        requireNonNull(user, "user is null");
        requireNonNull(source, "source is null");
        clientTags = List.copyOf(requireNonNull(clientTags, "clientTags is null"));
        requireNonNull(routingGroup, "routingGroup is null");
        requireNonNull(rule, "rule is null");
        requireNonNull(cluster, "cluster is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(decision, "decision is null");
    }
}
