package io.junction.testing;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the harness: real Trino servers started by dev/trino-cluster.sh, queried by the real
 * CLI and JDBC driver, killed like a crashed coordinator, restarted.
 */
@Tag("trino")
class TestTrinoHarness
{
    private static final String NATION_COUNT = "SELECT count(*) FROM tpch.tiny.nation";
    private static final String ENDLESS_QUERY = "SELECT count(*) FROM tpch.sf1000.lineitem";
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void dedicatedServerAnswersSurvivesSigkillMidQueryAndRestartsOnItsPort()
            throws SQLException
    {
        int port;
        try (TestingTrinoServer server = TestingTrinoServer.start("harness")) {
            port = server.port();
            assertThat(server.uri()).isEqualTo(URI.create("http://127.0.0.1:" + port));
            assertThat(server.pid()).isPresent();
            assertAnswersNationCount(server);

            // the client retries a lost connection until its request timeout (default 2m)
            try (TrinoCli.Running cli = TrinoCli.startAsync("--server", server.uri().toString(), "--user", "test",
                    "--client-request-timeout", "10s", "--execute", ENDLESS_QUERY)) {
                Eventually.until(Duration.ofMinutes(1), "the CLI's query to run", () -> !TrinoJdbc.query(server.uri(),
                        "SELECT query_id FROM system.runtime.queries WHERE source = 'trino-cli' AND state = 'RUNNING'").isEmpty());
                server.kill();
                assertThat(acceptsConnections(port)).isFalse();
                assertThat(server.pid()).isEmpty();

                TrinoCli.Result orphaned = cli.await(CLI_TIMEOUT);
                assertThat(orphaned.timedOut()).isFalse();
                assertThat(orphaned.exitCode()).as(orphaned.stderr()).isNotZero();
                assertThat(orphaned.stderr()).isNotBlank();
            }

            server.restart();
            assertThat(server.port()).isEqualTo(port);
            assertAnswersNationCount(server);
        }
        assertThat(acceptsConnections(port)).isFalse();
    }

    @Test
    void sharedClustersAreTwoDistinctServersStartedOnce()
            throws SQLException
    {
        TestingTrinoServer first = TrinoClusters.first();
        TestingTrinoServer second = TrinoClusters.second();

        assertThat(TrinoClusters.first()).isSameAs(first);
        assertThat(first.port()).isNotEqualTo(second.port());
        assertThat(TrinoJdbc.query(first.uri(), "SELECT node_id FROM system.runtime.nodes")).containsExactly(List.of(first.name()));
        assertThat(TrinoJdbc.query(second.uri(), "SELECT node_id FROM system.runtime.nodes")).containsExactly(List.of(second.name()));
    }

    @Test
    void serverTakesStatementHeadersOfHundredsOfKilobytesBothWays()
            throws SQLException
    {
        // random letters: Trino zstd-compresses the X-Trino-Added-Prepare reply header, and
        // the client sends that value back in X-Trino-Prepared-Statement; text that does not
        // compress keeps both headers large (about 150 kB here)
        String literal = randomLetters(150_000);
        try (Connection connection = TrinoJdbc.connect(TrinoClusters.first().uri(), "test");
                PreparedStatement statement = connection.prepareStatement("SELECT length('" + literal + "') + ?")) {
            statement.setLong(1, 1);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(150_001);
            }
        }
    }

    @Test
    void cliRunningPastItsTimeoutIsKilledAndReported()
            throws IOException
    {
        // accepts connections into its backlog and never answers
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            TrinoCli.Result result = TrinoCli.run(Duration.ofSeconds(5), "--server", "http://127.0.0.1:" + silent.getLocalPort(), "--execute", "SELECT 1");

            assertThat(result.timedOut()).isTrue();
            assertThat(result.exitCode()).isEqualTo(TrinoCli.TIMED_OUT);
            assertThat(result.elapsed()).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(60));
        }
    }

    private static void assertAnswersNationCount(TestingTrinoServer server)
            throws SQLException
    {
        TrinoCli.Result cli = TrinoCli.run(CLI_TIMEOUT, "--server", server.uri().toString(), "--user", "test", "--execute", NATION_COUNT);
        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        assertThat(cli.stdout()).isEqualTo("\"25\"\n");

        assertThat(TrinoJdbc.query(server.uri(), NATION_COUNT)).containsExactly(List.of(25L));
    }

    private static boolean acceptsConnections(int port)
    {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }

    private static String randomLetters(int length)
    {
        Random random = new Random(476);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
