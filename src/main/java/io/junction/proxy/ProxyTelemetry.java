package io.junction.proxy;

import org.eclipse.jetty.server.Request;

/**
 * The data plane's hooks for metrics and tracing, implemented outside the proxy (the
 * {@code telemetry} package binds them). {@link #NONE} does nothing and allocates nothing,
 * so a disabled feature costs one interface call.
 * <p>
 * Implementations are thread-safe and never block: they are called on the request path,
 * possibly on a selector thread.
 */
public interface ProxyTelemetry
{
    ProxyTelemetry NONE = new ProxyTelemetry() {};

    /**
     * What a proxied request is, as classified before routing.
     */
    enum RequestKind
    {
        SUBMISSION,
        FOLLOW_UP,
        QUERY_SCOPED,
        CLUSTER_WIDE,
    }

    /**
     * Junction answered the request itself instead of a cluster, with {@code error}.
     */
    default void answered(GatewayError error) {}

    /**
     * Starts the trace span of one proxied request, continuing the client's trace context if
     * it sent one. Returns {@link RequestSpan#NONE} when tracing is off or the request is not sampled.
     */
    default RequestSpan startSpan(Request request, RequestKind kind)
    {
        return RequestSpan.NONE;
    }
}
