package io.junction.routing;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A change a rule makes to the request headers forwarded to the cluster. Edits are final
 * values per header: the proxy applies them after copying the client's headers.
 */
public sealed interface HeaderEdit
{
    /** RFC 9110 section 5.1: a token. */
    Pattern VALID_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Framing and hop-by-hop headers (RFC 9110 section 7.6.1) and Junction's forwarding headers. */
    Set<String> MANAGED_BY_JUNCTION = Set.of("host", "content-length", "transfer-encoding", "connection", "keep-alive", "te", "trailer",
            "upgrade", "proxy-connection", "http2-settings", "forwarded");

    String name();

    static boolean isValidName(String name)
    {
        return VALID_NAME.matcher(name).matches();
    }

    /**
     * Whether the header belongs to Junction (framing, hop-by-hop, {@code X-Forwarded-*}),
     * so that neither a rule nor the routing service may change it.
     */
    static boolean isManagedByJunction(String name)
    {
        String lower = name.toLowerCase(Locale.ROOT);
        return MANAGED_BY_JUNCTION.contains(lower) || lower.startsWith("x-forwarded-");
    }

    /**
     * Whether a value can be sent as a header field value (RFC 9110 section 5.5: no control
     * characters other than horizontal tab).
     */
    static boolean isValidValue(String value)
    {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /**
     * Replace every field of the header with one field of this value.
     */
    record SetHeader(String name, String value)
            implements HeaderEdit
    {
        public SetHeader
        {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }
    }

    /**
     * Remove the header.
     */
    record RemoveHeader(String name)
            implements HeaderEdit
    {
        public RemoveHeader
        {
            requireNonNull(name, "name is null");
        }
    }
}
