package io.junction.proxy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The URIs of a statement reply (and of an OAuth2 challenge) as the client must use them:
 * Junction's address as the client sees it ({@code baseUri}), the route-token {@code prefix},
 * then the cluster's path and query. Only fields that do not already point back through
 * Junction are rewritten (clusters with {@code forwarded-headers: false}, or replies built
 * without the forwarding headers).
 */
final class ReplyUris
{
    private ReplyUris() {}

    /**
     * The envelope's URI fields that do not already point back through Junction.
     */
    static List<StatementEnvelope.UriField> stale(StatementEnvelope envelope, String baseUri, String prefix)
    {
        // Fast path: a URI Trino built from our forwarding headers starts with exactly this.
        String expectedStart = baseUri + prefix + "/";
        List<StatementEnvelope.UriField> stale = new ArrayList<>(3);
        for (Optional<StatementEnvelope.UriField> field : List.of(envelope.infoUri(), envelope.partialCancelUri(), envelope.nextUri())) {
            field.filter(uri -> !uri.value().startsWith(expectedStart) && !uri.value().equals(throughJunction(uri.value(), baseUri, prefix))).ifPresent(stale::add);
        }
        return stale;
    }

    /**
     * The URI the client must use: Junction's address as the client sees it, the route-token
     * prefix, then the cluster's path and query.
     */
    static String throughJunction(String value, String baseUri, String prefix)
    {
        URI uri;
        try {
            uri = URI.create(value);
        }
        catch (IllegalArgumentException e) {
            return value;
        }
        String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
        String prefixedPath = rawPath.startsWith(prefix + "/") ? rawPath : prefix + rawPath;
        return baseUri + prefixedPath + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /**
     * The envelope's bytes with the stale URI fields replaced (JSON-escaped).
     */
    static ByteBuffer rewrite(byte[] plain, List<StatementEnvelope.UriField> stale, String baseUri, String prefix)
    {
        List<StatementEnvelope.UriField> ordered = new ArrayList<>(stale);
        ordered.sort(Comparator.comparingInt(StatementEnvelope.UriField::start));
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length + 256);
        int position = 0;
        for (StatementEnvelope.UriField field : ordered) {
            out.write(plain, position, field.start() - position);
            String replacement = throughJunction(field.value(), baseUri, prefix).replace("\\", "\\\\").replace("\"", "\\\"");
            out.writeBytes(("\"" + replacement + "\"").getBytes(StandardCharsets.UTF_8));
            position = field.end();
        }
        out.write(plain, position, plain.length - position);
        return ByteBuffer.wrap(out.toByteArray());
    }
}
