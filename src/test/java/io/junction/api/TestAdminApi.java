package io.junction.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.testing.TestingJunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Junction's own admin API (/api/v1) on a real Junction with the embedded store: every
 * endpoint, its validation errors, and the audit log that every change leaves.
 */
class TestAdminApi
{
    private static TestingJunction junction;
    private static AdminClient api;

    @BeforeAll
    static void start()
    {
        junction = TestingJunction.builder()
                .cluster("seeded", URI.create("http://127.0.0.1:1"), "adhoc")
                .build();
        api = new AdminClient(junction.adminUri());
    }

    @AfterAll
    static void stop()
    {
        junction.close();
    }

    @BeforeEach
    void removeTestClusters()
    {
        for (JsonNode cluster : api.get("/api/v1/clusters").json()) {
            if (!cluster.get("name").asText().equals("seeded")) {
                api.delete("/api/v1/clusters/" + cluster.get("name").asText());
            }
        }
        for (JsonNode group : api.get("/api/v1/groups").json()) {
            if (group.get("declared").asBoolean()) {
                api.delete("/api/v1/groups/" + group.get("name").asText());
            }
        }
    }

    @Test
    void seedFileClustersAreInTheStore()
    {
        JsonNode seeded = api.get("/api/v1/clusters/seeded").json();
        assertThat(seeded.get("uri").asText()).isEqualTo("http://127.0.0.1:1");
        assertThat(seeded.get("state").asText()).isEqualTo("ACTIVE");
        JsonNode audit = api.get("/api/v1/audit?entityType=cluster&entityName=seeded").json().get("entries");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("actor").asText()).isEqualTo("seed-file");
        assertThat(audit.get(0).get("change").asText()).isEqualTo("CREATE");
    }

    @Test
    void createsReadsReplacesAndDeletesACluster()
    {
        AdminClient.Reply created = api.post("/api/v1/clusters", """
                {"name": "crud-1", "uri": "http://127.0.0.1:2/", "routingGroup": "etl", "externalUri": "https://crud-1.example.com"}
                """);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/json");
        assertThat(created.json().get("uri").asText()).isEqualTo("http://127.0.0.1:2");
        assertThat(created.json().get("state").asText()).isEqualTo("ACTIVE");
        assertThat(created.json().get("forwardedHeaders").asBoolean()).isTrue();
        assertThat(created.json().get("live").get("health").asText()).isIn("UNKNOWN", "UNREACHABLE");

        assertThat(api.get("/api/v1/clusters").json()).extracting(node -> node.get("name").asText()).containsExactly("seeded", "crud-1");

        AdminClient.Reply replaced = api.put("/api/v1/clusters/crud-1", """
                {"uri": "http://127.0.0.1:3", "routingGroup": "batch", "forwardedHeaders": false}
                """);
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().get("routingGroup").asText()).isEqualTo("batch");
        assertThat(replaced.json().has("externalUri")).isFalse();
        assertThat(api.get("/api/v1/clusters/crud-1").json().get("forwardedHeaders").asBoolean()).isFalse();

        assertThat(api.delete("/api/v1/clusters/crud-1").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/clusters/crud-1").status()).isEqualTo(404);

        JsonNode audit = api.get("/api/v1/audit?entityType=cluster&entityName=crud-1").json().get("entries");
        List<String> changes = new ArrayList<>();
        audit.forEach(entry -> changes.add(entry.get("change").asText() + " by " + entry.get("actor").asText()));
        assertThat(changes).containsExactly("DELETE by bob@127.0.0.1", "UPDATE by alice@127.0.0.1", "CREATE by alice@127.0.0.1");
        assertThat(audit.get(1).get("beforeJson").asText()).contains("\"routingGroup\":\"etl\"");
        assertThat(audit.get(1).get("afterJson").asText()).contains("\"routingGroup\":\"batch\"");
        assertThat(audit.get(0).has("afterJson")).isFalse();
    }

    @Test
    void drainingClusterReportsWhenItIsEmpty()
    {
        api.post("/api/v1/clusters", """
                {"name": "drain-me", "uri": "http://127.0.0.1:4", "routingGroup": "adhoc"}
                """);
        AdminClient.Reply drained = api.put("/api/v1/clusters/drain-me/state", """
                {"state": "draining"}
                """);
        assertThat(drained.status()).as(drained.body()).isEqualTo(200);
        assertThat(drained.json().get("state").asText()).isEqualTo("DRAINING");
        assertThat(drained.json().get("live").get("inFlight").asInt()).isZero();
        assertThat(drained.json().get("live").get("drained").asBoolean()).isTrue();

        JsonNode fleet = api.get("/api/v1/fleet").json();
        assertThat(fleet.get("clusters").asInt()).isEqualTo(2);
        assertThat(fleet.get("acceptingNewQueries").asInt()).isZero();
        assertThat(fleet.get("storeVersion").asLong()).isPositive();
        assertThat(fleet.get("groups").get("adhoc").get("clusters").asInt()).isEqualTo(2);
    }

    @Test
    void refusesInvalidClustersWithAMessage()
    {
        assertError(api.post("/api/v1/clusters", "{\"name\": \"x\", \"uri\": \"http://h:1\"}"), 400, "'routingGroup' is required");
        assertError(api.post("/api/v1/clusters", "{\"name\": \"x\", \"uri\": \"ftp://h:1\", \"routingGroup\": \"a\"}"), 400,
                "cluster 'x': uri 'ftp://h:1' must be an absolute http or https URI");
        assertError(api.post("/api/v1/clusters", "{\"name\": \"bad name\", \"uri\": \"http://h:1\", \"routingGroup\": \"a\"}"), 400,
                "cluster name 'bad name' must be 1-63 letters");
        assertError(api.post("/api/v1/clusters", "{\"name\": \"x\", \"uri\": \"http://h:1\", \"routingGroup\": \"a\", \"weight\": 3}"), 400,
                "unknown field 'weight'");
        assertError(api.post("/api/v1/clusters", "{\"name\": "), 400, "invalid JSON");
        assertError(api.post("/api/v1/clusters", ""), 400, "a JSON request body is required");
        assertError(api.post("/api/v1/clusters", "{\"name\": \"seeded\", \"uri\": \"http://h:1\", \"routingGroup\": \"a\"}"), 409, "cluster 'seeded' already exists");
        assertError(api.put("/api/v1/clusters/missing", "{\"uri\": \"http://h:1\", \"routingGroup\": \"a\"}"), 404, "cluster 'missing' does not exist");
        assertError(api.put("/api/v1/clusters/seeded", "{\"name\": \"other\", \"uri\": \"http://h:1\", \"routingGroup\": \"a\"}"), 400, "a cluster cannot be renamed");
        assertError(api.put("/api/v1/clusters/seeded/state", "{\"state\": \"paused\"}"), 400, "invalid state 'paused': expected one of ACTIVE, DRAINING, INACTIVE");
        assertError(api.delete("/api/v1/clusters/missing"), 404, "cluster 'missing' does not exist");
        assertError(api.get("/api/v1/audit?limit=0"), 400, "query parameter 'limit' must be between 1 and 1000: 0");
        assertError(api.get("/api/v1/audit?before=x"), 400, "query parameter 'before' must be an audit entry id: x");
        AdminClient.Reply wrongMethod = api.delete("/api/v1/clusters");
        assertError(wrongMethod, 405, "method DELETE is not allowed on /api/v1/clusters; allowed: GET, POST");
    }

    @Test
    void routingGroups()
    {
        AdminClient.Reply created = api.post("/api/v1/groups", "{\"name\": \"etl\", \"description\": \"nightly batch\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("declared").asBoolean()).isTrue();
        api.post("/api/v1/clusters", "{\"name\": \"etl-1\", \"uri\": \"http://127.0.0.1:2\", \"routingGroup\": \"etl\"}");

        JsonNode groups = api.get("/api/v1/groups").json();
        assertThat(groups).extracting(node -> node.get("name").asText()).containsExactly("adhoc", "etl");
        assertThat(groups.get(0).get("declared").asBoolean()).isFalse();
        assertThat(groups.get(0).get("clusters")).extracting(JsonNode::asText).containsExactly("seeded");
        assertThat(groups.get(1).get("clusters")).extracting(JsonNode::asText).containsExactly("etl-1");

        assertError(api.delete("/api/v1/groups/etl"), 409, "routing group 'etl' still has 1 cluster(s); move or delete them first");
        assertError(api.post("/api/v1/groups", "{\"name\": \"etl\"}"), 409, "routing group 'etl' already exists");
        assertError(api.get("/api/v1/groups/nope"), 404, "routing group 'nope' does not exist");
        assertThat(api.put("/api/v1/groups/etl", "{\"description\": \"hourly\"}").json().get("description").asText()).isEqualTo("hourly");
        api.delete("/api/v1/clusters/etl-1");
        assertThat(api.delete("/api/v1/groups/etl").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/audit?entityType=routing-group").json().get("entries")).extracting(node -> node.get("change").asText())
                .containsExactly("DELETE", "UPDATE", "CREATE");
    }

    @Test
    void auditLogPages()
    {
        for (int i = 0; i < 3; i++) {
            api.post("/api/v1/clusters", "{\"name\": \"page-" + i + "\", \"uri\": \"http://127.0.0.1:2\", \"routingGroup\": \"adhoc\"}");
        }
        JsonNode first = api.get("/api/v1/audit?entityType=cluster&limit=2").json();
        assertThat(first.get("entries")).extracting(node -> node.get("entityName").asText()).containsExactly("page-2", "page-1");
        JsonNode second = api.get("/api/v1/audit?entityType=cluster&limit=2&before=" + first.get("nextBefore").asLong()).json();
        assertThat(second.get("entries").get(0).get("entityName").asText()).isEqualTo("page-0");
    }

    @Test
    void servesItsOpenApiDocument()
    {
        AdminClient.Reply document = api.get("/api/v1/openapi.yaml");
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.contentType()).startsWith("application/yaml");
        assertThat(document.body()).startsWith("openapi: 3.1.0").contains("/api/v1/clusters/{name}/state:", "/gateway/backend/modify/add:");
    }

    @Test
    void apiIsNotServedOnTheProxyListener()
    {
        assertThat(junction.adminUri().getHost()).isEqualTo("127.0.0.1");
        assertThat(junction.adminUri().getPort()).isNotEqualTo(junction.uri().getPort());
        assertThat(new AdminClient(junction.uri()).get("/api/v1/clusters").status()).isEqualTo(404);
    }

    static void assertError(AdminClient.Reply reply, int status, String message)
    {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.json().get("error").asText()).contains(message);
    }
}
