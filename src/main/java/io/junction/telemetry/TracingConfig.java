package io.junction.telemetry;

import io.junction.config.ConfigProperties;

import java.net.URI;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * OpenTelemetry tracing of proxied requests, exported over OTLP/HTTP (protobuf).
 *
 * @param samplingRatio fraction of traces started here that are recorded; a request that
 *        carries the client's {@code traceparent} follows the client's sampling decision
 */
public record TracingConfig(boolean enabled, URI endpoint, Duration exportTimeout, Duration exportInterval, double samplingRatio, String serviceName)
{
    public TracingConfig
    {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(exportTimeout, "exportTimeout is null");
        requireNonNull(exportInterval, "exportInterval is null");
        requireNonNull(serviceName, "serviceName is null");
    }

    public static TracingConfig from(ConfigProperties properties)
    {
        boolean enabled = properties.bool("tracing.enabled", false,
                "Trace every proxied request with OpenTelemetry (a span with the routing decision, W3C traceparent sent to Trino) and export the spans over OTLP");
        String endpoint = properties.string("tracing.exporter.endpoint", "http://127.0.0.1:4318/v1/traces",
                "OTLP/HTTP (protobuf) endpoint the spans are sent to, e.g. an OpenTelemetry Collector's http://collector:4318/v1/traces");
        URI uri = URI.create("http://127.0.0.1:4318/v1/traces");
        try {
            URI parsed = new URI(endpoint);
            if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme()) || parsed.getHost() == null) {
                properties.addProblem("tracing.exporter.endpoint", "'" + endpoint + "' is not an absolute http or https URI");
            }
            else {
                uri = parsed;
            }
        }
        catch (java.net.URISyntaxException e) {
            properties.addProblem("tracing.exporter.endpoint", "'" + endpoint + "' is not a URI: " + e.getReason());
        }
        Duration timeout = properties.duration("tracing.exporter.timeout", "10s", Duration.ofMillis(100),
                "Deadline of one export request to the OTLP endpoint");
        Duration interval = properties.duration("tracing.exporter.interval", "5s", Duration.ofMillis(10),
                "How often finished spans are sent in a batch (spans wait in a bounded queue off the request path; when it is full, new spans are dropped)");
        String ratio = properties.string("tracing.sampling-ratio", "1.0",
                "Fraction (0 to 1) of traces started by Junction that are recorded; requests with a client traceparent follow the client's decision");
        double samplingRatio = 1.0;
        try {
            samplingRatio = Double.parseDouble(ratio.trim());
            if (!(samplingRatio >= 0 && samplingRatio <= 1)) {
                properties.addProblem("tracing.sampling-ratio", "'" + ratio + "' is not between 0 and 1");
                samplingRatio = 1.0;
            }
        }
        catch (NumberFormatException e) {
            properties.addProblem("tracing.sampling-ratio", "'" + ratio + "' is not a number");
        }
        String serviceName = properties.string("tracing.service-name", "junction", "The service.name resource attribute of exported spans");
        return new TracingConfig(enabled, uri, timeout, interval, samplingRatio, serviceName);
    }
}
