package io.junction.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A plain client of the Trino statement protocol for tests that look at the raw replies
 * (URIs, headers, status codes): POST the SQL, then follow {@code nextUri} like a real
 * client, retrying 502/503/504 as the Trino clients do.
 */
public final class StatementClient
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Reply(int status, Map<String, List<String>> headers, JsonNode body, long bytes)
    {
        public String nextUri()
        {
            return body.path("nextUri").asText(null);
        }

        public String queryId()
        {
            return body.path("id").asText(null);
        }

        public String state()
        {
            return body.path("stats").path("state").asText(null);
        }
    }

    public Reply submit(URI server, String sql, Map<String, String> headers)
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve("/v1/statement"))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(sql));
        request.header("X-Trino-User", "test");
        headers.forEach(request::setHeader);
        return send(request.build());
    }

    public Reply get(URI uri, Map<String, String> headers)
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        request.header("X-Trino-User", "test");
        headers.forEach(request::setHeader);
        return send(request.build());
    }

    public int delete(URI uri)
    {
        try {
            return http.send(HttpRequest.newBuilder(uri).header("X-Trino-User", "test").DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Polls {@code nextUri} until a reply has none, returning every reply (the submission's first).
     */
    public List<Reply> followToEnd(Reply first, Map<String, String> headers)
    {
        List<Reply> replies = new ArrayList<>();
        replies.add(first);
        Reply current = first;
        for (int attempt = 0; current.nextUri() != null && attempt < 100_000; attempt++) {
            Reply next = get(URI.create(current.nextUri()), headers);
            if (next.status() == 502 || next.status() == 503 || next.status() == 504) {
                continue;
            }
            if (next.status() != 200) {
                throw new IllegalStateException("HTTP " + next.status() + " for " + current.nextUri() + ": " + next.body());
            }
            replies.add(next);
            current = next;
        }
        return replies;
    }

    /**
     * Runs a query to its end, counting the reply bytes without keeping them.
     *
     * @return total bytes of all replies' bodies
     */
    public long streamToEnd(URI server, String sql)
    {
        return streamToEnd(server, sql, _ -> {});
    }

    /**
     * Asks for pages of up to 64 MB ({@code targetResultSize}), so that a proxy holding a
     * whole page would show in memory while the page is read.
     *
     * @param progress called as bytes arrive, with the bytes read so far
     */
    public long streamToEnd(URI server, String sql, java.util.function.LongConsumer progress)
    {
        Reply reply = submit(server, sql, Map.of());
        long total = reply.bytes();
        String next = reply.nextUri();
        while (next != null) {
            String pageUri = next.contains("/executing/") ? next + (next.contains("?") ? "&" : "?") + "targetResultSize=64MB" : next;
            HttpRequest request = HttpRequest.newBuilder(URI.create(pageUri)).header("X-Trino-User", "test").timeout(Duration.ofSeconds(60)).GET().build();
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    response.body().close();
                    continue;
                }
                long before = total;
                CountingInputStream counting = new CountingInputStream(response.body(), read -> progress.accept(before + read));
                next = null;
                try (counting; com.fasterxml.jackson.core.JsonParser parser = MAPPER.createParser(counting)) {
                    parser.nextToken();
                    while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                        String field = parser.currentName();
                        parser.nextToken();
                        if (field.equals("nextUri")) {
                            next = parser.getText();
                        }
                        else if (field.equals("error")) {
                            throw new IllegalStateException("query failed: " + parser.readValueAsTree());
                        }
                        else {
                            parser.skipChildren();
                        }
                    }
                }
                total += counting.count();
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return total;
    }

    private Reply send(HttpRequest request)
    {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body;
            try {
                body = response.body().length == 0 ? MAPPER.nullNode() : MAPPER.readTree(response.body());
            }
            catch (IOException e) {
                body = MAPPER.getNodeFactory().textNode(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return new Reply(response.statusCode(), response.headers().map(), body, response.body().length);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final class CountingInputStream
            extends java.io.FilterInputStream
    {
        private final java.util.function.LongConsumer progress;
        private long count;
        private boolean closed;

        private CountingInputStream(InputStream in, java.util.function.LongConsumer progress)
        {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read()
                throws IOException
        {
            int value = super.read();
            if (value >= 0) {
                count++;
                progress.accept(count);
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
                throws IOException
        {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                count += read;
                progress.accept(count);
            }
            return read;
        }

        @Override
        public void close()
                throws IOException
        {
            if (closed) {
                return;
            }
            closed = true;
            byte[] drain = new byte[64 * 1024];
            while (read(drain, 0, drain.length) >= 0) {
                // count the rest of the body
            }
            super.close();
        }

        long count()
        {
            return count;
        }
    }
}
