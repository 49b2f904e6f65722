package io.junction.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Junction's own liveness and readiness: {@code GET /health/live} answers while the process
 * serves requests; {@code GET /health/ready} answers 200 once every cluster was probed once,
 * 503 before.
 */
final class HealthResource
        extends Handler.Abstract.NonBlocking
{
    private final BooleanSupplier ready;

    HealthResource(BooleanSupplier ready)
    {
        this.ready = requireNonNull(ready, "ready is null");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
    {
        String path = request.getHttpURI().getPath();
        if (path.equals("/health/live")) {
            write(response, callback, 200, "live");
            return true;
        }
        if (path.equals("/health/ready")) {
            boolean isReady = ready.getAsBoolean();
            write(response, callback, isReady ? 200 : 503, isReady ? "ready" : "not ready: clusters not probed yet");
            return true;
        }
        return false;
    }

    private static void write(Response response, Callback callback, int status, String text)
    {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)), callback);
    }
}
