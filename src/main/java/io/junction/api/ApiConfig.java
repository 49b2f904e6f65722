package io.junction.api;

import io.junction.config.ConfigProperties;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static java.util.Objects.requireNonNull;

/**
 * The admin API's own listener. Without authentication (see docs/security.md) the listener
 * must bind to loopback: any other address fails startup, unless
 * {@code admin.http.allow-insecure-unauthenticated} says that the network is trusted.
 */
public record ApiConfig(boolean enabled, String host, int port, int maxRequestBytes, boolean allowInsecureUnauthenticated)
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
        return isLoopback(host);
    }

    /**
     * Whether {@code host} (a name or an address) is a loopback address.
     */
    public static boolean isLoopback(String host)
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
                properties.bool("admin.http.enabled", true,
                        "Serve the admin API (/api/v1, trino-gateway's /gateway, /entity and /api/public) over plain HTTP on its own listener; with admin.https.enabled it is served over HTTPS too, or only (set this false)"),
                properties.string("admin.http.host", "127.0.0.1",
                        "Address of the admin API listener; an address other than loopback needs authentication (security.*) to be configured"),
                properties.integer("admin.http.port", 8081, 0, 65535, "Port of the admin API listener (0 picks a free port)"),
                (int) Math.min(Integer.MAX_VALUE, properties.dataSize("admin.max-request-size", "1MB", "Largest admin API request body").toBytes()),
                properties.bool("admin.http.allow-insecure-unauthenticated", false,
                        "Serve the admin API on a non-loopback address WITHOUT authentication (everyone who reaches it is an administrator); only for trusted networks"));
    }
}
