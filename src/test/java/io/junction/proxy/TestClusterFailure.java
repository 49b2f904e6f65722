package io.junction.proxy;

import io.junction.testing.Eventually;
import io.junction.testing.StatementClient;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingTrinoServer;
import io.junction.testing.TrinoCli;
import io.junction.testing.TrinoClusters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster that dies under a running query: the trino CLI, talking to Junction, ends with
 * Junction's clear message within seconds (a CLI talking straight to the dead Trino retries
 * for about two minutes and then prints "Query aborted by user"), and new queries go to
 * the cluster that is left.
 */
@Tag("trino")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestClusterFailure
{
    private static final String LONG_QUERY = "SELECT sum(quantity) FROM tpch.sf1000.lineitem";
    private static final Duration CLIENT_DEADLINE = Duration.ofSeconds(15);

    private TestingTrinoServer victim;
    private TestingTrinoServer survivor;
    private final StatementClient client = new StatementClient();

    @BeforeAll
    void start()
    {
        survivor = TrinoClusters.first();
        victim = TestingTrinoServer.start("victim");
    }

    @AfterAll
    void stop()
    {
        victim.close();
    }

    @Test
    void clusterStoppedMidQuery()
    {
        clusterFailsMidQuery(victim::stop);
    }

    @Test
    void clusterKilledMidQuery()
    {
        clusterFailsMidQuery(victim::kill);
    }

    @Test
    void noHealthyClusterIsAQueryErrorTheCliPrintsVerbatim()
    {
        try (TestingJunction junction = TestingJunction.builder().cluster("gone", URI.create("http://127.0.0.1:1"), "adhoc").build()) {
            TrinoCli.Result result = TrinoCli.run(Duration.ofSeconds(60), "--server", junction.uri().toString(), "--user", "test", "--execute", "SELECT 1");
            assertThat(result.exitCode()).isNotZero().isNotEqualTo(TrinoCli.TIMED_OUT);
            assertThat(result.stdout() + result.stderr())
                    .contains("No healthy cluster in routing group 'adhoc' (gone: unreachable - connection refused by http://127.0.0.1:1)");
        }
    }

    private void clusterFailsMidQuery(Runnable failure)
    {
        if (victim.pid().isEmpty()) {
            victim.restart();
        }
        // Round-robin over the group in the order the clusters are listed: a fresh Junction sends
        // its first query to the victim, and later ones to whichever cluster can take them.
        try (TestingJunction junction = TestingJunction.builder()
                .cluster("victim", victim.uri(), "adhoc")
                .cluster("survivor", survivor.uri(), "adhoc")
                .routingRules("""
                        groups:
                          - name: adhoc
                            policy: round-robin
                        rules: []
                        """)
                .build();
                TrinoCli.Running cli = TrinoCli.startAsync("--server", junction.uri().toString(), "--user", "test", "--execute", LONG_QUERY)) {
            Eventually.until(Duration.ofSeconds(60), "the long query running on the victim", () -> runningLongQueries(victim.uri()) > 0);

            // stop() and kill() return once the coordinator's process is gone and its port closed
            failure.run();
            long failedAt = System.nanoTime();
            TrinoCli.Result result = cli.await(Duration.ofSeconds(120));
            Duration afterFailure = Duration.ofNanos(System.nanoTime() - failedAt);

            String output = result.stdout() + result.stderr();
            assertThat(result.exitCode()).as(output).isNotZero().isNotEqualTo(TrinoCli.TIMED_OUT);
            assertThat(output)
                    .contains("was running on cluster 'victim', which Junction can no longer reach")
                    .contains("submit it again");
            assertThat(afterFailure).as("the CLI ended %s after the cluster failed: %s", afterFailure, output).isLessThan(CLIENT_DEADLINE);

            TrinoCli.Result next = Eventually.until(Duration.ofSeconds(10), "a new query to succeed",
                    () -> TrinoCli.run(Duration.ofSeconds(60), "--server", junction.uri().toString(), "--user", "test", "--execute", "SELECT node_id FROM system.runtime.nodes"),
                    run -> run.exitCode() == 0);
            assertThat(next.stdout().trim()).isEqualTo("\"" + survivor.name() + "\"");
        }
    }

    private int runningLongQueries(URI cluster)
    {
        StatementClient.Reply queries = client.get(cluster.resolve("/v1/query?state=RUNNING"), Map.of());
        int count = 0;
        for (var query : queries.body()) {
            if (query.path("query").asText().contains("sf1000.lineitem")) {
                count++;
            }
        }
        return count;
    }
}
