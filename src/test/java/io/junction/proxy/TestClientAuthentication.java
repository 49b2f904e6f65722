package io.junction.proxy;

import io.junction.testing.StatementClient;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingTokens;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client authentication on the proxy port, without a Trino server: who gets a 401, a 429, a
 * refused impersonation, and which Trino paths pass without credentials.
 */
class TestClientAuthentication
{
    static final String ISSUER = "https://issuer.example.com";
    static final String AUDIENCE = "trino-gateway";
    private static final String FOLLOW_UP = "/v1/statement/executing/20261128_120000_00001_abcde/y1/1";

    private static final TestingTokens TOKENS = new TestingTokens("gateway-key");
    private static TestingJunction junction;
    private static final StatementClient client = new StatementClient();

    @BeforeAll
    static void start()
    {
        junction = TestingJunction.builder()
                .cluster("unreachable", URI.create("http://127.0.0.1:1"), "adhoc")
                .file("password.db", "bob:" + bcrypt("bob-pw") + "\neve:" + bcrypt("eve-pw") + "\n")
                .file("jwt.pem", TOKENS.publicPem())
                .property("security.password-file", "password.db")
                .property("security.jwt.issuer", ISSUER)
                .property("security.jwt.audience", AUDIENCE)
                .property("security.jwt.key-file", "jwt.pem")
                .property("security.client-authentication.enabled", "true")
                .property("security.login.max-failures-per-user", "3")
                .build();
    }

    @AfterAll
    static void stop()
    {
        junction.close();
    }

    static String bcrypt(String password)
    {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 8);
    }

    static String basic(String user, String password)
    {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> header(StatementClient.Reply reply, String name)
    {
        return reply.headers().entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name)).flatMap(entry -> entry.getValue().stream()).toList();
    }

    @Test
    void clientsWithoutValidCredentialsGetTrinosChallenge()
    {
        StatementClient.Reply anonymous = client.submit(junction.uri(), "SELECT 1", Map.of("X-Trino-User", "alice"));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(header(anonymous, "WWW-Authenticate")).containsExactly("Basic realm=\"Junction\"", "Bearer realm=\"Junction\"");
        assertThat(anonymous.body().asText()).contains("Junction requires Trino clients to authenticate");

        StatementClient.Reply wrongPassword = client.submit(junction.uri(), "SELECT 1", Map.of("X-Trino-User", "bob", "Authorization", basic("bob", "guess")));
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.body().asText()).contains("invalid user name or password");

        String expired = TOKENS.sign(ISSUER, AUDIENCE, "bob", Instant.now().minusSeconds(600), Map.of());
        StatementClient.Reply expiredToken = client.submit(junction.uri(), "SELECT 1", Map.of("X-Trino-User", "bob", "Authorization", "Bearer " + expired));
        assertThat(expiredToken.status()).isEqualTo(401);
        assertThat(expiredToken.body().asText()).contains("expired");

        StatementClient.Reply followUp = client.get(junction.uri().resolve(FOLLOW_UP), Map.of());
        assertThat(followUp.status()).as("follow-ups need credentials too").isEqualTo(401);
    }

    @Test
    void anAuthenticatedClientMayNotActAsAnotherUser()
    {
        StatementClient.Reply spoofed = client.submit(junction.uri(), "SELECT 1", Map.of("X-Trino-User", "alice", "Authorization", basic("bob", "bob-pw")));
        assertThat(spoofed.status()).isEqualTo(200);
        assertThat(spoofed.state()).isEqualTo("FAILED");
        assertThat(spoofed.body().path("error").path("errorName").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(spoofed.body().path("error").path("message").asText()).contains("'bob'").contains("'alice'");

        StatementClient.Reply spoofedFollowUp = client.get(junction.uri().resolve(FOLLOW_UP), Map.of("X-Trino-User", "alice", "Authorization", basic("bob", "bob-pw")));
        assertThat(spoofedFollowUp.status()).isEqualTo(403);

        String token = TOKENS.sign(ISSUER, AUDIENCE, "bob", Instant.now().plusSeconds(600), Map.of());
        StatementClient.Reply tokenSpoofed = client.submit(junction.uri(), "SELECT 1", Map.of("X-Trino-User", "alice", "Authorization", "Bearer " + token));
        assertThat(tokenSpoofed.body().path("error").path("errorName").asText()).isEqualTo("PERMISSION_DENIED");
    }

    @Test
    void authenticatedClientsAreRouted()
    {
        StatementClient.Reply reply = client.submit(junction.uri(), "SELECT 1", Map.of("X-Trino-User", "bob", "Authorization", basic("bob", "bob-pw")));
        assertThat(reply.status()).isNotEqualTo(401);
        assertThat(reply.body().path("error").path("errorName").asText()).as("routed: the only cluster is unreachable").isEqualTo("NO_NODES_AVAILABLE");
        String token = TOKENS.sign(ISSUER, AUDIENCE, "bob", Instant.now().plusSeconds(600), Map.of());
        StatementClient.Reply withToken = client.submit(junction.uri(), "SELECT 1", Map.of("X-Trino-User", "bob", "Authorization", "Bearer " + token));
        assertThat(withToken.body().path("error").path("errorName").asText()).isEqualTo("NO_NODES_AVAILABLE");
    }

    @Test
    void trinosPublicAndBrowserPathsPassWithoutCredentials()
    {
        for (String path : List.of("/v1/info", "/ui/", "/oauth2/token/initiate/abc")) {
            StatementClient.Reply reply = client.get(junction.uri().resolve(path), Map.of());
            assertThat(reply.status()).as(path).isNotEqualTo(401);
        }
    }

    @Test
    void tooManyWrongPasswordsBlockTheUser()
    {
        for (int i = 0; i < 3; i++) {
            assertThat(client.submit(junction.uri(), "SELECT 1", Map.of("X-Trino-User", "eve", "Authorization", basic("eve", "guess-" + i))).status()).isEqualTo(401);
        }
        StatementClient.Reply blocked = client.submit(junction.uri(), "SELECT 1", Map.of("X-Trino-User", "eve", "Authorization", basic("eve", "eve-pw")));
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(header(blocked, "Retry-After")).isNotEmpty();
    }
}
