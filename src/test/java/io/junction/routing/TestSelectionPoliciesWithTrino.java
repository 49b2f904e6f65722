package io.junction.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.api.AdminClient;
import io.junction.proxy.RouteTokenCodec;
import io.junction.testing.Eventually;
import io.junction.testing.StatementClient;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingTrinoServer;
import io.junction.testing.TrinoClusters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each selection policy end to end through real Trino servers. Where a query ran is read twice:
 * the cluster Junction chose from the route token in the first reply's {@code nextUri}, and the
 * Trino server that ran it from {@code system.runtime.nodes} (each server's node id is its
 * instance name), so a cluster name that points at the wrong server would show.
 */
@Tag("trino")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestSelectionPoliciesWithTrino
{
    private final StatementClient client = new StatementClient();
    private final RouteTokenCodec tokens = new RouteTokenCodec(TestingJunction.SECRET.getBytes(StandardCharsets.UTF_8));
    private TestingTrinoServer first;
    private TestingTrinoServer second;

    private record Placement(String cluster, String node) {}

    @BeforeAll
    void start()
    {
        first = TrinoClusters.first();
        second = TrinoClusters.second();
    }

    @Test
    void roundRobinAlternatesBetweenTheClusters()
    {
        try (TestingJunction junction = TestingJunction.builder()
                .cluster("rr-1", first.uri(), "pool")
                .cluster("rr-2", second.uri(), "pool")
                .routingRules("groups: [{name: pool, policy: round-robin}]\n")
                .property("routing.default-group", "pool")
                .build()) {
            List<Placement> placements = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                placements.add(run(junction, Map.of()));
            }
            assertThat(placements.get(0).cluster()).isNotEqualTo(placements.get(1).cluster());
            assertThat(placements.get(2)).isEqualTo(placements.get(0));
            assertThat(placements.get(3)).isEqualTo(placements.get(1));
            assertThat(placements).extracting(Placement::node).containsOnly(first.name(), second.name()).contains(first.name(), second.name());
            placements.forEach(this::assertRanOnItsCluster);
        }
    }

    @Test
    void weightedSendsNothingToAStandbyOfWeightZeroUntilItIsTheOnlyClusterLeft()
            throws IOException, InterruptedException
    {
        try (TestingJunction junction = TestingJunction.builder()
                .cluster("standby", first.uri(), "weighted")
                .cluster("main", second.uri(), "weighted")
                .routingRules("groups: [{name: weighted, policy: weighted, weights: {standby: 0, main: 1}}]\n")
                .property("routing.default-group", "weighted")
                .build()) {
            for (int i = 0; i < 6; i++) {
                assertThat(run(junction, Map.of())).isEqualTo(new Placement("main", second.name()));
            }
            setState(junction, "main", "INACTIVE");
            Eventually.until(Duration.ofSeconds(30), "the standby to be chosen", () -> dryRunCluster(junction, "someone"), "standby"::equals);
            assertThat(run(junction, Map.of())).isEqualTo(new Placement("standby", first.name()));
        }
    }

    @Test
    void consistentHashKeepsEachUserOnOneClusterAndMovesOnlyTheUsersOfALeavingCluster()
            throws IOException, InterruptedException
    {
        // Three clusters on two servers: h1 and h3 are both the first server, told apart by the route token.
        try (TestingJunction junction = TestingJunction.builder()
                .cluster("h1", first.uri(), "cache")
                .cluster("h2", second.uri(), "cache")
                .cluster("h3", first.uri(), "cache")
                .routingRules("groups: [{name: cache, policy: consistent-hash, hash-key: user}]\n")
                .property("routing.default-group", "cache")
                .build()) {
            Map<String, String> before = new LinkedHashMap<>();
            for (int i = 0; i < 12; i++) {
                String user = "analyst-" + i;
                Placement placement = run(junction, Map.of("X-Trino-User", user));
                assertRanOnItsCluster(placement);
                for (int repeat = 0; repeat < 2; repeat++) {
                    assertThat(run(junction, Map.of("X-Trino-User", user))).as("the same user, again").isEqualTo(placement);
                }
                before.put(user, placement.cluster());
            }
            assertThat(new HashSet<>(before.values())).as("users spread over every cluster").containsExactlyInAnyOrder("h1", "h2", "h3");

            setState(junction, "h2", "INACTIVE");
            String userOfH2 = before.entrySet().stream().filter(entry -> entry.getValue().equals("h2")).findFirst().orElseThrow().getKey();
            Eventually.until(Duration.ofSeconds(30), "h2 to leave the group", () -> dryRunCluster(junction, userOfH2), cluster -> !cluster.equals("h2"));
            Set<String> moved = new HashSet<>();
            for (Map.Entry<String, String> entry : before.entrySet()) {
                Placement after = run(junction, Map.of("X-Trino-User", entry.getKey()));
                assertRanOnItsCluster(after);
                if (entry.getValue().equals("h2")) {
                    assertThat(after.cluster()).isIn("h1", "h3");
                    moved.add(entry.getKey());
                }
                else {
                    assertThat(after.cluster()).as("user %s was not on the leaving cluster", entry.getKey()).isEqualTo(entry.getValue());
                }
            }
            assertThat(moved).isNotEmpty();
        }
    }

    private Placement run(TestingJunction junction, Map<String, String> headers)
    {
        StatementClient.Reply reply = client.submit(junction.uri(), "SELECT node_id FROM system.runtime.nodes", headers);
        assertThat(reply.nextUri()).as(reply.body().toString()).isNotNull();
        String prefix = junction.uri() + RouteTokenCodec.PREFIX;
        assertThat(reply.nextUri()).startsWith(prefix);
        String token = reply.nextUri().substring(prefix.length(), reply.nextUri().indexOf('/', prefix.length()));
        String cluster = tokens.decode(token).orElseThrow();
        List<StatementClient.Reply> replies = client.followToEnd(reply, Map.of());
        String node = replies.stream()
                .filter(each -> each.body().path("data").size() > 0)
                .map(each -> each.body().path("data").get(0).get(0).asText())
                .findFirst()
                .orElseThrow(() -> new AssertionError(replies.getLast().body().toString()));
        return new Placement(cluster, node);
    }

    private void assertRanOnItsCluster(Placement placement)
    {
        String expected = switch (placement.cluster()) {
            case "rr-2", "main", "h2" -> second.name();
            default -> first.name();
        };
        assertThat(placement.node()).as("cluster %s is server %s", placement.cluster(), expected).isEqualTo(expected);
    }

    private static void setState(TestingJunction junction, String cluster, String state)
    {
        AdminClient.Reply reply = new AdminClient(junction.adminUri()).put("/api/v1/clusters/" + cluster + "/state", "{\"state\": \"" + state + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    private static String dryRunCluster(TestingJunction junction, String user)
            throws IOException, InterruptedException
    {
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            String body = http.send(java.net.http.HttpRequest.newBuilder(junction.uri().resolve("/api/v1/routing/dry-run"))
                            .header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"headers\": {\"X-Trino-User\": \"" + user + "\"}}"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            JsonNode answer = new ObjectMapper().readTree(body);
            return answer.path("cluster").asText();
        }
    }
}
