package io.junction.proxy;

import io.junction.cluster.ClusterHealthChecker;
import io.junction.history.QueryHistoryRecorder;
import io.junction.routing.TransactionAffinity;
import org.eclipse.jetty.client.HttpClient;

import static java.util.Objects.requireNonNull;

/**
 * The collaborators every forwarded request uses; built once by the composition root.
 */
record ProxyContext(
        ProxyConfig config,
        HttpClient httpClient,
        RouteTokenCodec tokens,
        QueryTracker tracker,
        QueryAffinity affinity,
        ClusterHealthChecker health,
        TransactionAffinity transactions,
        FailureReplies failures,
        ProxyTelemetry telemetry,
        QueryHistoryRecorder history)
{
    ProxyContext
    {
        requireNonNull(config, "config is null");
        requireNonNull(httpClient, "httpClient is null");
        requireNonNull(tokens, "tokens is null");
        requireNonNull(tracker, "tracker is null");
        requireNonNull(affinity, "affinity is null");
        requireNonNull(health, "health is null");
        requireNonNull(transactions, "transactions is null");
        requireNonNull(failures, "failures is null");
        requireNonNull(telemetry, "telemetry is null");
        requireNonNull(history, "history is null");
    }
}
