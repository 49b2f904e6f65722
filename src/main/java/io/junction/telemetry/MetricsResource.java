package io.junction.telemetry;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /metrics} on the admin listener: every metric in Prometheus text format, or
 * OpenMetrics when the scraper asks for {@code application/openmetrics-text}.
 */
final class MetricsResource
        extends Handler.Abstract
{
    static final String PATH = "/metrics";

    private final JunctionMetrics metrics;

    MetricsResource(JunctionMetrics metrics)
    {
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
    {
        if (!request.getHttpURI().getPath().equals(PATH)) {
            return false;
        }
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.setStatus(405);
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap("{\"error\":\"/metrics answers GET only\"}".getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
        JunctionMetrics.Scrape scrape = metrics.scrape(request.getHeaders().get(HttpHeader.ACCEPT));
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, scrape.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        byte[] body = scrape.body().getBytes(StandardCharsets.UTF_8);
        response.write(true, request.getMethod().equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
        return true;
    }
}
