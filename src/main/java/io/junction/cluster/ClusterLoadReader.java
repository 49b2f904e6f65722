package io.junction.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Reads a cluster's own count of running and queued queries from the endpoint
 * {@code load.source} names, with the service user of {@code load.user}.
 * <ul>
 * <li>{@code metrics}: {@code GET /metrics?name[]=...} asks Trino's OpenMetrics endpoint for the two
 * gauges only (the whole document is over 1 MB); {@code X-Trino-User} names the user, and with a
 * password HTTP Basic authenticates it.</li>
 * <li>{@code ui-stats}: {@code POST /ui/login} (a form: username, password) returns the UI session
 * cookie, which {@code GET /ui/api/stats} needs; {@code X-Trino-User} is not accepted there. The
 * cookie is kept per cluster and renewed when the cluster no longer accepts it.</li>
 * </ul>
 * A password is never sent over plain HTTP, and never logged. Every request has the deadline
 * {@code health.check-timeout}. Thread-safe.
 */
final class ClusterLoadReader
{
    static final String RUNNING_METRIC = "trino_execution_name_QueryManager_RunningQueries";
    static final String QUEUED_METRIC = "trino_execution_name_QueryManager_QueuedQueries";

    private static final Logger log = LoggerFactory.getLogger(ClusterLoadReader.class);
    private static final int MAX_BODY = 64 * 1024;
    private static final String UI_COOKIE = "Trino-UI-Token";

    private final LoadConfig config;
    private final HttpClient httpClient;
    private final Duration timeout;
    private final InstantSource clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<ClusterState, String> uiCookies = new ConcurrentHashMap<>();
    private final Set<String> warnedPlainHttp = ConcurrentHashMap.newKeySet();

    ClusterLoadReader(LoadConfig config, HttpClient httpClient, Duration timeout, InstantSource clock)
    {
        this.config = requireNonNull(config, "config is null");
        this.httpClient = requireNonNull(httpClient, "httpClient is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    boolean enabled()
    {
        return config.source() != LoadSource.NONE;
    }

    /**
     * @return the counts, or a failure whose message says what went wrong (never a secret)
     */
    CompletableFuture<ClusterLoad> read(Cluster cluster)
    {
        return switch (config.source()) {
            case NONE -> CompletableFuture.failedFuture(new IllegalStateException("load.source is none"));
            case METRICS -> readMetrics(cluster);
            case UI_STATS -> readUiStats(cluster, true);
        };
    }

    private CompletableFuture<ClusterLoad> readMetrics(Cluster cluster)
    {
        URI uri = cluster.definition().uri().resolve("/metrics?name%5B%5D=" + RUNNING_METRIC + "&name%5B%5D=" + QUEUED_METRIC);
        Request request = httpClient.newRequest(uri)
                .headers(headers -> {
                    headers.put("X-Trino-User", config.user());
                    password(cluster).ifPresent(password -> headers.put(HttpHeader.AUTHORIZATION, "Basic "
                            + Base64.getEncoder().encodeToString((config.user() + ":" + password).getBytes(StandardCharsets.UTF_8))));
                });
        return send(request).thenApply(answer -> {
            if (answer.status() != 200) {
                throw new IllegalStateException("/metrics answered HTTP " + answer.status() + hint(answer.status()));
            }
            Map<String, Double> metrics = parseOpenMetrics(answer.body());
            Double running = metrics.get(RUNNING_METRIC);
            Double queued = metrics.get(QUEUED_METRIC);
            if (running == null || queued == null) {
                throw new IllegalStateException("/metrics has no " + (running == null ? RUNNING_METRIC : QUEUED_METRIC)
                        + " (Trino exports it to users allowed to read system information)");
            }
            return new ClusterLoad(count(running), count(queued), LoadSource.METRICS, clock.instant());
        });
    }

    private CompletableFuture<ClusterLoad> readUiStats(Cluster cluster, boolean mayLogin)
    {
        String cookie = uiCookies.get(cluster.state());
        if (cookie == null) {
            if (!mayLogin) {
                return CompletableFuture.failedFuture(new IllegalStateException("/ui/api/stats refused a fresh UI session"));
            }
            return login(cluster).thenCompose(fresh -> {
                uiCookies.put(cluster.state(), fresh);
                return readUiStats(cluster, false);
            });
        }
        Request request = httpClient.newRequest(cluster.definition().uri().resolve("/ui/api/stats"))
                .headers(headers -> headers.put(HttpHeader.COOKIE, cookie));
        return send(request).thenCompose(answer -> {
            if (answer.status() == 401 || answer.status() / 100 == 3) {
                // the session expired or the cluster restarted (a new signing key): log in again, once
                uiCookies.remove(cluster.state(), cookie);
                return readUiStats(cluster, mayLogin);
            }
            if (answer.status() != 200) {
                throw new IllegalStateException("/ui/api/stats answered HTTP " + answer.status() + hint(answer.status()));
            }
            return CompletableFuture.completedFuture(parseUiStats(answer.body()));
        });
    }

    private CompletableFuture<String> login(Cluster cluster)
    {
        StringBuilder form = new StringBuilder("username=").append(URLEncoder.encode(config.user(), StandardCharsets.UTF_8));
        password(cluster).ifPresent(password -> form.append("&password=").append(URLEncoder.encode(password, StandardCharsets.UTF_8)));
        Request request = httpClient.newRequest(cluster.definition().uri().resolve("/ui/login"))
                .method(HttpMethod.POST)
                .body(new StringRequestContent("application/x-www-form-urlencoded", form.toString(), StandardCharsets.UTF_8));
        return send(request).thenApply(answer -> {
            Optional<String> cookie = uiCookie(answer.headers());
            if (answer.status() / 100 != 3 || cookie.isEmpty()) {
                String location = Optional.ofNullable(answer.headers().get(HttpHeader.LOCATION)).map(value -> ", redirected to " + value).orElse("");
                throw new IllegalStateException("the UI login as '%s' failed (HTTP %d%s): check load.user and load.password"
                        .formatted(config.user(), answer.status(), location));
            }
            return cookie.get();
        });
    }

    private ClusterLoad parseUiStats(byte[] body)
    {
        JsonNode stats;
        try {
            stats = mapper.readTree(body);
        }
        catch (Exception e) {
            throw new IllegalStateException("/ui/api/stats answered with invalid JSON");
        }
        if (!stats.path("runningQueries").isNumber() || !stats.path("queuedQueries").isNumber()) {
            throw new IllegalStateException("/ui/api/stats has no runningQueries or queuedQueries");
        }
        // Trino counts a running query whose drivers are all blocked (e.g. waiting for its client) as blocked, not running
        long running = stats.path("runningQueries").asLong() + stats.path("blockedQueries").asLong(0);
        return new ClusterLoad(count(running), count(stats.path("queuedQueries").asLong()), LoadSource.UI_STATS, clock.instant());
    }

    /**
     * The samples of an OpenMetrics text, by name (labels ignored; the gauges read here have none).
     */
    static Map<String, Double> parseOpenMetrics(byte[] body)
    {
        Map<String, Double> samples = new HashMap<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int nameEnd = line.indexOf('{');
            int labelsEnd = nameEnd < 0 ? -1 : line.indexOf('}', nameEnd);
            int space = line.indexOf(' ', labelsEnd < 0 ? 0 : labelsEnd);
            if (space < 0) {
                continue;
            }
            String name = line.substring(0, nameEnd < 0 ? space : nameEnd);
            String value = line.substring(space + 1).trim();
            int timestamp = value.indexOf(' ');
            try {
                samples.put(name, Double.parseDouble(timestamp < 0 ? value : value.substring(0, timestamp)));
            }
            catch (NumberFormatException e) {
                // not a sample line this reader needs
            }
        }
        return samples;
    }

    private Optional<String> password(Cluster cluster)
    {
        if (config.password().isEmpty()) {
            return Optional.empty();
        }
        if (!"https".equals(cluster.definition().uri().getScheme())) {
            if (warnedPlainHttp.add(cluster.name())) {
                log.warn("load.password is not sent to cluster {}: its URI is not https; reading its load as '{}' without a password", cluster.name(), config.user());
            }
            return Optional.empty();
        }
        return config.password();
    }

    private static Optional<String> uiCookie(HttpFields headers)
    {
        for (HttpField field : headers.getFields(HttpHeader.SET_COOKIE)) {
            String value = field.getValue();
            int end = value.indexOf(';');
            String pair = end < 0 ? value : value.substring(0, end);
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).trim().endsWith(UI_COOKIE) && equals < pair.length() - 1) {
                return Optional.of(pair.trim());
            }
        }
        return Optional.empty();
    }

    private static String hint(int status)
    {
        return switch (status) {
            case 401 -> ": load.user was not authenticated (check load.password)";
            case 403 -> ": load.user may not read system information";
            default -> "";
        };
    }

    private static int count(double value)
    {
        if (Double.isNaN(value) || value < 0) {
            throw new IllegalStateException("invalid query count " + value);
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.round(value));
    }

    private static int count(long value)
    {
        return count((double) value);
    }

    private record Answer(int status, HttpFields headers, byte[] body) {}

    private CompletableFuture<Answer> send(Request request)
    {
        CompletableFuture<Answer> result = new CompletableFuture<>();
        request.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .send(new BufferingResponseListener(MAX_BODY)
                {
                    @Override
                    public void onComplete(Result answer)
                    {
                        if (answer.isFailed()) {
                            result.completeExceptionally(answer.getFailure());
                            return;
                        }
                        result.complete(new Answer(answer.getResponse().getStatus(), answer.getResponse().getHeaders(), getContent()));
                    }
                });
        return result;
    }
}
