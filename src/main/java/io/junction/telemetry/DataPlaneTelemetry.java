package io.junction.telemetry;

import io.junction.proxy.GatewayError;
import io.junction.proxy.ProxyTelemetry;
import io.junction.proxy.RequestSpan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jetty.server.Request;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The proxy's telemetry hooks: answers Junction gave instead of a cluster, counted per error
 * (counters resolved up front, indexed by the enum), and request spans when tracing is on.
 */
final class DataPlaneTelemetry
        implements ProxyTelemetry
{
    private final Counter[] answers;
    private final Optional<RequestTracing> tracing;

    DataPlaneTelemetry(Optional<MeterRegistry> registry, Optional<RequestTracing> tracing)
    {
        this.tracing = requireNonNull(tracing, "tracing is null");
        this.answers = new Counter[GatewayError.values().length];
        registry.ifPresent(meters -> {
            for (GatewayError error : GatewayError.values()) {
                answers[error.ordinal()] = Counter.builder("junction.gateway.errors")
                        .description("Requests Junction answered itself instead of a cluster, by error")
                        .tag("error", ClusterMeters.label(error))
                        .register(meters);
            }
        });
    }

    @Override
    public void answered(GatewayError error)
    {
        Counter counter = answers[error.ordinal()];
        if (counter != null) {
            counter.increment();
        }
    }

    @Override
    public RequestSpan startSpan(Request request, RequestKind kind)
    {
        return tracing.isPresent() ? tracing.get().start(request, kind) : RequestSpan.NONE;
    }
}
