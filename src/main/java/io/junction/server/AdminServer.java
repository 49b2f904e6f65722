package io.junction.server;

import io.junction.api.ApiConfig;
import io.junction.security.Authentication;
import io.junction.security.HttpsConfig;
import io.junction.security.ReloadingSslContext;
import io.junction.security.SecurityHeaders;
import io.junction.telemetry.Telemetry;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The admin API's own listener, with its own few threads: the API's blocking store calls
 * never take a thread of the data plane, and the API can be bound to loopback while the
 * proxy listens on every address. Plain HTTP ({@code admin.http.*}), HTTPS
 * ({@code admin.https.*}) or both; every answer carries the browser security headers.
 */
final class AdminServer
{
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final ApiConfig config;
    private final Authentication authentication;
    private final HttpsConfig httpsConfig;
    private final Server server;
    private final ServerConnector connector;
    private final ServerConnector httpsConnector;
    private final ReloadingSslContext tls;
    private final Optional<ConsoleHandler> console;

    /**
     * @param handlers tried in order before the 404 answer: {@code /metrics}, the API, ...
     */
    AdminServer(ApiConfig config, HttpsConfig httpsConfig, List<Handler> handlers, Telemetry telemetry, Authentication authentication)
    {
        this.config = requireNonNull(config, "config is null");
        this.httpsConfig = requireNonNull(httpsConfig, "httpsConfig is null");
        this.authentication = requireNonNull(authentication, "authentication is null");
        this.console = handlers.stream().filter(ConsoleHandler.class::isInstance).map(ConsoleHandler.class::cast).findFirst();
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("admin-http");
        telemetry.bindThreadPool("admin-http", threads);
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        if (config.enabled()) {
            this.connector = Listeners.plain(server, http, config.host(), config.port(), false, 1, 1);
            server.addConnector(connector);
        }
        else {
            this.connector = null;
        }
        if (httpsConfig.enabled()) {
            this.tls = new ReloadingSslContext("admin", httpsConfig);
            this.httpsConnector = Listeners.secure(server, http, tls.factory(), httpsConfig.host(), httpsConfig.port(), false, 1, 1);
            server.addConnector(httpsConnector);
        }
        else {
            this.tls = null;
            this.httpsConnector = null;
        }
        server.setErrorHandler(new PlainTextErrorHandler());
        List<Handler> sequence = new ArrayList<>(handlers);
        sequence.add(new NotFoundHandler());
        server.setHandler(new SecurityHeaders(new Handler.Sequence(sequence)));
    }

    void start()
            throws Exception
    {
        server.start();
        if (tls != null) {
            tls.start();
        }
        List<String> listeners = new ArrayList<>();
        if (connector != null) {
            listeners.add(uri(connector, "http", config.host()) + "/api/v1");
        }
        httpsUri().ifPresent(uri -> listeners.add(uri + "/api/v1"));
        String where = String.join(" and ", listeners);
        if (authentication.enabled()) {
            log.info("Admin API on {} with authentication: {}", where, authentication.describe());
        }
        else if (isLoopbackOnly()) {
            log.info("Admin API on {} without authentication, so it is served on loopback only and every local caller is an administrator; "
                    + "configure authentication (docs/security.md) to serve it on other addresses", where);
        }
        else {
            // only with admin.http.allow-insecure-unauthenticated=true: startup refuses it otherwise
            log.warn("********** INSECURE: the admin API on {} (admin.http.host={}, admin.https.host={}) is reachable from other machines WITHOUT authentication: "
                    + "anyone who reaches it can change the fleet (admin.http.allow-insecure-unauthenticated=true) **********", where, config.host(), httpsConfig.host());
        }
        if (console.isPresent()) {
            if (console.get().isBuilt()) {
                log.info("Console on {}", where.replace("/api/v1", "/console/"));
            }
            else {
                log.warn("This build has no console (built with -Dconsole.skip): {} answers 404", where.replace("/api/v1", "/console/"));
            }
        }
    }

    void stop()
    {
        if (tls != null) {
            tls.stop();
        }
        try {
            server.stop();
        }
        catch (Exception e) {
            log.warn("Stopping the admin listener failed", e);
        }
    }

    void reloadCertificates()
    {
        if (tls != null) {
            tls.reloadIfChanged();
        }
    }

    /**
     * The plain HTTP URI, or the HTTPS one when plain HTTP is off.
     */
    URI uri()
    {
        if (connector != null) {
            return uri(connector, "http", config.host());
        }
        return httpsUri().orElseThrow();
    }

    Optional<URI> httpsUri()
    {
        return Optional.ofNullable(httpsConnector).map(secure -> uri(secure, "https", httpsConfig.host()));
    }

    private static URI uri(ServerConnector connector, String scheme, String host)
    {
        return JunctionServer.listenerUri(scheme, host, connector.getLocalPort());
    }

    /**
     * Whether every listener of the admin API (plain and TLS) is bound to loopback.
     */
    private boolean isLoopbackOnly()
    {
        return (connector == null || config.isLoopbackOnly()) && (httpsConnector == null || ApiConfig.isLoopback(httpsConfig.host()));
    }
}
