package io.junction.proxy;

import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterHealthChecker;
import io.junction.cluster.ClusterTraffic;
import io.junction.history.QueryHistoryRecorder;
import io.junction.history.QueryOutcome;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * Every answer Junction gives instead of a cluster's, in one place: what the client sees
 * when no cluster can take a query, when its cluster is gone, when a cluster is briefly
 * unavailable or too slow, and when a route or query is unknown. Never an HTML page.
 */
final class FailureReplies
{
    private static final Logger log = LoggerFactory.getLogger(FailureReplies.class);

    private final TrinoReplies replies;
    private final ClusterHealthChecker health;
    private final QueryTracker tracker;
    private final ProxyTelemetry telemetry;
    private final QueryHistoryRecorder history;

    FailureReplies(TrinoReplies replies, ClusterHealthChecker health, QueryTracker tracker, ProxyTelemetry telemetry, QueryHistoryRecorder history)
    {
        this.telemetry = requireNonNull(telemetry, "telemetry is null");
        this.replies = requireNonNull(replies, "replies is null");
        this.health = requireNonNull(health, "health is null");
        this.tracker = requireNonNull(tracker, "tracker is null");
        this.history = requireNonNull(history, "history is null");
    }

    /**
     * A request to {@code cluster} failed before any reply byte reached the client.
     */
    void upstreamFailed(Request request, Response response, Callback callback, Cluster cluster, ExternalOrigin origin,
            ProxyExchange.ReplyKind kind, Optional<String> queryId, Throwable failure)
    {
        health.reportProxyFailure(cluster, failure);
        if (isTimeout(failure)) {
            cluster.state().traffic().failed(ClusterTraffic.Failure.TIMEOUT);
            log.debug("Cluster {} did not answer {} {} in time", cluster.name(), request.getMethod(), request.getHttpURI().getPath());
            text(response, callback, GatewayError.UPSTREAM_TIMEOUT, "Cluster '%s' did not answer in time; retry".formatted(cluster.name()));
            return;
        }
        cluster.state().traffic().failed(ClusterHealthChecker.isConnectionRefused(failure) ? ClusterTraffic.Failure.CONNECTION_REFUSED : ClusterTraffic.Failure.UNAVAILABLE);
        if (cluster.isUnreachable()) {
            clusterGone(request, response, callback, cluster, origin, kind, queryId);
            return;
        }
        log.debug("Request to cluster {} failed: {}", cluster.name(), failure.toString());
        text(response, callback, GatewayError.UPSTREAM_UNAVAILABLE, "Cluster '%s' is unavailable (%s); retry".formatted(cluster.name(), failure.getMessage()));
    }

    /**
     * A request for a query on a cluster that Junction knows to be unreachable: its query is
     * lost, so statement polls get a FAILED query that ends the client's polling with a clear
     * message instead of retries until the client gives up.
     */
    void clusterGone(Request request, Response response, Callback callback, Cluster cluster, ExternalOrigin origin,
            ProxyExchange.ReplyKind kind, Optional<String> queryId)
    {
        String reason = cluster.state().health().reason().orElse("unreachable");
        queryId.ifPresent(tracker::ended);
        if (kind == ProxyExchange.ReplyKind.STATEMENT_FOLLOW_UP && queryId.isPresent()) {
            telemetry.answered(GatewayError.CLUSTER_UNREACHABLE);
            if (request.getMethod().equals("DELETE")) {
                response.setStatus(204);
                callback.succeeded();
                return;
            }
            String message = "Query %s was running on cluster '%s', which Junction can no longer reach (%s). The query is lost; submit it again."
                    .formatted(queryId.get(), cluster.name(), reason);
            history.ended(queryId.get(), new QueryOutcome("FAILED", Optional.of(GatewayError.CLUSTER_UNREACHABLE.trinoErrorName()), Optional.of(message)));
            json(response, callback, 200, replies.failedQuery(queryId.get(), origin.baseUri(), GatewayError.CLUSTER_UNREACHABLE, message));
            return;
        }
        text(response, callback, GatewayError.UPSTREAM_UNAVAILABLE, "Cluster '%s' is unreachable (%s)".formatted(cluster.name(), reason));
    }

    void rejectedSubmission(Response response, Callback callback, ExternalOrigin origin, GatewayError error, String message)
    {
        telemetry.answered(error);
        json(response, callback, error.httpStatus(), replies.failedQuery(replies.newQueryId(), origin.baseUri(), error, message));
    }

    void text(Response response, Callback callback, GatewayError error, String message)
    {
        telemetry.answered(error);
        response.reset();
        response.setStatus(error.httpStatus());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        if (error == GatewayError.UPSTREAM_UNAVAILABLE) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        }
        response.write(true, ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)), callback);
    }

    /**
     * 401 with Trino's challenges, as a Trino coordinator answers an unauthenticated client.
     */
    void unauthenticated(Response response, Callback callback, List<String> challenges, String message)
    {
        response.reset();
        for (String challenge : challenges) {
            response.getHeaders().add(HttpHeader.WWW_AUTHENTICATE, challenge);
        }
        write(response, callback, GatewayError.UNAUTHENTICATED, message);
    }

    void tooManyLogins(Response response, Callback callback, Duration retryAfter)
    {
        response.reset();
        long seconds = Math.max(1, retryAfter.toSeconds());
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
        write(response, callback, GatewayError.TOO_MANY_LOGINS, "Too many failed logins; try again in " + seconds + " s");
    }

    private static void write(Response response, Callback callback, GatewayError error, String message)
    {
        response.setStatus(error.httpStatus());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.write(true, ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static void json(Response response, Callback callback, int status, byte[] body)
    {
        response.reset();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static boolean isTimeout(Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
