package io.junction.history;

/**
 * Where the proxy reports routed queries. Implementations never block and never touch the
 * store on the caller's thread: they hand the report to a bounded buffer or drop it.
 * Thread-safe.
 */
public interface QueryHistoryRecorder
{
    /**
     * The cluster accepted a routed query and named it (the first reply).
     *
     * @param state the state of that reply, {@code QUEUED} unless it was already final
     */
    void submitted(String queryId, QueryStart start, String state);

    /**
     * The query left the cluster's queue (its first executing poll).
     */
    void running(String queryId);

    /**
     * The final reply of the query passed, or the client cancelled it.
     */
    void ended(String queryId, QueryOutcome outcome);

    /**
     * Records nothing ({@code history.enabled=false}).
     */
    QueryHistoryRecorder DISABLED = new QueryHistoryRecorder()
    {
        @Override
        public void submitted(String queryId, QueryStart start, String state) {}

        @Override
        public void running(String queryId) {}

        @Override
        public void ended(String queryId, QueryOutcome outcome) {}
    };
}
