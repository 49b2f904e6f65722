package io.junction.server;

import io.junction.proxy.ProxyConfig;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP clients Junction talks to clusters with (the proxy's and the health probes'): every
 * reply passes through untouched (no redirects, cookies, decoding or user agent of their own),
 * with the header limits of the listener and the shared buffer pool.
 */
final class UpstreamClients
{
    private static final Logger log = LoggerFactory.getLogger(UpstreamClients.class);

    private UpstreamClients() {}

    static HttpClient create(String name, ProxyConfig proxyConfig, HttpServerConfig httpConfig, ByteBufferPool buffers)
    {
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName(name);
        threads.setDaemon(true);
        ClientConnector connector = new ClientConnector();
        connector.setExecutor(threads);
        connector.setSelectors(1);
        connector.setByteBufferPool(buffers);
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setExecutor(threads);
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(null);
        client.setConnectTimeout(proxyConfig.connectTimeout().toMillis());
        client.setIdleTimeout(proxyConfig.upstreamIdleTimeout().toMillis() * 2);
        client.setMaxConnectionsPerDestination(10_000);
        client.setMaxRequestsQueuedPerDestination(100_000);
        client.setMaxRequestHeadersSize(httpConfig.maxRequestHeaderBytes());
        client.setMaxResponseHeadersSize(httpConfig.maxResponseHeaderBytes());
        // Headers start in a small buffer; Jetty moves to one of the maximum size only when they overflow it.
        client.setRequestBufferSize(16 * 1024);
        client.setByteBufferPool(buffers);
        client.setResponseBufferSize(64 * 1024);
        client.getContentDecoderFactories().clear();
        return client;
    }

    static void stopQuietly(HttpClient client)
    {
        try {
            client.stop();
        }
        catch (Exception e) {
            log.debug("Stopping an HTTP client failed", e);
        }
    }
}
