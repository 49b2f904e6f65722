package io.junction.api;

import io.junction.security.Access;
import io.junction.security.Authentication;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A handler of the admin listener that is not an API route (such as {@code /metrics}) behind
 * the same guard as the API: its path needs the given {@link Access}; other paths are not its.
 */
public final class GuardedHandler
        extends Handler.Wrapper
{
    private final String path;
    private final Access access;
    private final ApiGuard guard;

    public GuardedHandler(String path, Access access, Handler handler, Authentication authentication)
    {
        super(handler);
        this.path = requireNonNull(path, "path is null");
        this.access = requireNonNull(access, "access is null");
        this.guard = new ApiGuard(authentication);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
            throws Exception
    {
        if (!Request.getPathInContext(request).equals(path)) {
            return false;
        }
        Map<String, String> cookies = new LinkedHashMap<>();
        for (HttpCookie cookie : Request.getCookies(request)) {
            cookies.putIfAbsent(cookie.getName(), cookie.getValue());
        }
        if (guard.check(request, access, path, cookies) instanceof ApiGuard.Decision.Refused(int status, String message, List<Map.Entry<String, String>> headers)) {
            response.setStatus(status);
            headers.forEach(header -> response.getHeaders().add(header.getKey(), header.getValue()));
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            String body = "{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
            response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
        return super.handle(request, response, callback);
    }
}
