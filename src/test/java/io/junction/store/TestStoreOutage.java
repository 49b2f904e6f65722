package io.junction.store;

import io.junction.api.AdminClient;
import io.junction.testing.Eventually;
import io.junction.testing.StatementClient;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingTrinoServer;
import io.junction.testing.TrinoClusters;
import io.junction.testing.TrinoJdbc;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real PostgreSQL store stops while Junction serves queries: routing and follow-ups go
 * on from the node's snapshot, reads of the snapshot answer, writes answer 503 with a clear
 * message within {@code store.connection-timeout}, and everything works again once the
 * database is back.
 * <p>
 * This stops the machine's shared PostgreSQL (127.0.0.1:5432) for a few seconds, with
 * {@code pg_ctlcluster} (root, as CI runs), and always starts it again. Within this test JVM
 * nothing else runs meanwhile: surefire runs the test classes of its one JVM one after
 * another (no parallel execution is configured; {@link Isolated} keeps it so if it ever is),
 * and the test waits until PostgreSQL accepts connections before it returns. Test JVMs of
 * other checkouts on the same machine may see PostgreSQL restart; exclude this test with
 * {@code -Djunction.test.excludedGroups=packaged,store-outage} where that matters.
 */
@Tag("trino")
@Tag("store-outage")
@Isolated("stops the shared PostgreSQL")
class TestStoreOutage
{
    private static final String NODE_ID = "SELECT node_id FROM system.runtime.nodes";

    @Test
    void queriesKeepFlowingAndWritesAnswer503WhilePostgresqlIsDown()
            throws Exception
    {
        TestingTrinoServer trino = TrinoClusters.first();
        StatementClient client = new StatementClient();
        try (TestingDatabase database = TestingDatabase.create(StoreDialect.POSTGRESQL);
                TestingJunction junction = TestingJunction.builder()
                        .properties(database.properties())
                        .property("store.connection-timeout", "1s")
                        .cluster("trino1", trino.uri(), "adhoc")
                        .build()) {
            AdminClient api = new AdminClient(junction.adminUri());
            assertThat(TrinoJdbc.query(junction.uri(), NODE_ID)).isEqualTo(List.of(List.of(trino.name())));
            // a query under way when the store goes: its follow-ups come during the outage
            StatementClient.Reply running = client.submit(junction.uri(), "SELECT name FROM tpch.tiny.nation ORDER BY name", Map.of());

            long outage = System.nanoTime();
            try {
                postgresql("stop");

                List<StatementClient.Reply> replies = client.followToEnd(running, Map.of());
                assertThat(replies.getLast().state()).isEqualTo("FINISHED");
                assertThat(replies.stream().mapToInt(reply -> reply.body().path("data").size()).sum()).isEqualTo(25);
                assertThat(TrinoJdbc.query(junction.uri(), NODE_ID)).as("a new query").isEqualTo(List.of(List.of(trino.name())));

                AdminClient.Reply write = api.post("/api/v1/clusters", "{\"name\": \"added\", \"uri\": \"http://127.0.0.1:1\", \"routingGroup\": \"adhoc\"}");
                assertThat(write.status()).isEqualTo(503);
                assertThat(write.json().path("error").asText()).startsWith("the store is unavailable: ").endsWith("; the change was not made, try again later");
                assertThat(api.get("/api/v1/clusters/trino1").status()).as("reads of the snapshot").isEqualTo(200);
                assertThat(api.get("/api/v1/fleet").json().path("clusters").asInt()).isEqualTo(1);
                assertThat(api.get("/gateway/backend/all").status()).isEqualTo(200);
            }
            finally {
                postgresql("start");
                awaitPostgresql();
                System.out.printf("PostgreSQL was down for %d ms%n", Duration.ofNanos(System.nanoTime() - outage).toMillis());
            }

            AdminClient.Reply created = Eventually.until(Duration.ofSeconds(60), "writes to work again",
                    () -> api.post("/api/v1/clusters", "{\"name\": \"added\", \"uri\": \"http://127.0.0.1:1\", \"routingGroup\": \"other\"}"),
                    reply -> reply.status() != 503);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(api.get("/api/v1/clusters/added").status()).isEqualTo(200);
            assertThat(api.get("/api/v1/audit?entityType=cluster&entityName=added").json().path("entries")).hasSize(1);
            assertThat(TrinoJdbc.query(junction.uri(), NODE_ID)).isEqualTo(List.of(List.of(trino.name())));
        }
    }

    /**
     * Runs {@code pg_ctlcluster --skip-systemctl-redirect <version> main <action>} for every
     * installed version (there is one).
     */
    private static void postgresql(String action)
            throws IOException, InterruptedException
    {
        List<String> versions;
        try (Stream<Path> directories = Files.list(Path.of("/etc/postgresql"))) {
            versions = directories.map(path -> path.getFileName().toString()).sorted().toList();
        }
        assertThat(versions).as("PostgreSQL versions in /etc/postgresql").isNotEmpty();
        for (String version : versions) {
            // never inherit the test JVM's stdin/stdout: surefire talks to its fork through them
            Process process = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            // "start" of a running cluster exits 2 ("already running"): fine in the finally block
            if (exit != 0 && !(action.equals("start") && output.contains("already running"))) {
                throw new IllegalStateException("pg_ctlcluster %s main %s failed with exit code %d: %s".formatted(version, action, exit, output));
            }
        }
    }

    private static void awaitPostgresql()
    {
        Eventually.until(Duration.ofSeconds(60), "PostgreSQL to accept connections", () -> {
            try (var connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
                return connection.isValid(5);
            }
            catch (java.sql.SQLException e) {
                return false;
            }
        });
    }
}
