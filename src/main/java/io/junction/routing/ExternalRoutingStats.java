package io.junction.routing;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the calls to the external routing service, for metrics: calls, answers,
 * answers that reported errors, failures by kind, and a latency histogram with fixed buckets
 * (a call falls into the first bucket whose upper bound is at least its latency; the last
 * bucket has no bound).
 * <p>
 * Thread-safe and lock-free: {@link LongAdder}s, recorded on the request path. Counters only
 * grow; readers get a moment's values, not a consistent snapshot across counters.
 */
public final class ExternalRoutingStats
{
    private static final List<Duration> BUCKET_UPPER_BOUNDS = List.of(
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5));
    private static final long[] BOUNDS_NANOS = BUCKET_UPPER_BOUNDS.stream().mapToLong(Duration::toNanos).toArray();

    private final LongAdder calls = new LongAdder();
    private final LongAdder answers = new LongAdder();
    private final LongAdder answersWithErrors = new LongAdder();
    private final Map<ExternalRoutingOutcome.FailureKind, LongAdder> failures = new EnumMap<>(ExternalRoutingOutcome.FailureKind.class);
    private final LongAdder[] buckets = new LongAdder[BOUNDS_NANOS.length + 1];
    private final LongAdder latencyTotalNanos = new LongAdder();
    private final LongAccumulator latencyMaxNanos = new LongAccumulator(Math::max, 0);

    public ExternalRoutingStats()
    {
        for (ExternalRoutingOutcome.FailureKind kind : ExternalRoutingOutcome.FailureKind.values()) {
            failures.put(kind, new LongAdder());
        }
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void record(ExternalRoutingOutcome outcome)
    {
        calls.increment();
        switch (outcome) {
            case ExternalRoutingOutcome.Answered answered -> {
                answers.increment();
                if (!answered.errors().isEmpty()) {
                    answersWithErrors.increment();
                }
            }
            case ExternalRoutingOutcome.Failed failed -> failures.get(failed.kind()).increment();
        }
        long nanos = Math.max(0, outcome.latency().toNanos());
        buckets[bucketOf(nanos)].increment();
        latencyTotalNanos.add(nanos);
        latencyMaxNanos.accumulate(nanos);
    }

    private static int bucketOf(long nanos)
    {
        for (int i = 0; i < BOUNDS_NANOS.length; i++) {
            if (nanos <= BOUNDS_NANOS[i]) {
                return i;
            }
        }
        return BOUNDS_NANOS.length;
    }

    /** Every call made, answered or failed. */
    public long calls()
    {
        return calls.sum();
    }

    /** Calls answered with a well-formed answer (with or without errors). */
    public long answers()
    {
        return answers.sum();
    }

    /** Answers whose {@code errors} list was not empty. */
    public long answersWithErrors()
    {
        return answersWithErrors.sum();
    }

    /** Calls that gave no usable answer, so that the fallback decided. */
    public long failures(ExternalRoutingOutcome.FailureKind kind)
    {
        return failures.get(kind).sum();
    }

    public long failures()
    {
        long total = 0;
        for (LongAdder adder : failures.values()) {
            total += adder.sum();
        }
        return total;
    }

    /**
     * The upper bounds of the latency buckets, ascending; {@link #latencyBucketCounts()} has one more bucket, unbounded.
     */
    public List<Duration> latencyBucketUpperBounds()
    {
        return BUCKET_UPPER_BOUNDS;
    }

    /**
     * Calls per latency bucket (not cumulative), one more entry than {@link #latencyBucketUpperBounds()}:
     * the last counts the calls slower than every bound.
     */
    public long[] latencyBucketCounts()
    {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return counts;
    }

    /** The sum of all calls' latencies (with {@link #calls()}, the mean). */
    public Duration latencyTotal()
    {
        return Duration.ofNanos(latencyTotalNanos.sum());
    }

    /** The slowest call so far. */
    public Duration latencyMax()
    {
        return Duration.ofNanos(latencyMaxNanos.get());
    }
}
