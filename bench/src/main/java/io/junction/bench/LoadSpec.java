package io.junction.bench;

import java.net.URI;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * One load-generator run against one target.
 *
 * @param name what the report calls this run, e.g. {@code poll-open} or {@code concurrency-10k}
 * @param clients concurrent clients; each follows one query at a time, sequentially, like a real client
 * @param arrivalRate operations per second for an open model, or 0 for a closed loop
 * @param maxOperations stop after this many measured operations (0: only the duration bounds the run)
 * @param http2 speak HTTP/2 without TLS (prior knowledge) to the target
 * @param ramp time over which the clients start
 * @param sampleEvery how often to sample the watched processes during the run (zero: at the end only)
 * @param gcSamples whether samples force a GC in a watched JVM first, to report heap after GC
 */
public record LoadSpec(
        String name,
        BenchMode mode,
        String targetName,
        URI target,
        int clients,
        double arrivalRate,
        Duration warmup,
        Duration duration,
        long maxOperations,
        QueryShape shape,
        boolean http2,
        Duration ramp,
        Duration sampleEvery,
        boolean gcSamples,
        Duration requestTimeout)
{
    public LoadSpec
    {
        requireNonNull(name, "name is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(targetName, "targetName is null");
        requireNonNull(target, "target is null");
        requireNonNull(warmup, "warmup is null");
        requireNonNull(duration, "duration is null");
        requireNonNull(shape, "shape is null");
        requireNonNull(ramp, "ramp is null");
        requireNonNull(sampleEvery, "sampleEvery is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1: " + clients);
        }
        if (arrivalRate < 0) {
            throw new IllegalArgumentException("arrivalRate is negative: " + arrivalRate);
        }
    }

    /** A closed loop of {@code clients} against {@code target}, with the defaults of a short run. */
    public static LoadSpec closedLoop(String name, BenchMode mode, String targetName, URI target, int clients, QueryShape shape, Duration duration)
    {
        return new LoadSpec(name, mode, targetName, target, clients, 0, Duration.ZERO, duration, 0, shape, false,
                Duration.ZERO, Duration.ZERO, false, Duration.ofSeconds(10));
    }

    public boolean openModel()
    {
        return arrivalRate > 0;
    }

    public LoadSpec withArrivalRate(double rate)
    {
        return new LoadSpec(name, mode, targetName, target, clients, rate, warmup, duration, maxOperations, shape, http2, ramp, sampleEvery, gcSamples, requestTimeout);
    }

    public LoadSpec withWarmup(Duration newWarmup)
    {
        return new LoadSpec(name, mode, targetName, target, clients, arrivalRate, newWarmup, duration, maxOperations, shape, http2, ramp, sampleEvery, gcSamples, requestTimeout);
    }

    public LoadSpec withMaxOperations(long operations)
    {
        return new LoadSpec(name, mode, targetName, target, clients, arrivalRate, warmup, duration, operations, shape, http2, ramp, sampleEvery, gcSamples, requestTimeout);
    }

    public LoadSpec withHttp2(boolean enabled, URI newTarget)
    {
        return new LoadSpec(name, mode, targetName, newTarget, clients, arrivalRate, warmup, duration, maxOperations, shape, enabled, ramp, sampleEvery, gcSamples, requestTimeout);
    }

    public LoadSpec withRamp(Duration newRamp)
    {
        return new LoadSpec(name, mode, targetName, target, clients, arrivalRate, warmup, duration, maxOperations, shape, http2, newRamp, sampleEvery, gcSamples, requestTimeout);
    }

    public LoadSpec withSampling(Duration every, boolean forceGc)
    {
        return new LoadSpec(name, mode, targetName, target, clients, arrivalRate, warmup, duration, maxOperations, shape, http2, ramp, every, forceGc, requestTimeout);
    }
}
