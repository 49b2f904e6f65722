package io.junction.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.api.AdminClient;
import io.junction.testing.Eventually;
import io.junction.testing.StatementClient;
import io.junction.testing.TestingJunction;
import io.junction.testing.TrinoCli;
import io.junction.testing.TrinoClusters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Queries run through Junction with the real trino CLI are in the history with the rule, group
 * and cluster that routed them and the state Trino ended them in; a running query shows as
 * RUNNING and a cancelled one as CANCELED.
 */
@Tag("trino")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestQueryHistoryWithTrino
{
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration RECORDED = Duration.ofSeconds(30);

    private TestingJunction junction;
    private AdminClient api;

    @BeforeAll
    void start()
    {
        junction = TestingJunction.builder()
                .cluster("one", TrinoClusters.first().uri(), "adhoc")
                .cluster("two", TrinoClusters.second().uri(), "etl")
                .build();
        api = new AdminClient(junction.adminUri());
        AdminClient.Reply rules = api.put("/api/v1/rules", """
                {"rules": [{"name": "history-to-etl", "condition": "source == 'history-test'", "actions": [{"route": "etl"}]}], "comment": "history test"}
                """);
        assertThat(rules.status()).as(rules.body()).isEqualTo(200);
    }

    @AfterAll
    void stop()
    {
        junction.close();
    }

    private JsonNode recorded(String user, String state)
    {
        return Eventually.until(RECORDED, "the query of " + user + " in the history as " + state,
                () -> api.get("/api/v1/history?user=" + user + "&source=history-test").json().get("queries"),
                queries -> queries.size() == 1 && queries.get(0).get("state").asText().equals(state)).get(0);
    }

    @Test
    void finishedQueryIsRecordedWithItsRoute()
    {
        Instant before = Instant.now();
        TrinoCli.Result cli = TrinoCli.run(CLI_TIMEOUT, "--server", junction.uri().toString(), "--user", "history-alice", "--source", "history-test",
                "--client-tags", "nightly,finance", "--execute", "SELECT count(*) FROM tpch.tiny.nation");
        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(cli.stdout()).contains("25");

        JsonNode query = recorded("history-alice", "FINISHED");
        assertThat(query.get("queryId").asText()).matches("\\d{8}_\\d{6}_\\d{5}_\\w{5}");
        assertThat(query.get("source").asText()).isEqualTo("history-test");
        assertThat(query.get("clientTags")).extracting(JsonNode::asText).containsExactlyInAnyOrder("nightly", "finance");
        assertThat(query.get("routingGroup").asText()).isEqualTo("etl");
        assertThat(query.get("rule").asText()).isEqualTo("history-to-etl");
        assertThat(query.get("cluster").asText()).isEqualTo("two");
        assertThat(query.get("sql").asText()).isEqualTo("SELECT count(*) FROM tpch.tiny.nation");
        assertThat(query.get("sqlTruncated").asBoolean()).isFalse();
        assertThat(Instant.parse(query.get("submittedAt").asText())).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(Instant.parse(query.get("finishedAt").asText())).isAfterOrEqualTo(Instant.parse(query.get("submittedAt").asText()));
        assertThat(query.get("elapsedMillis").asLong()).isNotNegative();
        assertThat(query.has("errorCode")).isFalse();
        assertThat(query.get("junctionNode").asText()).endsWith(":" + junction.uri().getPort());

        JsonNode detail = api.get("/api/v1/history/" + query.get("queryId").asText()).json();
        assertThat(detail.get("decision").get("matchedRules")).extracting(JsonNode::asText).containsExactly("history-to-etl");
        assertThat(detail.get("decision").get("reason").asText()).startsWith("rule 'history-to-etl' chose group 'etl'");
        assertThat(api.get("/api/v1/history?text=" + URLEncoder.encode("tiny.NATION", StandardCharsets.UTF_8) + "&cluster=two&group=etl&state=finished")
                .json().get("queries")).extracting(node -> node.get("queryId").asText()).contains(query.get("queryId").asText());
    }

    @Test
    void failedQueryIsRecordedWithTheError()
    {
        TrinoCli.Result cli = TrinoCli.run(CLI_TIMEOUT, "--server", junction.uri().toString(), "--user", "history-bob", "--source", "history-test",
                "--execute", "SELECT * FROM tpch.tiny.no_such_table");
        assertThat(cli.exitCode()).isNotZero();
        assertThat(cli.stderr()).contains("no_such_table");

        JsonNode query = recorded("history-bob", "FAILED");
        assertThat(query.get("errorCode").asText()).isEqualTo("TABLE_NOT_FOUND");
        assertThat(query.get("errorMessage").asText()).contains("tpch.tiny.no_such_table");
        assertThat(query.get("cluster").asText()).isEqualTo("two");
        assertThat(query.has("finishedAt")).isTrue();
    }

    @Test
    void runningQueryShowsAsRunningAndACancelledOneAsCanceled()
    {
        StatementClient client = new StatementClient();
        Map<String, String> headers = Map.of("X-Trino-User", "history-carol", "X-Trino-Source", "history-test");
        StatementClient.Reply reply = client.submit(junction.uri(), "SELECT count(*) FROM tpch.sf1000.lineitem", headers);
        assertThat(reply.status()).isEqualTo(200);
        String queryId = reply.queryId();
        recorded("history-carol", "QUEUED");
        while (!reply.nextUri().contains("/executing/")) {
            reply = client.get(URI.create(reply.nextUri()), headers);
        }
        reply = client.get(URI.create(reply.nextUri()), headers);
        assertThat(reply.queryId()).isEqualTo(queryId);
        JsonNode running = recorded("history-carol", "RUNNING");
        assertThat(running.has("finishedAt")).isFalse();

        assertThat(client.delete(URI.create(reply.nextUri()))).isEqualTo(204);
        JsonNode canceled = recorded("history-carol", "CANCELED");
        assertThat(canceled.get("errorMessage").asText()).isEqualTo("cancelled by the client");
        assertThat(canceled.get("elapsedMillis").asLong()).isNotNegative();
    }
}
