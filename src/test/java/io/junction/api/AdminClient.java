package io.junction.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small client of the admin API for tests: every call answers status, content type and body.
 */
public final class AdminClient
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    public AdminClient(URI base)
    {
        this.base = base;
    }

    public record Reply(int status, String contentType, String body, Map<String, List<String>> headers)
    {
        public Optional<String> header(String name)
        {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name)).flatMap(entry -> entry.getValue().stream()).findFirst();
        }

        public List<String> headerValues(String name)
        {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name)).flatMap(entry -> entry.getValue().stream()).toList();
        }

        public JsonNode json()
        {
            try {
                return MAPPER.readTree(body);
            }
            catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }
    }

    public Reply get(String path)
    {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public Reply post(String path, String body)
    {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)).header("X-Junction-User", "alice"));
    }

    public Reply put(String path, String body)
    {
        return send(HttpRequest.newBuilder(base.resolve(path)).PUT(HttpRequest.BodyPublishers.ofString(body)).header("X-Junction-User", "alice"));
    }

    public Reply delete(String path)
    {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE().header("X-Junction-User", "bob"));
    }

    /**
     * Any call, with exactly the given headers (no {@code X-Junction-User}).
     */
    public Reply send(String method, String path, String body, Map<String, String> headers)
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    private Reply send(HttpRequest.Builder request)
    {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body(), response.headers().map());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
