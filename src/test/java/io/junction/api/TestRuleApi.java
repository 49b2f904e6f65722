package io.junction.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.junction.api.TestAdminApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules and routing-group policies kept in the store (the default without a rules file), edited
 * through the admin API of a real Junction: every change a new version, invalid sets refused
 * whole with every problem, rollback, validation, the audit log, and routing by what was stored.
 */
class TestRuleApi
{
    private static final String ETL_RULE = """
            {"name": "etl", "priority": 10, "condition": "source == 'airflow'", "actions": [{"route": "etl"}]}""";
    private static final String TAG_RULE = """
            {"name": "tag", "continue": true, "condition": "true", "actions": [{"add-client-tag": "via-junction"}]}""";

    private static final List<TestingUpstream> upstreams = new ArrayList<>();
    private static TestingJunction junction;
    private static AdminClient api;
    private static AdminClient proxy;

    @BeforeAll
    static void start()
            throws Exception
    {
        for (int i = 0; i < 3; i++) {
            upstreams.add(new TestingUpstream(0));
        }
        junction = TestingJunction.builder()
                .cluster("adhoc-1", upstreams.get(0).uri(), "adhoc")
                .cluster("etl-1", upstreams.get(1).uri(), "etl")
                .cluster("etl-2", upstreams.get(2).uri(), "etl")
                .build();
        api = new AdminClient(junction.adminUri());
        proxy = new AdminClient(junction.uri());
    }

    @AfterAll
    static void stop()
    {
        junction.close();
        upstreams.forEach(TestingUpstream::close);
    }

    @BeforeEach
    void emptyRuleSet()
    {
        assertThat(api.put("/api/v1/rules", "{\"rules\": [], \"comment\": \"reset\"}").status()).isEqualTo(200);
        for (JsonNode group : api.get("/api/v1/groups").json()) {
            if (group.get("declared").asBoolean()) {
                api.put("/api/v1/groups/" + group.get("name").asText(), "{}");
            }
        }
    }

    private static JsonNode dryRun(String headers)
    {
        AdminClient.Reply reply = proxy.post(RoutingDryRunResource.PATH, "{\"headers\": " + headers + ", \"sql\": \"SELECT 1\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    @Test
    void rulesFromTheStoreAreEditableAndRouteAtOnce()
    {
        JsonNode empty = api.get("/api/v1/rules").json();
        assertThat(empty.get("source").asText()).isEqualTo("store");
        assertThat(empty.get("editable").asBoolean()).isTrue();
        assertThat(empty.get("rules")).isEmpty();

        AdminClient.Reply replaced = api.put("/api/v1/rules", "{\"rules\": [" + TAG_RULE + ", " + ETL_RULE + "], \"comment\": \"first\"}");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        long first = replaced.json().get("version").asLong();

        JsonNode inForce = api.get("/api/v1/rules").json();
        assertThat(inForce.get("version").asLong()).isEqualTo(first);
        assertThat(inForce.get("rules")).extracting(rule -> rule.get("name").asText()).as("evaluation order").containsExactly("tag", "etl");
        assertThat(inForce.get("rules").get(1).toString())
                .isEqualTo("{\"name\":\"etl\",\"priority\":10,\"condition\":\"source == 'airflow'\",\"continue\":false,\"actions\":[{\"route\":\"etl\"}]}");
        JsonNode routed = dryRun("{\"X-Trino-Source\": \"airflow\"}");
        assertThat(routed.get("routingGroup").asText()).as(routed.toString()).isEqualTo("etl");
        assertThat(routed.get("matchedRules")).extracting(JsonNode::asText).containsExactly("tag", "etl");

        AdminClient.Reply created = api.post("/api/v1/rules?comment=bi%20first", """
                {"name": "bi", "priority": 1, "condition": "source == 'superset'", "actions": [{"route": "etl"}, {"set-session-property": {"name": "query_max_run_time", "value": "5m"}}]}
                """);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("version").asLong()).isEqualTo(first + 1);
        assertError(api.post("/api/v1/rules", ETL_RULE), 409, "rule 'etl' already exists");

        AdminClient.Reply changed = api.put("/api/v1/rules/etl", """
                {"priority": 10, "condition": "source == 'airflow' || source == 'dbt'", "actions": [{"route": "etl"}]}
                """);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(dryRun("{\"X-Trino-Source\": \"dbt\"}").get("routingGroup").asText()).isEqualTo("etl");
        assertError(api.put("/api/v1/rules/missing", ETL_RULE.replace("\"etl\", \"priority\"", "\"missing\", \"priority\"")), 404, "rule 'missing' does not exist");

        AdminClient.Reply deleted = api.delete("/api/v1/rules/etl");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().get("version").asLong()).isEqualTo(first + 3);
        assertThat(dryRun("{\"X-Trino-Source\": \"dbt\"}").get("routingGroup").asText()).as("the rule is gone").isEqualTo("adhoc");
        assertError(api.delete("/api/v1/rules/etl"), 404, "rule 'etl' does not exist");

        JsonNode versions = api.get("/api/v1/rules/versions?limit=4").json();
        List<String> listed = new ArrayList<>();
        versions.get("versions").forEach(version -> listed.add(version.get("version").asLong() + " " + version.get("comment").asText() + " by "
                + version.get("createdBy").asText() + " with " + version.get("ruleCount").asInt()));
        assertThat(listed).containsExactly(
                (first + 3) + " deleted rule 'etl' by bob@127.0.0.1 with 2",
                (first + 2) + " replaced rule 'etl' by alice@127.0.0.1 with 3",
                (first + 1) + " bi first by alice@127.0.0.1 with 3",
                first + " first by alice@127.0.0.1 with 2");
        assertThat(versions.get("versions").get(0).get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(versions.get("nextBefore").asLong()).isEqualTo(first);
        JsonNode older = api.get("/api/v1/rules/versions?limit=4&before=" + versions.get("nextBefore").asLong()).json();
        assertThat(older.get("versions").get(0).get("comment").asText()).isEqualTo("reset");

        JsonNode version = api.get("/api/v1/rules/versions/" + first).json();
        assertThat(version.get("comment").asText()).isEqualTo("first");
        assertThat(version.get("rules")).extracting(rule -> rule.get("name").asText()).containsExactly("tag", "etl");
        assertError(api.get("/api/v1/rules/versions/99999"), 404, "rule set version 99999 does not exist");

        AdminClient.Reply rolledBack = api.post("/api/v1/rules/rollback", "{\"version\": " + first + "}");
        assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(200);
        assertThat(rolledBack.json().get("version").asLong()).isEqualTo(first + 4);
        assertThat(api.get("/api/v1/rules").json().get("rules")).isEqualTo(version.get("rules"));
        assertThat(dryRun("{\"X-Trino-Source\": \"airflow\"}").get("routingGroup").asText()).isEqualTo("etl");

        JsonNode audit = api.get("/api/v1/audit?entityType=routing-rules&limit=1").json().get("entries").get(0);
        assertThat(audit.get("change").asText()).isEqualTo("UPDATE");
        assertThat(audit.get("entityName").asText()).isEqualTo("rules");
        assertThat(audit.get("beforeJson").asText()).contains("\"version\":" + (first + 3)).doesNotContain("\"name\":\"etl\"");
        assertThat(audit.get("afterJson").asText()).contains("\"version\":" + (first + 4), "rolled back to version " + first, "\"name\":\"etl\"");
    }

    @Test
    void anInvalidSetIsRefusedWithEveryProblemAndNothingChanges()
    {
        long before = api.put("/api/v1/rules", "{\"rules\": [" + ETL_RULE + "]}").json().get("version").asLong();
        AdminClient.Reply refused = api.put("/api/v1/rules", """
                {"rules": [
                  {"name": "typed", "condition": "user == 1", "actions": [{"route": "etl"}]},
                  {"name": "typo", "contine": true, "condition": "true", "actions": [{"route": "etl"}]},
                  {"name": "no-action", "condition": "true", "actions": []}
                ]}
                """);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).contains("3 problems");
        assertThat(refused.json().get("errors")).extracting(error -> error.get("rule").asText()).containsExactly("typed", "typo", "no-action");
        assertThat(refused.json().get("errors").get(1).get("message").asText()).contains("unknown field 'contine'");
        assertThat(api.get("/api/v1/rules").json().get("version").asLong()).isEqualTo(before);
        assertThat(api.get("/api/v1/rules/versions?limit=1").json().get("versions").get(0).get("version").asLong()).isEqualTo(before);

        assertError(api.post("/api/v1/rules", "{\"name\": \"x\", \"condition\": \"source ==\", \"actions\": [{\"route\": \"etl\"}]}"), 400, "rule 'x': condition:");
        assertError(api.put("/api/v1/rules", "{\"rules\": {}}"), 400, "'rules' must be a list of rules");
        assertError(api.put("/api/v1/rules", "{\"rule\": []}"), 400, "unknown field 'rule'");
        assertError(api.put("/api/v1/rules", "{\"rules\": "), 400, "invalid JSON");
        assertError(api.post("/api/v1/rules/rollback", "{\"version\": \"latest\"}"), 400, "'version' is required");
        assertError(api.post("/api/v1/rules/rollback", "{\"version\": 123456}"), 404, "rule set version 123456 does not exist");
        assertThat(api.get("/api/v1/rules").json().get("version").asLong()).isEqualTo(before);
    }

    @Test
    void validatesWithoutSaving()
    {
        long before = api.get("/api/v1/rules").json().get("version").asLong();
        JsonNode valid = api.post("/api/v1/rules/validate", "{\"rules\": [" + ETL_RULE + "]}").json();
        assertThat(valid.get("valid").asBoolean()).isTrue();
        assertThat(valid.get("errors")).isEmpty();

        AdminClient.Reply invalid = api.post("/api/v1/rules/validate", "{\"rules\": [{\"name\": \"r\", \"condition\": \"user.matches('[')\", \"actions\": [{\"route\": \"x\"}]}]}");
        assertThat(invalid.status()).as("the validation result is the answer").isEqualTo(200);
        assertThat(invalid.json().get("valid").asBoolean()).isFalse();
        assertThat(invalid.json().get("errors").get(0).get("rule").asText()).isEqualTo("r");

        JsonNode condition = api.post("/api/v1/rules/validate", "{\"condition\": \"user == 1\"}").json();
        assertThat(condition.get("valid").asBoolean()).isFalse();
        assertThat(condition.get("errors").get(0).has("rule")).isFalse();
        assertThat(condition.get("errors").get(0).get("message").asText()).contains("found no matching overload");
        assertThat(api.post("/api/v1/rules/validate", "{\"condition\": \"'etl' in client_tags\"}").json().get("valid").asBoolean()).isTrue();
        assertError(api.post("/api/v1/rules/validate", "{\"condition\": "), 400, "invalid JSON");
        assertError(api.post("/api/v1/rules/validate", "{}"), 400, "expected {\"rules\": [...]} or {\"condition\": \"<CEL>\"}");
        assertThat(api.get("/api/v1/rules").json().get("version").asLong()).isEqualTo(before);
    }

    @Test
    void groupPoliciesAreStoredAndRouted()
    {
        AdminClient.Reply created = api.post("/api/v1/groups", """
                {"name": "etl", "description": "batch", "policy": "weighted", "weights": {"etl-2": 5}, "fallback": "adhoc"}
                """);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode etl = created.json();
        assertThat(etl.get("policy").asText()).isEqualTo("weighted");
        assertThat(etl.get("weights").get("etl-2").asInt()).isEqualTo(5);
        assertThat(etl.get("fallback").asText()).isEqualTo("adhoc");
        assertThat(etl.get("settingsSource").asText()).isEqualTo("store");
        assertThat(etl.get("settingsEditable").asBoolean()).isTrue();
        assertThat(etl.get("clusters")).extracting(JsonNode::asText).containsExactly("etl-1", "etl-2");

        JsonNode decision = dryRun("{\"X-Trino-Routing-Group\": \"etl\"}");
        assertThat(decision.get("reason").asText()).as(decision.toString()).contains("weighted");

        AdminClient.Reply replaced = api.put("/api/v1/groups/etl", "{\"policy\": \"consistent-hash\", \"hashKey\": \"source\"}");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().get("hashKey").asText()).isEqualTo("source");
        assertThat(replaced.json().has("fallback")).as("PUT replaces").isFalse();
        assertThat(dryRun("{\"X-Trino-Routing-Group\": \"etl\", \"X-Trino-Source\": \"s1\"}").get("reason").asText()).contains("consistent-hash");

        assertError(api.put("/api/v1/groups/etl", "{\"policy\": \"fastest\"}"), 400, "unknown policy 'fastest' (least-loaded, round-robin, weighted, consistent-hash)");
        assertError(api.put("/api/v1/groups/etl", "{\"hashKey\": \"mood\"}"), 400, "unknown hashKey 'mood'");
        assertError(api.put("/api/v1/groups/etl", "{\"weights\": {\"etl-1\": 0}}"), 400, "weight of cluster 'etl-1' must be a positive integer");
        assertError(api.put("/api/v1/groups/etl", "{\"fallback\": \"etl\"}"), 400, "cannot fall back to itself");
        api.put("/api/v1/groups/adhoc", "{\"fallback\": \"etl\"}");
        assertError(api.put("/api/v1/groups/etl", "{\"fallback\": \"adhoc\"}"), 400, "fallback chain loops back to");
        assertThat(api.get("/api/v1/groups/etl").json().get("policy").asText()).isEqualTo("consistent-hash");

        JsonNode audit = api.get("/api/v1/audit?entityType=routing-group&entityName=etl&limit=1").json().get("entries").get(0);
        assertThat(audit.get("beforeJson").asText()).contains("\"policy\":\"weighted\"");
        assertThat(audit.get("afterJson").asText()).contains("\"policy\":\"consistent-hash\"", "\"hashKey\":\"source\"");
    }

    @Test
    void fallbackOfAStoredGroupIsUsedWhenItsClustersCannotTakeQueries()
    {
        api.put("/api/v1/groups/empty", "{\"description\": \"no clusters\", \"fallback\": \"etl\"}");
        JsonNode decision = dryRun("{\"X-Trino-Routing-Group\": \"empty\"}");
        assertThat(decision.get("reason").asText()).as(decision.toString()).contains("group 'empty' has no available cluster, fell back to 'etl'");
        api.delete("/api/v1/groups/empty");
    }
}
