package io.junction.bench;

import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A fast, honest implementation of the Trino client protocol, for benchmarking only: it lets the
 * benchmark measure the proxy in front of it and not a query engine.
 *
 * <p>{@code POST /v1/statement} answers a QUEUED {@code QueryResults}; the queued URI dispatches
 * the query; the executing URIs return {@code pages} pages of row data and then a FINISHED reply
 * without {@code nextUri}; {@code DELETE} on either cancels (204). Query ids have Trino's format
 * and a per-process coordinator suffix. Every URI is built from the request the way Trino 476
 * builds it with {@code http-server.process-forwarded=true}: scheme, host and port from
 * {@code X-Forwarded-Proto/-Host/-Port} (Jetty's {@link ForwardedRequestCustomizer}, as in
 * airlift), then {@code X-Forwarded-Prefix} prepended to the path. Like Trino, it serves its
 * resources at the root only, so a proxy that adds a prefix must strip it from follow-ups.
 * {@code GET /v1/info} and {@code /v1/info/state} answer like a healthy coordinator.
 *
 * <p>The query shape (pages, page size, long-poll delay) comes from the SQL text, see
 * {@link QueryShape}; the defaults from the command line. Usage:
 * {@code FakeTrinoBackend [--port 0] [--bind 127.0.0.1] [--pages 10] [--page-bytes 1024]
 * [--delay-ms 0] [--port-file FILE]}; it runs until it is killed.
 */
public final class FakeTrinoBackend
        implements AutoCloseable
{
    public record Config(String bindHost, int port, QueryShape defaultShape, Duration abandonAfter)
    {
        public Config
        {
            requireNonNull(bindHost, "bindHost is null");
            requireNonNull(defaultShape, "defaultShape is null");
            requireNonNull(abandonAfter, "abandonAfter is null");
        }

        public static Config defaults()
        {
            return new Config("127.0.0.1", 0, new QueryShape(10, 1024, 0), Duration.ofSeconds(60));
        }

        public Config withPort(int newPort)
        {
            return new Config(bindHost, newPort, defaultShape, abandonAfter);
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final ScheduledExecutorService scheduler;
    private final StatementHandler handler;

    private FakeTrinoBackend(Config config)
    {
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("fake-trino-http");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.addCustomizer(new ForwardedRequestCustomizer());
        HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(http);
        h2c.setMaxConcurrentStreams(1024);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http), h2c);
        connector.setHost(config.bindHost());
        connector.setPort(config.port());
        connector.setAcceptQueueSize(4096);
        connector.setIdleTimeout(300_000);
        server.addConnector(connector);
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("fake-trino-scheduler").daemon().factory());
        handler = new StatementHandler(config, QueryIdGenerator.create(), new QueryResultsEncoder(), scheduler);
        server.setHandler(handler);
    }

    public static FakeTrinoBackend start(Config config)
            throws Exception
    {
        FakeTrinoBackend backend = new FakeTrinoBackend(config);
        try {
            backend.server.start();
        }
        catch (Exception e) {
            backend.close();
            throw e;
        }
        backend.scheduler.scheduleWithFixedDelay(backend.handler::purgeAbandoned, 5, 5, TimeUnit.SECONDS);
        return backend;
    }

    public URI uri()
    {
        return URI.create("http://" + connector.getHost() + ":" + connector.getLocalPort());
    }

    public String coordinatorId()
    {
        return handler.coordinatorId();
    }

    public BackendStats stats()
    {
        return handler.stats();
    }

    @Override
    public void close()
    {
        try {
            server.stop();
        }
        catch (Exception e) {
            throw new IllegalStateException("stopping the fake backend failed", e);
        }
        finally {
            scheduler.shutdownNow();
        }
    }

    public static void main(String[] args)
            throws Exception
    {
        Arguments arguments = Arguments.parse(args);
        QueryShape shape = new QueryShape(
                arguments.intValue("pages", 10),
                arguments.intValue("page-bytes", 1024),
                arguments.intValue("delay-ms", 0));
        Config config = new Config(arguments.value("bind", "127.0.0.1"), arguments.intValue("port", 0), shape, Duration.ofSeconds(60));
        FakeTrinoBackend backend = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("fake-trino-shutdown").unstarted(() -> {
            try {
                backend.close();
            }
            catch (RuntimeException e) {
                System.err.println("fake-trino: stop failed: " + e);
            }
            stopped.countDown();
        }));
        String portFile = arguments.value("port-file", "");
        if (!portFile.isEmpty()) {
            Files.writeString(Path.of(portFile), Integer.toString(backend.uri().getPort()));
        }
        System.out.println("fake-trino: listening on " + backend.uri() + " (coordinator id " + backend.coordinatorId() + ", default " + shape + ")");
        stopped.await();
    }
}
