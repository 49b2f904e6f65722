package io.junction.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import static java.util.Objects.requireNonNull;

/**
 * Samples the watched processes of a run on its own thread (a JMX call or a forced GC in the
 * target must not stall the load): CPU over the measured window, periodic RSS and heap, and at
 * the end of the window RSS, threads, heap in use and, for a concurrency run, the live heap after
 * a forced GC while every query is still in flight.
 */
final class ProcessSampling
        implements AutoCloseable
{
    private final LoadSpec spec;
    private final List<WatchedProcess> processes;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("loadgen-sampler").daemon().factory());
    private final List<LoadResult.Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Double> cpuAtStart = new HashMap<>();
    private final Map<String, Long> peakRss = new HashMap<>();
    private final Map<String, Long> peakHeap = new HashMap<>();
    private long startNanos;

    ProcessSampling(LoadSpec spec, List<WatchedProcess> processes)
    {
        this.spec = requireNonNull(spec, "spec is null");
        this.processes = List.copyOf(processes);
    }

    void begin(long measureStartNanos, LongAdder operations)
            throws Exception
    {
        startNanos = measureStartNanos;
        sampler.submit(() -> {
            for (WatchedProcess process : processes) {
                cpuAtStart.put(process.role(), process.cpuSeconds());
            }
        }).get();
        long every = spec.sampleEvery().toMillis();
        if (every > 0) {
            sampler.scheduleAtFixedRate(() -> sample(operations.sum()), every, every, TimeUnit.MILLISECONDS);
        }
    }

    Map<String, LoadResult.ProcessUsage> end(boolean liveHeap)
            throws Exception
    {
        return sampler.submit(() -> {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            Map<String, LoadResult.ProcessUsage> usage = new LinkedHashMap<>();
            for (WatchedProcess process : processes) {
                double cpu = (process.cpuSeconds() - cpuAtStart.getOrDefault(process.role(), 0.0)) / seconds;
                long rss = process.rssBytes();
                long threads = process.threads();
                OptionalLong heapUsed = process.heapUsedBytes(false);
                OptionalLong heapAfterGc = liveHeap || spec.gcSamples() ? process.heapUsedBytes(true) : OptionalLong.empty();
                usage.put(process.role(), new LoadResult.ProcessUsage(
                        process.pid(),
                        Math.round(cpu * 100) / 100.0,
                        rss,
                        Math.max(rss, peakRss.getOrDefault(process.role(), 0L)),
                        threads,
                        boxed(heapUsed),
                        heapUsed.isPresent() ? Math.max(heapUsed.getAsLong(), peakHeap.getOrDefault(process.role(), 0L)) : null,
                        boxed(heapAfterGc),
                        boxed(process.heapMaxBytes())));
            }
            return usage;
        }).get();
    }

    List<LoadResult.Sample> samples()
    {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close()
    {
        sampler.shutdownNow();
        for (WatchedProcess process : processes) {
            process.close();
        }
    }

    private void sample(long operations)
    {
        Map<String, Long> rss = new LinkedHashMap<>();
        Map<String, Long> heap = new LinkedHashMap<>();
        for (WatchedProcess process : processes) {
            long processRss = process.rssBytes();
            rss.put(process.role(), processRss);
            peakRss.merge(process.role(), processRss, Math::max);
            process.heapUsedBytes(spec.gcSamples()).ifPresent(used -> {
                heap.put(process.role(), used);
                peakHeap.merge(process.role(), used, Math::max);
            });
        }
        double at = Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
        samples.add(new LoadResult.Sample(at, operations, rss, heap));
    }

    private static Long boxed(OptionalLong value)
    {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
