package io.junction.bench;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.BytesRequestContent;

import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A client's requests through a shared Jetty {@link HttpClient}: used for HTTP/2, where streams
 * of many clients share a few connections. For HTTP/1.1 the cheaper {@link NioHttpClient} is used.
 */
final class JettyTransport
        implements ClientTransport
{
    private final HttpClient client;

    JettyTransport(HttpClient client)
    {
        this.client = requireNonNull(client, "client is null");
    }

    @Override
    public void send(String method, String uri, String[] headers, byte[] body, ReplyReader reader, long timeoutMillis, Completion completion)
    {
        Request request = client.newRequest(uri).method(method).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
        request.headers(fields -> {
            for (int i = 0; i < headers.length; i += 2) {
                fields.put(headers[i], headers[i + 1]);
            }
        });
        if (body != null) {
            request.body(new BytesRequestContent("text/plain", body));
        }
        request.onResponseContent((_, content) -> reader.accept(content))
                .send(result -> {
                    if (result.isFailed()) {
                        completion.failed("io-" + result.getFailure().getClass().getSimpleName());
                        return;
                    }
                    completion.completed(result.getResponse().getStatus());
                });
    }

    @Override
    public void execute(Runnable task)
    {
        task.run();
    }

    @Override
    public void close() {}
}
