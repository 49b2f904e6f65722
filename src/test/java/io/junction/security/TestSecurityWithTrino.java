package io.junction.security;

import io.junction.testing.LogCapture;
import io.junction.testing.TestingCertificates;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingOidcIssuer;
import io.junction.testing.TestingTrinoServer;
import io.junction.testing.TestingUpstream;
import io.junction.testing.TlsClients;
import io.junction.testing.TrinoCli;
import io.trino.jdbc.TestingRedirectHandlerInjector;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Junction terminates TLS in front of a real Trino that authenticates with a password file
 * and OAuth2 (against a test OIDC issuer), the way Trino behind a TLS-terminating load
 * balancer runs: plain HTTP to Trino, {@code X-Forwarded-Proto: https}. Credentials pass
 * through untouched and never reach a log; the CLI and JDBC work over HTTPS; the OAuth2
 * external-authentication handshake stays on the cluster that issued it although another
 * cluster serves the default group.
 */
@Tag("trino")
class TestSecurityWithTrino
{
    private static final String USER = "alice";
    private static final String PASSWORD = "pa55-Wörd-never-logged";
    private static final String EXTRA_CREDENTIAL = "xc-secret-never-logged";
    private static final Pattern BEARER = Pattern.compile("x_redirect_server=\"([^\"]+)\", x_token_server=\"([^\"]+)\"");

    private static Path directory;
    private static TestingCertificates authority;
    private static Path trustStore;
    private static TestingOidcIssuer issuer;
    private static TestingTrinoServer trino;
    private static TestingUpstream other;
    private static TestingJunction junction;
    private static URI https;

    @BeforeAll
    static void start()
            throws Exception
    {
        directory = Files.createTempDirectory("junction-security");
        authority = TestingCertificates.authority("Junction Test CA");
        trustStore = authority.writeTrustStore(directory.resolve("truststore.jks"));
        TestingCertificates.Issued certificate = authority.issue("junction", TestingCertificates.KeyType.EC);
        certificate.writeCertificateChain(directory.resolve("junction.pem"));
        certificate.writePrivateKey(directory.resolve("junction.key"), TestingCertificates.PemFormat.TRADITIONAL);

        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Files.writeString(directory.resolve("password.db"), USER + ":" + OpenBSDBCrypt.generate("2y", PASSWORD.toCharArray(), salt, 8) + "\n");
        Files.writeString(directory.resolve("password-authenticator.properties"), """
                password-authenticator.name=file
                file.password-file=%s
                """.formatted(directory.resolve("password.db")));

        issuer = new TestingOidcIssuer(0, USER);
        List<String> trinoConfig = new ArrayList<>(List.of(
                "http-server.authentication.type=PASSWORD,OAUTH2",
                // the readiness probe of dev/trino-cluster.sh comes over plain HTTP with a user name only
                "http-server.authentication.allow-insecure-over-http=true",
                "password-authenticator.config-files=" + directory.resolve("password-authenticator.properties"),
                "internal-communication.shared-secret=" + Base64.getEncoder().encodeToString(salt) + "-shared-secret"));
        trinoConfig.addAll(issuer.trinoConfig());
        trino = TestingTrinoServer.start("secured", trinoConfig);
        other = new TestingUpstream(0);
        junction = TestingJunction.builder()
                // the default group is another cluster: anything not routed by its token lands there
                .cluster("other", other.uri(), "adhoc")
                .cluster("secured", trino.uri(), "secured")
                .routingRules("""
                        rules:
                          - name: secured-clients
                            condition: 'source == "secured-client" || user == "alice"'
                            actions:
                              - route: secured
                        """)
                .property("http-server.http.enabled", "false")
                .property("http-server.https.enabled", "true")
                .property("http-server.https.host", "127.0.0.1")
                .property("http-server.https.port", "0")
                .property("http-server.https.certificate-file", directory.resolve("junction.pem").toString())
                .property("http-server.https.private-key-file", directory.resolve("junction.key").toString())
                .build();
        https = junction.uri();
    }

    @AfterAll
    static void stop()
            throws Exception
    {
        if (junction != null) {
            junction.close();
        }
        if (trino != null) {
            trino.close();
        }
        if (other != null) {
            other.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    @Test
    void jdbcOverHttpsPassesPasswordAndExtraCredentialsUntouchedAndLogsNeither()
            throws Exception
    {
        try (LogCapture logs = new LogCapture()) {
            Properties properties = tls();
            properties.setProperty("user", USER);
            properties.setProperty("password", PASSWORD);
            properties.setProperty("source", "secured-client");
            properties.setProperty("extraCredentials", "connector.token:" + EXTRA_CREDENTIAL);
            assertThat(singleValue(properties, "SELECT current_user")).isEqualTo(USER);

            properties.setProperty("password", "wrong-" + PASSWORD);
            assertThatThrownBy(() -> singleValue(properties, "SELECT 1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Authentication failed");

            // a query id no cluster knows: Junction asks every cluster, with the client's credentials
            HttpResponse<String> probe = send(HttpRequest.newBuilder(https.resolve("/v1/query/20261128_000000_00000_zzzzz"))
                    .header("Authorization", basic(USER, PASSWORD))
                    .header("X-Trino-Extra-Credential", "connector.token=" + EXTRA_CREDENTIAL)
                    .header("Cookie", "__Secure-Trino-OAuth2-Token=cookie-" + EXTRA_CREDENTIAL));
            assertThat(probe.statusCode()).isEqualTo(404);

            String text = logs.text();
            assertThat(logs.size()).isPositive();
            assertThat(text)
                    .doesNotContain(PASSWORD)
                    .doesNotContain(EXTRA_CREDENTIAL)
                    .doesNotContain(basic(USER, PASSWORD).substring("Basic ".length()))
                    .doesNotContain(TestingJunction.SECRET);
        }
    }

    @Test
    void trinoCliOverHttpsWithATrustStoreAndWithInsecure()
    {
        for (List<String> tls : List.of(List.of("--truststore-path", trustStore.toString(), "--truststore-password", TestingCertificates.PASSWORD), List.of("--insecure"))) {
            List<String> arguments = new ArrayList<>(List.of("--server", https.toString(), "--user", USER, "--password", "--source", "secured-client",
                    "--execute", "SELECT current_user, (SELECT count(*) FROM tpch.tiny.nation)"));
            arguments.addAll(tls);
            TrinoCli.Result result = TrinoCli.run(Duration.ofMinutes(3), Map.of("TRINO_PASSWORD", PASSWORD), arguments.toArray(String[]::new));
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout().strip()).isEqualTo("\"alice\",\"25\"");
        }
    }

    @Test
    void oauth2ChallengeAndTokenPollingCarryTheRouteTokenOfTheIssuingCluster()
    {
        HttpResponse<String> challenge = send(HttpRequest.newBuilder(https.resolve("/v1/statement"))
                .header("X-Trino-User", USER)
                .POST(HttpRequest.BodyPublishers.ofString("SELECT 1")));
        assertThat(challenge.statusCode()).isEqualTo(401);
        String bearer = challenge.headers().allValues("WWW-Authenticate").stream().filter(value -> value.startsWith("Bearer")).findFirst().orElseThrow();
        Matcher matcher = BEARER.matcher(bearer);
        assertThat(matcher.find()).as(bearer).isTrue();
        String routed = https + "/j/";
        assertThat(matcher.group(1)).startsWith(routed).contains("/oauth2/token/initiate/");
        assertThat(matcher.group(2)).startsWith(routed).contains("/oauth2/token/");
        assertThat(challenge.headers().allValues("WWW-Authenticate")).contains("Basic realm=\"Trino\"");

        // nobody has logged in yet: the poll answers a nextUri, which must lead back to the same cluster
        HttpResponse<String> pending = send(HttpRequest.newBuilder(URI.create(matcher.group(2))));
        assertThat(pending.statusCode()).isEqualTo(200);
        assertThat(pending.body()).isEqualTo("{\"nextUri\":\"" + matcher.group(2) + "\"}");
        send(HttpRequest.newBuilder(URI.create(matcher.group(2))).DELETE());
        assertThat(other.requestPaths()).noneMatch(path -> path.startsWith("/oauth2"));
    }

    @Test
    void oauth2ExternalAuthenticationOfJdbcCompletesThroughJunction()
            throws Exception
    {
        List<URI> redirects = new ArrayList<>();
        TestingRedirectHandlerInjector.setRedirectHandler(uri -> {
            redirects.add(uri);
            browse(uri);
        });
        Properties properties = tls();
        properties.setProperty("user", USER);
        properties.setProperty("externalAuthentication", "true");
        properties.setProperty("externalAuthenticationTimeout", "60s");
        assertThat(singleValue(properties, "SELECT current_user")).isEqualTo(USER);

        assertThat(redirects).hasSize(1);
        assertThat(redirects.getFirst().toString()).startsWith(https + "/j/");
        // the IdP sent the browser back to the issuing cluster's callback, through Junction
        assertThat(issuer.redirectUris()).last().asString().startsWith(https + "/j/").endsWith("/oauth2/callback");
        assertThat(other.requestPaths()).noneMatch(path -> path.startsWith("/oauth2"));
    }

    /**
     * What a browser does: follow the redirects to the IdP and back, keeping cookies.
     */
    private static void browse(URI start)
    {
        HttpClient browser = HttpClient.newBuilder()
                .sslContext(TlsClients.trusting(authority.certificate()))
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.ALWAYS)
                .build();
        try {
            HttpResponse<String> page = browser.send(HttpRequest.newBuilder(start).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() != 200) {
                throw new IllegalStateException("login ended with " + page.statusCode() + " at " + page.uri() + ": " + page.body());
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Properties tls()
    {
        Properties properties = new Properties();
        properties.setProperty("SSL", "true");
        properties.setProperty("SSLTrustStorePath", trustStore.toString());
        properties.setProperty("SSLTrustStorePassword", TestingCertificates.PASSWORD);
        return properties;
    }

    private static Object singleValue(Properties properties, String sql)
            throws SQLException
    {
        try (Connection connection = DriverManager.getConnection("jdbc:trino://" + https.getAuthority(), properties);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getObject(1);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request)
    {
        return TlsClients.send(TlsClients.client(authority.certificate()), request.timeout(Duration.ofSeconds(60)).build());
    }

    private static String basic(String user, String password)
    {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
