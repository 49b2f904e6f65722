package io.junction.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.store.StoreDialect;
import io.junction.store.TestingDatabase;
import io.junction.testing.Eventually;
import io.junction.testing.TestingJunction;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Junction nodes on one PostgreSQL database: a change made through either node's API is
 * in force on the other within seconds, and both import the same seed file only once.
 */
class TestNodesShareTheStore
{
    @Test
    void changeOnOneNodeReachesTheOther()
    {
        try (TestingDatabase database = TestingDatabase.create(StoreDialect.POSTGRESQL);
                TestingJunction nodeA = TestingJunction.builder().properties(database.properties()).cluster("seeded", URI.create("http://127.0.0.1:1"), "adhoc").build();
                TestingJunction nodeB = TestingJunction.builder().properties(database.properties()).cluster("seeded", URI.create("http://127.0.0.1:1"), "adhoc").build()) {
            AdminClient apiA = new AdminClient(nodeA.adminUri());
            AdminClient apiB = new AdminClient(nodeB.adminUri());
            assertThat(apiA.get("/api/v1/audit?entityName=seeded").json().get("entries")).hasSize(1);

            assertThat(apiA.post("/api/v1/clusters", "{\"name\": \"shared\", \"uri\": \"http://127.0.0.1:2\", \"routingGroup\": \"etl\"}").status()).isEqualTo(201);
            JsonNode seenByB = Eventually.until(Duration.ofSeconds(10), "node B sees the cluster added on node A",
                    () -> apiB.get("/api/v1/clusters/shared"), reply -> reply.status() == 200).json();
            assertThat(seenByB.get("routingGroup").asText()).isEqualTo("etl");

            assertThat(apiB.put("/api/v1/clusters/shared/state", "{\"state\": \"DRAINING\"}").status()).isEqualTo(200);
            Eventually.until(Duration.ofSeconds(10), "node A sees the drain made on node B",
                    () -> apiA.get("/api/v1/clusters/shared").json().get("state").asText(), "DRAINING"::equals);

            assertThat(apiA.delete("/api/v1/clusters/shared").status()).isEqualTo(204);
            Eventually.until(Duration.ofSeconds(10), "node B forgets the cluster deleted on node A",
                    () -> apiB.get("/api/v1/clusters/shared").status(), status -> status == 404);
            assertThat(apiB.get("/api/v1/fleet").json().get("storeVersion").asLong()).isEqualTo(apiA.get("/api/v1/fleet").json().get("storeVersion").asLong());
        }
    }
}
