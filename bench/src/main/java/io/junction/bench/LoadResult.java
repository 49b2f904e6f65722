package io.junction.bench;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/**
 * What one load-generator run measured, as written to {@code bench/results/<run>/<name>-<target>.json}.
 * Latencies are in milliseconds; for an open model they are measured from each operation's
 * intended start, so a stalled target cannot hide its queue (coordinated omission).
 */
public record LoadResult(
        String name,
        String mode,
        String target,
        String protocol,
        int clients,
        double arrivalRate,
        QueryShape shape,
        double seconds,
        long operations,
        double operationsPerSecond,
        long requests,
        double requestsPerSecond,
        long submissions,
        long polls,
        double pollsPerSecond,
        long dataPages,
        long bytes,
        double mebibytesPerSecond,
        long finishedQueries,
        long cancelledQueries,
        long errorCount,
        Map<String, Long> errors,
        long backlog,
        int maxInFlight,
        int inFlightAtEnd,
        Latency latency,
        Map<String, ProcessUsage> processes,
        List<Sample> samples)
{
    public record Latency(long count, double p50, double p90, double p99, double p999, double max, double mean)
    {
        static Latency of(Histogram histogram)
        {
            return new Latency(
                    histogram.getTotalCount(),
                    millis(histogram.getValueAtPercentile(50)),
                    millis(histogram.getValueAtPercentile(90)),
                    millis(histogram.getValueAtPercentile(99)),
                    millis(histogram.getValueAtPercentile(99.9)),
                    millis(histogram.getMaxValue()),
                    histogram.getTotalCount() == 0 ? 0 : Math.round(histogram.getMean()) / 1000.0);
        }

        private static double millis(long micros)
        {
            return micros / 1000.0;
        }
    }

    /**
     * A watched process during the measured window: average CPU in cores, and at the end of the
     * window RSS, threads and (for a JVM) heap in use; {@code heapAfterGcBytes} is the live heap,
     * read after a forced GC while the load was still running.
     */
    public record ProcessUsage(
            long pid,
            double cpuCores,
            long rssBytes,
            long peakRssBytes,
            long threads,
            Long heapUsedBytes,
            Long peakHeapUsedBytes,
            Long heapAfterGcBytes,
            Long heapMaxBytes) {}

    /** A sample taken during the run: RSS and heap (after GC when the run asked for it) per watched process. */
    public record Sample(double atSeconds, long operations, Map<String, Long> rssBytes, Map<String, Long> heapBytes) {}
}
