package io.junction.telemetry;

import io.junction.testing.Eventually;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingUpstream;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A span per proxied request, exported over OTLP/HTTP to an in-process receiver: it
 * continues the client's trace, carries the routing decision, and is the parent that the
 * cluster receives in {@code traceparent}.
 */
class TestTracing
{
    private static final String CLIENT_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN_ID = "00f067aa0ba902b7";
    private static final String CLIENT_TRACEPARENT = "00-" + CLIENT_TRACE_ID + "-" + CLIENT_SPAN_ID + "-01";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void submissionSpanContinuesTheClientTraceAndIsTheParentTheClusterSees()
            throws Exception
    {
        try (TestingOtlpReceiver receiver = new TestingOtlpReceiver();
                TestingUpstream upstream = new TestingUpstream(0);
                TestingJunction junction = TestingJunction.builder()
                        .cluster("traced", upstream.uri(), "etl")
                        .property("routing.default-group", "etl")
                        .property("tracing.enabled", "true")
                        .property("tracing.exporter.endpoint", receiver.tracesEndpoint().toString())
                        .property("tracing.exporter.interval", "50ms")
                        .property("tracing.service-name", "junction-test")
                        .build()) {
            http.send(HttpRequest.newBuilder(junction.uri().resolve("/v1/statement"))
                    .header("X-Trino-User", "alice")
                    .header("traceparent", CLIENT_TRACEPARENT)
                    .header("tracestate", "vendor=client")
                    .POST(HttpRequest.BodyPublishers.ofString("SELECT 1")).build(), HttpResponse.BodyHandlers.ofString());

            Span span = Eventually.until(Duration.ofSeconds(30), "the submission span to be exported",
                    () -> receiver.spans().stream().filter(candidate -> candidate.getName().equals("POST submission")).findFirst(), Optional::isPresent).orElseThrow();
            assertThat(hex(span.getTraceId().toByteArray())).isEqualTo(CLIENT_TRACE_ID);
            assertThat(hex(span.getParentSpanId().toByteArray())).isEqualTo(CLIENT_SPAN_ID);
            assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
            assertThat(attribute(span, "junction.cluster")).isEqualTo("traced");
            assertThat(attribute(span, "junction.routing.group")).isEqualTo("etl");
            assertThat(attribute(span, "junction.routing.outcome")).isEqualTo("routed");
            assertThat(attribute(span, "junction.routing.reason")).contains("default group");
            assertThat(attribute(span, "junction.request.kind")).isEqualTo("submission");
            assertThat(span.getAttributesList()).anySatisfy(attribute -> {
                assertThat(attribute.getKey()).isEqualTo("http.response.status_code");
                assertThat(attribute.getValue().getIntValue()).isEqualTo(404);
            });
            assertThat(receiver.serviceNames()).contains("junction-test");

            List<TestingUpstream.RecordedRequest> received = upstream.requests("/v1/statement");
            assertThat(received).hasSize(1);
            String traceparent = received.getFirst().headers().get("traceparent");
            assertThat(traceparent).isEqualTo("00-" + CLIENT_TRACE_ID + "-" + hex(span.getSpanId().toByteArray()) + "-01");
            // W3C trace context: the vendor state travels with the trace
            assertThat(received.getFirst().headers().get("tracestate")).isEqualTo("vendor=client");
        }
    }

    @Test
    void requestWithoutTraceContextStartsATrace()
            throws Exception
    {
        try (TestingOtlpReceiver receiver = new TestingOtlpReceiver();
                TestingUpstream upstream = new TestingUpstream(0);
                TestingJunction junction = TestingJunction.builder()
                        .cluster("traced", upstream.uri(), "adhoc")
                        .property("tracing.enabled", "true")
                        .property("tracing.exporter.endpoint", receiver.tracesEndpoint().toString())
                        .property("tracing.exporter.interval", "50ms")
                        .build()) {
            http.send(HttpRequest.newBuilder(junction.uri().resolve("/v1/info")).GET().build(), HttpResponse.BodyHandlers.ofString());

            Span span = Eventually.until(Duration.ofSeconds(30), "the span to be exported",
                    () -> receiver.spans().stream().filter(candidate -> candidate.getName().equals("GET cluster-wide")).findFirst(), Optional::isPresent).orElseThrow();
            assertThat(span.getParentSpanId().isEmpty()).isTrue();
            // (the health probes of /v1/info carry no trace context)
            String traceparent = upstream.requests("/v1/info").stream().map(request -> request.headers().get("traceparent")).filter(Objects::nonNull).findFirst().orElseThrow();
            // sampled, and (W3C trace context level 2) possibly flagged as a random trace id
            assertThat(traceparent).matches("00-" + hex(span.getTraceId().toByteArray()) + "-" + hex(span.getSpanId().toByteArray()) + "-0[13]");
        }
    }

    @Test
    void withTracingOffTheClientTraceContextPassesThroughUntouched()
            throws Exception
    {
        try (TestingUpstream upstream = new TestingUpstream(0);
                TestingJunction junction = TestingJunction.builder().cluster("untraced", upstream.uri(), "adhoc").build()) {
            http.send(HttpRequest.newBuilder(junction.uri().resolve("/v1/info")).header("traceparent", CLIENT_TRACEPARENT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(upstream.requests("/v1/info").stream().map(request -> request.headers().get("traceparent")).filter(Objects::nonNull))
                    .containsExactly(CLIENT_TRACEPARENT);
        }
    }

    private static String attribute(Span span, String key)
    {
        return span.getAttributesList().stream()
                .filter(attribute -> attribute.getKey().equals(key))
                .map(KeyValue::getValue)
                .map(value -> value.getStringValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError("span has no attribute " + key + ": " + span.getAttributesList()));
    }

    private static String hex(byte[] bytes)
    {
        return HexFormat.of().formatHex(bytes);
    }
}
