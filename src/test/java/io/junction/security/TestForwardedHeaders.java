package io.junction.security;

import io.junction.testing.TestingJunction;
import io.junction.testing.TestingUpstream;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only proxies listed in {@code http-server.trusted-proxies} may tell Junction (and through
 * it, Trino) the client's scheme, host and address.
 */
class TestForwardedHeaders
{
    @Test
    void forwardedHeadersFromAnUntrustedPeerAreReplacedByJunctionsOwn()
            throws Exception
    {
        try (TestingUpstream upstream = new TestingUpstream(0);
                TestingJunction junction = TestingJunction.builder().cluster("upstream", upstream.uri(), "adhoc").build()) {
            HttpFields seen = sendSpoofed(junction.uri(), upstream);

            assertThat(seen.get("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + junction.uri().getPort());
            assertThat(seen.get("X-Forwarded-Proto")).isEqualTo("http");
            assertThat(seen.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
            assertThat(seen.get("X-Forwarded-Prefix")).startsWith("/j/");
            assertThat(seen.get("Forwarded")).isNull();
        }
    }

    @Test
    void forwardedHeadersFromATrustedProxyAreBelieved()
            throws Exception
    {
        try (TestingUpstream upstream = new TestingUpstream(0);
                TestingJunction junction = TestingJunction.builder()
                        .cluster("upstream", upstream.uri(), "adhoc")
                        .property("http-server.trusted-proxies", "127.0.0.1")
                        .build()) {
            HttpFields seen = sendSpoofed(junction.uri(), upstream);

            assertThat(seen.get("X-Forwarded-Host")).isEqualTo("gateway.example.com");
            assertThat(seen.get("X-Forwarded-Proto")).isEqualTo("https");
            assertThat(seen.get("X-Forwarded-Port")).isEqualTo("443");
            assertThat(seen.get("X-Forwarded-For")).isEqualTo("203.0.113.9, 127.0.0.1");
            // never the client's own prefix: it would move the route token
            assertThat(seen.get("X-Forwarded-Prefix")).startsWith("/j/");
            assertThat(seen.get("Forwarded")).isNull();
        }
    }

    private static HttpFields sendSpoofed(URI junction, TestingUpstream upstream)
            throws Exception
    {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(junction.resolve("/v1/node"))
                .header("X-Forwarded-Host", "gateway.example.com")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-For", "203.0.113.9")
                .header("X-Forwarded-Prefix", "/evil")
                .header("Forwarded", "for=203.0.113.9;proto=https;host=evil.example.com")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
        return upstream.requests("/v1/node").getLast().headers();
    }
}
