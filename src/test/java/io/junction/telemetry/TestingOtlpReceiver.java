package io.junction.telemetry;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small OTLP/HTTP trace receiver: {@code POST /v1/traces} with a protobuf
 * {@code ExportTraceServiceRequest}, decoded with the OpenTelemetry protocol's own classes,
 * answered as a collector answers. Keeps every span it got.
 */
final class TestingOtlpReceiver
        implements AutoCloseable
{
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final List<String> serviceNames = new CopyOnWriteArrayList<>();

    TestingOtlpReceiver()
            throws Exception
    {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract()
        {
            @Override
            public boolean handle(Request request, Response response, Callback callback)
                    throws Exception
            {
                if (!request.getMethod().equals("POST") || !request.getHttpURI().getPath().equals("/v1/traces")) {
                    response.setStatus(404);
                    callback.succeeded();
                    return true;
                }
                ExportTraceServiceRequest export;
                try (InputStream body = Content.Source.asInputStream(request)) {
                    export = ExportTraceServiceRequest.parseFrom(body);
                }
                for (ResourceSpans resourceSpans : export.getResourceSpansList()) {
                    resourceSpans.getResource().getAttributesList().stream()
                            .filter(attribute -> attribute.getKey().equals("service.name"))
                            .forEach(attribute -> serviceNames.add(attribute.getValue().getStringValue()));
                    for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                        spans.addAll(scopeSpans.getSpansList());
                    }
                }
                response.setStatus(200);
                response.getHeaders().put("Content-Type", "application/x-protobuf");
                response.write(true, ByteBuffer.wrap(ExportTraceServiceResponse.getDefaultInstance().toByteArray()), callback);
                return true;
            }
        });
        server.start();
    }

    URI tracesEndpoint()
    {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/v1/traces");
    }

    List<Span> spans()
    {
        return List.copyOf(spans);
    }

    List<String> serviceNames()
    {
        return List.copyOf(serviceNames);
    }

    @Override
    public void close()
            throws Exception
    {
        server.stop();
    }
}
