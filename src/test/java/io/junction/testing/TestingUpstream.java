package io.junction.testing;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A small stand-in for a coordinator where a real Trino cannot show the behaviour under
 * test: it answers the health endpoints like Trino, records the requests it gets, and serves
 * one statement reply in two parts, holding the second part until the test releases it.
 */
public final class TestingUpstream
        implements AutoCloseable
{
    public static final String QUERY_ID = "20261128_120000_00001_abcde";
    public static final String HELD_PATH = "/v1/statement/executing/" + QUERY_ID + "/y1/1";
    /** Answers nothing at all until released. */
    public static final String SILENT_PATH = "/v1/statement/executing/" + QUERY_ID + "/y1/2";
    /** Closes the connection without an answer. */
    public static final String BROKEN_PATH = "/v1/statement/executing/" + QUERY_ID + "/y1/3";

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final int firstPartBytes;

    public record RecordedRequest(String method, String path, String query, org.eclipse.jetty.http.HttpFields headers) {}

    public TestingUpstream(int firstPartBytes)
            throws Exception
    {
        this.firstPartBytes = firstPartBytes;
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract()
        {
            @Override
            public boolean handle(Request request, Response response, Callback callback)
            {
                String path = request.getHttpURI().getPath();
                requests.add(new RecordedRequest(request.getMethod(), path, request.getHttpURI().getQuery(), org.eclipse.jetty.http.HttpFields.build(request.getHeaders()).asImmutable()));
                switch (path) {
                    case "/v1/info" -> json(response, callback, "{\"nodeVersion\":{\"version\":\"476\"},\"coordinator\":true,\"starting\":false}");
                    case "/v1/info/state" -> json(response, callback, "\"ACTIVE\"");
                    case HELD_PATH -> Thread.ofVirtual().start(() -> writeHeldReply(response, callback));
                    case SILENT_PATH -> Thread.ofVirtual().start(() -> {
                        awaitRelease();
                        callback.succeeded();
                    });
                    case BROKEN_PATH -> {
                        request.getConnectionMetaData().getConnection().getEndPoint().close();
                        callback.failed(new java.io.EOFException("closed on purpose"));
                    }
                    default -> {
                        response.setStatus(404);
                        callback.succeeded();
                    }
                }
                return true;
            }
        });
        server.start();
    }

    public URI uri()
    {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    public List<RecordedRequest> requests(String path)
    {
        return requests.stream().filter(request -> request.path().equals(path)).toList();
    }

    /**
     * Every path asked for so far, in order.
     */
    public List<String> requestPaths()
    {
        return requests.stream().map(RecordedRequest::path).toList();
    }

    /**
     * Lets the held reply finish.
     */
    public void release()
    {
        release.countDown();
    }

    @Override
    public void close()
    {
        release();
        try {
            server.stop();
        }
        catch (Exception e) {
            throw new IllegalStateException("stopping the testing upstream failed", e);
        }
    }

    private void writeHeldReply(Response response, Callback callback)
    {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            String head = "{\"id\":\"" + QUERY_ID + "\",\"infoUri\":\"http://x/ui/query.html?" + QUERY_ID + "\",\"columns\":[{\"name\":\"c\",\"type\":\"varchar\"}],\"data\":[[\"";
            out.write(head.getBytes(StandardCharsets.UTF_8));
            byte[] filler = new byte[64 * 1024];
            java.util.Arrays.fill(filler, (byte) 'x');
            for (int written = 0; written < firstPartBytes; written += filler.length) {
                out.write(filler);
            }
            out.flush();
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
            out.write("\"]],\"stats\":{\"state\":\"FINISHED\"},\"warnings\":[]}".getBytes(StandardCharsets.UTF_8));
        }
        catch (Exception e) {
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    private void awaitRelease()
    {
        try {
            release.await(60, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void json(Response response, Callback callback, String body)
    {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, java.nio.ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
