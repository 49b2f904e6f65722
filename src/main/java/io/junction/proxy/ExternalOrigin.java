package io.junction.proxy;

import io.junction.security.TrustedProxies;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;

import static java.util.Objects.requireNonNull;

/**
 * How the client reached Junction: scheme, host and port as the client sees them, and the
 * client's address. Forwarded headers count only when the direct peer is a trusted proxy;
 * anyone else's are ignored.
 *
 * @param forwardedFor the {@code X-Forwarded-For} chain to send on, ending with the direct peer
 */
public record ExternalOrigin(String scheme, String host, int port, String clientAddress, String forwardedFor)
{
    public ExternalOrigin
    {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(host, "host is null");
        requireNonNull(clientAddress, "clientAddress is null");
        requireNonNull(forwardedFor, "forwardedFor is null");
    }

    public static ExternalOrigin of(Request request, TrustedProxies trustedProxies)
    {
        String peer = Request.getRemoteAddr(request);
        String scheme = request.isSecure() ? "https" : "http";
        String host = Request.getServerName(request);
        int port = Request.getServerPort(request);
        String forwardedFor = peer;
        String clientAddress = peer;
        if (trustedProxies.isTrusted(peer)) {
            HttpFields headers = request.getHeaders();
            String proto = first(headers.get("X-Forwarded-Proto"));
            String forwardedHost = first(headers.get("X-Forwarded-Host"));
            String forwardedPort = first(headers.get("X-Forwarded-Port"));
            String chain = headers.get("X-Forwarded-For");
            if (proto != null && (proto.equals("http") || proto.equals("https"))) {
                scheme = proto;
                port = proto.equals("https") ? 443 : 80;
            }
            if (forwardedHost != null) {
                int colon = forwardedHost.lastIndexOf(':');
                if (colon > 0 && forwardedHost.indexOf(']') < colon) {
                    host = forwardedHost.substring(0, colon);
                    port = parsePort(forwardedHost.substring(colon + 1), port);
                }
                else {
                    host = forwardedHost;
                }
            }
            if (forwardedPort != null) {
                port = parsePort(forwardedPort, port);
            }
            if (chain != null && !chain.isBlank()) {
                forwardedFor = chain + ", " + peer;
                clientAddress = first(chain);
            }
        }
        return new ExternalOrigin(scheme, host, port, clientAddress, forwardedFor);
    }

    /**
     * e.g. {@code https://gateway.example.com} or {@code http://127.0.0.1:8080}.
     */
    public String baseUri()
    {
        return scheme + "://" + hostAndPort();
    }

    /**
     * The host with the port unless it is the scheme's default.
     */
    public String hostAndPort()
    {
        boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return defaultPort ? host : host + ":" + port;
    }

    private static String first(String value)
    {
        if (value == null) {
            return null;
        }
        int comma = value.indexOf(',');
        return (comma < 0 ? value : value.substring(0, comma)).trim();
    }

    private static int parsePort(String text, int fallback)
    {
        try {
            int port = Integer.parseInt(text.trim());
            return port > 0 && port < 65536 ? port : fallback;
        }
        catch (NumberFormatException e) {
            return fallback;
        }
    }
}
