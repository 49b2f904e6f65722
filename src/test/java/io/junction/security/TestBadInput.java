package io.junction.security;

import io.junction.api.AdminClient;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and malformed requests on both listeners: each gets a clear 4xx, reaches no
 * cluster and changes nothing in the store.
 */
class TestBadInput
{
    private static TestingUpstream upstream;
    private static TestingJunction junction;
    private static AdminClient api;

    @BeforeAll
    static void start()
            throws Exception
    {
        upstream = new TestingUpstream(0);
        junction = TestingJunction.builder()
                .cluster("upstream", upstream.uri(), "adhoc")
                .build();
        api = new AdminClient(junction.adminUri());
    }

    @AfterAll
    static void stop()
    {
        junction.close();
        upstream.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\": \"x\", \"uri\": ",
            "[1, 2, 3]",
            "{\"name\": \"x\", \"uri\": \"http://127.0.0.1:9\", \"routingGroup\": {\"nested\": true}}",
            "{\"name\": \"../../etc\", \"uri\": \"http://127.0.0.1:9\", \"routingGroup\": \"adhoc\"}",
            "{\"name\": \"ssrf-file\", \"uri\": \"file:///etc/passwd\", \"routingGroup\": \"adhoc\"}",
            "{\"name\": \"ssrf-gopher\", \"uri\": \"gopher://127.0.0.1:25/\", \"routingGroup\": \"adhoc\"}",
            "{\"name\": \"ssrf-userinfo\", \"uri\": \"http://admin:secret@127.0.0.1:9\", \"routingGroup\": \"adhoc\"}",
            "{\"name\": \"ssrf-external\", \"uri\": \"http://127.0.0.1:9\", \"routingGroup\": \"adhoc\", \"externalUri\": \"javascript:alert(1)\"}",
            "{\"name\": \"nul\u0000byte\", \"uri\": \"http://127.0.0.1:9\", \"routingGroup\": \"adhoc\"}",
            "\uFEFF{\"name\": \"bom\", \"uri\": \"http://127.0.0.1:9\", \"routingGroup\": \"adhoc\"}"})
    void malformedOrHostileClusterDefinitionsAreRefusedAndChangeNothing(String body)
    {
        String before = api.get("/api/v1/clusters").body();
        String auditBefore = api.get("/api/v1/audit").body();

        AdminClient.Reply reply = api.post("/api/v1/clusters", body);

        assertThat(reply.status()).as(reply.body()).isBetween(400, 499);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.json().get("error").asText()).isNotBlank();
        assertThat(reply.body()).doesNotContain("secret");
        assertThat(api.get("/api/v1/clusters").body()).isEqualTo(before);
        assertThat(api.get("/api/v1/audit").body()).isEqualTo(auditBefore);
    }

    @Test
    void oversizedAdminBodyIsRefused()
    {
        String before = api.get("/api/v1/clusters").body();
        AdminClient.Reply reply = api.post("/api/v1/clusters", "{\"name\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}");
        assertThat(reply.status()).isEqualTo(413);
        assertThat(api.get("/api/v1/clusters").body()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/console/../../etc/passwd",
            "/ui/../../etc/passwd",
            "/ui/%2e%2e/%2e%2e/etc/passwd",
            "/ui/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
            "/ui/..%2f..%2fetc/passwd",
            "/ui/..%5c..%5cetc%5cpasswd",
            "/ui/%252e%252e/etc/passwd",
            "/v1/statement/..;/..;/etc/passwd",
            "/j/dXBzdHJlYW0.AAAAAAAAAAAAAAAA/../../etc/passwd",
            "/ui/%c0%ae%c0%ae/etc/passwd",
            "/ui/\u2025/etc/passwd"})
    void pathTraversalNeverReachesAClusterOrAFile(String target)
    {
        String raw = new String(target.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        int proxyStatus = RawHttp.status(junction.uri(), ("GET " + raw + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        int adminStatus = RawHttp.status(junction.adminUri(), ("GET " + raw + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));

        assertThat(proxyStatus).as("proxy listener").isBetween(400, 499);
        assertThat(adminStatus).as("admin listener").isBetween(400, 499);
        assertThat(upstream.requestPaths()).noneMatch(path -> path.contains("passwd"));
    }

    @Test
    void oversizedHeadersAreRefusedWith431()
    {
        int status = RawHttp.get(junction.uri(), "/v1/info", "X-Trino-Prepared-Statement: q=" + "a".repeat(3 * 1024 * 1024));
        assertThat(status).isEqualTo(431);
        assertThat(RawHttp.get(junction.adminUri(), "/api/v1/clusters", "X-Junction-User: " + "a".repeat(3 * 1024 * 1024))).isIn(400, 431);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // a Cyrillic 'е' in the name: not a header Trino knows, and not a token character
            "X-Trino-Us\u0435r: admin",
            "X-Trino-User\u00a0: admin",
            "X-Trino-User : admin",
            "X-Trino-User: ad\u0000min",
            "X-Trino-User: ad\rmin",
            "X-Trino-User: admin\r\n Transfer-Encoding: chunked"})
    void headerTricksAreRefusedWith400(String header)
    {
        byte[] request = ("GET /v1/node HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + header + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        int before = upstream.requests("/v1/node").size();
        assertThat(RawHttp.status(junction.uri(), request)).isEqualTo(400);
        assertThat(upstream.requests("/v1/node")).hasSize(before);
    }

    @Test
    void requestSmugglingWithTwoLengthsIsRefused()
    {
        byte[] request = ("POST /v1/statement HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\nTransfer-Encoding: chunked\r\nX-Trino-User: a\r\n\r\n"
                + "0\r\n\r\nGET /v1/node HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(RawHttp.status(junction.uri(), request)).isEqualTo(400);
    }
}
