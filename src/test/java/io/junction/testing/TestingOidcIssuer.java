package io.junction.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal, honest OpenID Connect issuer for tests of Trino's OAuth2 authentication: the
 * authorization endpoint approves every request at once for one user (no login page) and
 * redirects back with a code; the token endpoint checks the client's credentials, the code
 * and the redirect URI, and answers RS256-signed ID and access tokens carrying the nonce it
 * was given; the JWKS endpoint publishes the signing key. No real IdP can run here.
 */
public final class TestingOidcIssuer
        implements AutoCloseable
{
    public static final String CLIENT_ID = "trino";
    public static final String CLIENT_SECRET = "trino-client-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final KeyPair keys;
    private final String subject;
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final List<String> redirectUris = new CopyOnWriteArrayList<>();

    private record Grant(String redirectUri, String nonce) {}

    public TestingOidcIssuer(int port, String subject)
            throws Exception
    {
        this.subject = subject;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.keys = generator.generateKeyPair();
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract()
        {
            @Override
            public boolean handle(Request request, Response response, Callback callback)
                    throws Exception
            {
                switch (request.getHttpURI().getPath()) {
                    case "/authorize" -> authorize(request, response, callback);
                    case "/token" -> token(request, response, callback);
                    case "/jwks" -> json(response, callback, 200, jwks());
                    default -> json(response, callback, 404, Map.of("error", "not_found"));
                }
                return true;
            }
        });
        server.start();
    }

    public URI uri()
    {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /**
     * The {@code config.properties} lines that make a Trino server use this issuer.
     */
    public List<String> trinoConfig()
    {
        return List.of(
                "http-server.authentication.oauth2.issuer=" + uri(),
                "http-server.authentication.oauth2.client-id=" + CLIENT_ID,
                "http-server.authentication.oauth2.client-secret=" + CLIENT_SECRET,
                "http-server.authentication.oauth2.oidc.discovery=false",
                "http-server.authentication.oauth2.auth-url=" + uri() + "/authorize",
                "http-server.authentication.oauth2.token-url=" + uri() + "/token",
                "http-server.authentication.oauth2.jwks-url=" + uri() + "/jwks");
    }

    /**
     * Every {@code redirect_uri} a browser was sent back to, in order.
     */
    public List<String> redirectUris()
    {
        return List.copyOf(redirectUris);
    }

    @Override
    public void close()
            throws Exception
    {
        server.stop();
    }

    private void authorize(Request request, Response response, Callback callback)
    {
        Fields query = Request.extractQueryParameters(request);
        String redirectUri = query.getValue("redirect_uri");
        if (!CLIENT_ID.equals(query.getValue("client_id")) || redirectUri == null || !"code".equals(query.getValue("response_type"))) {
            json(response, callback, 400, Map.of("error", "invalid_request"));
            return;
        }
        String code = UUID.randomUUID().toString();
        grants.put(code, new Grant(redirectUri, query.getValue("nonce")));
        redirectUris.add(redirectUri);
        String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + code
                + "&state=" + URLEncoder.encode(query.getValue("state"), StandardCharsets.UTF_8);
        response.setStatus(302);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        callback.succeeded();
    }

    private void token(Request request, Response response, Callback callback)
            throws Exception
    {
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        Fields form = Request.getParameters(request);
        boolean clientAuthenticated = expected.equals(request.getHeaders().get(HttpHeader.AUTHORIZATION))
                || (CLIENT_ID.equals(form.getValue("client_id")) && CLIENT_SECRET.equals(form.getValue("client_secret")));
        if (!clientAuthenticated) {
            json(response, callback, 401, Map.of("error", "invalid_client"));
            return;
        }
        Grant grant = grants.remove(String.valueOf(form.getValue("code")));
        if (grant == null || !"authorization_code".equals(form.getValue("grant_type")) || !grant.redirectUri().equals(form.getValue("redirect_uri"))) {
            json(response, callback, 400, Map.of("error", "invalid_grant"));
            return;
        }
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", uri().toString());
        claims.put("sub", subject);
        claims.put("aud", CLIENT_ID);
        claims.put("iat", now);
        claims.put("exp", now + 3600);
        Map<String, Object> idClaims = new LinkedHashMap<>(claims);
        if (grant.nonce() != null) {
            idClaims.put("nonce", grant.nonce());
        }
        json(response, callback, 200, Map.of(
                "access_token", sign(claims),
                "id_token", sign(idClaims),
                "token_type", "Bearer",
                "expires_in", 3600));
    }

    private Map<String, Object> jwks()
    {
        RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
        return Map.of("keys", List.of(Map.of(
                "kty", "RSA",
                "kid", "test-key",
                "use", "sig",
                "alg", "RS256",
                "n", BASE64URL.encodeToString(unsigned(publicKey.getModulus().toByteArray())),
                "e", BASE64URL.encodeToString(unsigned(publicKey.getPublicExponent().toByteArray())))));
    }

    private String sign(Map<String, Object> claims)
            throws Exception
    {
        String header = BASE64URL.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", "test-key")));
        String payload = BASE64URL.encodeToString(JSON.writeValueAsBytes(claims));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(keys.getPrivate());
        signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + BASE64URL.encodeToString(signature.sign());
    }

    private static byte[] unsigned(byte[] bytes)
    {
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static void json(Response response, Callback callback, int status, Object body)
    {
        try {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(body)), callback);
        }
        catch (Exception e) {
            callback.failed(e);
        }
    }
}
