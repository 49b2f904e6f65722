package io.junction.testing;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * A pass-through front for a coordinator, for what a real Trino 476 coordinator cannot show:
 * it forwards every request unchanged to the coordinator behind it (a real {@link TestingTrinoServer}
 * or a {@link TestingUpstream}) and the reply back, except that the test may set the state
 * {@code GET /v1/info/state} reports ({@code "SHUTTING_DOWN"}, {@code "DRAINING"}: Trino 476
 * refuses both for a coordinator, {@code PUT /v1/info/state} answers 500 "Cannot shutdown
 * coordinator"), and may answer new queries ({@code POST /v1/statement}) with an HTTP status, as
 * a load balancer in front of a failing coordinator would, or hang like a stopped process.
 * Counts the requests per path.
 * <p>
 * Replies are buffered: for the small queries of tests only.
 */
public final class TestingStateFront
        implements AutoCloseable
{
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "content-length", "host");

    private final URI backend;
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final HttpClient client = new HttpClient();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final List<Callback> held = new CopyOnWriteArrayList<>();
    private volatile String state;
    private volatile int statementStatus;
    private volatile boolean hung;

    public TestingStateFront(URI backend)
    {
        this.backend = requireNonNull(backend, "backend is null");
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract()
        {
            @Override
            public boolean handle(Request request, Response response, Callback callback)
                    throws Exception
            {
                serve(request, response, callback);
                return true;
            }
        });
        client.setFollowRedirects(false);
        try {
            client.start();
            client.getContentDecoderFactories().clear();
            client.getProtocolHandlers().clear();
            server.start();
        }
        catch (Exception e) {
            close();
            throw new IllegalStateException("cannot start the front", e);
        }
    }

    public URI uri()
    {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /**
     * What {@code GET /v1/info/state} answers from now on, e.g. {@code SHUTTING_DOWN}; null forwards it again.
     */
    public void reportState(String nodeState)
    {
        state = nodeState;
    }

    /**
     * Answers new queries with this HTTP status from now on; 0 forwards them again.
     */
    public void answerNewQueriesWith(int status)
    {
        statementStatus = status;
    }

    /**
     * From now on requests get no answer at all, as from a coordinator whose process is
     * stopped (SIGSTOP): the connection is accepted and nothing comes back.
     */
    public void hang()
    {
        hung = true;
    }

    /**
     * Answers again; the requests held meanwhile are dropped.
     */
    public void resume()
    {
        hung = false;
        held.forEach(callback -> callback.failed(new java.io.EOFException("dropped by the test")));
        held.clear();
    }

    public int requests(String path)
    {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close()
    {
        resume();
        try {
            server.stop();
            client.stop();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void serve(Request request, Response response, Callback callback)
            throws Exception
    {
        String path = request.getHttpURI().getPath();
        requests.computeIfAbsent(path, _ -> new AtomicInteger()).incrementAndGet();
        if (hung) {
            held.add(callback);
            return;
        }
        String reported = state;
        if (reported != null && request.getMethod().equals("GET") && path.equals("/v1/info/state")) {
            write(response, callback, 200, "application/json", "\"" + reported + "\"");
            return;
        }
        int status = statementStatus;
        if (status != 0 && request.getMethod().equals("POST") && path.equals("/v1/statement")) {
            write(response, callback, status, "text/plain", "the coordinator behind this front is unavailable\n");
            return;
        }
        byte[] body;
        try (InputStream input = Content.Source.asInputStream(request)) {
            body = input.readAllBytes();
        }
        String query = request.getHttpURI().getQuery();
        org.eclipse.jetty.client.Request upstream = client.newRequest(backend.resolve(path + (query == null ? "" : "?" + query)))
                .method(request.getMethod())
                .timeout(2, TimeUnit.MINUTES)
                .headers(headers -> {
                    for (HttpField field : request.getHeaders()) {
                        if (!HOP_BY_HOP.contains(field.getLowerCaseName())) {
                            headers.add(field);
                        }
                    }
                });
        if (body.length > 0) {
            upstream.body(new BytesRequestContent(request.getHeaders().get(HttpHeader.CONTENT_TYPE), body));
        }
        ContentResponse reply = upstream.send();
        response.setStatus(reply.getStatus());
        for (HttpField field : reply.getHeaders()) {
            if (!HOP_BY_HOP.contains(field.getLowerCaseName())) {
                response.getHeaders().add(field);
            }
        }
        response.write(true, ByteBuffer.wrap(reply.getContent()), callback);
    }

    private static void write(Response response, Callback callback, int status, String contentType, String body)
    {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
