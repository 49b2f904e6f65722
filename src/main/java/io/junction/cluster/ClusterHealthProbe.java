package io.junction.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * One probe of a coordinator: {@code GET /v1/info} and {@code GET /v1/info/state} in parallel,
 * each with the probe's deadline, so the probe as a whole takes at most the deadline. Never
 * fails: a failure is an {@link Outcome} too. Thread-safe.
 */
final class ClusterHealthProbe
{
    private static final int MAX_PROBE_BODY = 64 * 1024;

    private final HttpClient httpClient;
    private final Duration deadline;
    private final ObjectMapper mapper = new ObjectMapper();

    ClusterHealthProbe(HttpClient httpClient, Duration deadline)
    {
        this.httpClient = requireNonNull(httpClient, "httpClient is null");
        this.deadline = requireNonNull(deadline, "deadline is null");
    }

    sealed interface Outcome
    {
        /**
         * The coordinator answered: starting, shutting down (any state but ACTIVE) or healthy.
         */
        record Answered(ClusterHealth observed, Optional<String> reason)
                implements Outcome {}

        /**
         * @param refused the connection was refused: the coordinator process is gone
         */
        record Failed(String reason, boolean refused)
                implements Outcome {}
    }

    CompletableFuture<Outcome> probe(URI base)
    {
        CompletableFuture<JsonNode> info = get(base.resolve("/v1/info"));
        CompletableFuture<JsonNode> state = get(base.resolve("/v1/info/state"));
        return info.thenCombine(state, ClusterHealthProbe::classify)
                // Jetty enforces each request's deadline; this only guards the caller against a lost callback
                .orTimeout(deadline.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS)
                .exceptionally(failure -> {
                    Throwable cause = unwrap(failure);
                    return new Outcome.Failed(describe(cause, base), isConnectionRefused(cause));
                });
    }

    private static Outcome classify(JsonNode info, JsonNode state)
    {
        if (info.path("starting").asBoolean(false)) {
            return new Outcome.Answered(ClusterHealth.STARTING, Optional.of("coordinator is starting"));
        }
        if (!"ACTIVE".equals(state.asText())) {
            return new Outcome.Answered(ClusterHealth.SHUTTING_DOWN, Optional.of("coordinator state is " + state.asText()));
        }
        return new Outcome.Answered(ClusterHealth.HEALTHY, Optional.empty());
    }

    private CompletableFuture<JsonNode> get(URI uri)
    {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        httpClient.newRequest(uri)
                .timeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> headers.put("X-Trino-User", "junction-health"))
                .send(new BufferingResponseListener(MAX_PROBE_BODY)
                {
                    @Override
                    public void onComplete(Result probeResult)
                    {
                        if (probeResult.isFailed()) {
                            result.completeExceptionally(probeResult.getFailure());
                            return;
                        }
                        int status = probeResult.getResponse().getStatus();
                        if (status != 200) {
                            result.completeExceptionally(new IllegalStateException(uri.getPath() + " answered HTTP " + status));
                            return;
                        }
                        try {
                            result.complete(mapper.readTree(getContent()));
                        }
                        catch (Exception e) {
                            result.completeExceptionally(new IllegalStateException(uri.getPath() + " answered with invalid JSON"));
                        }
                    }
                });
        return result;
    }

    static boolean isConnectionRefused(Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    static boolean isTimeout(Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    static Throwable unwrap(Throwable failure)
    {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /**
     * Why a request to {@code base} failed, for the health reason and the log.
     */
    static String describe(Throwable failure, URI base)
    {
        if (isConnectionRefused(failure)) {
            return "connection refused by " + base;
        }
        if (isTimeout(failure)) {
            return "no answer from " + base + " within the deadline";
        }
        return String.valueOf(failure.getMessage());
    }
}
