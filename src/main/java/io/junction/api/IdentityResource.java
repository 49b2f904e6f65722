package io.junction.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.security.Access;
import io.junction.security.Authentication;
import io.junction.security.AuthenticationException;
import io.junction.security.IdentityProviderUnavailableException;
import io.junction.security.OidcLogin;
import io.junction.security.Principal;
import io.junction.security.Role;
import io.junction.security.SecurityConfig;
import io.junction.security.Session;
import io.junction.security.SessionCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Who the console's user is, and logging in and out (docs/security.md, API-CONTRACTS
 * "Identity"): {@code GET /api/v1/me}, {@code POST /api/v1/login} (JSON or form), {@code POST
 * /api/v1/logout}, {@code GET /api/v1/login/oidc} (redirect to the issuer) and its callback.
 * A login sets the signed session cookie ({@code HttpOnly}, {@code SameSite}, {@code Secure}
 * over HTTPS or when configured) and answers the same document as {@code /me}, with the
 * CSRF token the console sends back in {@code X-Junction-CSRF}.
 */
public final class IdentityResource
{
    private static final Logger log = LoggerFactory.getLogger(IdentityResource.class);
    private static final String OIDC_PATH = "/api/v1/login/oidc";
    private static final String CALLBACK_PATH = OIDC_PATH + "/callback";
    private static final String DEFAULT_RETURN_PATH = "/console/";

    private final Authentication authentication;
    private final Optional<URI> oidcRedirectUri;
    private final ApiJson json;

    public IdentityResource(Authentication authentication, Optional<URI> oidcRedirectUri, ApiJson json)
    {
        this.authentication = requireNonNull(authentication, "authentication is null");
        this.oidcRedirectUri = requireNonNull(oidcRedirectUri, "oidcRedirectUri is null");
        this.json = requireNonNull(json, "json is null");
    }

    public void register(ApiRoutes routes)
    {
        routes.json(Access.PUBLIC, "GET", "/api/v1/me", this::me)
                .json(Access.PUBLIC, "POST", "/api/v1/login", this::login)
                .json(Access.PUBLIC, "POST", "/api/v1/logout", this::logout)
                .json(Access.PUBLIC, "GET", OIDC_PATH, this::startOidc)
                .json(Access.PUBLIC, "GET", CALLBACK_PATH, this::finishOidc);
    }

    private ApiResponse me(ApiRequest request)
    {
        if (!authentication.enabled()) {
            return ApiResponse.ok(identity(request.principal(), false, Optional.empty()));
        }
        Optional<Session> session = request.header("Authorization").isPresent()
                ? Optional.empty()
                : request.cookie(SessionCodec.SESSION_COOKIE).flatMap(authentication.sessions()::decode);
        return ApiResponse.ok(identity(request.principal(), request.principal().isPresent(), session));
    }

    private ApiResponse login(ApiRequest request)
    {
        if (!authentication.acceptsPasswords()) {
            throw new ApiException(404, "password login is not configured" + (authentication.oidc().isPresent() ? "; log in with OIDC at " + OIDC_PATH : ""));
        }
        requireSameOrigin(request);
        Map<String, String> credentials = credentials(request);
        String user = credentials.getOrDefault("username", "");
        String password = credentials.getOrDefault("password", "");
        if (user.isEmpty() || password.isEmpty()) {
            throw ApiException.badRequest("'username' and 'password' are required");
        }
        return switch (authentication.login(user, password, request.clientAddress())) {
            case Authentication.Result.Authenticated(Principal principal) -> {
                log.info("User '{}' logged in to the console from {} ({})", principal.name(), request.clientAddress(),
                        principal.role().map(Role::externalName).orElse("no role"));
                yield startSession(request, principal, session -> ApiResponse.ok(identity(Optional.of(principal), true, Optional.of(session))));
            }
            case Authentication.Result.Refused(String message) -> throw new ApiException(401, message);
            case Authentication.Result.Anonymous() -> throw new ApiException(401, "invalid user name or password");
            case Authentication.Result.Throttled(Duration retryAfter) -> new ApiResponse.WithHeaders(
                    new ApiResponse.Json(429, Map.of("error", "too many failed logins; try again in " + Math.max(1, retryAfter.toSeconds()) + " s")),
                    List.of(Map.entry("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())))));
            case Authentication.Result.Unavailable(String message) -> throw new ApiException(503, message);
        };
    }

    private ApiResponse logout(ApiRequest request)
    {
        ObjectNode answer = json.mapper().createObjectNode().putNull("user").put("authenticated", false);
        return new ApiResponse.WithHeaders(ApiResponse.ok(answer), List.of(Map.entry("Set-Cookie", expiredCookie(SessionCodec.SESSION_COOKIE, "/", request))));
    }

    private ApiResponse startOidc(ApiRequest request)
    {
        OidcLogin oidc = authentication.oidc().orElseThrow(() -> new ApiException(404, "OIDC login is not configured"));
        String returnPath = safeReturnPath(request.queryParameter("redirect").orElse(DEFAULT_RETURN_PATH));
        try {
            OidcLogin.Start start = oidc.start(redirectUri(request), returnPath);
            return ApiResponse.redirect(start.authorizationUrl().toString(), List.of(Map.entry("Set-Cookie",
                    cookie(SessionCodec.OIDC_STATE_COOKIE, start.stateCookie(), OIDC_PATH, Duration.ofMinutes(10), SecurityConfig.SameSite.LAX, request))));
        }
        catch (IdentityProviderUnavailableException e) {
            log.warn("OIDC login cannot start: {}", e.getMessage());
            throw new ApiException(503, e.getMessage());
        }
    }

    private ApiResponse finishOidc(ApiRequest request)
    {
        OidcLogin oidc = authentication.oidc().orElseThrow(() -> new ApiException(404, "OIDC login is not configured"));
        Optional<String> error = request.queryParameter("error");
        if (error.isPresent()) {
            throw new ApiException(401, "the OIDC issuer refused the login: " + error.get() + request.queryParameter("error_description").map(text -> " (" + text + ")").orElse(""));
        }
        String stateCookie = request.cookie(SessionCodec.OIDC_STATE_COOKIE).orElse(null);
        try {
            Principal principal = authentication.principalOf(oidc.finish(redirectUri(request), request.queryParameter("code").orElse(null),
                    request.queryParameter("state").orElse(null), stateCookie));
            log.info("User '{}' logged in to the console with OIDC from {} ({})", principal.name(), request.clientAddress(),
                    principal.role().map(Role::externalName).orElse("no role"));
            String returnPath = safeReturnPath(oidc.returnPath(stateCookie));
            return startSession(request, principal, session -> ApiResponse.redirect(returnPath,
                    List.of(Map.entry("Set-Cookie", expiredCookie(SessionCodec.OIDC_STATE_COOKIE, OIDC_PATH, request)))));
        }
        catch (AuthenticationException e) {
            log.info("OIDC login from {} refused: {}", request.clientAddress(), e.getMessage());
            throw new ApiException(401, "OIDC login failed: " + e.getMessage());
        }
        catch (IdentityProviderUnavailableException e) {
            log.warn("OIDC login cannot finish: {}", e.getMessage());
            throw new ApiException(503, e.getMessage());
        }
    }

    private ApiResponse startSession(ApiRequest request, Principal principal, Function<Session, ApiResponse> answer)
    {
        Session session = authentication.sessions().newSession(principal);
        ApiResponse response = answer.apply(session);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Set-Cookie", cookie(SessionCodec.SESSION_COOKIE, authentication.sessions().encode(session), "/",
                authentication.sessions().maxAge(), authentication.sameSite(), request)));
        if (response instanceof ApiResponse.WithHeaders(ApiResponse inner, List<Map.Entry<String, String>> more)) {
            headers.addAll(more);
            return new ApiResponse.WithHeaders(inner, headers);
        }
        return new ApiResponse.WithHeaders(response, headers);
    }

    /**
     * The identity document; a JSON tree, so that {@code "user": null} is written out (the API's mapper leaves out absent values).
     */
    private ObjectNode identity(Optional<Principal> principal, boolean authenticated, Optional<Session> session)
    {
        ObjectNode identity = json.mapper().createObjectNode();
        if (authenticated && principal.isPresent()) {
            identity.put("user", principal.get().name());
        }
        else {
            identity.putNull("user");
        }
        ArrayNode roles = identity.putArray("roles");
        principal.flatMap(Principal::role).map(IdentityResource::rolesIncludedBy).orElse(List.of()).forEach(roles::add);
        identity.put("authenticated", authenticated);
        ArrayNode methods = identity.putArray("loginMethods");
        authentication.loginMethods().forEach(methods::add);
        principal.ifPresent(value -> identity.put("method", value.method().externalName()));
        session.ifPresent(value -> {
            identity.put("csrfToken", authentication.sessions().csrfToken(value));
            identity.put("expiresAt", value.expiresAt().toString());
        });
        return identity;
    }

    /**
     * The role and every role it includes, highest first: an operator is also a viewer.
     */
    private static List<String> rolesIncludedBy(Role role)
    {
        List<String> roles = new ArrayList<>();
        for (Role candidate : List.of(Role.ADMIN, Role.OPERATOR, Role.VIEWER)) {
            if (role.includes(candidate)) {
                roles.add(candidate.externalName());
            }
        }
        return roles;
    }

    private Map<String, String> credentials(ApiRequest request)
    {
        String contentType = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        Map<String, String> credentials = new LinkedHashMap<>();
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            for (String pair : request.body().split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    credentials.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
            return credentials;
        }
        JsonNode body = json.read(request.body(), JsonNode.class);
        if (!body.isObject()) {
            throw ApiException.badRequest("expected {\"username\": \"...\", \"password\": \"...\"}");
        }
        credentials.put("username", body.path("username").asText(""));
        credentials.put("password", body.path("password").asText(""));
        return credentials;
    }

    /**
     * A login form posted from another site (login CSRF) is refused: browsers send {@code Origin} on every POST.
     */
    private static void requireSameOrigin(ApiRequest request)
    {
        Optional<String> origin = request.header("Origin");
        Optional<String> host = request.header("Host");
        if (origin.isEmpty() || host.isEmpty()) {
            return;
        }
        URI originUri;
        try {
            originUri = URI.create(origin.get());
        }
        catch (IllegalArgumentException e) {
            throw new ApiException(403, "invalid Origin header");
        }
        String originHost = originUri.getPort() < 0 ? originUri.getHost() : originUri.getHost() + ":" + originUri.getPort();
        if (originHost == null || !originHost.equalsIgnoreCase(host.get())) {
            throw new ApiException(403, "a login from origin " + origin.get() + " is not allowed on " + host.get());
        }
    }

    /**
     * Only a path on this listener: never another site (no open redirect).
     */
    static String safeReturnPath(String path)
    {
        if (!path.startsWith("/") || path.startsWith("//") || path.contains("\\") || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return DEFAULT_RETURN_PATH;
        }
        return path;
    }

    private URI redirectUri(ApiRequest request)
    {
        if (oidcRedirectUri.isPresent()) {
            return oidcRedirectUri.get();
        }
        String host = request.header("Host").orElseThrow(() -> ApiException.badRequest("the request has no Host header"));
        return URI.create((request.secure() ? "https" : "http") + "://" + host + CALLBACK_PATH);
    }

    private String cookie(String name, String value, String path, Duration maxAge, SecurityConfig.SameSite sameSite, ApiRequest request)
    {
        return name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAge.toSeconds() + "; HttpOnly; SameSite="
                + (sameSite == SecurityConfig.SameSite.STRICT ? "Strict" : "Lax") + (secure(request) ? "; Secure" : "");
    }

    private String expiredCookie(String name, String path, ApiRequest request)
    {
        return name + "=; Path=" + path + "; Max-Age=0; HttpOnly; SameSite=Lax" + (secure(request) ? "; Secure" : "");
    }

    private boolean secure(ApiRequest request)
    {
        return request.secure() || authentication.secureCookies();
    }
}
