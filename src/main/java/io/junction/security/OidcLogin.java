package io.junction.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Console login with OpenID Connect: the authorization code flow with PKCE (RFC 7636, S256)
 * and a nonce. {@link #start} sends the browser to the issuer and returns what must be kept
 * until the callback (in a signed, short-lived cookie); {@link #finish} checks the returned
 * state against it, exchanges the code at the token endpoint (with the PKCE verifier and, for
 * a confidential client, the client secret), and verifies the ID token: signature against the
 * issuer's JWKS, issuer, audience = client id, expiry, and nonce.
 * <p>
 * The issuer's discovery document is read on the first login and kept. Every call has a
 * timeout. Thread-safe; blocks for the round trips (admin listener threads only).
 */
public final class OidcLogin
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LOGIN_TIMEOUT = Duration.ofMinutes(10);

    private final SecurityConfig.OidcConfig config;
    private final SessionCodec codec;
    private final InstantSource clock;
    private final HttpClient http;
    private final AtomicReference<Provider> provider = new AtomicReference<>();

    private record Provider(URI authorizationEndpoint, URI tokenEndpoint, TokenVerifier verifier) {}

    /**
     * Where to send the browser, and the login state to keep in a cookie until the callback.
     */
    public record Start(URI authorizationUrl, String stateCookie) {}

    public OidcLogin(SecurityConfig.OidcConfig config, SessionCodec codec, InstantSource clock)
    {
        this.config = requireNonNull(config, "config is null");
        this.codec = requireNonNull(codec, "codec is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * @param redirectUri the callback URL of this login (configured, or derived from the request)
     * @param returnPath where the browser goes after the login, a path on this listener
     */
    public Start start(URI redirectUri, String returnPath)
    {
        Provider current = provider();
        SessionCodec.LoginState state = new SessionCodec.LoginState(SessionCodec.randomToken(), SessionCodec.randomToken(),
                SessionCodec.randomToken() + SessionCodec.randomToken(), returnPath, clock.instant().plus(LOGIN_TIMEOUT));
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", config.clientId());
        parameters.put("redirect_uri", redirectUri.toString());
        parameters.put("scope", String.join(" ", config.scopes()));
        parameters.put("state", state.state());
        parameters.put("nonce", state.nonce());
        parameters.put("code_challenge", codeChallenge(state.codeVerifier()));
        parameters.put("code_challenge_method", "S256");
        String separator = current.authorizationEndpoint().getRawQuery() == null ? "?" : "&";
        return new Start(URI.create(current.authorizationEndpoint() + separator + form(parameters)), codec.encode(state));
    }

    /**
     * @param stateCookie the cookie {@link #start} set, if the browser sent it back
     * @throws AuthenticationException when the state does not match, the code is refused, or the ID token is not valid
     */
    public AuthenticatedUser finish(URI redirectUri, String code, String state, String stateCookie)
            throws AuthenticationException
    {
        if (stateCookie == null) {
            throw new AuthenticationException("the login state cookie is missing: start the login again");
        }
        SessionCodec.LoginState login = codec.decodeLoginState(stateCookie)
                .orElseThrow(() -> new AuthenticationException("the login state is invalid or expired: start the login again"));
        if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8), login.state().getBytes(StandardCharsets.UTF_8))) {
            throw new AuthenticationException("the state returned by the issuer does not match this login");
        }
        if (code == null || code.isEmpty()) {
            throw new AuthenticationException("the issuer returned no authorization code");
        }
        Provider current = provider();
        String idToken = exchange(current, redirectUri, code, login.codeVerifier());
        JWTClaimsSet claims = current.verifier().verify(idToken);
        Object nonce = claims.getClaim("nonce");
        if (!login.nonce().equals(nonce)) {
            throw new AuthenticationException("the ID token's nonce does not match this login");
        }
        Object user = claims.getClaim(config.userClaim());
        if (!(user instanceof String name) || name.isBlank()) {
            throw new AuthenticationException("the ID token has no user claim '" + config.userClaim() + "'");
        }
        Set<String> groups = config.groupsClaim().map(claim -> TokenVerifier.names(claims, claim)).orElse(Set.of());
        return new AuthenticatedUser(name, groups, AuthenticationMethod.OIDC);
    }

    /**
     * The path a login returns to, from the state cookie (already checked by {@link #finish}).
     */
    public String returnPath(String stateCookie)
    {
        return codec.decodeLoginState(stateCookie).map(SessionCodec.LoginState::returnPath).orElse("/");
    }

    private String exchange(Provider current, URI redirectUri, String code, String codeVerifier)
            throws AuthenticationException
    {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("grant_type", "authorization_code");
        parameters.put("code", code);
        parameters.put("redirect_uri", redirectUri.toString());
        parameters.put("code_verifier", codeVerifier);
        parameters.put("client_id", config.clientId());
        HttpRequest.Builder request = HttpRequest.newBuilder(current.tokenEndpoint())
                .timeout(config.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(parameters)));
        // client_secret_basic (RFC 6749, section 2.3.1): id and secret form-encoded, then Base64
        config.clientSecret().ifPresent(secret -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (encode(config.clientId()) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> response = send(request.build(), "token endpoint");
        JsonNode body = parseJson(response.body(), "token endpoint");
        if (response.statusCode() != 200) {
            throw new AuthenticationException("the issuer refused the authorization code (" + response.statusCode() + " " + body.path("error").asText("") + ")");
        }
        String idToken = body.path("id_token").asText("");
        if (idToken.isEmpty()) {
            throw new AuthenticationException("the token endpoint returned no id_token");
        }
        return idToken;
    }

    private Provider provider()
    {
        Provider current = provider.get();
        if (current != null) {
            return current;
        }
        URI discovery = URI.create(config.issuer().toString().replaceAll("/+$", "") + "/.well-known/openid-configuration");
        HttpResponse<String> response = send(HttpRequest.newBuilder(discovery).timeout(config.timeout()).header("Accept", "application/json").GET().build(), "discovery document");
        if (response.statusCode() != 200) {
            throw new IdentityProviderUnavailableException("OIDC discovery " + discovery + " answered " + response.statusCode(), null);
        }
        JsonNode document = parseJsonOrUnavailable(response.body(), discovery);
        String issuer = document.path("issuer").asText("");
        if (!issuer.equals(config.issuer().toString())) {
            throw new IdentityProviderUnavailableException("OIDC discovery names issuer '" + issuer + "', not the configured '" + config.issuer() + "'", null);
        }
        Provider discovered = new Provider(
                requiredUri(document, "authorization_endpoint", discovery),
                requiredUri(document, "token_endpoint", discovery),
                new TokenVerifier(TokenVerifier.remoteKeys(requiredUri(document, "jwks_uri", discovery), Duration.ofMinutes(15), config.timeout()),
                        issuer, config.clientId(), clock, Duration.ofSeconds(60)));
        provider.compareAndSet(null, discovered);
        return provider.get();
    }

    private HttpResponse<String> send(HttpRequest request, String what)
    {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new IdentityProviderUnavailableException("OIDC " + what + " " + request.uri() + " cannot be reached: " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityProviderUnavailableException("interrupted while calling the OIDC " + what, e);
        }
    }

    private static JsonNode parseJson(String body, String what)
            throws AuthenticationException
    {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new AuthenticationException("the OIDC " + what + " did not answer a JSON object");
            }
            return node;
        }
        catch (IOException e) {
            throw new AuthenticationException("the OIDC " + what + " did not answer JSON");
        }
    }

    private static JsonNode parseJsonOrUnavailable(String body, URI source)
    {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        }
        catch (IOException e) {
            throw new IdentityProviderUnavailableException("OIDC discovery " + source + " is not JSON", e);
        }
        throw new IdentityProviderUnavailableException("OIDC discovery " + source + " is not a JSON object", null);
    }

    private static URI requiredUri(JsonNode document, String field, URI source)
    {
        String value = document.path(field).asText("");
        if (value.isEmpty()) {
            throw new IdentityProviderUnavailableException("OIDC discovery " + source + " has no " + field, null);
        }
        return URI.create(value);
    }

    static String codeChallenge(String verifier)
    {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String form(Map<String, String> parameters)
    {
        return parameters.entrySet().stream()
                .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value)
    {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
