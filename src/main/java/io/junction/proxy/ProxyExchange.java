package io.junction.proxy;

import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterTraffic;
import io.junction.history.QueryOutcome;
import io.junction.history.QueryStart;
import io.junction.routing.HeaderEdit;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * One request forwarded to one cluster, and its reply streamed back: status and headers
 * first, then the body chunk by chunk, each chunk demanded from the cluster only after the
 * previous one was written to the client (back-pressure both ways). For statement replies
 * the first bytes are held until the envelope ({@code id}, {@code nextUri}, ...) is read,
 * at most {@code proxy.max-envelope-size}; URI fields that do not point back through
 * Junction are rewritten there, and only there.
 * <p>
 * Jetty serialises the callbacks of one reply; an exchange is used by one request only.
 */
final class ProxyExchange
        implements org.eclipse.jetty.client.Response.Listener, Invocable
{
    private static final Logger log = LoggerFactory.getLogger(ProxyExchange.class);

    enum ReplyKind
    {
        SUBMISSION(ClusterTraffic.RequestKind.SUBMISSION),
        STATEMENT_FOLLOW_UP(ClusterTraffic.RequestKind.FOLLOW_UP),
        /** A poll of Trino's OAuth2 token endpoint: {@code {"nextUri": ...}} until the token is there. */
        TOKEN_POLL(ClusterTraffic.RequestKind.OTHER),
        OTHER(ClusterTraffic.RequestKind.OTHER);

        private final ClusterTraffic.RequestKind trafficKind;

        ReplyKind(ClusterTraffic.RequestKind trafficKind)
        {
            this.trafficKind = trafficKind;
        }
    }

    private final ProxyContext context;
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Cluster cluster;
    private final String path;
    private final String prefix;
    private final ExternalOrigin origin;
    private final ReplyKind kind;
    private final Optional<String> pathQueryId;
    private final Predicate<Throwable> retryOnConnectFailure;
    private final List<HeaderEdit> headerEdits;
    private final Optional<QueryStart> queryStart;
    private final Callback.Completable lastWrite = new Callback.Completable(InvocationType.NON_BLOCKING);
    private StatementEnvelopeReader envelopeReader;
    private StatementEnvelopeReader terminalReader;
    private String terminalQueryId;
    private boolean forwardHeaders;
    private long sentNanos;
    private long streamedBytes;
    // the client went away while its reply streamed: not the cluster's failure
    private volatile boolean clientFailed;

    /**
     * @param queryStart what the history records of a submission once the cluster names the query
     */
    ProxyExchange(ProxyContext context, Request request, Response response, Callback callback, Cluster cluster, String path,
            ExternalOrigin origin, ReplyKind kind, Optional<String> pathQueryId, List<HeaderEdit> headerEdits, Optional<QueryStart> queryStart,
            Predicate<Throwable> retryOnConnectFailure)
    {
        this.headerEdits = List.copyOf(requireNonNull(headerEdits, "headerEdits is null"));
        this.queryStart = requireNonNull(queryStart, "queryStart is null");
        this.context = requireNonNull(context, "context is null");
        this.request = requireNonNull(request, "request is null");
        this.response = requireNonNull(response, "response is null");
        this.callback = requireNonNull(callback, "callback is null");
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.path = requireNonNull(path, "path is null");
        this.origin = requireNonNull(origin, "origin is null");
        this.kind = requireNonNull(kind, "kind is null");
        this.pathQueryId = requireNonNull(pathQueryId, "pathQueryId is null");
        this.retryOnConnectFailure = requireNonNull(retryOnConnectFailure, "retryOnConnectFailure is null");
        this.prefix = context.tokens().pathPrefix(cluster.name());
    }

    /**
     * Every callback here only hands bytes on or records counters, never blocks: Jetty may run
     * them on the selector thread instead of dispatching each to a pool thread.
     */
    @Override
    public InvocationType getInvocationType()
    {
        return InvocationType.NON_BLOCKING;
    }

    void send(org.eclipse.jetty.client.Request.Content body)
    {
        String query = request.getHttpURI().getQuery();
        boolean forwarded = cluster.definition().forwardedHeaders();
        // Replies we may have to rewrite must arrive uncompressed.
        boolean keepAcceptEncoding = kind == ReplyKind.OTHER || (forwarded && kind != ReplyKind.TOKEN_POLL);
        URI base = cluster.definition().uri();
        org.eclipse.jetty.client.Request upstream = newUpstreamRequest(base, query)
                .method(request.getMethod())
                .idleTimeout(context.config().upstreamIdleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> {
                    headers.clear();
                    HeaderPolicy.copyRequestHeaders(request.getHeaders(), headers, origin, forwarded ? prefix : null, keepAcceptEncoding,
                            request.getConnectionMetaData().getProtocol(), headerEdits);
                    // Set here, Jetty need not derive it by parsing the request URI again.
                    headers.put(HttpHeader.HOST, base.getRawAuthority());
                    RequestSpan.of(request).inject(headers);
                });
        if (body != null) {
            upstream.body(body);
        }
        sentNanos = System.nanoTime();
        upstream.send(this);
    }

    @Override
    public void onBegin(org.eclipse.jetty.client.Response upstream)
    {
        cluster.state().traffic().replyStarted(kind.trafficKind, System.nanoTime() - sentNanos);
        response.setStatus(upstream.getStatus());
        context.health().reportProxyStatus(cluster, upstream.getStatus());
    }

    @Override
    public void onHeaders(org.eclipse.jetty.client.Response upstream)
    {
        for (HttpField field : upstream.getHeaders()) {
            if (HeaderPolicy.isHopByHop(field)) {
                continue;
            }
            if (field.getHeader() == HttpHeader.WWW_AUTHENTICATE && upstream.getStatus() == 401) {
                response.getHeaders().add(HttpHeader.WWW_AUTHENTICATE, OAuth2Challenge.rewriteChallenge(field.getValue(), value -> ReplyUris.throughJunction(value, origin.baseUri(), prefix)));
                continue;
            }
            if (field.getHeader() == HttpHeader.SET_COOKIE && cluster.definition().forwardedHeaders()) {
                response.getHeaders().add(HttpHeader.SET_COOKIE, OAuth2Challenge.rewriteCookiePath(field.getValue(), prefix));
                continue;
            }
            response.getHeaders().add(field);
        }
        forwardHeaders = true;
        learnTransaction(upstream);
        if (kind != ReplyKind.OTHER && upstream.getStatus() == 200 && isJson(upstream.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
            String encoding = upstream.getHeaders().get(HttpHeader.CONTENT_ENCODING);
            if (encoding == null || encoding.equalsIgnoreCase("identity") || encoding.equalsIgnoreCase("gzip")) {
                envelopeReader = new StatementEnvelopeReader(encoding != null && encoding.equalsIgnoreCase("gzip"), context.config().maxEnvelopeBytes());
            }
        }
        if (kind == ReplyKind.STATEMENT_FOLLOW_UP && request.getMethod().equals("DELETE") && upstream.getStatus() / 100 == 2 && pathQueryId.isPresent()) {
            context.tracker().ended(pathQueryId.get());
            context.history().ended(pathQueryId.get(), QueryOutcome.CANCELED);
        }
    }

    @Override
    public void onContent(org.eclipse.jetty.client.Response upstream, Content.Chunk chunk, Runnable demander)
    {
        if (envelopeReader != null) {
            // The bytes are copied; Jetty releases the chunk when this method returns.
            StatementEnvelopeReader.State state = envelopeReader.feed(chunk.getByteBuffer());
            if (state == StatementEnvelopeReader.State.READING) {
                demander.run();
                return;
            }
            writeHead(false, Callback.from(InvocationType.NON_BLOCKING, demander, failure -> abortForClient(upstream, failure)));
            return;
        }
        if (terminalReader != null) {
            terminalReader.feed(chunk.getByteBuffer());
        }
        chunk.retain();
        streamedBytes += chunk.remaining();
        response.write(false, chunk.getByteBuffer(), new Callback()
        {
            @Override
            public void succeeded()
            {
                chunk.release();
                demander.run();
            }

            @Override
            public void failed(Throwable failure)
            {
                chunk.release();
                abortForClient(upstream, failure);
            }

            @Override
            public InvocationType getInvocationType()
            {
                return InvocationType.NON_BLOCKING;
            }
        });
    }

    @Override
    public void onSuccess(org.eclipse.jetty.client.Response upstream)
    {
        if (envelopeReader != null) {
            envelopeReader.finish();
            writeHead(true, lastWrite);
        }
        else {
            response.write(true, BufferUtil.EMPTY_BUFFER, lastWrite);
        }
        if (terminalReader != null) {
            context.history().ended(terminalQueryId, outcome(terminalReader));
        }
    }

    /**
     * How the query ended, from its terminal reply.
     */
    private static QueryOutcome outcome(StatementEnvelopeReader reader)
    {
        Optional<ReplyEnd> end = reader.replyEnd();
        Optional<String> errorName = end.flatMap(ReplyEnd::errorName);
        Optional<String> errorMessage = end.flatMap(ReplyEnd::errorMessage);
        String state = end.flatMap(ReplyEnd::finalState)
                .orElse(errorName.isPresent() || errorMessage.isPresent() ? "FAILED" : "UNKNOWN");
        return new QueryOutcome(state, errorName, errorMessage);
    }

    @Override
    public void onComplete(Result result)
    {
        cluster.state().traffic().replyStreamed(streamedBytes);
        if (envelopeReader != null) {
            envelopeReader.close();
            envelopeReader = null;
        }
        if (terminalReader != null) {
            terminalReader.close();
            terminalReader = null;
        }
        if (result.isSucceeded()) {
            lastWrite.whenComplete((ignored, failure) -> {
                if (failure == null) {
                    callback.succeeded();
                }
                else {
                    callback.failed(failure);
                }
            });
            return;
        }
        Throwable failure = result.getFailure();
        if (response.isCommitted()) {
            // Bytes are out already: the client sees a broken reply and retries the poll.
            log.debug("Reply from cluster {} broke off for {} {}", cluster.name(), request.getMethod(), path, failure);
            cluster.state().traffic().failed(ClusterTraffic.Failure.BROKEN_REPLY);
            if (!clientFailed) {
                context.health().reportProxyFailure(cluster, failure);
            }
            callback.failed(failure);
            return;
        }
        if (!forwardHeaders && retryOnConnectFailure.test(failure)) {
            return;
        }
        context.failures().upstreamFailed(request, response, callback, cluster, origin, kind, pathQueryId, failure);
    }

    private void abortForClient(org.eclipse.jetty.client.Response upstream, Throwable failure)
    {
        clientFailed = true;
        upstream.abort(failure);
    }

    /**
     * Statements of a transaction must reach the cluster that started it (Trino client protocol:
     * {@code X-Trino-Started-Transaction-Id} / {@code X-Trino-Clear-Transaction-Id}).
     */
    private void learnTransaction(org.eclipse.jetty.client.Response upstream)
    {
        String started = upstream.getHeaders().get("X-Trino-Started-Transaction-Id");
        if (started != null && !started.isBlank()) {
            context.transactions().started(started.trim(), cluster.name());
        }
        String current = request.getHeaders().get("X-Trino-Transaction-Id");
        if (current != null && upstream.getHeaders().contains("X-Trino-Clear-Transaction-Id")) {
            context.transactions().cleared(current.trim());
        }
    }

    /**
     * Writes the bytes held while the envelope was read, rewritten if needed, then lets the rest stream.
     */
    private void writeHead(boolean last, Callback written)
    {
        StatementEnvelopeReader reader = envelopeReader;
        envelopeReader = null;
        ByteBuffer head = reader.rawBytes();
        Optional<StatementEnvelope> envelope = reader.envelope();
        if (envelope.isPresent()) {
            onEnvelope(envelope.get());
            List<StatementEnvelope.UriField> stale = ReplyUris.stale(envelope.get(), origin.baseUri(), prefix);
            if (!stale.isEmpty()) {
                if (reader.compressed()) {
                    log.warn("Cluster {} returned {} not pointing through Junction in a compressed reply; set forwarded-headers: false for it so Junction rewrites them",
                            cluster.name(), stale.getFirst().name());
                }
                else {
                    head = ReplyUris.rewrite(reader.plainBytes(), stale, origin.baseUri(), prefix);
                    response.getHeaders().remove(HttpHeader.CONTENT_LENGTH);
                }
            }
        }
        streamedBytes += head.remaining();
        Optional<String> queryId = envelope.flatMap(StatementEnvelope::queryId).or(() -> pathQueryId);
        if (envelope.isPresent() && envelope.get().isTerminal() && queryId.isPresent()) {
            // the reader goes on through the rest of the reply for the final state, recorded when the reply is complete
            terminalReader = reader;
            terminalQueryId = queryId.get();
        }
        response.write(last, head, written);
        if (terminalReader != reader) {
            reader.close();
        }
    }

    private void onEnvelope(StatementEnvelope envelope)
    {
        Optional<String> queryId = envelope.queryId().or(() -> pathQueryId);
        if (queryId.isEmpty()) {
            return;
        }
        context.affinity().remember(queryId.get(), cluster.name());
        if (kind == ReplyKind.SUBMISSION && queryStart.isPresent()) {
            context.history().submitted(queryId.get(), queryStart.get(), "QUEUED");
        }
        if (envelope.isTerminal()) {
            context.tracker().ended(queryId.get());
        }
        else {
            context.tracker().inFlight(queryId.get(), cluster);
            if (kind == ReplyKind.STATEMENT_FOLLOW_UP && isFirstExecutingPoll()) {
                context.history().running(queryId.get());
            }
        }
    }

    /**
     * The first poll of a query's executing URI (token 0): the cluster dispatched it, it left the queue.
     */
    private boolean isFirstExecutingPoll()
    {
        return path.endsWith("/0") && path.startsWith("/v1/statement/executing/") && request.getMethod().equals("GET");
    }

    /**
     * The request for the cluster, its URI parsed once (host, port and path set one by one
     * would each be parsed again by Jetty).
     */
    private org.eclipse.jetty.client.Request newUpstreamRequest(URI base, String query)
    {
        String target = base + path + (query == null ? "" : "?" + query);
        try {
            return context.httpClient().newRequest(URI.create(target));
        }
        catch (IllegalArgumentException notStrictlyValid) {
            // Characters java.net.URI refuses but clients send (and Trino accepts): Jetty
            // forwards the path as it came.
            String basePath = base.getRawPath() == null ? "" : base.getRawPath();
            return context.httpClient().newRequest(base.getHost(), clusterPort(base))
                    .scheme(base.getScheme())
                    .path(basePath + path + (query == null ? "" : "?" + query));
        }
    }

    private static int clusterPort(URI base)
    {
        if (base.getPort() > 0) {
            return base.getPort();
        }
        return base.getScheme().equals("https") ? 443 : 80;
    }

    private static boolean isJson(String contentType)
    {
        return contentType != null && contentType.regionMatches(true, 0, "application/json", 0, "application/json".length());
    }
}
