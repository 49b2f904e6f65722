package io.junction.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.testing.StatementClient;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingTrinoServer;
import io.junction.testing.TrinoClusters;
import io.junction.testing.TrinoJdbc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing rules against real Trino servers: header actions are in effect on Trino, rules
 * route by source, transactions stay on their cluster, the dry run explains without running.
 */
@Tag("trino")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestRoutingWithTrino
{
    private static final String RULES = """
            groups:
              - name: pool
                description: both servers, in turn
                policy: round-robin
            rules:
              - name: compressed-prepared
                priority: 0
                condition: >
                  "x-trino-prepared-statement" in headers && headers["x-trino-prepared-statement"].contains("zstd")
                  && "system.runtime.nodes" in tables
                actions: [{route: etl}]
              - name: limit-dashboards
                priority: 1
                condition: '"dashboards" in client_tags'
                continue: true
                actions:
                  - set-session-property: {name: query_max_run_time, value: 17m}
              - name: etl-tool
                priority: 2
                condition: 'source == "etl-tool"'
                actions: [{route: etl}]
              - name: pooled
                priority: 3
                condition: 'source == "pooled"'
                actions: [{route: pool}]
              - name: no-drops
                priority: 4
                condition: 'statement_type == "DATA_DEFINITION" && statement_class == "DropTable"'
                actions: [{reject: "DROP TABLE is not allowed through this gateway"}]
            """;

    private TestingTrinoServer first;
    private TestingTrinoServer second;
    private TestingJunction junction;
    private final StatementClient client = new StatementClient();

    @BeforeAll
    void start()
    {
        first = TrinoClusters.first();
        second = TrinoClusters.second();
        junction = TestingJunction.builder()
                .cluster("one", first.uri(), "adhoc")
                .cluster("two", second.uri(), "etl")
                .cluster("pool-1", first.uri(), "pool")
                .cluster("pool-2", second.uri(), "pool")
                .routingRules(RULES)
                .build();
    }

    @AfterAll
    void stop()
    {
        junction.close();
    }

    @Test
    void aSessionPropertySetByARuleIsInEffectOnTrino()
    {
        assertThat(sessionValue(Map.of("X-Trino-Client-Tags", "dashboards"))).isEqualTo("17m");
        assertThat(sessionValue(Map.of("X-Trino-Client-Tags", "dashboards", "X-Trino-Session", "query_max_run_time=3h,query_max_planning_time=9m")))
                .isEqualTo("17m");
        assertThat(sessionValue(Map.of())).isNotEqualTo("17m");
    }

    @Test
    void aRuleRoutesBySourceToTheSecondCluster()
    {
        assertThat(nodeOfQuery(Map.of("X-Trino-Source", "etl-tool"))).isEqualTo(second.name());
        assertThat(nodeOfQuery(Map.of("X-Trino-Source", "etl-tool", "X-Trino-Client-Tags", "dashboards"))).isEqualTo(second.name());
        assertThat(nodeOfQuery(Map.of("X-Trino-Source", "cli"))).isEqualTo(first.name());
    }

    @Test
    void executeOfAPreparedStatementThatTrinoCompressedIsRoutedByItsTables()
            throws SQLException
    {
        // Trino sends a prepared statement of 2 kB or more back compressed ($zstd:, when that saves
        // 512 bytes); the JDBC driver returns it so in X-Trino-Prepared-Statement on EXECUTE. The rule
        // matches only a compressed header whose statement reads system.runtime.nodes.
        StringBuilder sql = new StringBuilder("SELECT node_id FROM system.runtime.nodes WHERE node_id NOT IN (");
        for (int i = 0; i < 300; i++) {
            sql.append(i == 0 ? "" : ", ").append("'absent-node-").append(i).append('\'');
        }
        sql.append(") AND ? = 'x'");
        assertThat(sql.length()).isGreaterThan(4096);
        try (Connection connection = TrinoJdbc.connect(junction.uri(), TrinoJdbc.DEFAULT_USER);
                PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            statement.setString(1, "x");
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).as("routed to etl by the tables of the decompressed statement").isEqualTo(second.name());
            }
        }
    }

    @Test
    void aRejectRuleFailsTheQueryWithItsMessage()
    {
        List<StatementClient.Reply> replies = client.followToEnd(
                client.submit(junction.uri(), "DROP TABLE memory.default.important", Map.of()), Map.of());
        JsonNode error = replies.getLast().body().path("error");
        assertThat(error.path("message").asText()).isEqualTo("DROP TABLE is not allowed through this gateway");
        assertThat(error.path("errorName").asText()).isEqualTo("PERMISSION_DENIED");
    }

    @Test
    void statementsOfATransactionStayOnTheClusterThatStartedIt()
    {
        Set<String> withoutTransaction = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            withoutTransaction.add(nodeOfQuery(Map.of("X-Trino-Source", "pooled")));
        }
        assertThat(withoutTransaction).as("round-robin uses both servers").containsExactlyInAnyOrder(first.name(), second.name());

        List<StatementClient.Reply> started = client.followToEnd(client.submit(junction.uri(), "START TRANSACTION", Map.of("X-Trino-Source", "pooled", "X-Trino-Transaction-Id", "NONE")), Map.of());
        String transactionId = started.stream()
                .map(reply -> header(reply, "X-Trino-Started-Transaction-Id"))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow();
        Set<String> inTransaction = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            inTransaction.add(nodeOfQuery(Map.of("X-Trino-Source", "pooled", "X-Trino-Transaction-Id", transactionId)));
        }
        assertThat(inTransaction).hasSize(1);
        List<StatementClient.Reply> committed = client.followToEnd(
                client.submit(junction.uri(), "COMMIT", Map.of("X-Trino-Source", "pooled", "X-Trino-Transaction-Id", transactionId)), Map.of());
        assertThat(committed.getLast().state()).isEqualTo("FINISHED");
    }

    @Test
    void dryRunExplainsTheDecisionWithoutRunningAnything()
            throws IOException, InterruptedException
    {
        JsonNode answer = dryRun("""
                {"headers": {"X-Trino-Source": "etl-tool", "X-Trino-Client-Tags": "dashboards", "X-Trino-User": "alice"},
                 "sql": "SELECT * FROM tpch.tiny.nation"}
                """);
        assertThat(answer.path("decision").asText()).isEqualTo("ROUTED");
        assertThat(answer.path("cluster").asText()).isEqualTo("two");
        assertThat(answer.path("routingGroup").asText()).isEqualTo("etl");
        assertThat(answer.path("matchedRules").toString()).isEqualTo("[\"limit-dashboards\",\"etl-tool\"]");
        assertThat(answer.path("reason").asText()).startsWith("rule 'etl-tool' chose group 'etl'");
        assertThat(answer.path("headerEdits").get(0).path("value").asText()).isEqualTo("query_max_run_time=17m");

        JsonNode rejected = dryRun("""
                {"headers": {"X-Trino-Catalog": "memory", "X-Trino-Schema": "default"}, "sql": "DROP TABLE t"}
                """);
        assertThat(rejected.path("decision").asText()).isEqualTo("REJECTED");
        assertThat(rejected.path("matchedRules").toString()).isEqualTo("[\"no-drops\"]");
        assertThat(rejected.path("sqlFacts").path("tables").toString()).isEqualTo("[\"memory.default.t\"]");
    }

    private JsonNode dryRun(String body)
            throws IOException, InterruptedException
    {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(junction.uri().resolve("/api/v1/routing/dry-run"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return new ObjectMapper().readTree(response.body());
        }
    }

    private String sessionValue(Map<String, String> headers)
    {
        List<StatementClient.Reply> replies = client.followToEnd(client.submit(junction.uri(), "SHOW SESSION LIKE 'query_max_run_time'", headers), Map.of());
        assertThat(replies.getLast().state()).as(replies.getLast().body().toString()).isEqualTo("FINISHED");
        return replies.stream()
                .filter(reply -> reply.body().path("data").size() > 0)
                .map(reply -> reply.body().path("data").get(0).get(1).asText())
                .findFirst()
                .orElseThrow();
    }

    private String nodeOfQuery(Map<String, String> headers)
    {
        StatementClient.Reply first = client.submit(junction.uri(), "SELECT node_id FROM system.runtime.nodes", headers);
        List<StatementClient.Reply> replies = client.followToEnd(first, Map.of());
        return replies.stream()
                .filter(reply -> reply.body().path("data").size() > 0)
                .map(reply -> reply.body().path("data").get(0).get(0).asText())
                .findFirst()
                .orElseThrow(() -> new AssertionError(replies.getLast().body().toString()));
    }

    private static Optional<String> header(StatementClient.Reply reply, String name)
    {
        return reply.headers().entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .flatMap(entry -> entry.getValue().stream())
                .findFirst();
    }
}
