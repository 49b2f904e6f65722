package io.junction.server;

import io.airlift.units.DataSize;
import io.junction.config.ConfigProperties;
import io.junction.security.TrustedProxies;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The listener: address, protocols, limits, shutdown.
 */
public record HttpServerConfig(
        boolean httpEnabled,
        String host,
        int port,
        boolean http2Enabled,
        int maxRequestHeaderBytes,
        int maxResponseHeaderBytes,
        Duration idleTimeout,
        int maxConnections,
        Duration shutdownGracePeriod,
        TrustedProxies trustedProxies)
{
    public HttpServerConfig
    {
        requireNonNull(host, "host is null");
        requireNonNull(idleTimeout, "idleTimeout is null");
        requireNonNull(shutdownGracePeriod, "shutdownGracePeriod is null");
        requireNonNull(trustedProxies, "trustedProxies is null");
    }

    public static HttpServerConfig from(ConfigProperties properties)
    {
        var trusted = properties.list("http-server.trusted-proxies", "",
                "Addresses or CIDR ranges of proxies in front of Junction whose X-Forwarded-* headers are believed; from anyone else they are dropped");
        TrustedProxies trustedProxies = TrustedProxies.none();
        try {
            trustedProxies = TrustedProxies.parse(trusted);
        }
        catch (IllegalArgumentException e) {
            properties.addProblem("http-server.trusted-proxies", e.getMessage());
        }
        return new HttpServerConfig(
                properties.bool("http-server.http.enabled", true,
                        "Serve Trino clients over plain HTTP; set false with http-server.https.enabled=true for HTTPS only"),
                properties.string("http-server.http.host", "0.0.0.0", "Address the HTTP listener binds to"),
                properties.integer("http-server.http.port", 8080, 0, 65535, "Port of the HTTP listener (0 picks a free port)"),
                properties.bool("http-server.http2.enabled", true, "Accept cleartext HTTP/2 (h2c, prior knowledge or upgrade) beside HTTP/1.1"),
                bytes(properties.dataSize("http-server.max-request-header-size", "2MB",
                        "Largest request header block accepted; large X-Trino-Prepared-Statement headers need room")),
                bytes(properties.dataSize("http-server.max-response-header-size", "2MB",
                        "Largest response header block, to clients and from clusters (X-Trino-Added-Prepare can be large)")),
                properties.duration("http-server.idle-timeout", "5m", Duration.ofSeconds(1),
                        "Idle client connections are closed after this long; also the longest a client may pause while sending headers or a body"),
                properties.integer("http-server.max-connections", 10_000, 1, 1_000_000,
                        "Most client connections open at once over both listeners; further ones wait in the accept queue"),
                properties.duration("http-server.shutdown.grace-period", "30s",
                        "On shutdown, requests in flight get this long to finish before connections are closed"),
                trustedProxies);
    }

    private static int bytes(DataSize size)
    {
        return (int) Math.min(Integer.MAX_VALUE, size.toBytes());
    }
}
