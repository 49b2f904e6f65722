package io.junction.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * Asks the external routing service where a new query goes: one {@code POST} per decision
 * with trino-gateway's request body (see {@link ExternalRoutingRequestBody}) and the client's
 * headers, except those excluded by configuration and those that describe the client's own
 * connection. The answer is trino-gateway's {@code {"routingGroup", "errors", "externalHeaders"}}.
 * <p>
 * Never blocks: the call runs on Jetty's asynchronous {@link HttpClient} under the configured
 * deadline, and the returned future completes on one of the client's threads. It never fails:
 * every problem is an {@link ExternalRoutingOutcome.Failed}, counted in {@link ExternalRoutingStats}.
 * A switch between a working and a failing service is logged once, not every call.
 * <p>
 * Thread-safe.
 */
public final class ExternalRoutingClient
{
    private static final Logger log = LoggerFactory.getLogger(ExternalRoutingClient.class);
    /** A routing answer is a few hundred bytes; more is not an answer. */
    static final int MAX_ANSWER_BYTES = 256 * 1024;
    /** Headers about the client's connection and body, which mean nothing on the call to the service. */
    private static final Set<String> CONNECTION_HEADERS = Set.of("host", "content-length", "content-type", "content-encoding", "transfer-encoding",
            "connection", "keep-alive", "te", "trailer", "upgrade", "expect", "accept-encoding", "proxy-authorization", "proxy-connection", "http2-settings");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient httpClient;
    private final ExternalRoutingConfig config;
    private final ExternalRoutingStats stats;
    private final Ticker ticker;
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param httpClient a started client, shared with others; the call sets its own deadline
     */
    public ExternalRoutingClient(HttpClient httpClient, ExternalRoutingConfig config, ExternalRoutingStats stats, Ticker ticker)
    {
        this.httpClient = requireNonNull(httpClient, "httpClient is null");
        this.config = requireNonNull(config, "config is null");
        if (!config.enabled()) {
            throw new IllegalArgumentException("routing.external.url is not set");
        }
        this.stats = requireNonNull(stats, "stats is null");
        this.ticker = requireNonNull(ticker, "ticker is null");
    }

    public ExternalRoutingConfig config()
    {
        return config;
    }

    /**
     * Calls the service for one new query. With {@code routing.external.sql-facts} the SQL is
     * parsed here (once per query; rules reuse the facts).
     */
    public CompletableFuture<ExternalRoutingOutcome> ask(RoutingRequest request)
    {
        long started = ticker.read();
        CompletableFuture<ContentResponse> call;
        try {
            byte[] body = ExternalRoutingRequestBody.of(request, config.sqlFacts());
            Request post = httpClient.newRequest(config.url().orElseThrow())
                    .method(HttpMethod.POST)
                    .timeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .headers(headers -> forwardedHeaders(request).forEach(headers::add))
                    .body(new BytesRequestContent("application/json", body));
            call = new CompletableResponseListener(post, MAX_ANSWER_BYTES).send();
        }
        catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((response, failure) -> {
            Duration latency = Duration.ofNanos(ticker.read() - started);
            ExternalRoutingOutcome outcome = failure != null ? failed(failure, latency) : interpret(response.getStatus(), response.getContentAsString(), latency);
            stats.record(outcome);
            logStateChange(outcome);
            return outcome;
        });
    }

    /**
     * The client's headers for the service, with their usual capitalization
     * ({@code X-Trino-User}), repeated fields joined with commas.
     */
    Map<String, String> forwardedHeaders(RoutingRequest request)
    {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> {
            if (!CONNECTION_HEADERS.contains(name) && !config.excludes(name) && !name.startsWith("x-forwarded-") && !name.equals("forwarded")) {
                headers.put(canonicalName(name), value);
            }
        });
        return headers;
    }

    static String canonicalName(String lowerCaseName)
    {
        StringBuilder name = new StringBuilder(lowerCaseName.length());
        boolean upper = true;
        for (int i = 0; i < lowerCaseName.length(); i++) {
            char c = lowerCaseName.charAt(i);
            name.append(upper ? Character.toUpperCase(c) : c);
            upper = c == '-';
        }
        return name.toString();
    }

    /**
     * Reads an answer: a JSON object whose {@code routingGroup} is a string or null, {@code errors}
     * a list of strings or null, {@code externalHeaders} an object of strings (null values
     * dropped) or null. Other fields are ignored.
     */
    static ExternalRoutingOutcome interpret(int status, String content, Duration latency)
    {
        if (status < 200 || status > 299) {
            return new ExternalRoutingOutcome.Failed(ExternalRoutingOutcome.FailureKind.BAD_STATUS, "the routing service answered HTTP " + status, latency);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(content);
        }
        catch (JsonProcessingException e) {
            return badJson("the answer is not JSON: " + firstClause(e.getOriginalMessage()), latency);
        }
        if (answer == null || !answer.isObject()) {
            return badJson("the answer is not a JSON object", latency);
        }
        JsonNode group = answer.path("routingGroup");
        if (!group.isMissingNode() && !group.isNull() && !group.isTextual()) {
            return badJson("routingGroup must be a string or null", latency);
        }
        JsonNode errorsNode = answer.path("errors");
        List<String> errors = new ArrayList<>();
        if (!errorsNode.isMissingNode() && !errorsNode.isNull()) {
            if (!errorsNode.isArray()) {
                return badJson("errors must be a list of strings or null", latency);
            }
            for (JsonNode error : errorsNode) {
                if (!error.isNull()) {
                    errors.add(error.isTextual() ? error.asText() : error.toString());
                }
            }
        }
        JsonNode headersNode = answer.path("externalHeaders");
        Map<String, String> headers = new LinkedHashMap<>();
        if (!headersNode.isMissingNode() && !headersNode.isNull()) {
            if (!headersNode.isObject()) {
                return badJson("externalHeaders must be an object of strings or null", latency);
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = headersNode.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isNull()) {
                    continue;
                }
                if (!field.getValue().isValueNode()) {
                    return badJson("externalHeaders['" + field.getKey() + "'] must be a string", latency);
                }
                headers.put(field.getKey(), field.getValue().asText());
            }
        }
        Optional<String> routingGroup = group.isTextual() ? Optional.of(group.asText().strip()).filter(name -> !name.isEmpty()) : Optional.empty();
        return new ExternalRoutingOutcome.Answered(routingGroup, errors, headers, latency);
    }

    /**
     * Jackson's message without its source location, which names nothing useful here.
     */
    private static String firstClause(String message)
    {
        String text = String.valueOf(message);
        for (String end : new String[] {"\n", " (start marker", " at [Source"}) {
            int at = text.indexOf(end);
            if (at > 0) {
                text = text.substring(0, at);
            }
        }
        return text;
    }

    private static ExternalRoutingOutcome.Failed badJson(String message, Duration latency)
    {
        return new ExternalRoutingOutcome.Failed(ExternalRoutingOutcome.FailureKind.BAD_JSON, message, latency);
    }

    private ExternalRoutingOutcome.Failed failed(Throwable failure, Duration latency)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
                return new ExternalRoutingOutcome.Failed(ExternalRoutingOutcome.FailureKind.TIMEOUT,
                        "no answer within routing.external.timeout (" + config.timeout().toMillis() + " ms)", latency);
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException
                    || cause instanceof NoRouteToHostException) {
                return new ExternalRoutingOutcome.Failed(ExternalRoutingOutcome.FailureKind.CONNECT, "cannot connect: " + cause, latency);
            }
            if (cause instanceof IllegalArgumentException && String.valueOf(cause.getMessage()).contains("capacity")) {
                return badJson("the answer is larger than " + MAX_ANSWER_BYTES / 1024 + " kB", latency);
            }
        }
        return new ExternalRoutingOutcome.Failed(ExternalRoutingOutcome.FailureKind.OTHER, "the call failed: " + failure, latency);
    }

    private void logStateChange(ExternalRoutingOutcome outcome)
    {
        switch (outcome) {
            case ExternalRoutingOutcome.Failed failed -> {
                if (failing.compareAndSet(false, true)) {
                    log.warn("The routing service at {} failed ({}: {}); routing.external.fallback={} decides until it answers again",
                            config.url().orElseThrow(), failed.kind().label(), failed.message(), config.fallback().configName());
                }
                else {
                    log.debug("The routing service failed again ({}: {})", failed.kind().label(), failed.message());
                }
            }
            case ExternalRoutingOutcome.Answered _ -> {
                if (failing.compareAndSet(true, false)) {
                    log.info("The routing service at {} answers again", config.url().orElseThrow());
                }
            }
        }
    }
}
