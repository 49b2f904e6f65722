package io.junction.telemetry;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Figures a feature keeps itself (queue depths, counts, summed timings) reach the scrape as
 * they change, and a disabled metrics part binds nothing.
 */
class TestTelemetryBindings
{
    @Test
    void figuresKeptByAFeatureAreReadAtEachScrape()
    {
        AtomicLong depth = new AtomicLong(3);
        AtomicLong calls = new AtomicLong(5);
        AtomicLong nanos = new AtomicLong(Duration.ofMillis(250).toNanos());
        try (Telemetry telemetry = telemetry(true)) {
            telemetry.bindGauge("junction.test.queue.depth", "a queue", depth::get);
            telemetry.bindCounter("junction.test.calls", "calls", calls::get);
            telemetry.bindTimer("junction.test.call.time", "call time", calls::get, () -> Duration.ofNanos(nanos.get()));
            JunctionMetrics metrics = telemetry.metrics().orElseThrow();
            String text = metrics.scrape("text/plain").body();
            assertThat(text).contains("junction_test_queue_depth 3.0", "junction_test_calls_total 5.0",
                    "junction_test_call_time_seconds_count 5", "junction_test_call_time_seconds_sum 0.25");
            depth.set(7);
            calls.set(6);
            assertThat(metrics.scrape("text/plain").body()).contains("junction_test_queue_depth 7.0", "junction_test_calls_total 6.0");
        }
    }

    @Test
    void disabledMetricsServeNothing()
    {
        try (Telemetry telemetry = telemetry(false)) {
            telemetry.bindGauge("junction.test.queue.depth", "a queue", () -> 1);
            assertThat(telemetry.adminHandlers()).isEmpty();
            assertThat(telemetry.storePool()).isEmpty();
            assertThat(telemetry.proxy()).isSameAs(io.junction.proxy.ProxyTelemetry.NONE);
            assertThat(telemetry.clusterTraffic()).isSameAs(io.junction.cluster.ClusterTraffic.Factory.NONE);
        }
    }

    private static Telemetry telemetry(boolean metrics)
    {
        return new Telemetry(new MetricsConfig(metrics, false),
                new TracingConfig(false, URI.create("http://127.0.0.1:4318/v1/traces"), Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0, "test"),
                new AccessLogConfig(false, Path.of("access.log"), AccessLogConfig.DEFAULT_FORMAT, 1, 16),
                new LogFormatConfig(LogFormatConfig.Format.TEXT));
    }
}
