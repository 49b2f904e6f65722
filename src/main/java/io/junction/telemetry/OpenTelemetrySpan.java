package io.junction.telemetry;

import io.junction.cluster.Cluster;
import io.junction.proxy.RequestSpan;
import io.junction.routing.RoutingDecision;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.List;

/**
 * One proxied request's span: routing attributes, propagation to the cluster, and its end
 * when Jetty completes the reply.
 */
final class OpenTelemetrySpan
        implements RequestSpan
{
    static final AttributeKey<String> CLUSTER = AttributeKey.stringKey("junction.cluster");
    static final AttributeKey<String> ROUTING_GROUP = AttributeKey.stringKey("junction.routing.group");
    static final AttributeKey<String> ROUTING_OUTCOME = AttributeKey.stringKey("junction.routing.outcome");
    static final AttributeKey<String> ROUTING_REASON = AttributeKey.stringKey("junction.routing.reason");
    static final AttributeKey<List<String>> MATCHED_RULES = AttributeKey.stringArrayKey("junction.routing.matched_rules");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final TextMapSetter<HttpFields.Mutable> UPSTREAM_HEADERS = (headers, key, value) -> {
        if (headers != null) {
            headers.put(key, value);
        }
    };

    private final Span span;
    private final TextMapPropagator propagator;

    OpenTelemetrySpan(Span span, TextMapPropagator propagator)
    {
        this.span = span;
        this.propagator = propagator;
    }

    @Override
    public Callback attach(Request request, Response response, Callback callback)
    {
        request.setAttribute(ATTRIBUTE, this);
        return new Callback.Nested(callback)
        {
            @Override
            public void succeeded()
            {
                end(response, null);
                super.succeeded();
            }

            @Override
            public void failed(Throwable failure)
            {
                end(response, failure);
                super.failed(failure);
            }
        };
    }

    @Override
    public void routed(RoutingDecision decision)
    {
        span.setAttribute(ROUTING_GROUP, decision.routingGroup());
        if (!decision.matchedRules().isEmpty()) {
            span.setAttribute(MATCHED_RULES, decision.matchedRules());
        }
        switch (decision) {
            case RoutingDecision.Routed routed -> {
                span.setAttribute(ROUTING_OUTCOME, "routed");
                span.setAttribute(ROUTING_REASON, routed.reason());
            }
            case RoutingDecision.Rejected rejected -> {
                span.setAttribute(ROUTING_OUTCOME, ClusterMeters.label(rejected.reason()));
                span.setAttribute(ROUTING_REASON, rejected.message());
            }
        }
    }

    @Override
    public void forwardedTo(Cluster cluster)
    {
        span.setAttribute(CLUSTER, cluster.name());
    }

    @Override
    public void inject(HttpFields.Mutable upstreamHeaders)
    {
        // Replaces the client's traceparent: Trino's spans become children of this one.
        upstreamHeaders.remove("tracestate");
        propagator.inject(Context.root().with(span), upstreamHeaders, UPSTREAM_HEADERS);
    }

    private void end(Response response, Throwable failure)
    {
        int status = response.getStatus();
        span.setAttribute(STATUS, (long) status);
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.toString());
        }
        else if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
