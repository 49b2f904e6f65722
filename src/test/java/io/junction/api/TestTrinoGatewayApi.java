package io.junction.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.testing.TestingJunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * trino-gateway's automation endpoints, called as its users' scripts call them, answer with
 * trino-gateway's shapes: {@code Backend}, {@code ClusterStats}, empty 200s and text errors.
 */
class TestTrinoGatewayApi
{
    private static TestingJunction junction;
    private static AdminClient api;

    @BeforeAll
    static void start()
    {
        junction = TestingJunction.builder().build();
        api = new AdminClient(junction.adminUri());
    }

    @AfterAll
    static void stop()
    {
        junction.close();
    }

    @Test
    void backendLifecycleThroughGatewayEndpoints()
    {
        assertThat(api.get("/gateway").body()).isEqualTo("ok");

        AdminClient.Reply added = api.post("/gateway/backend/modify/add", """
                {"name":"etl-1","proxyTo":"http://127.0.0.1:7/","externalUrl":"https://etl-1.example.com","routingGroup":"etl","active":true}
                """);
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json()).isEqualTo(api.get("/api/public/backends/etl-1").json());
        assertThat(fieldNames(added.json())).containsExactly("name", "proxyTo", "externalUrl", "routingGroup", "active");
        assertThat(added.json().get("proxyTo").asText()).isEqualTo("http://127.0.0.1:7");
        assertThat(added.json().get("externalUrl").asText()).isEqualTo("https://etl-1.example.com");

        AdminClient.Reply duplicate = api.post("/gateway/backend/modify/add", "{\"name\":\"etl-1\",\"proxyTo\":\"http://127.0.0.1:7\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.contentType()).startsWith("text/plain");
        assertThat(duplicate.body()).isEqualTo("cluster 'etl-1' already exists");

        // update is an upsert; defaults as in trino-gateway: externalUrl = proxyTo, routingGroup adhoc, active
        AdminClient.Reply upserted = api.post("/gateway/backend/modify/update", "{\"name\":\"adhoc-1\",\"proxyTo\":\"http://127.0.0.1:8\"}");
        assertThat(upserted.status()).as(upserted.body()).isEqualTo(200);
        assertThat(upserted.json().get("externalUrl").asText()).isEqualTo("http://127.0.0.1:8");
        assertThat(upserted.json().get("routingGroup").asText()).isEqualTo("adhoc");
        assertThat(upserted.json().get("active").asBoolean()).isTrue();

        assertThat(api.post("/gateway/backend/deactivate/etl-1", "").status()).isEqualTo(200);
        assertThat(names(api.get("/gateway/backend/active").json())).containsExactly("adhoc-1");
        assertThat(names(api.get("/gateway/backend/all").json())).containsExactly("etl-1", "adhoc-1");
        assertThat(api.get("/api/v1/clusters/etl-1").json().get("state").asText()).isEqualTo("INACTIVE");
        assertThat(api.post("/gateway/backend/activate/etl-1", "").status()).isEqualTo(200);
        assertThat(names(api.get("/gateway/backend/active").json())).containsExactly("etl-1", "adhoc-1");

        AdminClient.Reply unknown = api.post("/gateway/backend/activate/nope", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("text/plain");
        assertThat(unknown.body()).isEqualTo("cluster 'nope' does not exist");

        AdminClient.Reply deleted = api.post("/gateway/backend/modify/delete", "etl-1");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEmpty();
        assertThat(api.get("/api/public/backends/etl-1").status()).isEqualTo(404);
        assertThat(api.post("/gateway/backend/modify/delete", "").status()).isEqualTo(400);

        JsonNode audit = api.get("/api/v1/audit?entityName=etl-1").json().get("entries");
        assertThat(audit).extracting(entry -> entry.get("change").asText()).containsExactly("DELETE", "UPDATE", "UPDATE", "CREATE");
        api.post("/gateway/backend/modify/delete", "adhoc-1");
    }

    @Test
    void legacyEntityApiAndPublicState()
    {
        assertThat(api.get("/entity").json()).extracting(JsonNode::asText).containsExactly("GATEWAY_BACKEND");
        AdminClient.Reply stored = api.post("/entity?entityType=GATEWAY_BACKEND", "{\"name\":\"bi-1\",\"proxyTo\":\"http://127.0.0.1:9\",\"routingGroup\":\"bi\",\"active\":false}");
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.body()).isEmpty();
        assertThat(api.post("/entity?entityType=RESOURCE_GROUP", "{}").status()).isEqualTo(400);
        assertThat(api.post("/entity", "{}").body()).isEqualTo("query parameter 'entityType' is required; the only entity type is GATEWAY_BACKEND");

        JsonNode backends = api.get("/entity/GATEWAY_BACKEND").json();
        assertThat(names(backends)).contains("bi-1");
        assertThat(names(api.get("/api/public/backends").json())).contains("bi-1");

        JsonNode state = api.get("/api/public/backends/bi-1/state").json();
        assertThat(fieldNames(state)).containsExactly("clusterId", "runningQueryCount", "queuedQueryCount", "numWorkerNodes", "trinoStatus",
                "proxyTo", "externalUrl", "routingGroup", "userQueuedCount");
        assertThat(state.get("clusterId").asText()).isEqualTo("bi-1");
        assertThat(state.get("trinoStatus").asText()).isIn("PENDING", "UNHEALTHY");
        assertThat(state.get("routingGroup").asText()).isEqualTo("bi");
        assertThat(api.get("/api/public/backends/nope/state").status()).isEqualTo(404);
        api.post("/gateway/backend/modify/delete", "bi-1");
    }

    private static List<String> names(JsonNode backends)
    {
        return Stream.of(backends).flatMap(node -> node.valueStream()).map(node -> node.get("name").asText()).toList();
    }

    private static List<String> fieldNames(JsonNode node)
    {
        Iterator<String> names = node.fieldNames();
        List<String> result = new java.util.ArrayList<>();
        names.forEachRemaining(result::add);
        return result;
    }
}
