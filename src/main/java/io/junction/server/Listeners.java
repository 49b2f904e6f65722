package io.junction.server;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the connectors of a listener: plain HTTP (HTTP/1.1, optionally h2c) and HTTPS
 * (HTTP/1.1, optionally HTTP/2 negotiated with ALPN).
 */
final class Listeners
{
    private Listeners() {}

    static ServerConnector plain(Server server, HttpConfiguration http, String host, int port, boolean http2, int acceptors, int selectors)
    {
        List<ConnectionFactory> factories = new ArrayList<>(List.of(new HttpConnectionFactory(http)));
        if (http2) {
            factories.add(new HTTP2CServerConnectionFactory(http));
        }
        ServerConnector connector = new ServerConnector(server, acceptors, selectors, factories.toArray(ConnectionFactory[]::new));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    static ServerConnector secure(Server server, HttpConfiguration http, SslContextFactory.Server tls, String host, int port, boolean http2, int acceptors, int selectors)
    {
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients check that the certificate names the host they asked for; Junction serves
        // one site, so a Host that differs from the SNI name is no attack on it.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        HttpConnectionFactory http1 = new HttpConnectionFactory(https);
        List<ConnectionFactory> factories = new ArrayList<>();
        if (http2) {
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
            alpn.setDefaultProtocol(http1.getProtocol());
            factories.add(new SslConnectionFactory(tls, alpn.getProtocol()));
            factories.add(alpn);
            factories.add(new HTTP2ServerConnectionFactory(https));
        }
        else {
            factories.add(new SslConnectionFactory(tls, http1.getProtocol()));
        }
        factories.add(http1);
        ServerConnector connector = new ServerConnector(server, acceptors, selectors, factories.toArray(ConnectionFactory[]::new));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
