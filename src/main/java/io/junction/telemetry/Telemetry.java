package io.junction.telemetry;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.junction.cluster.ClusterRegistry;
import io.junction.cluster.ClusterTraffic;
import io.junction.proxy.ProxyTelemetry;
import io.junction.routing.ExternalRoutingOutcome;
import io.junction.routing.ExternalRoutingStats;
import io.junction.routing.Router;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Metrics, tracing, the access log and the log format, built from their configuration and
 * bound to the features by the composition root. A disabled part is absent: its hooks are
 * the features' no-op implementations, so it costs nothing on the request path.
 */
public final class Telemetry
        implements AutoCloseable
{
    /** Where {@link #adminHandlers()} serve the metrics on the admin listener. */
    public static final String METRICS_PATH = MetricsResource.PATH;

    private static final long FLEET_REFRESH_SECONDS = 5;

    private final Optional<JunctionMetrics> metrics;
    private final Optional<RequestTracing> tracing;
    private final Optional<RequestLog> accessLog;
    private final ProxyTelemetry proxy;
    private ScheduledExecutorService refresher;

    public Telemetry(MetricsConfig metricsConfig, TracingConfig tracingConfig, AccessLogConfig accessLogConfig, LogFormatConfig logFormat)
    {
        LogFormat.apply(requireNonNull(logFormat, "logFormat is null"));
        this.metrics = metricsConfig.enabled() ? Optional.of(new JunctionMetrics(metricsConfig)) : Optional.empty();
        this.tracing = tracingConfig.enabled() ? Optional.of(new RequestTracing(tracingConfig)) : Optional.empty();
        this.accessLog = accessLogConfig.enabled() ? Optional.of(AccessLog.create(accessLogConfig)) : Optional.empty();
        this.proxy = metrics.isEmpty() && tracing.isEmpty()
                ? ProxyTelemetry.NONE
                : new DataPlaneTelemetry(metrics.map(JunctionMetrics::registry), tracing);
    }

    /**
     * The meters the cluster registry attaches to each cluster.
     */
    public ClusterTraffic.Factory clusterTraffic()
    {
        return metrics.map(JunctionMetrics::clusterTraffic).orElse(ClusterTraffic.Factory.NONE);
    }

    public void bindFleet(ClusterRegistry registry)
    {
        metrics.ifPresent(meters -> meters.bindFleet(registry));
    }

    /**
     * The router the proxy uses: {@code router} with its decisions counted.
     */
    public Router router(Router router)
    {
        return metrics.<Router>map(meters -> new MeteredRouter(router, meters.registry())).orElse(router);
    }

    public ProxyTelemetry proxy()
    {
        return proxy;
    }

    public void bindThreadPool(String pool, QueuedThreadPool threads)
    {
        metrics.ifPresent(meters -> meters.bindThreadPool(pool, threads));
    }

    /**
     * A figure a feature keeps itself, such as a queue depth, published as a gauge.
     */
    public void bindGauge(String name, String description, Supplier<Number> value)
    {
        metrics.ifPresent(meters -> meters.gauge(name, description, Tags.empty(), value));
    }

    /**
     * A count a feature keeps itself (for example requests to the external router), published as a counter.
     */
    public void bindCounter(String name, String description, Supplier<Number> count)
    {
        metrics.ifPresent(meters -> FunctionCounter.builder(name, count, value -> value.get().doubleValue())
                .description(description)
                .register(meters.registry()));
    }

    /**
     * Timings a feature sums itself (a count and a total time), published as a timer without buckets.
     */
    public void bindTimer(String name, String description, Supplier<Number> count, Supplier<java.time.Duration> totalTime)
    {
        metrics.ifPresent(meters -> FunctionTimer.builder(name, this, ignored -> count.get().longValue(),
                        ignored -> totalTime.get().toNanos(), TimeUnit.NANOSECONDS)
                .description(description)
                .register(meters.registry()));
    }

    /**
     * The external routing service's calls, answers, failures by kind and latency, from the
     * counters its client keeps.
     */
    public void bindExternalRouting(ExternalRoutingStats stats)
    {
        metrics.ifPresent(meters -> {
            FunctionCounter.builder("junction.routing.external.calls", stats, ExternalRoutingStats::calls)
                    .description("Calls to the external routing service")
                    .register(meters.registry());
            FunctionCounter.builder("junction.routing.external.answers", stats, ExternalRoutingStats::answers)
                    .description("Answers of the external routing service in the contract's shape (with or without errors)")
                    .register(meters.registry());
            FunctionCounter.builder("junction.routing.external.answers.with.errors", stats, ExternalRoutingStats::answersWithErrors)
                    .description("Answers of the external routing service that listed errors")
                    .register(meters.registry());
            for (ExternalRoutingOutcome.FailureKind kind : ExternalRoutingOutcome.FailureKind.values()) {
                FunctionCounter.builder("junction.routing.external.failures", stats, counters -> counters.failures(kind))
                        .description("Calls to the external routing service that failed, by kind (the fallback decided)")
                        .tag("kind", kind.label())
                        .register(meters.registry());
            }
            FunctionTimer.builder("junction.routing.external.latency", stats, ExternalRoutingStats::calls,
                            counters -> counters.latencyTotal().toNanos(), TimeUnit.NANOSECONDS)
                    .description("Time from the call to the external routing service to its answer or failure")
                    .register(meters.registry());
            TimeGauge.builder("junction.routing.external.latency.max", stats, TimeUnit.NANOSECONDS, counters -> counters.latencyMax().toNanos())
                    .description("The longest call to the external routing service since the start")
                    .register(meters.registry());
        });
    }

    public Optional<MetricsTrackerFactory> storePool()
    {
        return metrics.map(JunctionMetrics::storePool);
    }

    Optional<JunctionMetrics> metrics()
    {
        return metrics;
    }

    public Optional<RequestLog> accessLog()
    {
        return accessLog;
    }

    /**
     * Handlers of the admin listener: {@code /metrics}.
     */
    public List<Handler> adminHandlers()
    {
        return metrics.<List<Handler>>map(meters -> List.of(new MetricsResource(meters))).orElse(List.of());
    }

    public synchronized void start()
    {
        if (metrics.isPresent()) {
            JunctionMetrics meters = metrics.get();
            refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("metrics-fleet").daemon().factory());
            refresher.scheduleWithFixedDelay(meters::refreshFleet, 0, FLEET_REFRESH_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void close()
    {
        if (refresher != null) {
            refresher.shutdownNow();
        }
        tracing.ifPresent(RequestTracing::close);
        metrics.ifPresent(JunctionMetrics::close);
    }
}
