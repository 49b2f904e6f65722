package io.junction.proxy;

import io.junction.routing.HeaderEdit;
import io.junction.security.SessionCodec;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which headers cross Junction, both ways (RFC 9110 section 7.6.1 for hop-by-hop headers).
 * Everything else passes untouched and in order, including every {@code X-Trino-*} header,
 * {@code Authorization}, {@code X-Trino-Extra-Credential}, {@code Set-Cookie} and
 * {@code WWW-Authenticate} (whose OAuth2 server URIs alone {@link OAuth2Challenge} routes back
 * through Junction); only Junction's own console cookies are taken out of {@code Cookie}.
 * None of their values is ever logged.
 */
final class HeaderPolicy
{
    private static final Set<HttpHeader> HOP_BY_HOP = EnumSet.of(
            HttpHeader.CONNECTION,
            HttpHeader.KEEP_ALIVE,
            HttpHeader.PROXY_AUTHORIZATION,
            HttpHeader.PROXY_AUTHENTICATE,
            HttpHeader.PROXY_CONNECTION,
            HttpHeader.TRANSFER_ENCODING,
            HttpHeader.TE,
            HttpHeader.TRAILER,
            HttpHeader.UPGRADE,
            HttpHeader.HTTP2_SETTINGS);

    private static final Set<HttpHeader> FORWARDING = EnumSet.of(
            HttpHeader.FORWARDED,
            HttpHeader.X_FORWARDED_FOR,
            HttpHeader.X_FORWARDED_HOST,
            HttpHeader.X_FORWARDED_PORT,
            HttpHeader.X_FORWARDED_PROTO,
            HttpHeader.X_FORWARDED_SERVER);

    private static final String X_FORWARDED_PREFIX = "X-Forwarded-Prefix";

    private static final String JUNCTION_COOKIE_PREFIX = "Junction-";

    private HeaderPolicy() {}

    /**
     * Copies a client's request headers to the request for the cluster, replacing every
     * forwarding header with Junction's own description of the client's view.
     *
     * @param prefix the route-token path prefix, or null to send no forwarding headers at all
     *        (for clusters without {@code http-server.process-forwarded})
     * @param edits header changes of the routing rules, applied after the client's headers
     */
    static void copyRequestHeaders(HttpFields from, HttpFields.Mutable to, ExternalOrigin origin, String prefix, boolean keepAcceptEncoding, String protocol,
            List<HeaderEdit> edits)
    {
        Set<String> listedInConnection = connectionTokens(from);
        String via = null;
        for (HttpField field : from) {
            HttpHeader header = field.getHeader();
            if (header == HttpHeader.HOST || (header != null && HOP_BY_HOP.contains(header))) {
                continue;
            }
            if (header == null ? field.getName().regionMatches(true, 0, "x-forwarded-", 0, "x-forwarded-".length()) : FORWARDING.contains(header)) {
                continue;
            }
            if (!listedInConnection.isEmpty() && listedInConnection.contains(field.getLowerCaseName())) {
                continue;
            }
            if (header == HttpHeader.VIA) {
                via = via == null ? field.getValue() : via + ", " + field.getValue();
                continue;
            }
            if (header == HttpHeader.ACCEPT_ENCODING && !keepAcceptEncoding) {
                continue;
            }
            if (header == HttpHeader.COOKIE && field.getValue().contains(JUNCTION_COOKIE_PREFIX)) {
                String kept = withoutJunctionCookies(field.getValue());
                if (!kept.isEmpty()) {
                    to.add(HttpHeader.COOKIE, kept);
                }
                continue;
            }
            to.add(field);
        }
        // Rule actions (docs/routing.md) come after the client's headers and before Junction's own.
        for (HeaderEdit edit : edits) {
            switch (edit) {
                case HeaderEdit.SetHeader set -> to.put(set.name(), set.value());
                case HeaderEdit.RemoveHeader remove -> to.remove(remove.name());
            }
        }
        // The client's Via and forwarding headers were dropped above: only a rule's edit can have
        // set one of Junction's own headers, and only then must they replace rather than add.
        boolean replace = !edits.isEmpty();
        String ours = viaProtocol(protocol) + " junction";
        set(to, replace, HttpHeader.VIA, via == null ? ours : via + ", " + ours);
        if (prefix != null) {
            set(to, replace, HttpHeader.X_FORWARDED_PROTO, origin.scheme());
            set(to, replace, HttpHeader.X_FORWARDED_HOST, origin.hostAndPort());
            set(to, replace, HttpHeader.X_FORWARDED_PORT, Integer.toString(origin.port()));
            if (replace) {
                to.put(X_FORWARDED_PREFIX, prefix);
            }
            else {
                to.add(X_FORWARDED_PREFIX, prefix);
            }
            set(to, replace, HttpHeader.X_FORWARDED_FOR, origin.forwardedFor());
        }
    }

    private static void set(HttpFields.Mutable to, boolean replace, HttpHeader header, String value)
    {
        if (replace) {
            to.put(header, value);
        }
        else {
            to.add(header, value);
        }
    }

    /**
     * The cookie header without Junction's console cookies: browsers send cookies to every
     * port of a host, so the session of the admin listener arrives on the proxy port too, and
     * a cluster must never see it.
     */
    static String withoutJunctionCookies(String cookies)
    {
        StringBuilder kept = new StringBuilder();
        for (String cookie : cookies.split(";")) {
            String trimmed = cookie.strip();
            if (trimmed.isEmpty() || trimmed.startsWith(SessionCodec.SESSION_COOKIE + "=") || trimmed.startsWith(SessionCodec.OIDC_STATE_COOKIE + "=")) {
                continue;
            }
            if (!kept.isEmpty()) {
                kept.append("; ");
            }
            kept.append(trimmed);
        }
        return kept.toString();
    }

    static boolean isHopByHop(HttpField field)
    {
        HttpHeader header = field.getHeader();
        return header != null && HOP_BY_HOP.contains(header);
    }

    private static Set<String> connectionTokens(HttpFields headers)
    {
        String connection = headers.get(HttpHeader.CONNECTION);
        if (connection == null) {
            return Set.of();
        }
        Set<String> tokens = new HashSet<>();
        for (String token : connection.split(",")) {
            tokens.add(token.trim().toLowerCase(Locale.ROOT));
        }
        return tokens;
    }

    private static String viaProtocol(String protocol)
    {
        if (protocol != null && protocol.startsWith("HTTP/")) {
            String version = protocol.substring("HTTP/".length());
            return version.equals("2.0") ? "2" : version;
        }
        return protocol == null ? "1.1" : protocol;
    }
}
