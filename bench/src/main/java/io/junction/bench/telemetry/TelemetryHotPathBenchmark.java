package io.junction.bench.telemetry;

import io.junction.cluster.ClusterTraffic;
import io.junction.telemetry.AccessLogConfig;
import io.junction.telemetry.LogFormatConfig;
import io.junction.telemetry.MetricsConfig;
import io.junction.telemetry.Telemetry;
import io.junction.telemetry.TracingConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What metrics cost one forwarded request on the data plane: the calls the proxy makes on a
 * cluster's traffic (a query routed, the time to the first reply byte, the bytes streamed),
 * with Junction's meters and with metrics off ({@link ClusterTraffic#NONE}).
 * <pre>bench/jmh.sh TelemetryHotPathBenchmark -t 2 -f 1 -wi 3 -i 5 -w 1s -r 1s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TelemetryHotPathBenchmark
{
    private Telemetry telemetry;
    private ClusterTraffic metered;
    private final ClusterTraffic none = ClusterTraffic.NONE;

    @Setup(Level.Trial)
    public void setUp()
    {
        telemetry = new Telemetry(new MetricsConfig(true, false),
                new TracingConfig(false, URI.create("http://127.0.0.1:4318/v1/traces"), Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0, "bench"),
                new AccessLogConfig(false, Path.of("access.log"), AccessLogConfig.DEFAULT_FORMAT, 1, 16),
                new LogFormatConfig(LogFormatConfig.Format.TEXT));
        metered = telemetry.clusterTraffic().create("bench");
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        telemetry.close();
    }

    @Benchmark
    public void meteredRequest()
    {
        request(metered);
    }

    @Benchmark
    public void metricsOff()
    {
        request(none);
    }

    @Benchmark
    public void meteredLatencyOnly()
    {
        metered.replyStarted(ClusterTraffic.RequestKind.FOLLOW_UP, 1_234_567);
    }

    @Benchmark
    public void meteredCountersOnly()
    {
        metered.queryRouted();
        metered.replyStreamed(4096);
    }

    private static void request(ClusterTraffic traffic)
    {
        traffic.queryRouted();
        traffic.replyStarted(ClusterTraffic.RequestKind.FOLLOW_UP, 1_234_567);
        traffic.replyStreamed(4096);
    }
}
