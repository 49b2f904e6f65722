package io.junction.telemetry;

import io.junction.cluster.ClusterTraffic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The meters of one cluster, resolved once when the cluster appears: the proxy's calls are
 * plain additions on them, with no lookup, string building or allocation per request.
 */
final class ClusterMeters
        implements ClusterTraffic
{
    /** Bucket bounds of the reply latency histogram: 0.5 ms (a local poll) up to a minute (a long poll or a slow planner). */
    static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(0).plusNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2).plusNanos(500_000), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final List<Meter> meters = new ArrayList<>();
    private final Counter queriesRouted;
    private final Counter responseBytes;
    private final Timer[] replyLatency = new Timer[RequestKind.values().length];
    private final Counter[] failures = new Counter[Failure.values().length];

    ClusterMeters(MeterRegistry registry, String clusterName)
    {
        requireNonNull(registry, "registry is null");
        Tags cluster = Tags.of("cluster", clusterName);
        queriesRouted = register(Counter.builder("junction.cluster.queries.routed")
                .description("New queries this node sent to the cluster")
                .tags(cluster)
                .register(registry));
        responseBytes = register(Counter.builder("junction.cluster.response.bytes")
                .description("Reply body bytes streamed from the cluster to clients")
                .baseUnit("bytes")
                .tags(cluster)
                .register(registry));
        for (RequestKind kind : RequestKind.values()) {
            replyLatency[kind.ordinal()] = register(Timer.builder("junction.cluster.reply.latency")
                    .description("Time from forwarding a request to the cluster until its reply began (first response byte)")
                    .tags(cluster.and("kind", label(kind)))
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(registry));
        }
        for (Failure failure : Failure.values()) {
            failures[failure.ordinal()] = register(Counter.builder("junction.cluster.failures")
                    .description("Requests to the cluster that did not get its answer, by kind")
                    .tags(cluster.and("kind", label(failure)))
                    .register(registry));
        }
    }

    @Override
    public void queryRouted()
    {
        queriesRouted.increment();
    }

    @Override
    public void replyStarted(RequestKind kind, long nanos)
    {
        replyLatency[kind.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void replyStreamed(long bytes)
    {
        if (bytes > 0) {
            responseBytes.increment(bytes);
        }
    }

    @Override
    public void failed(Failure failure)
    {
        failures[failure.ordinal()].increment();
    }

    void remove(MeterRegistry registry)
    {
        meters.forEach(registry::remove);
    }

    private <M extends Meter> M register(M meter)
    {
        meters.add(meter);
        return meter;
    }

    static String label(Enum<?> value)
    {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
