package io.junction.telemetry;

import io.junction.proxy.ProxyTelemetry;
import io.junction.proxy.RequestSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * OpenTelemetry tracing of proxied requests. Built only when {@code tracing.enabled=true}:
 * with tracing off no SDK object exists and the proxy gets {@link RequestSpan#NONE}.
 * <p>
 * Each request gets one server span that continues the client's W3C trace context
 * ({@code traceparent}, {@code tracestate}) and is propagated to the cluster as the parent
 * of Trino's own spans. Finished spans wait in the batch processor's bounded queue and are
 * exported by its thread, never on the request path. Thread-safe.
 */
final class RequestTracing
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(RequestTracing.class);
    private static final TextMapGetter<Request> REQUEST_HEADERS = new TextMapGetter<>()
    {
        @Override
        public Iterable<String> keys(Request request)
        {
            List<String> names = new ArrayList<>();
            for (HttpField field : request.getHeaders()) {
                names.add(field.getName());
            }
            return names;
        }

        @Override
        public String get(Request request, String key)
        {
            return request == null ? null : request.getHeaders().get(key);
        }
    };
    static final AttributeKey<String> REQUEST_KIND = AttributeKey.stringKey("junction.request.kind");

    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final TextMapPropagator propagator = W3CTraceContextPropagator.getInstance();

    RequestTracing(TracingConfig config)
    {
        requireNonNull(config, "config is null");
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(config.endpoint().toString())
                .setTimeout(config.exportTimeout())
                .build();
        this.provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), config.serviceName()))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.samplingRatio())))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter)
                        .setScheduleDelay(config.exportInterval())
                        .setExporterTimeout(config.exportTimeout())
                        .build())
                .build();
        this.tracer = provider.get("io.junction.proxy");
        log.info("Tracing proxied requests to {} (sampling ratio {})", config.endpoint(), config.samplingRatio());
    }

    RequestSpan start(Request request, ProxyTelemetry.RequestKind kind)
    {
        Context parent = propagator.extract(Context.root(), request, REQUEST_HEADERS);
        Span span = tracer.spanBuilder(request.getMethod() + " " + ClusterMeters.label(kind).replace('_', '-'))
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", request.getMethod())
                .setAttribute("url.path", request.getHttpURI().getPath())
                .setAttribute(REQUEST_KIND, ClusterMeters.label(kind))
                .startSpan();
        return new OpenTelemetrySpan(span, propagator);
    }

    @Override
    public void close()
    {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }
}
