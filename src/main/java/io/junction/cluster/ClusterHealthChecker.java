package io.junction.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.URI;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * Probes every cluster's {@code /v1/info} and {@code /v1/info/state} on a schedule. Probes
 * are asynchronous and each has its own deadline, so one slow cluster never delays the
 * others. The proxy reports connection failures here, which triggers an immediate probe:
 * a coordinator that died is known within one round trip instead of one interval.
 * <p>
 * Thread-safe. Started and stopped by the composition root.
 */
public final class ClusterHealthChecker
{
    private static final Logger log = LoggerFactory.getLogger(ClusterHealthChecker.class);
    private static final int MAX_PROBE_BODY = 64 * 1024;

    private final ClusterRegistry registry;
    private final ClusterConfig config;
    private final HttpClient httpClient;
    private final InstantSource clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<ClusterState, Boolean> probing = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> firstRound = new CompletableFuture<>();
    private final AtomicBoolean firstRoundStarted = new AtomicBoolean();
    private ScheduledExecutorService scheduler;

    public ClusterHealthChecker(ClusterRegistry registry, ClusterConfig config, HttpClient httpClient, InstantSource clock)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.config = requireNonNull(config, "config is null");
        this.httpClient = requireNonNull(httpClient, "httpClient is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public synchronized void start()
    {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("health-scheduler").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::probeAll, 0, config.checkInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void stop()
    {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /**
     * Completes when every cluster known at startup has been probed once.
     */
    public CompletableFuture<Void> firstRound()
    {
        return firstRound;
    }

    /**
     * Called by the proxy when a request to the cluster failed to connect or broke.
     * A refused connection marks the cluster unreachable at once; anything else starts a probe.
     */
    public void reportProxyFailure(Cluster cluster, Throwable failure)
    {
        if (isConnectionRefused(failure)) {
            markUnreachable(cluster, "connection refused by " + cluster.definition().uri(), true);
            return;
        }
        probe(cluster);
    }

    private void probeAll()
    {
        ClusterSnapshot snapshot = registry.snapshot();
        CompletableFuture<?>[] probes = snapshot.clusters().stream()
                .map(this::probe)
                .toArray(CompletableFuture[]::new);
        // Only the first round's own probes: a later round finds them still in flight and skips them.
        if (firstRoundStarted.compareAndSet(false, true)) {
            CompletableFuture.allOf(probes).whenComplete((ignored, failure) -> firstRound.complete(null));
        }
    }

    CompletableFuture<Void> probe(Cluster cluster)
    {
        if (probing.putIfAbsent(cluster.state(), Boolean.TRUE) != null) {
            return CompletableFuture.completedFuture(null);
        }
        URI base = cluster.definition().uri();
        CompletableFuture<JsonNode> info = get(base.resolve("/v1/info"));
        CompletableFuture<JsonNode> state = get(base.resolve("/v1/info/state"));
        return info.thenCombine(state, (infoNode, stateNode) -> {
                    recordAnswer(cluster, infoNode, stateNode);
                    return (Void) null;
                })
                .exceptionally(failure -> {
                    Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                    markUnreachable(cluster, describe(cause, base), isConnectionRefused(cause));
                    return null;
                })
                .whenComplete((ignored, failure) -> probing.remove(cluster.state()));
    }

    private void recordAnswer(Cluster cluster, JsonNode info, JsonNode state)
    {
        ClusterHealth health;
        Optional<String> reason = Optional.empty();
        if (info.path("starting").asBoolean(false)) {
            health = ClusterHealth.STARTING;
            reason = Optional.of("coordinator is starting");
        }
        else if (!"ACTIVE".equals(state.asText())) {
            health = ClusterHealth.SHUTTING_DOWN;
            reason = Optional.of("coordinator state is " + state.asText());
        }
        else {
            health = ClusterHealth.HEALTHY;
        }
        ClusterHealth observed = health;
        Optional<String> why = reason;
        cluster.state().recordReachable(observed, why, clock.instant())
                .ifPresent(previous -> log.info("Cluster {} {} -> {}{}", cluster.name(), previous.health(), observed, why.map(text -> " (" + text + ")").orElse("")));
    }

    private void markUnreachable(Cluster cluster, String reason, boolean definitive)
    {
        cluster.state().recordUnreachable(reason, definitive, clock.instant())
                .ifPresent(previous -> log.warn("Cluster {} {} -> UNREACHABLE ({})", cluster.name(), previous.health(), reason));
    }

    private CompletableFuture<JsonNode> get(URI uri)
    {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        httpClient.newRequest(uri)
                .timeout(config.checkTimeout().toMillis(), TimeUnit.MILLISECONDS)
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

    public static boolean isConnectionRefused(Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable failure, URI base)
    {
        if (isConnectionRefused(failure)) {
            return "connection refused by " + base;
        }
        if (failure instanceof TimeoutException) {
            return "no answer from " + base + " within the probe deadline";
        }
        return String.valueOf(failure.getMessage());
    }
}
