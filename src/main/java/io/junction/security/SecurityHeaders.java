package io.junction.security;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Adds the browser-hardening headers to every answer of the admin listener (API and console):
 * no MIME sniffing, no framing (clickjacking), no referrer leaking paths, a Content Security
 * Policy that lets the console load only its own scripts, styles and data (what a Vite build
 * of a single-page app needs: module scripts and CSS files from the same origin, small assets
 * inlined as {@code data:} URIs), and HSTS on answers sent over TLS (RFC 6797 forbids it over
 * plain HTTP). Headers a handler sets itself are kept. Thread-safe.
 */
public final class SecurityHeaders
        extends Handler.Wrapper
{
    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    public static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";

    public SecurityHeaders(Handler handler)
    {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
            throws Exception
    {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        if (request.isSecure()) {
            headers.put("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
        return super.handle(request, response, callback);
    }
}
