package io.junction.proxy;

import io.junction.testing.Eventually;
import io.junction.testing.StatementClient;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingTrinoServer;
import io.junction.testing.TrinoCli;
import io.junction.testing.TrinoClusters;
import io.junction.testing.TrinoJdbc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real Trino clusters, real clients, through a real Junction: results, follow-up URIs,
 * routing groups, cancel, prepared statements with large headers, kill_query, affinity.
 */
@Tag("trino")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestProxyWithTrino
{
    private static final List<String> TPCH_QUERIES = List.of(
            "SELECT n.name, r.name AS region FROM tpch.tiny.nation n JOIN tpch.tiny.region r ON n.regionkey = r.regionkey ORDER BY n.name",
            "SELECT returnflag, linestatus, sum(quantity), sum(extendedprice), avg(discount), count(*) FROM tpch.tiny.lineitem GROUP BY 1, 2 ORDER BY 1, 2",
            "SELECT orderkey, custkey, totalprice, orderdate, comment FROM tpch.tiny.orders ORDER BY orderkey LIMIT 3000");

    private TestingTrinoServer adhoc;
    private TestingTrinoServer etl;
    private TestingJunction junction;
    private final StatementClient client = new StatementClient();

    @BeforeAll
    void start()
    {
        adhoc = TrinoClusters.first();
        etl = TrinoClusters.second();
        junction = TestingJunction.builder()
                .cluster("adhoc-1", adhoc.uri(), "adhoc")
                .cluster("etl-1", etl.uri(), "etl")
                .build();
    }

    @AfterAll
    void stop()
    {
        junction.close();
    }

    @Test
    void cliResultsThroughJunctionEqualDirectResults()
    {
        for (String sql : TPCH_QUERIES) {
            TrinoCli.Result direct = TrinoCli.run(Duration.ofSeconds(120), "--server", adhoc.uri().toString(), "--user", "test", "--execute", sql);
            TrinoCli.Result proxied = TrinoCli.run(Duration.ofSeconds(120), "--server", junction.uri().toString(), "--user", "test", "--execute", sql);
            assertThat(direct.exitCode()).as(direct.stderr()).isZero();
            assertThat(proxied.exitCode()).as(proxied.stderr()).isZero();
            assertThat(proxied.stdout()).as(sql).isNotBlank().isEqualTo(direct.stdout());
        }
    }

    @Test
    void jdbcResultsThroughJunctionEqualDirectResults()
            throws SQLException
    {
        for (String sql : TPCH_QUERIES) {
            assertThat(TrinoJdbc.query(junction.uri(), sql)).as(sql).isNotEmpty().isEqualTo(TrinoJdbc.query(adhoc.uri(), sql));
        }
    }

    @Test
    void trinoPutsTheRouteTokenIntoEveryUriItReturns()
    {
        String prefix = junction.uri() + "/j/";
        StatementClient.Reply first = client.submit(junction.uri(), "SELECT * FROM tpch.tiny.nation", Map.of());
        assertThat(first.status()).isEqualTo(200);
        List<StatementClient.Reply> replies = client.followToEnd(first, Map.of());
        assertThat(replies).hasSizeGreaterThan(2);
        String token = first.nextUri().substring(prefix.length(), first.nextUri().indexOf('/', prefix.length()));
        String base = prefix + token + "/";
        int partialCancelUris = 0;
        for (StatementClient.Reply reply : replies) {
            assertThat(reply.body().path("infoUri").asText()).startsWith(base + "ui/query.html?");
            if (reply.nextUri() != null) {
                assertThat(reply.nextUri()).startsWith(base + "v1/statement/");
            }
            if (reply.body().has("partialCancelUri")) {
                partialCancelUris++;
                assertThat(reply.body().path("partialCancelUri").asText()).startsWith(base + "v1/statement/executing/partialCancel/");
            }
        }
        assertThat(partialCancelUris).as("some reply carried a partialCancelUri").isPositive();
        assertThat(replies.getLast().state()).isEqualTo("FINISHED");
        assertThat(replies.stream().mapToInt(reply -> reply.body().path("data").size()).sum()).isEqualTo(25);
    }

    @Test
    void urisOfAClusterWithoutForwardedHeadersAreRewrittenToPointThroughJunction()
            throws SQLException
    {
        try (TestingJunction rewriting = TestingJunction.builder().clusterWithoutForwardedHeaders("plain", adhoc.uri(), "adhoc").build()) {
            String base = rewriting.uri() + new RouteTokenCodec(TestingJunction.SECRET.getBytes(StandardCharsets.UTF_8)).pathPrefix("plain") + "/";
            StatementClient.Reply first = client.submit(rewriting.uri(), "SELECT * FROM tpch.tiny.nation", Map.of("Accept-Encoding", "gzip"));
            List<StatementClient.Reply> replies = client.followToEnd(first, Map.of("Accept-Encoding", "gzip"));
            for (StatementClient.Reply reply : replies) {
                assertThat(reply.body().path("infoUri").asText()).startsWith(base + "ui/query.html?");
                if (reply.nextUri() != null) {
                    assertThat(reply.nextUri()).startsWith(base + "v1/statement/");
                }
                if (reply.body().has("partialCancelUri")) {
                    assertThat(reply.body().path("partialCancelUri").asText()).startsWith(base + "v1/statement/executing/partialCancel/");
                }
            }
            assertThat(replies.stream().mapToInt(reply -> reply.body().path("data").size()).sum()).isEqualTo(25);
            assertThat(TrinoJdbc.query(rewriting.uri(), TPCH_QUERIES.getFirst())).isEqualTo(TrinoJdbc.query(adhoc.uri(), TPCH_QUERIES.getFirst()));
        }
    }

    @Test
    void routingGroupHeaderChoosesTheCluster()
    {
        assertThat(nodeOfQuery(Map.of("X-Trino-Routing-Group", "etl"))).isEqualTo(etl.name());
        assertThat(nodeOfQuery(Map.of())).isEqualTo(adhoc.name());
        assertThat(nodeOfQuery(Map.of("X-Trino-Routing-Group", "adhoc"))).isEqualTo(adhoc.name());
    }

    @Test
    void deleteOfNextUriCancelsTheQueryOnItsCluster()
    {
        StatementClient.Reply reply = client.submit(junction.uri(), "SELECT count(*) FROM tpch.sf1000.lineitem", Map.of("X-Trino-Routing-Group", "etl"));
        String queryId = reply.queryId();
        for (int i = 0; i < 200 && reply.nextUri() != null && !"RUNNING".equals(reply.state()); i++) {
            reply = client.get(URI.create(reply.nextUri()), Map.of());
        }
        assertThat(reply.state()).isEqualTo("RUNNING");
        assertThat(client.delete(URI.create(reply.nextUri()))).isEqualTo(204);

        StatementClient.Reply info = awaitQueryState(etl.uri(), queryId, "FAILED");
        assertThat(info.body().path("errorCode").path("name").asText()).isEqualTo("USER_CANCELED");
    }

    @Test
    void preparedStatementWithALargeHeaderRunsEndToEnd()
            throws SQLException
    {
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= 20_000; i++) {
            values.append(i == 1 ? "" : ",").append(i);
        }
        String sql = "SELECT count(*) FROM tpch.tiny.nation WHERE nationkey IN (" + values + ") AND ? = 'x'";
        assertThat(sql.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(100_000);
        try (Connection connection = TrinoJdbc.connect(junction.uri(), TrinoJdbc.DEFAULT_USER);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, "x");
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(24);
            }
        }
    }

    @Test
    void killQueryReachesTheClusterRunningTheQuery()
    {
        StatementClient.Reply reply = client.submit(junction.uri(), "SELECT count(*) FROM tpch.sf1000.orders", Map.of("X-Trino-Routing-Group", "etl"));
        String queryId = reply.queryId();
        for (int i = 0; i < 200 && reply.nextUri() != null && !"RUNNING".equals(reply.state()); i++) {
            reply = client.get(URI.create(reply.nextUri()), Map.of());
        }
        TrinoCli.Result kill = TrinoCli.run(Duration.ofSeconds(120), "--server", junction.uri().toString(), "--user", "test",
                "--execute", "CALL system.runtime.kill_query(query_id => '" + queryId + "', message => 'stopped by the test')");
        assertThat(kill.exitCode()).as(kill.stderr()).isZero();

        StatementClient.Reply info = awaitQueryState(etl.uri(), queryId, "FAILED");
        assertThat(info.body().path("failureInfo").path("message").asText()).contains("stopped by the test");
        client.delete(URI.create(reply.nextUri()));
    }

    @Test
    void queryPagesWithoutATokenAreRoutedByQueryId()
    {
        StatementClient.Reply first = client.submit(junction.uri(), "SELECT 1", Map.of("X-Trino-Routing-Group", "etl"));
        client.followToEnd(first, Map.of());
        StatementClient.Reply info = client.get(junction.uri().resolve("/v1/query/" + first.queryId()), Map.of());
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.body().path("queryId").asText()).isEqualTo(first.queryId());
        assertThat(info.body().path("session").path("user").asText()).isEqualTo("test");

        StatementClient.Reply unknown = client.get(junction.uri().resolve("/v1/query/20200101_000000_00000_aaaaa"), Map.of());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().asText()).contains("Query 20200101_000000_00000_aaaaa is not known to any cluster");
    }

    @Test
    void forgedRouteTokenGetsAClear404()
    {
        StatementClient.Reply reply = client.get(junction.uri().resolve("/j/dHJpbm8x.AAAAAAAAAAAAAAAA/v1/statement/executing/20261128_132739_00006_pcmpq/y1/1"), Map.of());
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().asText()).contains("Invalid route token");
    }

    @Test
    void forwardedHeadersFromUntrustedClientsAreIgnored()
    {
        StatementClient.Reply reply = client.submit(junction.uri(), "SELECT 1",
                Map.of("X-Forwarded-Host", "evil.example.com", "X-Forwarded-Proto", "https", "X-Forwarded-Prefix", "/evil"));
        assertThat(reply.nextUri()).startsWith(junction.uri() + "/j/");
        client.followToEnd(reply, Map.of());
    }

    private String nodeOfQuery(Map<String, String> headers)
    {
        StatementClient.Reply first = client.submit(junction.uri(), "SELECT node_id FROM system.runtime.nodes", headers);
        List<StatementClient.Reply> replies = client.followToEnd(first, Map.of());
        return replies.stream()
                .filter(reply -> reply.body().path("data").size() > 0)
                .map(reply -> reply.body().path("data").get(0).get(0).asText())
                .findFirst()
                .orElseThrow();
    }

    private StatementClient.Reply awaitQueryState(URI cluster, String queryId, String state)
    {
        return Eventually.until(Duration.ofSeconds(30), "query " + queryId + " in state " + state,
                () -> client.get(cluster.resolve("/v1/query/" + queryId), Map.of()),
                info -> state.equals(info.body().path("state").asText()));
    }
}
