package io.junction.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.api.AdminClient;
import io.junction.testing.Eventually;
import io.junction.testing.StatementClient;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingStateFront;
import io.junction.testing.TestingUpstream;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passive health through a real Junction: a cluster whose probes succeed but whose proxied
 * requests fail (a load balancer answering 503 for a broken coordinator) stops getting new
 * queries after {@code health.passive.failure-threshold} failures, and gets them again once
 * the hold time passed and a probe succeeds.
 */
class TestPassiveHealth
{
    private final StatementClient client = new StatementClient();

    @Test
    void repeated503sTakeAClusterOutOfRoutingUntilTheHoldTimePassed()
            throws Exception
    {
        try (TestingUpstream coordinator = new TestingUpstream(0);
                TestingStateFront front = new TestingStateFront(coordinator.uri());
                TestingJunction junction = TestingJunction.builder()
                        .cluster("flaky", front.uri(), "adhoc")
                        .property("health.passive.failure-threshold", "3")
                        .property("health.passive.hold-time", "2s")
                        .build()) {
            AdminClient api = new AdminClient(junction.adminUri());
            front.answerNewQueriesWith(503);
            for (int attempt = 1; attempt <= 3; attempt++) {
                assertThat(client.submit(junction.uri(), "SELECT 1", Map.of()).status()).as("attempt %d reaches the cluster", attempt).isEqualTo(503);
            }
            JsonNode flaky = cluster(api);
            assertThat(flaky.path("health").asText()).isEqualTo("UNHEALTHY");
            assertThat(flaky.path("healthReason").asText()).isEqualTo("3 proxied requests in a row failed, the last: HTTP 503 from " + front.uri());

            StatementClient.Reply refused = client.submit(junction.uri(), "SELECT 1", Map.of());
            assertThat(refused.status()).isEqualTo(200);
            assertThat(refused.state()).isEqualTo("FAILED");
            assertThat(refused.body().path("error").path("message").asText()).contains("No healthy cluster in routing group 'adhoc'", "flaky");
            assertThat(front.requests("/v1/statement")).as("the fourth query never reached the cluster").isEqualTo(3);

            front.answerNewQueriesWith(0);
            Eventually.until(Duration.ofSeconds(30), "the cluster to be healthy again", () -> cluster(api).path("health").asText().equals("HEALTHY"));
        }
    }

    @Test
    void theFleetShowsNoLoadWhenTheClustersCountsAreNotRead()
            throws Exception
    {
        try (TestingUpstream coordinator = new TestingUpstream(0);
                TestingJunction junction = TestingJunction.builder().cluster("c", coordinator.uri(), "adhoc").build()) {
            JsonNode fleet = new AdminClient(junction.adminUri()).get("/api/v1/fleet").json();
            assertThat(fleet.path("loadSource").asText()).isEqualTo("none");
            assertThat(fleet.has("runningQueries")).isTrue();
            assertThat(fleet.get("runningQueries").isNull()).isTrue();
            JsonNode live = fleet.path("clusterDetails").get(0).path("live");
            for (String field : new String[] {"runningQueries", "queuedQueries", "loadUpdatedAt"}) {
                assertThat(live.has(field)).as(field).isTrue();
                assertThat(live.get(field).isNull()).as(field).isTrue();
            }
            assertThat(live.path("loadSource").asText()).isEqualTo("none");
        }
    }

    private static JsonNode cluster(AdminClient api)
    {
        return api.get("/api/v1/clusters/flaky").json().path("live");
    }
}
