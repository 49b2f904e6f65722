package io.junction.bench;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The request handling of {@link FakeTrinoBackend}. It never blocks a thread: the SQL text is
 * read asynchronously and a long poll is a scheduled reply, so ten thousand waiting polls cost
 * ten thousand small objects and no threads.
 */
final class StatementHandler
        extends Handler.Abstract.NonBlocking
{
    private static final String STATEMENT = "/v1/statement";
    private static final String QUEUED = "/v1/statement/queued/";
    private static final String EXECUTING = "/v1/statement/executing/";
    private static final String PARTIAL_CANCEL = "/v1/statement/executing/partialCancel/";
    private static final String JSON = "application/json";

    private final FakeTrinoBackend.Config config;
    private final QueryIdGenerator ids;
    private final QueryResultsEncoder encoder;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentHashMap<String, FakeQuery> queries = new ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();

    private final LongAdder submitted = new LongAdder();
    private final LongAdder queuedPolls = new LongAdder();
    private final LongAdder executingPolls = new LongAdder();
    private final LongAdder dataPages = new LongAdder();
    private final LongAdder rowBytes = new LongAdder();
    private final LongAdder finished = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    StatementHandler(FakeTrinoBackend.Config config, QueryIdGenerator ids, QueryResultsEncoder encoder, ScheduledExecutorService scheduler)
    {
        this.config = requireNonNull(config, "config is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.encoder = requireNonNull(encoder, "encoder is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
    }

    String coordinatorId()
    {
        return ids.coordinatorId();
    }

    BackendStats stats()
    {
        return new BackendStats(submitted.sum(), queuedPolls.sum(), executingPolls.sum(), dataPages.sum(), rowBytes.sum(),
                finished.sum(), cancelled.sum(), abandoned.sum(), rejected.sum(), queries.size());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
    {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        if (path.equals(STATEMENT) && method.equals("POST")) {
            submit(request, response, callback);
        }
        else if (path.startsWith(PARTIAL_CANCEL)) {
            reply(response, HttpStatus.NO_CONTENT_204, null, List.of(), callback);
        }
        else if (path.startsWith(QUEUED)) {
            followUp(request, response, callback, path.substring(QUEUED.length()), 'q');
        }
        else if (path.startsWith(EXECUTING)) {
            followUp(request, response, callback, path.substring(EXECUTING.length()), 'e');
        }
        else if (path.equals("/v1/info")) {
            String info = "{\"nodeVersion\":{\"version\":\"476\"},\"environment\":\"bench\",\"coordinator\":true,\"starting\":false,\"uptime\":\"%s\"}"
                    .formatted(uptime());
            reply(response, HttpStatus.OK_200, JSON, List.of(ByteBuffer.wrap(info.getBytes(UTF_8))), callback);
        }
        else if (path.equals("/v1/info/state")) {
            reply(response, HttpStatus.OK_200, JSON, List.of(ByteBuffer.wrap("\"ACTIVE\"".getBytes(UTF_8))), callback);
        }
        else if (path.equals("/bench/stats")) {
            reply(response, HttpStatus.OK_200, JSON, List.of(ByteBuffer.wrap(stats().toJson().getBytes(UTF_8))), callback);
        }
        else {
            notFound(response, callback, "Not found: " + path);
        }
        return true;
    }

    void purgeAbandoned()
    {
        long oldest = System.nanoTime() - config.abandonAfter().toNanos();
        queries.values().removeIf(query -> {
            boolean expired = query.lastAccessNanos() - oldest < 0;
            if (expired) {
                abandoned.increment();
            }
            return expired;
        });
    }

    private void submit(Request request, Response response, Callback callback)
    {
        if (request.getHeaders().get("X-Trino-User") == null) {
            rejected.increment();
            reply(response, HttpStatus.UNAUTHORIZED_401, "text/plain", text("Basic authentication or X-Trino-Original-User or X-Trino-User must be sent"), callback);
            return;
        }
        String base = externalBase(request);
        Content.Source.asString(request, UTF_8, new Promise<>()
        {
            @Override
            public void succeeded(String sql)
            {
                QueryShape shape = config.defaultShape().parseOverrides(sql);
                FakeQuery query = new FakeQuery(ids.next(), shape, ThreadLocalRandom.current().nextLong(), System.nanoTime());
                queries.put(query.id(), query);
                submitted.increment();
                reply(response, HttpStatus.OK_200, JSON, List.of(encoder.submitted(base, query)), callback);
            }

            @Override
            public void failed(Throwable failure)
            {
                callback.failed(failure);
            }
        });
    }

    private void followUp(Request request, Response response, Callback callback, String rest, char resource)
    {
        // rest is {id}/{slug}/{token}
        int firstSlash = rest.indexOf('/');
        int lastSlash = rest.lastIndexOf('/');
        FakeQuery query = firstSlash > 0 ? queries.get(rest.substring(0, firstSlash)) : null;
        int token = lastSlash > firstSlash ? parseToken(rest.substring(lastSlash + 1)) : -1;
        if (query == null || token < 0 || !query.hasSlug(rest.substring(firstSlash + 1, lastSlash), resource, token)) {
            notFound(response, callback, "Query not found");
            return;
        }
        query.touch(System.nanoTime());
        switch (request.getMethod()) {
            case "DELETE" -> {
                if (queries.remove(query.id()) != null) {
                    cancelled.increment();
                }
                reply(response, HttpStatus.NO_CONTENT_204, null, List.of(), callback);
            }
            case "HEAD" -> reply(response, HttpStatus.OK_200, JSON, List.of(), callback);
            case "GET" -> {
                if (resource == 'q') {
                    queuedPolls.increment();
                    reply(response, HttpStatus.OK_200, JSON, List.of(encoder.dispatched(externalBase(request), query)), callback);
                }
                else {
                    executing(request, response, callback, query, token);
                }
            }
            default -> reply(response, HttpStatus.METHOD_NOT_ALLOWED_405, "text/plain", text("Method not allowed"), callback);
        }
    }

    private void executing(Request request, Response response, Callback callback, FakeQuery query, int token)
    {
        FakeQuery.Step step = query.advance(token);
        if (step == FakeQuery.Step.INVALID) {
            rejected.increment();
            reply(response, HttpStatus.GONE_410, "text/plain", text("Invalid token " + token + " for query " + query.id()), callback);
            return;
        }
        executingPolls.increment();
        String base = externalBase(request);
        Runnable answer = () -> {
            if (query.isFinal(token)) {
                if (queries.remove(query.id()) != null) {
                    finished.increment();
                }
            }
            else if (query.shape().pageBytes() > 0) {
                dataPages.increment();
                rowBytes.add(encoder.rowBytes(query.shape().pageBytes()));
            }
            reply(response, HttpStatus.OK_200, JSON, encoder.executing(base, query, token), callback);
        };
        int delay = query.shape().delayMillis();
        if (delay > 0 && step == FakeQuery.Step.NEXT && !query.isFinal(token)) {
            scheduler.schedule(answer, delay, TimeUnit.MILLISECONDS);
            return;
        }
        answer.run();
    }

    /**
     * The base of every URI of a reply, as Trino builds it: the forwarded (or own) scheme, host
     * and port, then {@code X-Forwarded-Prefix} as the start of the path.
     */
    static String externalBase(Request request)
    {
        String scheme = request.getHttpURI().getScheme();
        String host = Request.getServerName(request);
        int port = Request.getServerPort(request);
        StringBuilder base = new StringBuilder(64).append(scheme).append("://").append(host);
        boolean defaultPort = port <= 0 || (port == 80 && "http".equals(scheme)) || (port == 443 && "https".equals(scheme));
        if (!defaultPort) {
            base.append(':').append(port);
        }
        String prefix = request.getHeaders().get("X-Forwarded-Prefix");
        if (prefix != null && !prefix.isEmpty()) {
            if (prefix.charAt(0) != '/') {
                base.append('/');
            }
            base.append(prefix);
            while (base.charAt(base.length() - 1) == '/') {
                base.setLength(base.length() - 1);
            }
        }
        return base.toString();
    }

    private void notFound(Response response, Callback callback, String message)
    {
        rejected.increment();
        reply(response, HttpStatus.NOT_FOUND_404, "text/plain", text(message), callback);
    }

    private static List<ByteBuffer> text(String message)
    {
        return List.of(ByteBuffer.wrap(message.getBytes(UTF_8)));
    }

    private static int parseToken(String token)
    {
        if (token.isEmpty() || token.length() > 9) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private String uptime()
    {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.2fs", seconds);
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%.2fm", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.2fh", seconds / 3600);
    }

    private static void reply(Response response, int status, String contentType, List<ByteBuffer> body, Callback callback)
    {
        response.setStatus(status);
        long length = 0;
        for (ByteBuffer buffer : body) {
            length += buffer.remaining();
        }
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        if (status != HttpStatus.NO_CONTENT_204) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        }
        if (body.isEmpty()) {
            response.write(true, null, callback);
            return;
        }
        if (body.size() == 1) {
            response.write(true, body.getFirst(), callback);
            return;
        }
        new ChainedWrite(response, body, callback).next();
    }

    /** Writes several buffers one after the other; the last write completes the exchange. */
    private static final class ChainedWrite
            implements Callback
    {
        private final Response response;
        private final List<ByteBuffer> buffers;
        private final Callback last;
        private int index;

        ChainedWrite(Response response, List<ByteBuffer> buffers, Callback last)
        {
            this.response = response;
            this.buffers = buffers;
            this.last = last;
        }

        void next()
        {
            ByteBuffer buffer = buffers.get(index++);
            boolean isLast = index == buffers.size();
            response.write(isLast, buffer, isLast ? last : this);
        }

        @Override
        public void succeeded()
        {
            next();
        }

        @Override
        public void failed(Throwable failure)
        {
            last.failed(failure);
        }

        @Override
        public InvocationType getInvocationType()
        {
            return InvocationType.NON_BLOCKING;
        }
    }
}
