package io.junction.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.telemetry.MetricsScrape;
import io.junction.testing.StatementClient;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingRoutingService;
import io.junction.testing.TestingUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Junction asks a real routing service (no Trino needed: the decisions here reject the
 * query or are dry runs): the client gets a Trino error for propagated errors and for a failing
 * service with the reject fallback; the dry run shows what the service said; the counters move.
 */
class TestExternalRoutingThroughJunction
{
    private final StatementClient client = new StatementClient();
    private TestingRoutingService service;

    @BeforeEach
    void startService()
            throws Exception
    {
        service = new TestingRoutingService();
    }

    @AfterEach
    void stopService()
            throws Exception
    {
        service.close();
    }

    @Test
    void propagatedErrorsFailTheQueryWithTheServicesMessages()
    {
        service.answerJson("{\"routingGroup\": \"adhoc\", \"errors\": [\"queries on orders need a partition filter\"]}");
        try (TestingJunction junction = junction("default-group", true)) {
            StatementClient.Reply reply = client.submit(junction.uri(), "SELECT * FROM orders", Map.of("X-Trino-User", "alice"));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.state()).isEqualTo("FAILED");
            JsonNode error = reply.body().path("error");
            assertThat(error.path("message").asText()).isEqualTo("Rejected by the routing service: queries on orders need a partition filter");
            assertThat(error.path("errorName").asText()).isEqualTo("GENERIC_USER_ERROR");
            assertThat(error.path("errorType").asText()).isEqualTo("USER_ERROR");
            assertThat(service.lastCall().headers().get("X-Trino-User")).isEqualTo("alice");
            assertThat(service.lastCall().body().path("trinoQueryProperties").path("body").asText()).isEqualTo("SELECT * FROM orders");

            ExternalRoutingStats stats = junction.server().externalRoutingStats().orElseThrow();
            assertThat(stats.calls()).isEqualTo(1);
            assertThat(stats.answersWithErrors()).isEqualTo(1);
        }
    }

    @Test
    void aFailingServiceWithTheRejectFallbackFailsTheQueryClearly()
    {
        service.answer(_ -> TestingRoutingService.Answer.status(503, "overloaded"));
        try (TestingJunction junction = junction("reject", false)) {
            StatementClient.Reply reply = client.submit(junction.uri(), "SELECT 1", Map.of("X-Trino-User", "alice"));
            assertThat(reply.state()).isEqualTo("FAILED");
            assertThat(reply.body().path("error").path("message").asText())
                    .isEqualTo("The routing service failed (bad-status: the routing service answered HTTP 503) and routing.external.fallback=reject");
            assertThat(reply.body().path("error").path("errorName").asText()).isEqualTo("GENERIC_INTERNAL_ERROR");
            assertThat(junction.server().externalRoutingStats().orElseThrow().failures(ExternalRoutingOutcome.FailureKind.BAD_STATUS)).isEqualTo(1);
            MetricsScrape metrics = MetricsScrape.of(junction.adminUri());
            assertThat(metrics.value("junction_routing_external_calls_total")).isEqualTo(1);
            assertThat(metrics.value("junction_routing_external_failures_total", "kind", "bad-status")).isEqualTo(1);
            assertThat(metrics.value("junction_routing_external_failures_total", "kind", "timeout")).isZero();
            assertThat(metrics.value("junction_routing_external_latency_seconds_count")).isEqualTo(1);
        }
    }

    @Test
    void theDryRunShowsWhatTheServiceSaid()
            throws Exception
    {
        service.answerJson("{\"routingGroup\": \"etl\", \"errors\": [\"slow down\"], \"externalHeaders\": {\"X-Trino-Client-Tags\": \"from-service\"}}");
        try (TestingUpstream etl = new TestingUpstream(0);
                TestingJunction junction = junction("default-group", false, etl.uri());
                HttpClient http = HttpClient.newHttpClient()) {
            JsonNode answer = dryRun(http, junction, "{\"headers\": {\"X-Trino-User\": \"alice\"}, \"sql\": \"SELECT 1\"}");
            assertThat(answer.path("decision").asText()).isEqualTo("ROUTED");
            assertThat(answer.path("routingGroup").asText()).isEqualTo("etl");
            assertThat(answer.path("cluster").asText()).isEqualTo("etl-1");
            assertThat(answer.path("reason").asText()).startsWith("routing service chose group 'etl'");
            assertThat(answer.path("headerEdits").toString()).isEqualTo("[{\"set\":\"X-Trino-Client-Tags\",\"value\":\"from-service\"}]");
            JsonNode external = answer.path("external");
            assertThat(external.path("outcome").asText()).isEqualTo("answered");
            assertThat(external.path("routingGroup").asText()).isEqualTo("etl");
            assertThat(external.path("errors").toString()).isEqualTo("[\"slow down\"]");
            assertThat(external.path("externalHeaders").path("X-Trino-Client-Tags").asText()).isEqualTo("from-service");
            assertThat(external.path("latencyMillis").asDouble()).isPositive();

            service.answer(_ -> TestingRoutingService.Answer.json("not json"));
            JsonNode failed = dryRun(http, junction, "{\"headers\": {\"X-Trino-User\": \"alice\"}}").path("external");
            assertThat(failed.path("outcome").asText()).isEqualTo("failed");
            assertThat(failed.path("failure").asText()).isEqualTo("bad-json");
        }
    }

    private TestingJunction junction(String fallback, boolean propagateErrors)
    {
        return junction(fallback, propagateErrors, URI.create("http://127.0.0.1:1"));
    }

    private TestingJunction junction(String fallback, boolean propagateErrors, URI etlCluster)
    {
        return TestingJunction.builder()
                .cluster("gone", URI.create("http://127.0.0.1:1"), "adhoc")
                .cluster("etl-1", etlCluster, "etl")
                .property("routing.external.url", service.uri().toString())
                .property("routing.external.fallback", fallback)
                .property("routing.external.propagate-errors", Boolean.toString(propagateErrors))
                .property("routing.external.sql-facts", "true")
                .build();
    }

    private static JsonNode dryRun(HttpClient http, TestingJunction junction, String body)
            throws IOException, InterruptedException
    {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(junction.uri().resolve("/api/v1/routing/dry-run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
