package io.junction.telemetry;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterHealth;
import io.junction.cluster.ClusterRegistry;
import io.junction.cluster.ClusterTraffic;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Junction's metrics: one Prometheus registry that features feed through the hooks they
 * expose (per-cluster {@link ClusterTraffic}, the proxy's telemetry, the store pool's
 * tracker) and that reads the fleet's live state (health, in-flight queries) when scraped.
 * Also JVM and thread-pool metrics, and the same meters as MBeans.
 * <p>
 * Labels are bounded: cluster, routing group and rule names from the configuration, enum
 * values; never a user, query id or path. Thread-safe.
 */
public final class JunctionMetrics
        implements AutoCloseable
{
    static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Optional<MeterMBeans> mbeans;
    private final Map<String, ClusterMeters> clusters = new ConcurrentHashMap<>();
    private final List<AutoCloseable> binders = new ArrayList<>();
    private final MultiGauge inFlight;
    private final MultiGauge health;
    private final MultiGauge info;
    private volatile ClusterRegistry fleet;

    JunctionMetrics(MetricsConfig config)
    {
        requireNonNull(config, "config is null");
        this.mbeans = config.jmxEnabled() ? Optional.of(new MeterMBeans(registry, ManagementFactory.getPlatformMBeanServer())) : Optional.empty();
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        binders.add(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        this.inFlight = MultiGauge.builder("junction.cluster.queries.in.flight")
                .description("Queries this node has in flight on the cluster (seen a reply with a nextUri, not yet a final one)")
                .register(registry);
        this.health = MultiGauge.builder("junction.cluster.health")
                .description("1 for the cluster's current health state as this node sees it, 0 for the others")
                .register(registry);
        this.info = MultiGauge.builder("junction.cluster.info")
                .description("Always 1: the cluster's routing group and lifecycle as labels, to join with the per-cluster series")
                .register(registry);
    }

    /**
     * Makes the meters of each cluster the registry takes in.
     */
    ClusterTraffic.Factory clusterTraffic()
    {
        return new ClusterTraffic.Factory()
        {
            @Override
            public ClusterTraffic create(String clusterName)
            {
                return clusters.computeIfAbsent(clusterName, name -> new ClusterMeters(registry, name));
            }

            @Override
            public void release(String clusterName)
            {
                ClusterMeters meters = clusters.remove(clusterName);
                if (meters != null) {
                    meters.remove(registry);
                }
            }
        };
    }

    /**
     * The fleet whose health, in-flight queries and groups are read at each scrape.
     */
    void bindFleet(ClusterRegistry clusterRegistry)
    {
        this.fleet = requireNonNull(clusterRegistry, "clusterRegistry is null");
    }

    /**
     * Threads of one of Jetty's pools, named as Micrometer's Jetty binder names them.
     */
    void bindThreadPool(String pool, QueuedThreadPool threads)
    {
        Tags tags = Tags.of("pool", pool);
        gauge("jetty.threads.current", "Threads of the pool", tags, threads::getThreads);
        gauge("jetty.threads.busy", "Threads of the pool running a task", tags, threads::getBusyThreads);
        gauge("jetty.threads.idle", "Idle threads of the pool", tags, threads::getIdleThreads);
        gauge("jetty.threads.config.max", "Most threads the pool may start", tags, threads::getMaxThreads);
        gauge("jetty.threads.jobs", "Tasks waiting for a thread of the pool", tags, threads::getQueueSize);
    }

    /**
     * Gauges of a feature that keeps its own figures (queue depths, buffer sizes).
     */
    void gauge(String name, String description, Tags tags, Supplier<Number> value)
    {
        Gauge.builder(name, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    /**
     * The store pool's connection metrics: acquire and usage time (the store's latency), pending threads, pool size.
     */
    MetricsTrackerFactory storePool()
    {
        return new MicrometerMetricsTrackerFactory(registry);
    }

    PrometheusMeterRegistry registry()
    {
        return registry;
    }

    /**
     * The metrics in the text format the client accepts: OpenMetrics when it asks for it, else Prometheus 0.0.4.
     */
    Scrape scrape(String accept)
    {
        refreshFleet();
        String contentType = accept != null && accept.contains("application/openmetrics-text")
                ? OPENMETRICS_CONTENT_TYPE
                : PROMETHEUS_CONTENT_TYPE;
        return new Scrape(contentType, registry.scrape(contentType));
    }

    record Scrape(String contentType, String body) {}

    /**
     * Updates the gauges that describe the fleet; called before each scrape (and by JMX readers through it).
     */
    void refreshFleet()
    {
        ClusterRegistry current = fleet;
        if (current == null) {
            return;
        }
        List<MultiGauge.Row<?>> inFlightRows = new ArrayList<>();
        List<MultiGauge.Row<?>> healthRows = new ArrayList<>();
        List<MultiGauge.Row<?>> infoRows = new ArrayList<>();
        for (Cluster cluster : current.snapshot().clusters()) {
            String name = cluster.name();
            Tags tags = Tags.of("cluster", name);
            // Read through the registry by name at each read, so a cluster replaced under the same name is followed.
            inFlightRows.add(MultiGauge.Row.of(tags, () -> current.snapshot().find(name).map(found -> found.state().inFlight()).orElse(0)));
            for (ClusterHealth state : ClusterHealth.values()) {
                healthRows.add(MultiGauge.Row.of(tags.and("state", ClusterMeters.label(state)),
                        () -> current.snapshot().find(name).filter(found -> found.state().health().health() == state).isPresent() ? 1 : 0));
            }
            infoRows.add(MultiGauge.Row.of(tags.and("group", cluster.definition().routingGroup(), "lifecycle", ClusterMeters.label(cluster.definition().lifecycle())), () -> 1));
        }
        inFlight.register(inFlightRows, false);
        health.register(healthRows, false);
        info.register(infoRows, false);
    }

    @Override
    public void close()
    {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            }
            catch (Exception ignored) {
                // closing a JVM binder only unregisters listeners
            }
        }
        mbeans.ifPresent(MeterMBeans::close);
        registry.close();
    }
}
