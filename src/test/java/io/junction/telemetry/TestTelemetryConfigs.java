package io.junction.telemetry;

import io.junction.config.ConfigException;
import io.junction.config.ConfigProperties;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The telemetry config records: defaults, a full explicit mapping, and bad values named.
 */
class TestTelemetryConfigs
{
    private static final Path ETC = Path.of("/opt/junction/etc");

    @Test
    void defaults()
    {
        ConfigProperties properties = new ConfigProperties(Map.of(), Map.of());
        MetricsConfig metrics = MetricsConfig.from(properties);
        TracingConfig tracing = TracingConfig.from(properties);
        AccessLogConfig accessLog = AccessLogConfig.from(properties, ETC);
        LogFormatConfig logFormat = LogFormatConfig.from(properties);
        properties.validate();

        assertThat(metrics).isEqualTo(new MetricsConfig(true, true));
        assertThat(tracing).isEqualTo(new TracingConfig(false, URI.create("http://127.0.0.1:4318/v1/traces"), Duration.ofSeconds(10), Duration.ofSeconds(5), 1.0, "junction"));
        assertThat(accessLog).isEqualTo(new AccessLogConfig(false, Path.of("/opt/junction/var/log/http-request.log"), AccessLogConfig.DEFAULT_FORMAT, 7, 10_000));
        assertThat(logFormat).isEqualTo(new LogFormatConfig(LogFormatConfig.Format.TEXT));
    }

    @Test
    void explicitValues()
    {
        ConfigProperties properties = new ConfigProperties(Map.ofEntries(
                Map.entry("metrics.enabled", "false"),
                Map.entry("metrics.jmx.enabled", "false"),
                Map.entry("tracing.enabled", "true"),
                Map.entry("tracing.exporter.endpoint", "https://collector.example:4318/v1/traces"),
                Map.entry("tracing.exporter.timeout", "3s"),
                Map.entry("tracing.exporter.interval", "250ms"),
                Map.entry("tracing.sampling-ratio", "0.25"),
                Map.entry("tracing.service-name", "junction-eu"),
                Map.entry("log.access.enabled", "true"),
                Map.entry("log.access.path", "/var/log/junction/access.log"),
                Map.entry("log.access.format", "%r %s"),
                Map.entry("log.access.retain-days", "30"),
                Map.entry("log.access.queue-size", "500"),
                Map.entry("log.format", "json")), Map.of());
        MetricsConfig metrics = MetricsConfig.from(properties);
        TracingConfig tracing = TracingConfig.from(properties);
        AccessLogConfig accessLog = AccessLogConfig.from(properties, ETC);
        LogFormatConfig logFormat = LogFormatConfig.from(properties);
        properties.validate();

        assertThat(metrics).isEqualTo(new MetricsConfig(false, false));
        assertThat(tracing).isEqualTo(new TracingConfig(true, URI.create("https://collector.example:4318/v1/traces"), Duration.ofSeconds(3), Duration.ofMillis(250), 0.25, "junction-eu"));
        assertThat(accessLog).isEqualTo(new AccessLogConfig(true, Path.of("/var/log/junction/access.log"), "%r %s", 30, 500));
        assertThat(logFormat).isEqualTo(new LogFormatConfig(LogFormatConfig.Format.JSON));
    }

    @Test
    void badValuesAreNamed()
    {
        ConfigProperties properties = new ConfigProperties(Map.of(
                "tracing.exporter.endpoint", "collector:4318",
                "tracing.sampling-ratio", "2",
                "log.format", "xml"), Map.of());
        TracingConfig.from(properties);
        LogFormatConfig.from(properties);
        assertThatThrownBy(properties::validate)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tracing.exporter.endpoint: 'collector:4318' is not an absolute http or https URI")
                .hasMessageContaining("tracing.sampling-ratio: '2' is not between 0 and 1")
                .hasMessageContaining("log.format: 'xml' is neither text nor json");
    }
}
