package io.junction.telemetry;

import io.junction.testing.Eventually;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingTrinoServer;
import io.junction.testing.TrinoCli;
import io.junction.testing.TrinoClusters;
import io.junction.testing.TrinoJdbc;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /metrics} scraped while real Trino clients run real queries through Junction:
 * the counters move exactly as the traffic did.
 */
@Tag("trino")
class TestMetricsWithTrino
{
    private static final String RULES = """
            rules:
              - name: reports
                condition: 'source == "reports"'
                actions:
                  - route: adhoc
              - name: everything
                priority: -1
                continue: true
                condition: 'true'
                actions:
                  - add-client-tag: metered
            """;

    @Test
    void countersFollowTheQueriesOfRealClients()
            throws Exception
    {
        TestingTrinoServer first = TrinoClusters.first();
        TestingTrinoServer second = TrinoClusters.second();
        try (TestingJunction junction = TestingJunction.builder()
                .cluster("trino1", first.uri(), "adhoc")
                .cluster("trino2", second.uri(), "adhoc")
                .routingRules(RULES)
                .build()) {
            MetricsScrape before = MetricsScrape.of(junction.adminUri());
            assertThat(before.value("junction_cluster_health", "cluster", "trino1", "state", "healthy")).isEqualTo(1);
            assertThat(before.value("junction_cluster_health", "cluster", "trino2", "state", "healthy")).isEqualTo(1);

            int jdbcQueries = 4;
            for (int i = 0; i < jdbcQueries; i++) {
                List<List<Object>> rows = TrinoJdbc.query(junction.uri(), "SELECT count(*) FROM tpch.tiny.nation");
                assertThat(rows).containsExactly(List.of(25L));
            }
            TrinoCli.Result cli = TrinoCli.run(Duration.ofMinutes(2), "--server", junction.uri().toString(), "--user", "test", "--source", "reports",
                    "--execute", "SELECT name FROM tpch.tiny.region ORDER BY name");
            assertThat(cli.exitCode()).as(cli.stderr()).isZero();
            int queries = jdbcQueries + 1;

            MetricsScrape after = MetricsScrape.of(junction.adminUri());
            double routed = after.value("junction_cluster_queries_routed_total", "cluster", "trino1")
                    + after.value("junction_cluster_queries_routed_total", "cluster", "trino2");
            assertThat(routed).isEqualTo(queries);
            assertThat(after.value("junction_routing_decisions_total", "group", "adhoc", "outcome", "routed")).isEqualTo(queries);
            assertThat(after.value("junction_routing_rule_matches_total", "rule", "everything")).isEqualTo(queries);
            assertThat(after.value("junction_routing_rule_matches_total", "rule", "reports")).isEqualTo(1);
            double submissions = after.value("junction_cluster_reply_latency_seconds_count", "cluster", "trino1", "kind", "submission")
                    + after.value("junction_cluster_reply_latency_seconds_count", "cluster", "trino2", "kind", "submission");
            assertThat(submissions).isEqualTo(queries);
            double polls = after.value("junction_cluster_reply_latency_seconds_count", "cluster", "trino1", "kind", "follow_up")
                    + after.value("junction_cluster_reply_latency_seconds_count", "cluster", "trino2", "kind", "follow_up");
            assertThat(polls).as("every query is polled at least once until its final reply").isGreaterThanOrEqualTo(queries);
            double bytes = after.value("junction_cluster_response_bytes_total", "cluster", "trino1")
                    + after.value("junction_cluster_response_bytes_total", "cluster", "trino2");
            assertThat(bytes).isGreaterThan(queries * 500.0);
            assertThat(after.value("junction_gateway_errors_total", "error", "no_healthy_cluster")).isZero();
            for (String cluster : List.of("trino1", "trino2")) {
                for (String kind : List.of("timeout", "unavailable", "broken_reply", "connection_refused", "cluster_gone")) {
                    assertThat(after.value("junction_cluster_failures_total", "cluster", cluster, "kind", kind)).as(cluster + " " + kind).isZero();
                }
            }
            Eventually.until(Duration.ofSeconds(30), "no query in flight once the clients are done",
                    () -> {
                        MetricsScrape now = MetricsScrape.of(junction.adminUri());
                        return now.value("junction_cluster_queries_in_flight", "cluster", "trino1") + now.value("junction_cluster_queries_in_flight", "cluster", "trino2") == 0;
                    });
        }
    }
}
