package io.junction.server;

import io.junction.testing.JunctionProcess;
import io.junction.testing.StatementClient;
import io.junction.testing.TestingJunction;
import io.junction.testing.TrinoClusters;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Junction processes that share nothing but the route-token secret: a query submitted
 * through node A is polled to its end through node B.
 */
@Tag("packaged")
@Tag("trino")
class TestTwoNodes
{
    @Test
    void queryStartedOnOneNodeFinishesThroughAnother()
            throws Exception
    {
        URI trino1 = TrinoClusters.first().uri();
        URI trino2 = TrinoClusters.second().uri();
        int portB;
        try (ServerSocket socket = new ServerSocket(0)) {
            portB = socket.getLocalPort();
        }
        Path etcB = TestingJunction.builder()
                .cluster("trino1", trino1, "adhoc")
                .cluster("trino2", trino2, "etl")
                .property("http-server.http.port", Integer.toString(portB))
                .writeEtcDirectory();
        URI nodeB = URI.create("http://127.0.0.1:" + portB);
        StatementClient client = new StatementClient();
        try (TestingJunction nodeA = TestingJunction.builder().cluster("trino1", trino1, "adhoc").cluster("trino2", trino2, "etl").build();
                JunctionProcess ignored = JunctionProcess.start(etcB, nodeB, Duration.ofSeconds(60))) {
            StatementClient.Reply reply = client.submit(nodeA.uri(), "SELECT name FROM tpch.tiny.region ORDER BY name", Map.of("X-Trino-Routing-Group", "etl"));
            assertThat(reply.nextUri()).startsWith(nodeA.uri() + "/j/");
            List<String> names = new ArrayList<>();
            int polls = 0;
            while (reply.nextUri() != null) {
                URI throughB = nodeB.resolve(URI.create(reply.nextUri()).getRawPath());
                reply = client.get(throughB, Map.of());
                assertThat(reply.status()).as("poll through node B: " + reply.body()).isEqualTo(200);
                assertThat(reply.nextUri() == null || reply.nextUri().startsWith(nodeB + "/j/"))
                        .as("node B's replies point at node B: " + reply.nextUri()).isTrue();
                reply.body().path("data").forEach(row -> names.add(row.get(0).asText()));
                polls++;
            }
            assertThat(polls).isPositive();
            assertThat(reply.state()).isEqualTo("FINISHED");
            assertThat(names).containsExactly("AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST");
        }
    }
}
