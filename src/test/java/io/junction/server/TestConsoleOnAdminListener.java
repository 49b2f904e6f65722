package io.junction.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.api.AdminClient;
import io.junction.testing.TestingJunction;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Junction's admin listener serves the console, {@code GET /api/v1/info} and the
 * routing dry run; the proxy listener serves none of the console.
 */
class TestConsoleOnAdminListener
{
    @Test
    void infoNamesTheVersionTheStartAndTheProxy()
    {
        Instant before = Instant.now();
        try (TestingJunction junction = TestingJunction.builder().build()) {
            AdminClient.Reply reply = new AdminClient(junction.adminUri()).get("/api/v1/info");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.contentType()).startsWith("application/json");
            JsonNode info = reply.json();
            assertThat(info.get("version").asText()).isNotBlank().isNotEqualTo("unknown").doesNotStartWith("${");
            // TestingJunction binds the proxy to 127.0.0.1
            assertThat(info.get("proxyUri").asText()).isEqualTo(junction.uri().toString());
            assertThat(Instant.parse(info.get("startedAt").asText())).isBetween(before.minusSeconds(1), Instant.now());

            AdminClient.Reply post = new AdminClient(junction.adminUri()).post("/api/v1/info", "{}");
            assertThat(post.status()).isEqualTo(405);
            assertThat(post.json().get("error").asText()).contains("GET");
        }
    }

    @Test
    void proxyUriIsTheConfiguredOne()
    {
        try (TestingJunction junction = TestingJunction.builder().property("console.proxy-uri", "https://trino.example.com/").build()) {
            JsonNode info = new AdminClient(junction.adminUri()).get("/api/v1/info").json();
            assertThat(info.get("proxyUri").asText()).isEqualTo("https://trino.example.com");
        }
    }

    @Test
    void proxyOnEveryAddressIsReachedByTheHostTheConsoleWasLoadedFrom()
            throws Exception
    {
        try (TestingJunction junction = TestingJunction.builder().property("http-server.http.host", "0.0.0.0").build()) {
            URI info = URI.create("http://localhost:" + junction.adminUri().getPort() + "/api/v1/info");
            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(info).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.body()).contains("\"proxyUri\":\"http://localhost:" + junction.server().port() + "\"");
        }
    }

    @Test
    void rootRedirectsToTheConsoleWhichIsServedFromTheJar()
            throws Exception
    {
        assumeTrue(ConsoleHandler.fromClasspath().isBuilt(), "the console was not built (-Dconsole.skip)");
        try (TestingJunction junction = TestingJunction.builder().build()) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> root = client.send(HttpRequest.newBuilder(junction.adminUri().resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(root.statusCode()).isEqualTo(302);
            assertThat(root.headers().firstValue("Location")).hasValue("/console/");

            HttpResponse<String> page = client.send(HttpRequest.newBuilder(junction.adminUri().resolve("/console/clusters")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<div id=\"root\"></div>").contains("/console/assets/");
            String script = page.body().replaceAll("(?s).*src=\"(/console/assets/[^\"]+\\.js)\".*", "$1");
            HttpResponse<String> bundle = client.send(HttpRequest.newBuilder(junction.adminUri().resolve(script)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bundle.statusCode()).isEqualTo(200);
            assertThat(bundle.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");

            // the proxy listener is Trino's: no console there
            HttpResponse<String> proxied = client.send(HttpRequest.newBuilder(junction.uri().resolve("/console/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(proxied.body()).doesNotContain("<div id=\"root\">");
        }
    }

    @Test
    void consoleCanBeTurnedOff()
    {
        try (TestingJunction junction = TestingJunction.builder().property("console.enabled", "false").build()) {
            AdminClient.Reply reply = new AdminClient(junction.adminUri()).get("/console/");
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.body()).doesNotContain("<div id=\"root\">");
            assertThat(new AdminClient(junction.adminUri()).get("/api/v1/info").status()).isEqualTo(200);
        }
    }

    @Test
    void withAuthenticationTheConsoleLoadsButInfoAndDryRunNeedAViewer()
    {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        try (TestingJunction junction = TestingJunction.builder()
                .cluster("one", URI.create("http://127.0.0.1:1"), "adhoc")
                .file("password.db", "vic:" + OpenBSDBCrypt.generate("2y", "vic-pw".toCharArray(), salt, 8) + "\n")
                .property("security.password-file", "password.db")
                .property("security.roles.viewer-users", "vic")
                .property("security.session.secret", "console-session-secret-0123456789abcdef")
                .build()) {
            AdminClient api = new AdminClient(junction.adminUri());
            assertThat(api.get("/api/v1/info").status()).isEqualTo(401);
            assertThat(api.post("/api/v1/routing/dry-run", "{\"headers\": {}}").status()).isEqualTo(401);
            assertThat(api.get("/console/").status()).as("the login page must load").isIn(200, 404);

            Map<String, String> viewer = Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString("vic:vic-pw".getBytes(StandardCharsets.UTF_8)));
            AdminClient.Reply info = api.send("GET", "/api/v1/info", null, viewer);
            assertThat(info.status()).as(info.body()).isEqualTo(200);
            assertThat(info.json().get("proxyUri").asText()).isEqualTo(junction.uri().toString());
            AdminClient.Reply dryRun = api.send("POST", "/api/v1/routing/dry-run", "{\"headers\": {\"X-Trino-User\": \"alice\"}}", viewer);
            assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
            assertThat(dryRun.json().get("routingGroup").asText()).isEqualTo("adhoc");
        }
    }

    @Test
    void dryRunIsServedOnTheAdminListener()
    {
        try (TestingJunction junction = TestingJunction.builder().cluster("one", URI.create("http://127.0.0.1:1"), "adhoc").build()) {
            AdminClient.Reply reply = new AdminClient(junction.adminUri()).post("/api/v1/routing/dry-run", """
                    {"headers": {"X-Trino-User": "alice"}, "sql": "SELECT 1"}
                    """);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().get("routingGroup").asText()).isEqualTo("adhoc");
        }
    }
}
