package io.junction.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A minimal, honest OpenID Connect issuer for tests (a real identity provider cannot run
 * here): discovery, JWKS, an authorization endpoint where the "user" is whoever the test says
 * logs in next (no login form), and a token endpoint that checks the client's credentials,
 * the redirect URI and the PKCE verifier (S256) before it issues a signed ID token with the
 * nonce, the user name and groups. Codes are single use. Refusals are recorded.
 * Also serves the JWKS for bearer-token tests.
 */
public final class TestingIdentityProvider
        implements AutoCloseable
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final TestingTokens tokens = new TestingTokens("issuer-key-1");
    private final String clientId;
    private final String clientSecret;
    private final AtomicReference<LoginUser> nextUser = new AtomicReference<>();
    private final Map<String, PendingCode> codes = new ConcurrentHashMap<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();

    public record LoginUser(String name, List<String> groups) {}

    private record PendingCode(String clientId, String redirectUri, String challenge, String nonce, LoginUser user) {}

    public TestingIdentityProvider(String clientId, String clientSecret)
    {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/jwks", exchange -> send(exchange, 200, "application/json", tokens.publicJwks()));
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    public URI issuer()
    {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI jwksUri()
    {
        return issuer().resolve("/jwks");
    }

    public TestingTokens tokens()
    {
        return tokens;
    }

    /**
     * Who "logs in" at the next authorization request.
     */
    public void nextLogin(String user, List<String> groups)
    {
        nextUser.set(new LoginUser(user, groups));
    }

    public List<String> refusals()
    {
        return List.copyOf(refusals);
    }

    @Override
    public void close()
    {
        server.stop(0);
    }

    private void discovery(HttpExchange exchange)
            throws IOException
    {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer().toString());
        document.put("authorization_endpoint", issuer() + "/authorize");
        document.put("token_endpoint", issuer() + "/token");
        document.put("jwks_uri", jwksUri().toString());
        document.put("response_types_supported", List.of("code"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        send(exchange, 200, "application/json", JSON.writeValueAsString(document));
    }

    private void authorize(HttpExchange exchange)
            throws IOException
    {
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        LoginUser user = nextUser.getAndSet(null);
        if (!"code".equals(query.get("response_type")) || !clientId.equals(query.get("client_id")) || !"S256".equals(query.get("code_challenge_method"))
                || query.get("code_challenge") == null || query.get("redirect_uri") == null || user == null
                || !List.of(query.getOrDefault("scope", "").split(" ")).contains("openid")) {
            refusals.add("authorize: " + query + " user=" + user);
            send(exchange, 400, "text/plain", "bad authorization request");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new PendingCode(query.get("client_id"), query.get("redirect_uri"), query.get("code_challenge"), query.get("nonce"), user));
        exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + encode(code) + "&state=" + encode(query.get("state")));
        send(exchange, 302, "text/plain", "");
    }

    private void token(HttpExchange exchange)
            throws IOException
    {
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String expectedAuthorization = "Basic " + Base64.getEncoder().encodeToString((encode(clientId) + ":" + encode(clientSecret)).getBytes(StandardCharsets.UTF_8));
        PendingCode pending = form.get("code") == null ? null : codes.remove(form.get("code"));
        String problem = null;
        if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            problem = "invalid_client";
        }
        else if (!"authorization_code".equals(form.get("grant_type")) || pending == null) {
            problem = "invalid_grant";
        }
        else if (!pending.redirectUri().equals(form.get("redirect_uri")) || !pending.clientId().equals(form.get("client_id"))) {
            problem = "invalid_grant: redirect_uri or client_id differs";
        }
        else if (form.get("code_verifier") == null || !pending.challenge().equals(s256(form.get("code_verifier")))) {
            problem = "invalid_grant: PKCE verification failed";
        }
        if (problem != null) {
            refusals.add("token: " + problem);
            send(exchange, 400, "application/json", JSON.writeValueAsString(Map.of("error", problem.split(":")[0])));
            return;
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("preferred_username", pending.user().name());
        claims.put("groups", pending.user().groups());
        if (pending.nonce() != null) {
            claims.put("nonce", pending.nonce());
        }
        String idToken = tokens.sign(issuer().toString(), clientId, "subject-" + pending.user().name(), Instant.now().plus(Duration.ofMinutes(5)), claims);
        send(exchange, 200, "application/json", JSON.writeValueAsString(Map.of("access_token", UUID.randomUUID().toString(), "token_type", "Bearer", "id_token", idToken)));
    }

    private static String s256(String verifier)
    {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parse(String text)
    {
        Map<String, String> values = new LinkedHashMap<>();
        if (text == null) {
            return values;
        }
        for (String pair : text.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static String encode(String value)
    {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body)
            throws IOException
    {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
