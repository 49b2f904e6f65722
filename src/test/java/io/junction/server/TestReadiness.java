package io.junction.server;

import io.junction.testing.Eventually;
import io.junction.testing.TestingJunction;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /health/ready}: 503 naming what is missing until the store is loaded, the rules are
 * loaded and every cluster was probed once; {@code /health/live} answers all along.
 */
class TestReadiness
{
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readyOnlyAfterTheFirstHealthRound()
            throws Exception
    {
        // A coordinator that accepts connections and never answers: its first probe waits for the probe deadline.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept());
                    }
                    catch (IOException e) {
                        return;
                    }
                }
            });
            Path etc = TestingJunction.builder()
                    .cluster("silent", URI.create("http://127.0.0.1:" + silent.getLocalPort()), "adhoc")
                    .property("health.check-timeout", "10m")
                    .writeEtcDirectory();
            try (JunctionServer server = JunctionServer.fromEtcDirectory(etc)) {
                server.start();
                assertThat(get(server, "/health/live")).isEqualTo("200 live");
                assertThat(get(server, "/health/ready")).isEqualTo("503 not ready: clusters not probed yet");

                // the coordinator hangs up: the probe fails, the first round is done
                silent.close();
                for (Socket socket : accepted) {
                    socket.close();
                }
                Eventually.until(Duration.ofSeconds(30), "the node to be ready", () -> get(server, "/health/ready").equals("200 ready"));
            }
        }
    }

    @Test
    void readinessListsEveryMissingCondition()
    {
        Readiness readiness = new Readiness();
        assertThat(readiness.missing()).containsExactly("store not loaded", "routing rules not loaded", "clusters not probed yet");
        readiness.storeLoaded();
        readiness.rulesLoaded();
        assertThat(readiness.missing()).containsExactly("clusters not probed yet");
        readiness.firstHealthRoundDone();
        assertThat(readiness.missing()).isEmpty();
    }

    private String get(JunctionServer server, String path)
            throws Exception
    {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body().strip();
    }
}
