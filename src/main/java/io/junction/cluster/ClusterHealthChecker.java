package io.junction.cluster;

import org.eclipse.jetty.client.HttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * Probes every cluster's {@code /v1/info} and {@code /v1/info/state}, each cluster on a
 * schedule of its own: a probe starts {@code health.check-interval} after the previous one
 * started, or at once when that one took longer. Both requests of a probe run in parallel
 * under one deadline ({@code health.check-timeout}), and nothing waits for another cluster,
 * so one slow cluster never delays the others. With the defaults (1 s, 2 s, 2 failures) a
 * coordinator that stops answering is unhealthy within 5 s; one that refuses connections
 * (its process is gone) is unreachable after the next probe, within about 1 s; one that
 * reports {@code SHUTTING_DOWN} or {@code DRAINING} takes no new queries after the next probe.
 * <p>
 * When {@code load.source} is set, the cluster's own counts are read alongside the probes
 * (at most every {@code load.refresh-interval}, never holding up a probe) and handed to a
 * {@link ClusterLoadListener}.
 * <p>
 * The proxy reports what it sees (passive health): a refused connection marks the cluster
 * unreachable at once; timeouts, broken connections and HTTP 502/503/504 count toward
 * {@code health.passive.failure-threshold} and start a probe at once. Reporting never blocks
 * and never touches the store.
 * <p>
 * Thread-safe. Started and stopped by the composition root.
 */
public final class ClusterHealthChecker
{
    private static final Logger log = LoggerFactory.getLogger(ClusterHealthChecker.class);
    private final ClusterRegistry registry;
    private final ClusterConfig config;
    private final ClusterHealthProbe healthProbe;
    private final InstantSource clock;
    private final ClusterLoadReader loadReader;
    private final long loadIntervalNanos;
    private final ClusterLoadListener loadListener;
    private final Map<ClusterState, ProbeLoop> probes = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> firstRound = new CompletableFuture<>();
    private ScheduledExecutorService scheduler;

    public ClusterHealthChecker(ClusterRegistry registry, ClusterConfig config, LoadConfig loadConfig, HttpClient httpClient, InstantSource clock,
            ClusterLoadListener loadListener)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.config = requireNonNull(config, "config is null");
        this.healthProbe = new ClusterHealthProbe(httpClient, config.checkTimeout());
        this.clock = requireNonNull(clock, "clock is null");
        this.loadReader = new ClusterLoadReader(loadConfig, httpClient, config.checkTimeout(), clock);
        this.loadIntervalNanos = loadConfig.refreshInterval().toNanos();
        this.loadListener = requireNonNull(loadListener, "loadListener is null");
    }

    public ClusterHealthChecker(ClusterRegistry registry, ClusterConfig config, HttpClient httpClient, InstantSource clock)
    {
        this(registry, config, LoadConfig.disabled(), httpClient, clock, ClusterLoadListener.NONE);
    }

    public synchronized void start()
    {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("health-scheduler").daemon().factory());
        List<CompletableFuture<Void>> first = discover();
        CompletableFuture.allOf(first.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> firstRound.complete(null));
        long interval = config.checkInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::discover, interval, interval, TimeUnit.MILLISECONDS);
    }

    public synchronized void stop()
    {
        probes.values().forEach(ProbeLoop::stop);
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
     * Called by the proxy when a request to the cluster failed to connect, timed out or broke.
     * A refused connection marks the cluster unreachable at once; anything else counts as a
     * passive failure and starts a probe.
     */
    public void reportProxyFailure(Cluster cluster, Throwable failure)
    {
        if (isConnectionRefused(failure)) {
            markUnreachable(cluster, "connection refused by " + cluster.definition().uri(), true);
            return;
        }
        recordProxyFailure(cluster, describeProxyFailure(failure));
    }

    /**
     * Called by the proxy with the status of every reply a cluster sent: 502, 503 and 504 are
     * passive failures (a load balancer or the coordinator saying it cannot serve), anything
     * else ends a series of them. Cheap enough for every reply.
     */
    public void reportProxyStatus(Cluster cluster, int status)
    {
        if (status == 502 || status == 503 || status == 504) {
            recordProxyFailure(cluster, "HTTP " + status + " from " + cluster.definition().uri());
            return;
        }
        cluster.state().recordProxySuccess();
    }

    private void recordProxyFailure(Cluster cluster, String reason)
    {
        cluster.state().recordProxyFailure(reason, clock.instant())
                .ifPresent(previous -> log.warn("Cluster {} {} -> UNHEALTHY ({})", cluster.name(), previous.health(), cluster.state().health().reason().orElse(reason)));
        ProbeLoop probe = probes.get(cluster.state());
        if (probe != null) {
            probe.runSoon();
        }
    }

    /**
     * Starts probing the clusters that appeared in the snapshot and stops those that left it.
     *
     * @return the first probe of every cluster in the snapshot
     */
    private List<CompletableFuture<Void>> discover()
    {
        List<CompletableFuture<Void>> first = new ArrayList<>();
        Set<ClusterState> present = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            for (Cluster cluster : registry.snapshot().clusters()) {
                present.add(cluster.state());
                ProbeLoop probe = probes.computeIfAbsent(cluster.state(), state -> new ProbeLoop(cluster.name(), state));
                probe.start();
                first.add(probe.firstProbe);
            }
            probes.entrySet().removeIf(entry -> {
                if (present.contains(entry.getKey())) {
                    return false;
                }
                entry.getValue().stop();
                return true;
            });
        }
        catch (RuntimeException e) {
            log.error("Scheduling health probes failed", e);
        }
        return first;
    }

    /**
     * One cluster's probe loop. At most one probe and one load read of a cluster are in flight.
     */
    private final class ProbeLoop
    {
        private final String name;
        private final ClusterState state;
        private final CompletableFuture<Void> firstProbe = new CompletableFuture<>();
        private final AtomicBoolean probing = new AtomicBoolean();
        private final AtomicBoolean readingLoad = new AtomicBoolean();
        private volatile boolean stopped;
        private boolean started;
        private long lastStart;
        private long lastLoadRead;
        private boolean loadReadOnce;
        private ScheduledFuture<?> next;

        private ProbeLoop(String name, ClusterState state)
        {
            this.name = name;
            this.state = state;
        }

        synchronized void start()
        {
            if (!started) {
                started = true;
                runSoon();
            }
        }

        void stop()
        {
            stopped = true;
            synchronized (this) {
                if (next != null) {
                    next.cancel(false);
                }
            }
            firstProbe.complete(null);
        }

        /**
         * Probes now, unless a probe is in flight (its answer is as good).
         */
        void runSoon()
        {
            if (stopped || probing.get()) {
                return;
            }
            try {
                scheduler.execute(this::run);
            }
            catch (RejectedExecutionException e) {
                // the checker is stopping
            }
        }

        private void run()
        {
            if (stopped || !probing.compareAndSet(false, true)) {
                return;
            }
            Optional<Cluster> cluster = registry.snapshot().find(name).filter(current -> current.state() == state);
            if (cluster.isEmpty()) {
                // left the snapshot: discover() stops this loop
                probing.set(false);
                firstProbe.complete(null);
                return;
            }
            long now = System.nanoTime();
            synchronized (this) {
                lastStart = now;
            }
            readLoadIfDue(cluster.get(), now);
            probe(cluster.get()).whenComplete((ignored, failure) -> {
                probing.set(false);
                firstProbe.complete(null);
                scheduleNext();
            });
        }

        private synchronized void scheduleNext()
        {
            if (stopped) {
                return;
            }
            if (next != null) {
                next.cancel(false);
            }
            long delay = Math.max(0, lastStart + config.checkInterval().toNanos() - System.nanoTime());
            try {
                next = scheduler.schedule(this::run, delay, TimeUnit.NANOSECONDS);
            }
            catch (RejectedExecutionException e) {
                // the checker is stopping
            }
        }

        private void readLoadIfDue(Cluster cluster, long now)
        {
            synchronized (this) {
                if (!loadReader.enabled() || (loadReadOnce && now - lastLoadRead < loadIntervalNanos) || !readingLoad.compareAndSet(false, true)) {
                    return;
                }
                loadReadOnce = true;
                lastLoadRead = now;
            }
            long startedBefore = state.startedQueries();
            loadReader.read(cluster).whenComplete((load, failure) -> {
                readingLoad.set(false);
                if (failure != null) {
                    loadFailed(cluster, ClusterHealthProbe.describe(ClusterHealthProbe.unwrap(failure), cluster.definition().uri()));
                    return;
                }
                if (state.load().error().isPresent()) {
                    log.info("Reading the load of cluster {} works again", cluster.name());
                }
                state.recordLoad(load, startedBefore);
                loadListener.loadRead(cluster, load);
            });
        }

        private void loadFailed(Cluster cluster, String error)
        {
            if (!state.load().error().equals(Optional.of(error))) {
                log.warn("Cannot read the load of cluster {}; its counts are unknown: {}", cluster.name(), error);
            }
            state.recordLoadFailure(error);
        }
    }

    private CompletableFuture<Void> probe(Cluster cluster)
    {
        return healthProbe.probe(cluster.definition().uri()).thenAccept(outcome -> {
            switch (outcome) {
                case ClusterHealthProbe.Outcome.Answered answered -> cluster.state().recordReachable(answered.observed(), answered.reason(), clock.instant())
                        .ifPresent(previous -> log.info("Cluster {} {} -> {}{}", cluster.name(), previous.health(), answered.observed(),
                                answered.reason().map(text -> " (" + text + ")").orElse("")));
                case ClusterHealthProbe.Outcome.Failed failed -> markUnreachable(cluster, failed.reason(), failed.refused());
            }
        });
    }

    private void markUnreachable(Cluster cluster, String reason, boolean definitive)
    {
        cluster.state().recordUnreachable(reason, definitive, clock.instant())
                .ifPresent(previous -> log.warn("Cluster {} {} -> {} ({})", cluster.name(), previous.health(), cluster.state().health().health(), reason));
    }

    /**
     * Whether the failure is a refused connection: nothing reached the cluster, and its coordinator process is gone.
     */
    public static boolean isConnectionRefused(Throwable failure)
    {
        return ClusterHealthProbe.isConnectionRefused(failure);
    }

    private static String describeProxyFailure(Throwable failure)
    {
        if (ClusterHealthProbe.isTimeout(failure)) {
            return "no answer in time";
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
