package io.junction.bench;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The connections of a run's clients. HTTP/1.1: {@link NioHttpClient}, one connection per client
 * on one thread. HTTP/2 without TLS (prior knowledge): Jetty's {@link HttpClient}, the clients'
 * streams multiplexed over a few connections.
 *
 * <p>Jetty's HTTP/2 client ({@code jetty-http2-client-transport}) is not on the project's test
 * classpath; {@code bench/run.sh} fetches it and puts it on the load generator's classpath, and
 * it is created reflectively when it is there. {@link #http2Available()} says whether it is.
 */
final class LoadClients
        implements AutoCloseable
{
    private static final String HTTP2_CLIENT = "org.eclipse.jetty.http2.client.HTTP2Client";
    private static final String HTTP2_TRANSPORT = "org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2";

    private final NioHttpClient nio;
    private final HttpClient jetty;

    private LoadClients(NioHttpClient nio, HttpClient jetty)
    {
        this.nio = nio;
        this.jetty = jetty;
    }

    static boolean http2Available()
    {
        try {
            Class.forName(HTTP2_TRANSPORT);
            return true;
        }
        catch (ClassNotFoundException e) {
            return false;
        }
    }

    static LoadClients create(LoadSpec spec)
            throws Exception
    {
        requireNonNull(spec, "spec is null");
        if (!spec.http2()) {
            return new LoadClients(new NioHttpClient(spec.target()), null);
        }
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setConnectTimeout(Duration.ofSeconds(10));
        HttpClient client = new HttpClient(http2Transport(connector));
        QueuedThreadPool executor = new QueuedThreadPool(16, 2);
        executor.setName("loadgen-h2");
        executor.setDaemon(true);
        client.setExecutor(executor);
        client.setMaxConnectionsPerDestination(Math.max(4, spec.clients() / 64));
        client.setMaxRequestsQueuedPerDestination(spec.clients() * 2 + 1024);
        client.setIdleTimeout(spec.requestTimeout().toMillis() * 4);
        client.setFollowRedirects(false);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "junction-bench"));
        client.getContentDecoderFactories().clear();
        client.start();
        return new LoadClients(null, client);
    }

    ClientTransport newTransport()
    {
        return nio != null ? nio.connection() : new JettyTransport(jetty);
    }

    @Override
    public void close()
    {
        if (nio != null) {
            nio.close();
        }
        if (jetty != null) {
            try {
                jetty.stop();
            }
            catch (Exception e) {
                System.err.println("loadgen: stopping the HTTP/2 client: " + e);
            }
        }
    }

    private static HttpClientTransport http2Transport(ClientConnector connector)
            throws ReflectiveOperationException
    {
        if (!http2Available()) {
            throw new IllegalStateException("HTTP/2 asked for, but " + HTTP2_TRANSPORT + " is not on the classpath (bench/run.sh fetches it)");
        }
        Class<?> http2ClientClass = Class.forName(HTTP2_CLIENT);
        Object http2Client = http2ClientClass.getConstructor(ClientConnector.class).newInstance(connector);
        return (HttpClientTransport) Class.forName(HTTP2_TRANSPORT).getConstructor(http2ClientClass).newInstance(http2Client);
    }
}
