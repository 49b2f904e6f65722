package io.junction.history;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * What the proxy reported about a query, in the order it reported it: the recorder's buffer
 * holds these until they are written.
 */
sealed interface HistoryEvent
{
    String queryId();

    /** When the proxy reported it. */
    Instant at();

    /**
     * @param sql already cut to the history's cap
     * @param sqlTruncated cut, or not read by the proxy at all
     */
    record Submitted(String queryId, Instant at, QueryStart start, String sql, boolean sqlTruncated, String state)
            implements HistoryEvent
    {
        public Submitted
        {
            requireNonNull(queryId, "queryId is null");
            requireNonNull(at, "at is null");
            requireNonNull(start, "start is null");
            requireNonNull(sql, "sql is null");
            requireNonNull(state, "state is null");
        }
    }

    record Running(String queryId, Instant at)
            implements HistoryEvent
    {
        public Running
        {
            requireNonNull(queryId, "queryId is null");
            requireNonNull(at, "at is null");
        }
    }

    record Ended(String queryId, Instant at, QueryOutcome outcome)
            implements HistoryEvent
    {
        public Ended
        {
            requireNonNull(queryId, "queryId is null");
            requireNonNull(at, "at is null");
            requireNonNull(outcome, "outcome is null");
        }
    }
}
