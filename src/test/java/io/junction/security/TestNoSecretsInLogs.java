package io.junction.security;

import io.junction.testing.LogCapture;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingUpstream;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Junction's loggers at DEBUG, requests carrying every kind of Trino credential (a
 * submission, an affinity probe that forwards the credentials to every cluster, a cluster
 * that refuses connections) leave no credential in the log. TestSecurityWithTrino does the
 * same against a real Trino that checks the password.
 */
class TestNoSecretsInLogs
{
    private static final String PASSWORD = "hunter2-never-logged";
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.bearer-never-logged.sig";
    private static final String EXTRA_CREDENTIAL = "extra-never-logged";
    private static final String COOKIE = "cookie-never-logged";

    @Test
    void credentialsNeverReachTheLog()
            throws Exception
    {
        try (TestingUpstream upstream = new TestingUpstream(0);
                LogCapture logs = new LogCapture();
                TestingJunction junction = TestingJunction.builder()
                        .cluster("upstream", upstream.uri(), "adhoc")
                        .cluster("refusing", URI.create("http://127.0.0.1:1"), "etl")
                        .property("proxy.route-token.secret", "route-secret-never-logged-0123456789")
                        .build()) {
            HttpClient client = HttpClient.newHttpClient();
            String basic = "Basic " + Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            for (String group : new String[] {"adhoc", "etl"}) {
                send(client, HttpRequest.newBuilder(junction.uri().resolve("/v1/statement"))
                        .POST(HttpRequest.BodyPublishers.ofString("SELECT 1"))
                        .header("X-Trino-Routing-Group", group)
                        .header("Authorization", basic)
                        .header("X-Trino-Extra-Credential", "connector.password=" + EXTRA_CREDENTIAL)
                        .header("Cookie", "__Secure-Trino-OAuth2-Token=" + COOKIE));
            }
            send(client, HttpRequest.newBuilder(junction.uri().resolve("/v1/query/20261128_000000_00000_zzzzz"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("X-Trino-Extra-Credential", "connector.password=" + EXTRA_CREDENTIAL));
            assertThat(upstream.requests("/v1/statement")).isNotEmpty();
            assertThat(upstream.requests("/v1/statement").getFirst().headers().get("Authorization")).isEqualTo(basic);
            assertThat(upstream.requests("/v1/statement").getFirst().headers().get("X-Trino-Extra-Credential")).isEqualTo("connector.password=" + EXTRA_CREDENTIAL);

            String text = logs.text();
            assertThat(logs.size()).isPositive();
            assertThat(text).contains("DEBUG");
            assertThat(text)
                    .doesNotContain(PASSWORD)
                    .doesNotContain(basic.substring("Basic ".length()))
                    .doesNotContain("bearer-never-logged")
                    .doesNotContain(EXTRA_CREDENTIAL)
                    .doesNotContain(COOKIE)
                    .doesNotContain("route-secret-never-logged");
        }
    }

    private static void send(HttpClient client, HttpRequest.Builder request)
            throws Exception
    {
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
