package io.junction.proxy;

import io.junction.cluster.Cluster;
import io.junction.routing.RoutingDecision;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The trace span of one proxied request: the routing decision as attributes, its context
 * propagated to the cluster as W3C {@code traceparent}, ended when the reply is complete.
 * <p>
 * A request that is traced carries its span as a request attribute, so the steps of the
 * proxy find it without passing it along; an untraced request carries nothing and every
 * step gets {@link #NONE}. Used by one request at a time; implementations never block.
 */
public interface RequestSpan
{
    RequestSpan NONE = new RequestSpan() {};

    String ATTRIBUTE = RequestSpan.class.getName();

    /**
     * The span of {@code request}, or {@link #NONE}.
     */
    static RequestSpan of(Request request)
    {
        return request.getAttribute(ATTRIBUTE) instanceof RequestSpan span ? span : NONE;
    }

    /**
     * Attaches this span to {@code request} and returns the callback that ends it with the reply.
     */
    default Callback attach(Request request, Response response, Callback callback)
    {
        return callback;
    }

    default void routed(RoutingDecision decision) {}

    /**
     * The request is forwarded to {@code cluster} (after routing, a route token or query-id affinity).
     */
    default void forwardedTo(Cluster cluster) {}

    /**
     * Writes this span's context into the headers of the request to the cluster, replacing the client's.
     */
    default void inject(HttpFields.Mutable upstreamHeaders) {}
}
