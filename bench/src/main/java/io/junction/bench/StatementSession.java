package io.junction.bench;

import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * One benchmark client: it follows one query at a time through its {@code nextUri} chain, one
 * request after the other, as the Trino CLI or JDBC driver does, and checks every reply against
 * the protocol: the status, the query id, every {@code nextUri} pointing back at the target (never
 * around it), and FINISHED in the reply that ends the chain.
 *
 * <p>Confined to its transport's thread: the next request is sent only from the completion of
 * the previous one, and operations start through {@link #operate}, which hands over to it.
 */
final class StatementSession
{
    private static final Pattern QUERY_ID = Pattern.compile("\\d{8}_\\d{6}_\\d{5}_[a-z2-9]{5}");
    private static final String[] SUBMIT_HEADERS = {"X-Trino-User", "bench", "X-Trino-Source", "junction-bench", "X-Trino-Catalog", "tpch"};
    private static final String[] FOLLOW_UP_HEADERS = {"X-Trino-User", "bench"};

    private final LoadRun run;
    private final ClientTransport transport;
    private final String statementUri;
    private final byte[] sql;
    private final ReplyReader reader = new ReplyReader();
    private String queryId;
    private String nextUri;
    private boolean dispatched;

    StatementSession(LoadRun run, ClientTransport transport)
    {
        this.run = requireNonNull(run, "run is null");
        this.transport = requireNonNull(transport, "transport is null");
        this.statementUri = run.spec().target().resolve("/v1/statement").toString();
        this.sql = run.spec().shape().toSql().getBytes(UTF_8);
    }

    /** Runs one operation of the run's mode, intended to start at {@code intendedNanos}. */
    void operate(long intendedNanos)
    {
        transport.execute(() -> {
            if (run.spec().mode() == BenchMode.SUBMIT) {
                submit(() -> {
                    run.recordOperation(intendedNanos);
                    cancel(() -> run.operationDone(this, true));
                });
                return;
            }
            if (nextUri == null || !dispatched) {
                submit(() -> poll(intendedNanos));
                return;
            }
            poll(intendedNanos);
        });
    }

    /** Starts a query, so that the first timed poll finds one executing. */
    void prime(Runnable then)
    {
        transport.execute(() -> submit(then));
    }

    /** Cancels the query this client follows, if any, when a run stops; {@code then} runs in any case. */
    void cancelAtEnd(Runnable then)
    {
        transport.execute(() -> {
            if (nextUri == null) {
                then.run();
                return;
            }
            String uri = nextUri;
            clear();
            exchange("DELETE", uri, FOLLOW_UP_HEADERS, null, new ClientTransport.Completion()
            {
                @Override
                public void completed(int status)
                {
                    if (status == 204) {
                        run.counters().cancelled().increment();
                    }
                    else {
                        run.error("cancel-status-" + status);
                    }
                    then.run();
                }

                @Override
                public void failed(String reason)
                {
                    run.error("cancel-" + reason);
                    then.run();
                }
            });
        });
    }

    void close()
    {
        transport.close();
    }

    /** {@code DELETE nextUri} as part of an operation. */
    private void cancel(Runnable then)
    {
        String uri = nextUri;
        clear();
        send("DELETE", uri, FOLLOW_UP_HEADERS, null, status -> {
            if (status != 204) {
                failOperation("cancel-status-" + status);
                return;
            }
            run.counters().cancelled().increment();
            then.run();
        });
    }

    /** {@code POST /v1/statement}, then the queued URI: the query is dispatched and executing. */
    private void submit(Runnable then)
    {
        clear();
        send("POST", statementUri, SUBMIT_HEADERS, sql, status -> {
            String id = reader.id();
            if (!checkReply("submit", status)) {
                return;
            }
            if (id == null || !QUERY_ID.matcher(id).matches()) {
                failOperation(id == null ? "submit-no-id" : "submit-bad-id");
                return;
            }
            String queued = reader.nextUri();
            if (!checkUri("submit", queued)) {
                return;
            }
            queryId = id;
            nextUri = queued;
            run.counters().submissions().increment();
            send("GET", queued, FOLLOW_UP_HEADERS, null, queuedStatus -> {
                if (!checkReply("queued", queuedStatus) || !sameQuery("queued") || !checkUri("queued", reader.nextUri())) {
                    return;
                }
                nextUri = reader.nextUri();
                dispatched = true;
                then.run();
            });
        });
    }

    private void poll(long intendedNanos)
    {
        send("GET", nextUri, FOLLOW_UP_HEADERS, null, status -> {
            if (!checkReply("poll", status) || !sameQuery("poll")) {
                return;
            }
            LoadRun.Counters counters = run.counters();
            counters.polls().increment();
            counters.bytes().add(reader.bytes());
            if (reader.hasData()) {
                counters.dataPages().increment();
            }
            run.recordOperation(intendedNanos);
            String next = reader.nextUri();
            if (next != null) {
                if (checkUri("poll", next)) {
                    nextUri = next;
                    run.operationDone(this, true);
                }
                return;
            }
            String state = reader.complete() ? reader.state() : null;
            clear();
            if (!"FINISHED".equals(state)) {
                failOperation("final-state-" + state);
                return;
            }
            counters.finishedQueries().increment();
            // a real client starts its next query; that is not a poll, and it is not timed as one
            submit(() -> run.operationDone(this, true));
        });
    }

    private interface StatusHandler
    {
        void handle(int status);
    }

    private void send(String method, String uri, String[] headers, byte[] body, StatusHandler onReply)
    {
        exchange(method, uri, headers, body, new ClientTransport.Completion()
        {
            @Override
            public void completed(int status)
            {
                onReply.handle(status);
            }

            @Override
            public void failed(String reason)
            {
                failOperation(reason);
            }
        });
    }

    private void exchange(String method, String uri, String[] headers, byte[] body, ClientTransport.Completion completion)
    {
        reader.reset();
        run.counters().requests().increment();
        transport.send(method, uri, headers, body, reader, run.spec().requestTimeout().toMillis(), completion);
    }

    private boolean checkReply(String step, int status)
    {
        if (status != 200) {
            failOperation(step + "-status-" + status);
            return false;
        }
        if (!reader.looksLikeJsonObject()) {
            failOperation(step + "-not-json");
            return false;
        }
        return true;
    }

    private boolean sameQuery(String step)
    {
        String id = reader.id();
        if (id == null || !id.equals(queryId)) {
            failOperation(step + "-wrong-query-id");
            return false;
        }
        return true;
    }

    /** Every URI a proxied reply hands out must lead back to the target, never around it. */
    private boolean checkUri(String step, String uri)
    {
        if (uri == null) {
            failOperation(step + "-no-next-uri");
            return false;
        }
        if (!uri.startsWith(run.expectedUriPrefix())) {
            failOperation(step + "-next-uri-bypasses-target");
            return false;
        }
        return true;
    }

    private void failOperation(String error)
    {
        run.error(error);
        clear();
        run.operationDone(this, false);
    }

    private void clear()
    {
        queryId = null;
        nextUri = null;
        dispatched = false;
    }
}
