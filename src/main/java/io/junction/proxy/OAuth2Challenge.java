package io.junction.proxy;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trino's OAuth2 external authentication through Junction (trino-protocol reference, section 9).
 * A coordinator answers an unauthenticated request with
 * {@code 401 WWW-Authenticate: Bearer x_redirect_server="<base>/oauth2/token/initiate/<hash>", x_token_server="<base>/oauth2/token/<authId>"};
 * the browser leg and the client's token polling must reach that coordinator, which keeps the
 * handshake in its own memory. Trino 476 builds both URIs from the forwarded scheme and host
 * but without {@code X-Forwarded-Prefix}, and the pending token poll's {@code nextUri} from the
 * request URL, likewise without it. Junction puts its route-token prefix into each, so every
 * leg is routed to the issuing cluster. Its callback URI ({@code redirect_uri}) Trino does
 * build with the prefix, while it scopes the nonce cookie to {@code /oauth2/callback}: that
 * path gets the prefix too, or the browser would not send the cookie back. Pure and thread-safe.
 */
final class OAuth2Challenge
{
    private static final Pattern SERVER_PARAMETER = Pattern.compile("\\b(x_redirect_server|x_token_server)=\"([^\"]*)\"");
    private static final Pattern CALLBACK_COOKIE_PATH = Pattern.compile("(?i)(;\\s*path=)(/oauth2/callback)(?=\\s*(;|$))");

    private OAuth2Challenge() {}

    /**
     * Rewrites the server URIs of a {@code WWW-Authenticate} value; other challenges are returned as they are.
     */
    static String rewriteChallenge(String value, UnaryOperator<String> throughJunction)
    {
        if (!value.contains("x_redirect_server") && !value.contains("x_token_server")) {
            return value;
        }
        Matcher matcher = SERVER_PARAMETER.matcher(value);
        return matcher.replaceAll(match -> Matcher.quoteReplacement(match.group(1) + "=\"" + throughJunction.apply(match.group(2)) + "\""));
    }

    /**
     * Puts the route-token prefix in front of the callback path of a {@code Set-Cookie} value.
     */
    static String rewriteCookiePath(String value, String prefix)
    {
        Matcher matcher = CALLBACK_COOKIE_PATH.matcher(value);
        if (!matcher.find()) {
            return value;
        }
        return matcher.replaceFirst(Matcher.quoteReplacement(matcher.group(1) + prefix + matcher.group(2)));
    }

    static boolean isTokenPoll(String path)
    {
        return path.startsWith("/oauth2/token/") && !path.startsWith("/oauth2/token/initiate/");
    }
}
