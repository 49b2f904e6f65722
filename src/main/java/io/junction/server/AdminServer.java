package io.junction.server;

import io.junction.api.ApiConfig;
import io.junction.security.Authentication;
import io.junction.telemetry.Telemetry;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The admin API's own listener, with its own few threads: the API's blocking store calls
 * never take a thread of the data plane, and the API can be bound to loopback while the
 * proxy listens on every address.
 */
final class AdminServer
{
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final ApiConfig config;
    private final Authentication authentication;
    private final Server server;
    private final ServerConnector connector;

    /**
     * @param handlers tried in order before the 404 answer: {@code /metrics}, the API, ...
     */
    AdminServer(ApiConfig config, List<Handler> handlers, Telemetry telemetry, Authentication authentication)
    {
        this.config = requireNonNull(config, "config is null");
        this.authentication = requireNonNull(authentication, "authentication is null");
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("admin-http");
        telemetry.bindThreadPool("admin-http", threads);
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        server.setErrorHandler(new PlainTextErrorHandler());
        List<Handler> sequence = new ArrayList<>(handlers);
        sequence.add(new NotFoundHandler());
        server.setHandler(new Handler.Sequence(sequence));
    }

    void start()
            throws Exception
    {
        server.start();
        if (authentication.enabled()) {
            log.info("Admin API on {}/api/v1 with authentication: {}", uri(), authentication.describe());
        }
        else if (config.isLoopbackOnly()) {
            log.info("Admin API on {}/api/v1 without authentication, so it is served on loopback only and every local caller is an administrator; "
                    + "configure authentication (docs/security.md) to serve it on other addresses", uri());
        }
        else {
            // only with admin.http.allow-insecure-unauthenticated=true: startup refuses it otherwise
            log.warn("********** INSECURE: the admin API on {}/api/v1 (admin.http.host={}) is reachable from other machines WITHOUT authentication: "
                    + "anyone who reaches it can change the fleet (admin.http.allow-insecure-unauthenticated=true) **********", uri(), config.host());
        }
    }

    void stop()
    {
        try {
            server.stop();
        }
        catch (Exception e) {
            log.warn("Stopping the admin listener failed", e);
        }
    }

    URI uri()
    {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return URI.create("http://" + host + ":" + connector.getLocalPort());
    }
}
