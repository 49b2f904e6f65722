package io.junction.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.api.AdminClient;
import io.junction.testing.Eventually;
import io.junction.testing.StatementClient;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingStateFront;
import io.junction.testing.TestingTrinoServer;
import io.junction.testing.TrinoClusters;
import io.junction.testing.TrinoJdbc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health and load with real Trino 476 servers, with Junction's default probe settings
 * (every 1 s, deadline 2 s, 2 failures) where detection times are measured; the figures are
 * printed, the assertions leave room for a busy machine.
 * <p>
 * A Trino 476 coordinator cannot be put into {@code SHUTTING_DOWN} or {@code DRAINING}:
 * {@code PUT /v1/info/state} answers 500 "Cannot shutdown coordinator" / "Cannot drain
 * coordinator" (and 403 "Management only resource" under the default access control), and
 * SIGTERM closes its HTTP port at once. So the shutting-down case runs the real server behind
 * {@link TestingStateFront}, which forwards everything and only reports the state.
 */
@Tag("trino")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestClusterHealthWithTrino
{
    private static final String NODE_ID = "SELECT node_id FROM system.runtime.nodes";

    private final StatementClient client = new StatementClient();
    private TestingTrinoServer dedicated;
    private TestingTrinoServer other;

    @BeforeAll
    void start()
    {
        other = TrinoClusters.first();
        dedicated = TestingTrinoServer.start("health");
    }

    @AfterAll
    void stop()
    {
        dedicated.close();
    }

    @Test
    void aCoordinatorReportingShuttingDownGetsNoNewQueriesWhileItsRunningQueryFinishes()
            throws Exception
    {
        ensureRunning();
        try (TestingStateFront front = new TestingStateFront(dedicated.uri());
                TestingJunction junction = TestingJunction.builder()
                        .cluster("leaving", front.uri(), "adhoc")
                        .cluster("staying", other.uri(), "adhoc")
                        .property("health.check-interval", "1s")
                        // in the order listed: the first query goes to the cluster that will leave
                        .routingRules("""
                                groups:
                                  - name: adhoc
                                    policy: round-robin
                                rules: []
                                """)
                        .build()) {
            AdminClient api = new AdminClient(junction.adminUri());
            Eventually.until(Duration.ofSeconds(60), "both clusters healthy", () -> health(api, "leaving").equals("HEALTHY") && health(api, "staying").equals("HEALTHY"));

            // a query started before the shutdown, whose client polls slowly
            StatementClient.Reply started = client.submit(junction.uri(), NODE_ID, Map.of());
            assertThat(started.nextUri()).isNotNull();
            assertThat(front.requests("/v1/statement")).as("the first query went to the leaving cluster").isEqualTo(1);

            front.reportState("SHUTTING_DOWN");
            long reported = System.nanoTime();
            Eventually.until(Duration.ofSeconds(30), "Junction to see the shutdown", () -> health(api, "leaving").equals("SHUTTING_DOWN"));
            System.out.printf("SHUTTING_DOWN seen after %d ms (health.check-interval 1s)%n", Duration.ofNanos(System.nanoTime() - reported).toMillis());
            assertThat(live(api, "leaving").path("healthReason").asText()).isEqualTo("coordinator state is SHUTTING_DOWN");

            for (int query = 0; query < 4; query++) {
                assertThat(TrinoJdbc.query(junction.uri(), NODE_ID)).as("new query %d", query).isEqualTo(List.of(List.of(other.name())));
            }
            assertThat(front.requests("/v1/statement")).as("no new query reached the leaving cluster").isEqualTo(1);

            List<StatementClient.Reply> replies = client.followToEnd(started, Map.of());
            StatementClient.Reply last = replies.getLast();
            assertThat(last.state()).isEqualTo("FINISHED");
            assertThat(replies.stream().flatMap(reply -> reply.body().path("data").valueStream()).map(row -> row.get(0).asText()).toList())
                    .as("the query started before the shutdown finished on the leaving cluster")
                    .containsExactly(dedicated.name());

            front.reportState(null);
            Eventually.until(Duration.ofSeconds(30), "the cluster back in service", () -> health(api, "leaving").equals("HEALTHY"));
        }
    }

    @Test
    void aFrozenCoordinatorIsUnhealthyWithinFiveSecondsAndRecoversWhenItThaws()
    {
        ensureRunning();
        try (TestingJunction junction = junctionWithDefaultProbes()) {
            AdminClient api = new AdminClient(junction.adminUri());
            Eventually.until(Duration.ofSeconds(60), "healthy", () -> health(api, "health").equals("HEALTHY"));
            long frozen;
            try {
                dedicated.freeze();
                frozen = System.nanoTime();
                Eventually.until(Duration.ofSeconds(60), "Junction to see the hung coordinator", () -> health(api, "health").equals("UNHEALTHY"));
                Duration detection = Duration.ofNanos(System.nanoTime() - frozen);
                System.out.printf("frozen (SIGSTOP) coordinator UNHEALTHY after %d ms: %s%n", detection.toMillis(), live(api, "health").path("healthReason").asText());
                assertThat(detection).as("about 5 s at most by default, with room for a busy machine").isLessThan(Duration.ofSeconds(15));
            }
            finally {
                dedicated.thaw();
            }
            long thawed = System.nanoTime();
            Eventually.until(Duration.ofSeconds(60), "recovery", () -> health(api, "health").equals("HEALTHY"));
            System.out.printf("thawed coordinator HEALTHY again after %d ms%n", Duration.ofNanos(System.nanoTime() - thawed).toMillis());
        }
    }

    @Test
    void aStoppedCoordinatorIsUnreachableWithinAboutASecondAndHealthyAgainWhenStarted()
            throws Exception
    {
        ensureRunning();
        try (TestingJunction junction = junctionWithDefaultProbes()) {
            AdminClient api = new AdminClient(junction.adminUri());
            Eventually.until(Duration.ofSeconds(60), "healthy", () -> health(api, "health").equals("HEALTHY"));

            // stop() returns once the process is gone and its port closed
            dedicated.stop();
            long stopped = System.nanoTime();
            Eventually.until(Duration.ofSeconds(60), "Junction to see the stopped coordinator", () -> health(api, "health").equals("UNREACHABLE"));
            Duration detection = Duration.ofNanos(System.nanoTime() - stopped);
            System.out.printf("stopped coordinator UNREACHABLE after %d ms (no traffic; probes only)%n", detection.toMillis());
            assertThat(detection).isLessThan(Duration.ofSeconds(10));
            assertThat(live(api, "health").path("healthReason").asText()).startsWith("connection refused by ");

            dedicated.restart();
            long restarted = System.nanoTime();
            Eventually.until(Duration.ofSeconds(60), "Junction to see the coordinator back", () -> health(api, "health").equals("HEALTHY"));
            System.out.printf("restarted coordinator HEALTHY %d ms after it ran queries%n", Duration.ofNanos(System.nanoTime() - restarted).toMillis());
            assertThat(TrinoJdbc.query(junction.uri(), NODE_ID)).isEqualTo(List.of(List.of(dedicated.name())));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"metrics", "ui-stats"})
    void readsTheClustersOwnCountsAndDropsAQueryThatEndedPastJunction(String source)
    {
        try (TestingJunction junction = TestingJunction.builder()
                .cluster("trino1", other.uri(), "adhoc")
                .property("load.source", source)
                .property("load.refresh-interval", "500ms")
                .build()) {
            AdminClient api = new AdminClient(junction.adminUri());
            // enough rows to fill Trino's output buffers: the query stays running while nobody polls it
            StatementClient.Reply submitted = client.submit(junction.uri(), "SELECT * FROM tpch.sf1.lineitem", Map.of());
            String queryId = submitted.queryId();
            // Trino starts a query when its client first polls it: poll until it runs, then stop polling
            AtomicReference<StatementClient.Reply> last = new AtomicReference<>(submitted);
            Eventually.until(Duration.ofSeconds(60), "the query to run", () -> {
                last.set(client.get(URI.create(last.get().nextUri()), Map.of()));
                return "RUNNING".equals(last.get().state());
            });

            Eventually.until(Duration.ofSeconds(60), "the cluster's counts in the fleet", () -> {
                JsonNode live = live(api, "trino1");
                return live.path("runningQueries").asInt(0) >= 1 && live.path("inFlight").asInt() >= 1;
            });
            JsonNode live = live(api, "trino1");
            assertThat(live.path("loadSource").asText()).isEqualTo(source);
            assertThat(live.path("loadUpdatedAt").isTextual()).isTrue();
            assertThat(live.path("queuedQueries").isInt()).isTrue();
            assertThat(live.has("loadError")).isFalse();

            // the query ends without Junction seeing its last reply (cancelled straight at the cluster)
            int inFlight = live.path("inFlight").asInt();
            assertThat(client.delete(other.uri().resolve("/v1/query/" + queryId))).isBetween(200, 299);
            long cancelled = System.nanoTime();
            Eventually.until(Duration.ofSeconds(90), "the cluster's counts to correct this node's in-flight count",
                    () -> live(api, "trino1").path("inFlight").asInt() < inFlight);
            System.out.printf("%s: in-flight count corrected %d ms after the query ended past Junction (without the cluster's counts: after proxy.query-idle-timeout, 6m)%n",
                    source, Duration.ofNanos(System.nanoTime() - cancelled).toMillis());
        }
    }

    private TestingJunction junctionWithDefaultProbes()
    {
        return TestingJunction.builder()
                .cluster("health", dedicated.uri(), "adhoc")
                .property("health.check-interval", "1s")
                .build();
    }

    private void ensureRunning()
    {
        if (dedicated.pid().isEmpty()) {
            dedicated.restart();
        }
    }

    private static String health(AdminClient api, String cluster)
    {
        return live(api, cluster).path("health").asText();
    }

    private static JsonNode live(AdminClient api, String cluster)
    {
        return api.get("/api/v1/clusters/" + cluster).json().path("live");
    }
}
