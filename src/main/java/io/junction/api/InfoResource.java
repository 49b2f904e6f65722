package io.junction.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /api/v1/info}: which Junction this is (version, start time) and the proxy's base
 * URL as the caller's browser reaches it, for the console's links into Trino's web UI.
 * <p>
 * The proxy URL is {@code console.proxy-uri} when configured. Otherwise it is the proxy's
 * scheme and port with the host of the listener; when the proxy listens on every address,
 * the host is the one the caller used to reach this listener (its {@code Host} header):
 * who reaches the console at {@code junction.example.com:8081} reaches the proxy at
 * {@code junction.example.com:8080}.
 */
public final class InfoResource
        extends Handler.Abstract.NonBlocking
{
    public static final String PATH = "/api/v1/info";

    private final ObjectMapper mapper;
    private final String version;
    private final Instant startedAt;
    private final Optional<URI> configuredProxyUri;
    private final Supplier<URI> proxyListener;

    public record Info(String version, String proxyUri, Instant startedAt) {}

    /**
     * @param proxyListener the proxy listener's URI, with the host it binds to ({@code 0.0.0.0}
     *        or {@code [::]} for every address); read per call, as the port is known only once started
     */
    public InfoResource(ObjectMapper mapper, String version, Instant startedAt, Optional<URI> configuredProxyUri, Supplier<URI> proxyListener)
    {
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.version = requireNonNull(version, "version is null");
        this.startedAt = requireNonNull(startedAt, "startedAt is null");
        this.configuredProxyUri = requireNonNull(configuredProxyUri, "configuredProxyUri is null");
        this.proxyListener = requireNonNull(proxyListener, "proxyListener is null");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
            throws JsonProcessingException
    {
        if (!Request.getPathInContext(request).equals(PATH)) {
            return false;
        }
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            write(response, callback, 405, Map.of("error", "method " + request.getMethod() + " is not allowed on " + PATH + "; allowed: GET"));
            return true;
        }
        Info info = new Info(version, proxyUri(request.getHttpURI().getHost()), startedAt);
        write(response, callback, 200, info);
        return true;
    }

    /**
     * @param callerHost the host the caller addressed this listener by ({@code Host} header), may be null
     */
    String proxyUri(String callerHost)
    {
        if (configuredProxyUri.isPresent()) {
            return configuredProxyUri.get().toString();
        }
        URI listener = proxyListener.get();
        String host = listener.getHost();
        boolean everyAddress = host == null || host.equals("0.0.0.0") || host.equals("[::]") || host.equals("::") || host.equals("[0:0:0:0:0:0:0:0]");
        if (everyAddress && callerHost != null && !callerHost.isBlank()) {
            host = callerHost.contains(":") && !callerHost.startsWith("[") ? "[" + callerHost + "]" : callerHost;
        }
        else if (everyAddress) {
            host = "127.0.0.1";
        }
        return listener.getScheme() + "://" + host + ":" + listener.getPort();
    }

    private void write(Response response, Callback callback, int status, Object body)
            throws JsonProcessingException
    {
        byte[] json = mapper.writeValueAsBytes(body);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(json), callback);
    }
}
