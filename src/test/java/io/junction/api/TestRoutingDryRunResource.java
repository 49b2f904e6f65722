package io.junction.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.testing.TestingJunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dry run through a real Junction whose only cluster is down: rules, facts and the rejection
 * are explained, nothing is sent anywhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestRoutingDryRunResource
{
    private TestingJunction junction;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start()
    {
        junction = TestingJunction.builder()
                .cluster("gone", URI.create("http://127.0.0.1:1"), "adhoc")
                .routingRules("""
                        groups:
                          - {name: adhoc, description: strictly isolated}
                        rules:
                          - name: lake-writes
                            condition: 'statement_type == "INSERT" && "lake" in catalogs'
                            actions: [{route: adhoc}, {add-client-tag: lake-writer}]
                          - name: interns
                            condition: 'user.startsWith("intern")'
                            actions: [{reject: Interns use the sandbox}]
                        """)
                .build();
    }

    @AfterAll
    void stop()
    {
        junction.close();
        http.close();
    }

    @Test
    void explainsRulesSqlFactsAndWhyNoClusterCanRunTheQuery()
            throws IOException, InterruptedException
    {
        HttpResponse<String> response = post("""
                {"headers": {"X-Trino-User": "bob", "X-Trino-Catalog": "lake", "X-Trino-Schema": "sales"},
                 "sql": "INSERT INTO daily SELECT * FROM orders"}
                """);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = new ObjectMapper().readTree(response.body());
        assertThat(answer.path("decision").asText()).isEqualTo("REJECTED");
        assertThat(answer.path("rejection").asText()).isEqualTo("NO_HEALTHY_CLUSTER");
        assertThat(answer.path("matchedRules").toString()).isEqualTo("[\"lake-writes\"]");
        assertThat(answer.path("reason").asText()).startsWith("No healthy cluster in routing group 'adhoc' (gone: ").endsWith("(the group has no fallback)");
        assertThat(answer.path("sqlFacts").path("statementType").asText()).isEqualTo("INSERT");
        assertThat(answer.path("sqlFacts").path("tables").toString()).isEqualTo("[\"lake.sales.daily\",\"lake.sales.orders\"]");
    }

    @Test
    void reportsARejectionByRule()
            throws IOException, InterruptedException
    {
        JsonNode answer = new ObjectMapper().readTree(post("""
                {"headers": {"X-Trino-User": "intern3"}, "sql": "SELECT 1"}
                """).body());
        assertThat(answer.path("decision").asText()).isEqualTo("REJECTED");
        assertThat(answer.path("rejection").asText()).isEqualTo("REJECTED_BY_RULE");
        assertThat(answer.path("reason").asText()).isEqualTo("Interns use the sandbox");
        assertThat(answer.path("sqlFacts").path("statementType").asText()).as("lake-writes, evaluated first, read statement_type").isEqualTo("SELECT");
    }

    @Test
    void refusesOtherMethodsAndBadBodies()
            throws IOException, InterruptedException
    {
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(junction.uri().resolve(RoutingDryRunResource.PATH)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(post("[1, 2]").statusCode()).isEqualTo(400);
        assertThat(post("{not json").statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> post(String body)
            throws IOException, InterruptedException
    {
        return http.send(HttpRequest.newBuilder(junction.uri().resolve(RoutingDryRunResource.PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
