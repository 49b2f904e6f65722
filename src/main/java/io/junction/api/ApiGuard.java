package io.junction.api;

import io.junction.security.Access;
import io.junction.security.Authentication;
import io.junction.security.Principal;
import io.junction.security.Session;
import io.junction.security.SessionCodec;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Decides, before a route's code runs, whether the caller may call it: authenticates the
 * request ({@code Authorization: Basic|Bearer} or the console's session cookie), checks the
 * route's {@link Access} against the caller's role, and requires the session's CSRF token
 * ({@code X-Junction-CSRF}) on every state-changing call made with a session cookie (calls
 * with an {@code Authorization} header are not sent by browsers on their own and need none).
 * <p>
 * When authentication is not configured, the API listens on loopback only and every caller
 * is an administrator named by {@code X-Junction-User} (taken on trust). When it is
 * configured, that header is ignored: the audit log names the authenticated user.
 */
final class ApiGuard
{
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Authentication authentication;

    ApiGuard(Authentication authentication)
    {
        this.authentication = requireNonNull(authentication, "authentication is null");
    }

    sealed interface Decision
    {
        record Allowed(Optional<Principal> principal, String actor)
                implements Decision {}

        record Refused(int status, String message, List<Map.Entry<String, String>> headers)
                implements Decision {}
    }

    Decision check(Request request, ApiRoutes.Route route, Map<String, String> cookies)
    {
        return check(request, route.access(), route.path(), cookies);
    }

    /**
     * @param pathTemplate the path as the refusal names it, e.g. {@code /api/v1/clusters/{name}}
     */
    Decision check(Request request, Access access, String pathTemplate, Map<String, String> cookies)
    {
        String address = Request.getRemoteAddr(request);
        if (!authentication.enabled()) {
            String user = request.getHeaders().get("X-Junction-User");
            String name = user == null || user.isBlank() ? "anonymous" : user.strip();
            return new Decision.Allowed(Optional.of(Principal.unauthenticatedAdministrator(name)), name + "@" + address);
        }
        Optional<Principal> principal = Optional.empty();
        Optional<Session> session = Optional.empty();
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization != null) {
            switch (authentication.authenticate(authorization, address)) {
                case Authentication.Result.Authenticated(Principal authenticated) -> principal = Optional.of(authenticated);
                case Authentication.Result.Anonymous() -> {}
                case Authentication.Result.Refused(String message) -> {
                    return unauthenticated(request, "authentication failed: " + message);
                }
                case Authentication.Result.Throttled(Duration retryAfter) -> {
                    return new Decision.Refused(429, "too many failed logins; try again in " + Math.max(1, retryAfter.toSeconds()) + " s",
                            List.of(Map.entry("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())))));
                }
                case Authentication.Result.Unavailable(String message) -> {
                    return new Decision.Refused(503, message, List.of(Map.entry("Retry-After", "5")));
                }
            }
        }
        else {
            session = Optional.ofNullable(cookies.get(SessionCodec.SESSION_COOKIE)).flatMap(authentication.sessions()::decode);
            principal = session.map(Session::principal);
        }
        if (access == Access.PUBLIC) {
            return allowed(principal, address);
        }
        if (principal.isEmpty()) {
            return unauthenticated(request, "authentication required: log in, or send Authorization: Basic or Bearer");
        }
        if (!access.allows(principal.get())) {
            String role = principal.get().role().map(granted -> "role " + granted.externalName()).orElse("no role");
            return new Decision.Refused(403, "user '%s' (%s) may not %s %s: it needs the %s role"
                    .formatted(principal.get().name(), role, request.getMethod(), pathTemplate, access.role().orElseThrow().externalName()), List.of());
        }
        if (session.isPresent() && !SAFE_METHODS.contains(request.getMethod())
                && !authentication.sessions().isValidCsrfToken(session.get(), request.getHeaders().get(SessionCodec.CSRF_HEADER))) {
            return new Decision.Refused(403, "missing or invalid " + SessionCodec.CSRF_HEADER + " header: send the csrfToken of GET /api/v1/me with every change", List.of());
        }
        return allowed(principal, address);
    }

    private static Decision allowed(Optional<Principal> principal, String address)
    {
        return new Decision.Allowed(principal, principal.map(Principal::name).orElse("anonymous") + "@" + address);
    }

    private Decision unauthenticated(Request request, String message)
    {
        List<Map.Entry<String, String>> challenges = new ArrayList<>();
        // No Basic challenge for the console's own fetch calls: browsers would pop up their login dialog.
        String fetchMode = request.getHeaders().get("Sec-Fetch-Mode");
        boolean fromScript = "cors".equals(fetchMode) || "same-origin".equals(fetchMode);
        if (authentication.acceptsPasswords() && !fromScript) {
            challenges.add(Map.entry("WWW-Authenticate", "Basic realm=\"Junction\""));
        }
        if (authentication.acceptsBearerTokens()) {
            challenges.add(Map.entry("WWW-Authenticate", "Bearer realm=\"Junction\""));
        }
        return new Decision.Refused(401, message, challenges);
    }
}
