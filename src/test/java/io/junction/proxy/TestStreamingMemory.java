package io.junction.proxy;

import io.junction.testing.StatementClient;
import io.junction.testing.TestingJunction;
import io.junction.testing.TrinoClusters;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A result of more than 100 MB streams through Junction while its live heap stays flat:
 * Junction (in this JVM) holds no reply in memory. Every ~16 MB the test collects garbage
 * and records the heap still in use; the peak of those samples is compared to the heap
 * before the query.
 */
@Tag("trino")
class TestStreamingMemory
{
    /** 400 x 300 rows of about 1 kB each: ~120 MB of JSON. */
    private static final String LARGE_RESULT = """
            SELECT x, y, rpad(cast(x * y AS varchar), 1000, 'x') AS padding
            FROM UNNEST(sequence(1, 400)) a(x) CROSS JOIN UNNEST(sequence(1, 300)) b(y)""";
    private static final long SAMPLE_EVERY_BYTES = 16L * 1024 * 1024;
    private static final long MAX_LIVE_HEAP_GROWTH = 24L * 1024 * 1024;

    @Test
    void largeResultStreamsWithFlatHeap()
    {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (TestingJunction junction = TestingJunction.builder().cluster("trino1", TrinoClusters.first().uri(), "adhoc").build()) {
            StatementClient client = new StatementClient();
            client.streamToEnd(junction.uri(), "SELECT 1");
            long baseline = liveHeap(memory);
            AtomicLong peak = new AtomicLong(baseline);
            AtomicLong nextSample = new AtomicLong(SAMPLE_EVERY_BYTES);
            AtomicLong samples = new AtomicLong();
            long bytes = client.streamToEnd(junction.uri(), LARGE_RESULT, streamed -> {
                if (streamed >= nextSample.get()) {
                    nextSample.addAndGet(SAMPLE_EVERY_BYTES);
                    samples.incrementAndGet();
                    peak.accumulateAndGet(liveHeap(memory), Math::max);
                }
            });
            String figures = "streamed %,d bytes through Junction; live heap before %,d bytes, peak during the stream %,d bytes (growth %,d bytes over %d samples)"
                    .formatted(bytes, baseline, peak.get(), peak.get() - baseline, samples.get());
            System.out.println("TestStreamingMemory: " + figures);
            assertThat(bytes).as(figures).isGreaterThan(100L * 1024 * 1024);
            assertThat(samples.get()).as(figures).isGreaterThanOrEqualTo(6);
            assertThat(peak.get() - baseline).as(figures).isLessThan(MAX_LIVE_HEAP_GROWTH);
        }
    }

    private static long liveHeap(MemoryMXBean memory)
    {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
