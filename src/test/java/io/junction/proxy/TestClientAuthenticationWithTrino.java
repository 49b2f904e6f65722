package io.junction.proxy;

import io.junction.testing.StatementClient;
import io.junction.testing.TestingCertificates;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingTokens;
import io.junction.testing.TestingTrinoServer;
import io.junction.testing.TrinoCli;
import io.junction.testing.TrinoClusters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.junction.proxy.TestClientAuthentication.AUDIENCE;
import static io.junction.proxy.TestClientAuthentication.ISSUER;
import static io.junction.proxy.TestClientAuthentication.basic;
import static io.junction.proxy.TestClientAuthentication.bcrypt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client authentication with real Trino servers behind Junction: over plain HTTP with a
 * protocol-level client, and with the real trino CLI over HTTPS (the CLI sends a password or
 * token only over HTTPS). The rules route on the authenticated user, so a bare X-Trino-User
 * cannot steer a query; the credentials reach Trino unchanged; with user-mismatch=override the
 * query runs as the authenticated user.
 */
@Tag("trino")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestClientAuthenticationWithTrino
{
    private static final String RULES = """
            rules:
              - name: alice-has-her-own-cluster
                priority: 1
                condition: 'user == "alice"'
                actions: [{route: vip}]
            """;

    private final TestingTokens tokens = new TestingTokens("gateway-key");
    private final StatementClient client = new StatementClient();
    private TestingTrinoServer first;
    private TestingTrinoServer second;
    private TestingJunction rejecting;
    private TestingJunction overriding;
    private TestingJunction https;
    private Path trustStore;

    @BeforeAll
    void start()
    {
        first = TrinoClusters.first();
        second = TrinoClusters.second();
        rejecting = junction("reject", Map.of());
        overriding = junction("override", Map.of());
        try {
            Path directory = Files.createTempDirectory("junction-client-auth");
            TestingCertificates authority = TestingCertificates.authority("Junction Test CA");
            trustStore = authority.writeTrustStore(directory.resolve("truststore.jks"));
            TestingCertificates.Issued certificate = authority.issue("junction", TestingCertificates.KeyType.EC);
            certificate.writeCertificateChain(directory.resolve("junction.pem"));
            certificate.writePrivateKey(directory.resolve("junction.key"), TestingCertificates.PemFormat.TRADITIONAL);
            https = junction("reject", Map.of(
                    "http-server.http.enabled", "false",
                    "http-server.https.enabled", "true",
                    "http-server.https.host", "127.0.0.1",
                    "http-server.https.port", "0",
                    "http-server.https.certificate-file", directory.resolve("junction.pem").toString(),
                    "http-server.https.private-key-file", directory.resolve("junction.key").toString()));
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private TestingJunction junction(String userMismatch, Map<String, String> properties)
    {
        return TestingJunction.builder()
                .properties(properties)
                .cluster("one", first.uri(), "adhoc")
                .cluster("two", second.uri(), "vip")
                .routingRules(RULES)
                .file("password.db", "bob:" + bcrypt("bob-pw") + "\n")
                .file("jwt.json", tokens.publicJwks())
                .property("security.password-file", "password.db")
                .property("security.jwt.issuer", ISSUER)
                .property("security.jwt.audience", AUDIENCE)
                .property("security.jwt.key-file", "jwt.json")
                .property("security.client-authentication.enabled", "true")
                .property("security.client-authentication.user-mismatch", userMismatch)
                .build();
    }

    @AfterAll
    void stop()
    {
        rejecting.close();
        overriding.close();
        https.close();
    }

    private String token(String user)
    {
        return "Bearer " + tokens.sign(ISSUER, AUDIENCE, user, Instant.now().plusSeconds(600), Map.of());
    }

    private List<String> row(TestingJunction junction, String sql, Map<String, String> headers)
    {
        StatementClient.Reply submitted = client.submit(junction.uri(), sql, headers);
        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(200);
        List<StatementClient.Reply> replies = client.followToEnd(submitted, headers);
        StatementClient.Reply last = replies.getLast();
        assertThat(last.body().path("error").isMissingNode()).as(last.body().toString()).isTrue();
        return replies.stream()
                .filter(reply -> reply.body().path("data").size() > 0)
                .map(reply -> {
                    List<String> values = new java.util.ArrayList<>();
                    reply.body().path("data").get(0).forEach(value -> values.add(value.asText()));
                    return values;
                })
                .findFirst()
                .orElseThrow(() -> new AssertionError(last.body().toString()));
    }

    @Test
    void rulesRouteOnTheAuthenticatedUser()
    {
        String sql = "SELECT node_id, current_user FROM system.runtime.nodes";
        assertThat(row(rejecting, sql, Map.of("X-Trino-User", "alice", "Authorization", token("alice")))).containsExactly(second.name(), "alice");
        assertThat(row(rejecting, sql, Map.of("X-Trino-User", "bob", "Authorization", token("bob")))).containsExactly(first.name(), "bob");

        StatementClient.Reply spoofed = client.submit(rejecting.uri(), sql, Map.of("X-Trino-User", "alice", "Authorization", token("bob")));
        assertThat(spoofed.body().path("error").path("errorName").asText()).isEqualTo("PERMISSION_DENIED");
        StatementClient.Reply anonymous = client.submit(rejecting.uri(), sql, Map.of("X-Trino-User", "alice"));
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void basicCredentialsReachTrinoUnchanged()
    {
        // Junction accepted bob's password; this Trino has no authentication and refuses a password it
        // cannot check: its answer shows that the Authorization header arrived as the client sent it.
        StatementClient.Reply reply = client.submit(rejecting.uri(), "SELECT 1", Map.of("X-Trino-User", "bob", "Authorization", basic("bob", "bob-pw")));
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().asText()).isEqualTo("Password not allowed for insecure authentication");
        StatementClient.Reply refusedByJunction = client.submit(rejecting.uri(), "SELECT 1", Map.of("X-Trino-User", "bob", "Authorization", basic("bob", "wrong")));
        assertThat(refusedByJunction.status()).isEqualTo(401);
        assertThat(refusedByJunction.body().asText()).contains("invalid user name or password");
    }

    @Test
    void theTrinoCliAuthenticatesAtJunctionOverHttps()
    {
        String sql = "SELECT node_id || ' ' || current_user FROM system.runtime.nodes";
        TrinoCli.Result alice = cli("--user", "alice", "--access-token", tokens.sign(ISSUER, AUDIENCE, "alice", Instant.now().plusSeconds(600), Map.of()), "--execute", sql);
        assertThat(alice.exitCode()).as(alice.stderr()).isZero();
        assertThat(alice.stdout()).as("routed by the authenticated user").contains(second.name() + " alice");

        TrinoCli.Result spoofed = cli("--user", "alice", "--access-token", tokens.sign(ISSUER, AUDIENCE, "bob", Instant.now().plusSeconds(600), Map.of()), "--execute", sql);
        assertThat(spoofed.exitCode()).isNotZero();
        assertThat(spoofed.stderr()).contains("User 'bob' is authenticated, but the request is for user 'alice'");

        TrinoCli.Result expired = cli("--user", "alice", "--access-token", tokens.sign(ISSUER, AUDIENCE, "alice", Instant.now().minusSeconds(600), Map.of()), "--execute", sql);
        assertThat(expired.exitCode()).isNotZero();
        assertThat(expired.stderr()).contains("Junction refused the credentials: invalid token: the token expired");

        // bob's password is right for Junction; this Trino has no password authentication and says so: the password reached it unchanged
        TrinoCli.Result password = TrinoCli.run(Duration.ofMinutes(3), Map.of("TRINO_PASSWORD", "bob-pw"), cliArguments("--user", "bob", "--password", "--execute", sql));
        assertThat(password.exitCode()).isNotZero();
        assertThat(password.stderr()).contains("Password not allowed for insecure authentication");
        TrinoCli.Result wrongPassword = TrinoCli.run(Duration.ofMinutes(3), Map.of("TRINO_PASSWORD", "guess"), cliArguments("--user", "bob", "--password", "--execute", sql));
        assertThat(wrongPassword.exitCode()).isNotZero();
        assertThat(wrongPassword.stderr()).contains("Junction refused the credentials: invalid user name or password");
    }

    private TrinoCli.Result cli(String... arguments)
    {
        return TrinoCli.run(Duration.ofMinutes(3), cliArguments(arguments));
    }

    private String[] cliArguments(String... arguments)
    {
        List<String> all = new ArrayList<>(List.of("--server", https.uri().toString(), "--truststore-path", trustStore.toString(),
                "--truststore-password", TestingCertificates.PASSWORD, "--client-request-timeout", "30s"));
        all.addAll(List.of(arguments));
        return all.toArray(String[]::new);
    }

    @Test
    void overrideRunsTheQueryAsTheAuthenticatedUser()
    {
        String sql = "SELECT node_id, current_user FROM system.runtime.nodes";
        assertThat(row(overriding, sql, Map.of("X-Trino-User", "bob", "Authorization", token("alice")))).containsExactly(second.name(), "alice");
    }
}
