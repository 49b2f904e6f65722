package io.junction.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * A user's external routing service, as a real HTTP server on 127.0.0.1: it takes
 * trino-gateway's request ({@code POST} with the client's headers and a JSON body), records it,
 * and answers what the test says, such as {@code {"routingGroup": "etl"}}. It can also answer
 * with any status and text, or hold the call without answering until it is closed.
 */
public final class TestingRoutingService
        implements AutoCloseable
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Held> held = new CopyOnWriteArrayList<>();
    private volatile Function<Call, Answer> answers = _ -> Answer.json("{\"routingGroup\": null, \"errors\": [], \"externalHeaders\": {}}");

    /**
     * @param headers the request headers as received
     * @param body the JSON body
     */
    public record Call(String method, String path, HttpFields headers, JsonNode body) {}

    public sealed interface Answer
    {
        record Text(int status, String body)
                implements Answer {}

        /** Never answer (until the service is closed): for deadlines. */
        record Hold()
                implements Answer {}

        static Answer json(String body)
        {
            return new Text(200, body);
        }

        static Answer status(int status, String body)
        {
            return new Text(status, body);
        }

        static Answer hold()
        {
            return new Hold();
        }
    }

    private record Held(Response response, Callback callback) {}

    public TestingRoutingService()
            throws Exception
    {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking()
        {
            @Override
            public boolean handle(Request request, Response response, Callback callback)
            {
                Content.Source.asStringAsync(request, StandardCharsets.UTF_8).whenComplete((text, failure) -> {
                    if (failure != null) {
                        callback.failed(failure);
                        return;
                    }
                    answer(request, text, response, callback);
                });
                return true;
            }
        });
        server.start();
    }

    private void answer(Request request, String text, Response response, Callback callback)
    {
        Call call;
        try {
            call = new Call(request.getMethod(), request.getHttpURI().getPath(), HttpFields.build(request.getHeaders()).asImmutable(), JSON.readTree(text));
        }
        catch (IOException e) {
            write(response, callback, 400, "{\"errors\": [\"the body is not JSON\"]}");
            return;
        }
        calls.add(call);
        switch (answers.apply(call)) {
            case Answer.Text answer -> write(response, callback, answer.status(), answer.body());
            case Answer.Hold _ -> held.add(new Held(response, callback));
        }
    }

    private static void write(Response response, Callback callback, int status, String body)
    {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    /**
     * Answers every later call with {@code answers(call)}.
     */
    public void answer(Function<Call, Answer> answers)
    {
        this.answers = requireNonNull(answers, "answers is null");
    }

    /**
     * Answers every later call with this JSON.
     */
    public void answerJson(String json)
    {
        answer(_ -> Answer.json(json));
    }

    public URI uri()
    {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/route");
    }

    public List<Call> calls()
    {
        return List.copyOf(calls);
    }

    public Call lastCall()
    {
        return calls.getLast();
    }

    @Override
    public void close()
            throws Exception
    {
        for (Held call : held) {
            write(call.response(), call.callback(), 503, "{}");
        }
        server.stop();
    }
}
