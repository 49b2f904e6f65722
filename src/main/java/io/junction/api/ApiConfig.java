package io.junction.api;

import io.junction.config.ConfigProperties;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static java.util.Objects.requireNonNull;

/**
 * The admin API's own listener. Until authentication arrives (the security issue) the API
 * is served only there, and that listener binds to loopback unless configured otherwise.
 */
public record ApiConfig(boolean enabled, String host, int port, int maxRequestBytes)
{
    public ApiConfig
    {
        requireNonNull(host, "host is null");
    }

    /**
     * Whether only processes on this machine can reach the API.
     */
    public boolean isLoopbackOnly()
    {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (UnknownHostException e) {
            return false;
        }
    }

    public static ApiConfig from(ConfigProperties properties)
    {
        return new ApiConfig(
                properties.bool("admin.http.enabled", true, "Serve the admin API (/api/v1, trino-gateway's /gateway, /entity and /api/public) on its own listener"),
                properties.string("admin.http.host", "127.0.0.1",
                        "Address of the admin API listener; the API has no authentication yet, so any other than loopback is logged as a warning"),
                properties.integer("admin.http.port", 8081, 0, 65535, "Port of the admin API listener (0 picks a free port)"),
                (int) Math.min(Integer.MAX_VALUE, properties.dataSize("admin.max-request-size", "1MB", "Largest admin API request body").toBytes()));
    }
}
