package io.junction.server;

import io.junction.api.AdminClient;
import io.junction.store.StoreDialect;
import io.junction.store.TestingDatabase;
import io.junction.testing.Eventually;
import io.junction.testing.StatementClient;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingTrinoServer;
import io.junction.testing.TrinoClusters;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Junction nodes on one PostgreSQL store with a real Trino: a cluster added through node
 * A's API serves queries submitted to node B, and draining it on node A stops new queries on
 * node B while the query node B has in flight there finishes.
 */
@Tag("trino")
class TestFleetAcrossNodes
{
    private static final Map<String, String> GROUP = Map.of("X-Trino-Routing-Group", "shared");

    @Test
    void clusterAddedAndDrainedOnOneNodeIsInForceOnTheOther()
    {
        TestingTrinoServer trino = TrinoClusters.first();
        StatementClient client = new StatementClient();
        try (TestingDatabase database = TestingDatabase.create(StoreDialect.POSTGRESQL);
                TestingJunction nodeA = TestingJunction.builder().properties(database.properties()).build();
                TestingJunction nodeB = TestingJunction.builder().properties(database.properties()).build()) {
            AdminClient apiA = new AdminClient(nodeA.adminUri());
            AdminClient apiB = new AdminClient(nodeB.adminUri());
            assertThat(apiA.post("/api/v1/clusters", """
                    {"name": "trino1", "uri": "%s", "routingGroup": "shared"}
                    """.formatted(trino.uri())).status()).isEqualTo(201);

            // node B learns of the cluster from the store and probes it itself
            Eventually.until(Duration.ofSeconds(20), "node B sees trino1 healthy",
                    () -> apiB.get("/api/v1/clusters/trino1"), reply -> reply.status() == 200 && reply.json().path("live").path("health").asText().equals("HEALTHY"));
            StatementClient.Reply inFlight = client.submit(nodeB.uri(), "SELECT count(*) FROM tpch.tiny.lineitem", GROUP);
            assertThat(inFlight.status()).isEqualTo(200);
            assertThat(inFlight.body().has("error")).as(inFlight.body().toString()).isFalse();
            assertThat(inFlight.nextUri()).startsWith(nodeB.uri() + "/");
            assertThat(apiB.get("/api/v1/clusters/trino1").json().get("live").get("inFlight").asInt()).isEqualTo(1);

            assertThat(apiA.put("/api/v1/clusters/trino1/state", "{\"state\": \"DRAINING\"}").status()).isEqualTo(200);
            Eventually.until(Duration.ofSeconds(10), "node B sees the drain",
                    () -> apiB.get("/api/v1/clusters/trino1").json().get("state").asText(), "DRAINING"::equals);
            assertThat(apiB.get("/api/v1/clusters/trino1").json().get("live").get("drained").asBoolean()).isFalse();

            StatementClient.Reply refused = client.submit(nodeB.uri(), "SELECT 1", GROUP);
            assertThat(refused.body().path("error").path("message").asText()).as(refused.body().toString())
                    .contains("No healthy cluster in routing group 'shared' (trino1: disabled)");

            StatementClient.Reply last = client.followToEnd(inFlight, Map.of()).getLast();
            assertThat(last.state()).isEqualTo("FINISHED");
            Eventually.until(Duration.ofSeconds(10), "node B reports trino1 drained",
                    () -> apiB.get("/api/v1/clusters/trino1").json().get("live").get("drained").asBoolean(), Boolean::booleanValue);

            assertThat(apiA.put("/api/v1/clusters/trino1/state", "{\"state\": \"ACTIVE\"}").status()).isEqualTo(200);
            Eventually.until(Duration.ofSeconds(10), "node B routes to trino1 again",
                    () -> client.submit(nodeB.uri(), "SELECT 1", GROUP), reply -> !reply.body().has("error"));
        }
    }
}
