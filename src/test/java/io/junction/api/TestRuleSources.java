package io.junction.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.store.StoreDialect;
import io.junction.store.TestingDatabase;
import io.junction.testing.Eventually;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingUpstream;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static io.junction.api.TestAdminApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where rules and group policies come from: a rules file (read-only through the API; its groups
 * combine with the store's descriptions), a rules file imported once into the store, and the
 * store shared by two nodes, which converge on every change.
 */
class TestRuleSources
{
    private static final String RULES_FILE = """
            groups:
              - name: etl
                description: from the file
                policy: round-robin
                fallback: adhoc
              - name: bi
                policy: consistent-hash
                hash-key: source
            rules:
              - name: airflow
                priority: 5
                condition: 'source == "airflow"'
                actions: [{route: etl}]
            """;

    @Test
    void rulesFromAFileAreReadOnlyAndItsGroupsCombineWithStoredDescriptions()
    {
        try (TestingJunction junction = TestingJunction.builder()
                .cluster("etl-1", URI.create("http://127.0.0.1:1"), "etl")
                .cluster("adhoc-1", URI.create("http://127.0.0.1:2"), "adhoc")
                .routingRules(RULES_FILE)
                .build()) {
            AdminClient api = new AdminClient(junction.adminUri());
            JsonNode rules = api.get("/api/v1/rules").json();
            assertThat(rules.get("source").asText()).isEqualTo("file");
            assertThat(rules.get("editable").asBoolean()).isFalse();
            assertThat(rules.has("version")).isTrue();
            assertThat(rules.get("version").isNull()).isTrue();
            assertThat(rules.get("rules").get(0).get("name").asText()).isEqualTo("airflow");

            String rule = "{\"name\": \"x\", \"condition\": \"true\", \"actions\": [{\"route\": \"etl\"}]}";
            assertError(api.put("/api/v1/rules", "{\"rules\": [" + rule + "]}"), 409, "routing.rules-source=file");
            assertError(api.post("/api/v1/rules", rule), 409, "cannot be changed through the API");
            assertError(api.put("/api/v1/rules/airflow", rule), 409, "routing.rules-source=file");
            assertError(api.delete("/api/v1/rules/airflow"), 409, "routing.rules-source=file");
            assertError(api.post("/api/v1/rules/rollback", "{\"version\": 1}"), 409, "routing.rules-source=file");
            assertThat(api.post("/api/v1/rules/validate", "{\"rules\": [" + rule + "]}").json().get("valid").asBoolean()).as("validation still works").isTrue();

            JsonNode etl = api.get("/api/v1/groups/etl").json();
            assertThat(etl.get("policy").asText()).isEqualTo("round-robin");
            assertThat(etl.get("fallback").asText()).isEqualTo("adhoc");
            assertThat(etl.get("description").asText()).isEqualTo("from the file");
            assertThat(etl.get("settingsSource").asText()).isEqualTo("file");
            assertThat(etl.get("settingsEditable").asBoolean()).isFalse();
            assertThat(etl.get("declared").asBoolean()).isFalse();
            JsonNode bi = api.get("/api/v1/groups/bi").json();
            assertThat(bi.get("hashKey").asText()).as("a group only the file defines is listed").isEqualTo("source");
            assertThat(bi.get("clusters")).isEmpty();
            assertThat(api.get("/api/v1/groups/adhoc").json().get("settingsSource").asText()).isEqualTo("default");

            assertError(api.put("/api/v1/groups/etl", "{\"policy\": \"weighted\"}"), 409, "come from the rules file");
            assertError(api.post("/api/v1/groups", "{\"name\": \"new\", \"fallback\": \"etl\"}"), 409, "come from the rules file");
            AdminClient.Reply described = api.put("/api/v1/groups/etl", "{\"description\": \"stored description\"}");
            assertThat(described.status()).as(described.body()).isEqualTo(200);
            assertThat(described.json().get("description").asText()).as("a stored description wins").isEqualTo("stored description");
            assertThat(described.json().get("policy").asText()).as("the file's settings stay in force").isEqualTo("round-robin");
            assertThat(described.json().get("declared").asBoolean()).isTrue();
        }
    }

    @Test
    void rulesFileIsImportedIntoAnEmptyStoreOnce()
    {
        TestingJunction.Builder builder = TestingJunction.builder()
                .cluster("etl-1", URI.create("http://127.0.0.1:1"), "etl")
                .routingRules(RULES_FILE)
                .property("routing.rules-source", "store");
        java.nio.file.Path etc;
        try (TestingJunction junction = builder.build()) {
            etc = junction.etcDirectory();
            AdminClient api = new AdminClient(junction.adminUri());
            JsonNode rules = api.get("/api/v1/rules").json();
            assertThat(rules.get("source").asText()).isEqualTo("store");
            assertThat(rules.get("version").asLong()).isEqualTo(1);
            assertThat(rules.get("rules").get(0).get("name").asText()).isEqualTo("airflow");
            assertThat(api.get("/api/v1/rules/versions").json().get("versions").get(0).get("comment").asText()).startsWith("imported from ").endsWith("routing.yaml");
            JsonNode etl = api.get("/api/v1/groups/etl").json();
            assertThat(etl.get("settingsSource").asText()).isEqualTo("store");
            assertThat(etl.get("policy").asText()).isEqualTo("round-robin");
            assertThat(etl.get("declared").asBoolean()).isTrue();

            assertThat(api.delete("/api/v1/rules/airflow").status()).isEqualTo(200);
        }
        try (TestingJunction again = TestingJunction.builder().property("routing.rules-source", "store").build()) {
            assertThat(again.server()).isNotNull();
        }
        // the same etc directory again: the store has rules, the file is not imported twice
        io.junction.server.JunctionServer restarted = io.junction.server.JunctionServer.fromEtcDirectory(etc);
        try {
            restarted.start();
            AdminClient api = new AdminClient(restarted.adminUri().orElseThrow());
            JsonNode rules = api.get("/api/v1/rules").json();
            assertThat(rules.get("version").asLong()).isEqualTo(2);
            assertThat(rules.get("rules")).isEmpty();
        }
        catch (Exception e) {
            throw new AssertionError(e);
        }
        finally {
            restarted.stop();
        }
    }

    @Test
    void nodesOnOneStoreConvergeOnRuleAndGroupChanges()
            throws Exception
    {
        try (TestingDatabase database = TestingDatabase.create(StoreDialect.POSTGRESQL);
                TestingUpstream cluster = new TestingUpstream(0);
                TestingJunction nodeA = TestingJunction.builder().properties(database.properties()).property("routing.rules-refresh-interval", "200ms")
                        .cluster("etl-1", cluster.uri(), "etl").build();
                TestingJunction nodeB = TestingJunction.builder().properties(database.properties()).property("routing.rules-refresh-interval", "200ms")
                        .cluster("etl-1", cluster.uri(), "etl").build()) {
            AdminClient apiA = new AdminClient(nodeA.adminUri());
            AdminClient apiB = new AdminClient(nodeB.adminUri());
            AdminClient.Reply changed = apiA.put("/api/v1/rules", """
                    {"rules": [{"name": "airflow", "condition": "source == 'airflow'", "actions": [{"route": "etl"}]}], "comment": "on A"}
                    """);
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            long version = changed.json().get("version").asLong();
            assertThat(apiA.get("/api/v1/rules").json().get("version").asLong()).as("in force on A at once").isEqualTo(version);
            Eventually.until(Duration.ofSeconds(10), "node B runs the rules changed on node A",
                    () -> apiB.get("/api/v1/rules").json().get("version").asLong(), seen -> seen == version);
            assertThat(apiB.get("/api/v1/rules").json().get("rules").get(0).get("name").asText()).isEqualTo("airflow");

            AdminClient proxyA = new AdminClient(nodeA.uri());
            assertThat(proxyA.post(RoutingDryRunResource.PATH, "{\"headers\": {\"X-Trino-Routing-Group\": \"etl\"}}").json().get("reason").asText())
                    .contains("least-loaded");
            assertThat(apiB.put("/api/v1/groups/etl", "{\"policy\": \"round-robin\"}").status()).isEqualTo(200);
            Eventually.until(Duration.ofSeconds(10), "node A routes with the policy stored on node B",
                    () -> proxyA.post(RoutingDryRunResource.PATH, "{\"headers\": {\"X-Trino-Routing-Group\": \"etl\"}}").json().get("reason").asText(),
                    reason -> reason.contains("round-robin"));
        }
    }
}
