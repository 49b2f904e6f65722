package io.junction.proxy;

import io.junction.testing.TestingJunction;
import io.junction.testing.TestingUpstream;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behaviour of the data plane that needs a coordinator which can hold a reply half-sent.
 */
class TestProxyStreaming
{
    private static final int FIRST_PART = 4 * 1024 * 1024;

    @Test
    void clientReadsTheStartOfAReplyBeforeTheClusterHasSentAllOfIt()
            throws Exception
    {
        try (TestingUpstream upstream = new TestingUpstream(FIRST_PART);
                TestingJunction junction = TestingJunction.builder().cluster("fake", upstream.uri(), "adhoc").build()) {
            URI uri = junction.uri().resolve(tokenPath() + TestingUpstream.HELD_PATH);
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uri).header("X-Trino-User", "test").timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (InputStream body = response.body()) {
                byte[] first = body.readNBytes(FIRST_PART);
                assertThat(first).as("the first %d bytes arrive while the cluster still holds the rest", FIRST_PART).hasSize(FIRST_PART);
                assertThat(new String(first, 0, 40, StandardCharsets.UTF_8)).startsWith("{\"id\":\"" + TestingUpstream.QUERY_ID);
                upstream.release();
                String rest = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(rest).endsWith("\"stats\":{\"state\":\"FINISHED\"},\"warnings\":[]}");
            }
        }
    }

    @Test
    void followUpsCarryForwardedHeadersDescribingJunctionAndTheRouteToken()
            throws Exception
    {
        try (TestingUpstream upstream = new TestingUpstream(1);
                TestingJunction junction = TestingJunction.builder().cluster("fake", upstream.uri(), "adhoc").build()) {
            upstream.release();
            // A raw request: the JDK client does not let a caller set Connection.
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", junction.uri().getPort())) {
                String request = "GET " + tokenPath() + TestingUpstream.HELD_PATH + " HTTP/1.1\r\n"
                        + "Host: 127.0.0.1:" + junction.uri().getPort() + "\r\n"
                        + "X-Trino-User: test\r\n"
                        + "X-Forwarded-Host: evil.example.com\r\n"
                        + "Forwarded: for=1.2.3.4\r\n"
                        + "Connection: close, X-Hop\r\n"
                        + "X-Hop: drop me\r\n"
                        + "\r\n";
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
            }
            TestingUpstream.RecordedRequest request = upstream.requests(TestingUpstream.HELD_PATH).getFirst();
            assertThat(request.headers().get("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + junction.uri().getPort());
            assertThat(request.headers().get("X-Forwarded-Proto")).isEqualTo("http");
            assertThat(request.headers().get("X-Forwarded-Port")).isEqualTo(Integer.toString(junction.uri().getPort()));
            assertThat(request.headers().get("X-Forwarded-Prefix")).isEqualTo(tokenPath());
            assertThat(request.headers().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
            assertThat(request.headers().get("Via")).isEqualTo("1.1 junction");
            assertThat(request.headers().get("X-Trino-User")).isEqualTo("test");
            assertThat(request.headers().get("Forwarded")).isNull();
            assertThat(request.headers().get("X-Hop")).isNull();
        }
    }

    @Test
    void trustedProxiesMayDescribeTheClientsView()
            throws Exception
    {
        try (TestingUpstream upstream = new TestingUpstream(1);
                TestingJunction junction = TestingJunction.builder()
                        .cluster("fake", upstream.uri(), "adhoc")
                        .property("http-server.trusted-proxies", "127.0.0.0/8")
                        .build()) {
            upstream.release();
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(junction.uri().resolve(tokenPath() + TestingUpstream.HELD_PATH))
                            .header("X-Trino-User", "test")
                            .header("X-Forwarded-Proto", "https")
                            .header("X-Forwarded-Host", "trino.example.com")
                            .header("X-Forwarded-For", "203.0.113.9")
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            TestingUpstream.RecordedRequest request = upstream.requests(TestingUpstream.HELD_PATH).getFirst();
            assertThat(request.headers().get("X-Forwarded-Host")).isEqualTo("trino.example.com");
            assertThat(request.headers().get("X-Forwarded-Proto")).isEqualTo("https");
            assertThat(request.headers().get("X-Forwarded-Port")).isEqualTo("443");
            assertThat(request.headers().get("X-Forwarded-For")).isEqualTo("203.0.113.9, 127.0.0.1");
        }
    }

    @Test
    void servesHttp2WithoutTls()
            throws Exception
    {
        try (TestingUpstream upstream = new TestingUpstream(1);
                TestingJunction junction = TestingJunction.builder().cluster("fake", upstream.uri(), "adhoc").build()) {
            HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            http2.send(HttpRequest.newBuilder(junction.uri().resolve("/health/live")).build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> info = http2.send(HttpRequest.newBuilder(junction.uri().resolve("/v1/info")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(info.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(info.body()).contains("\"starting\":false");
            assertThat(upstream.requests("/v1/info"))
                    .as("the proxied request (not a health probe) says it came over HTTP/2")
                    .anySatisfy(request -> assertThat(request.headers().get("Via")).isEqualTo("2 junction"));
        }
    }

    @Test
    void shutdownLetsRequestsInFlightFinish()
            throws Exception
    {
        try (TestingUpstream upstream = new TestingUpstream(1024)) {
            TestingJunction junction = TestingJunction.builder().cluster("fake", upstream.uri(), "adhoc").build();
            URI uri = junction.uri().resolve(tokenPath() + TestingUpstream.HELD_PATH);
            CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(uri).header("X-Trino-User", "test").build(), HttpResponse.BodyHandlers.ofString());
            io.junction.testing.Eventually.until(Duration.ofSeconds(30), "the request to reach the cluster",
                    () -> !upstream.requests(TestingUpstream.HELD_PATH).isEmpty());
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(junction::close);
            upstream.release();
            HttpResponse<String> response = inFlight.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).endsWith("\"warnings\":[]}");
            stopping.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void silentClusterGetsTheClientA504AfterTheIdleTimeout()
            throws Exception
    {
        try (TestingUpstream upstream = new TestingUpstream(1);
                TestingJunction junction = TestingJunction.builder()
                        .cluster("fake", upstream.uri(), "adhoc")
                        .property("proxy.upstream.idle-timeout", "2s")
                        .build()) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(junction.uri().resolve(tokenPath() + TestingUpstream.SILENT_PATH)).header("X-Trino-User", "test").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(response.body()).contains("Cluster 'fake' did not answer in time");
        }
    }

    @Test
    void brokenConnectionToAHealthyClusterIsARetryable503()
            throws Exception
    {
        try (TestingUpstream upstream = new TestingUpstream(1);
                TestingJunction junction = TestingJunction.builder().cluster("fake", upstream.uri(), "adhoc").build()) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(junction.uri().resolve(tokenPath() + TestingUpstream.BROKEN_PATH)).header("X-Trino-User", "test").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains("1");
            assertThat(response.body()).contains("Cluster 'fake' is unavailable");
        }
    }

    @Test
    void uiPageOpenedThroughARouteTokenPinsTheBrowserToThatCluster()
            throws Exception
    {
        try (TestingUpstream upstream = new TestingUpstream(1);
                TestingJunction junction = TestingJunction.builder().cluster("fake", upstream.uri(), "adhoc").build()) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(junction.uri().resolve(tokenPath() + "/ui/query.html?" + TestingUpstream.QUERY_ID)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String token = tokenPath().substring("/j/".length());
            assertThat(response.headers().allValues("Set-Cookie")).anySatisfy(cookie ->
                    assertThat(cookie).startsWith("Junction-UI-Route=" + token).contains("HttpOnly").contains("SameSite=Lax"));
            assertThat(upstream.requests("/ui/query.html")).singleElement()
                    .satisfies(request -> assertThat(request.query()).isEqualTo(TestingUpstream.QUERY_ID));
        }
    }

    private static String tokenPath()
    {
        return new RouteTokenCodec(TestingJunction.SECRET.getBytes(StandardCharsets.UTF_8)).pathPrefix("fake");
    }
}
