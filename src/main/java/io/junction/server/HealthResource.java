package io.junction.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Junction's own liveness and readiness: {@code GET /health/live} answers while the process
 * serves requests; {@code GET /health/ready} answers 200 once {@link Readiness} holds (store
 * loaded, rules loaded, every cluster probed once), 503 naming what is missing before.
 */
final class HealthResource
        extends Handler.Abstract.NonBlocking
{
    private final Readiness ready;

    HealthResource(Readiness ready)
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
            List<String> missing = ready.missing();
            write(response, callback, missing.isEmpty() ? 200 : 503, missing.isEmpty() ? "ready" : "not ready: " + String.join(", ", missing));
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
