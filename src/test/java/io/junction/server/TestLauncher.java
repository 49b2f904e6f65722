package io.junction.server;

import io.junction.testing.JunctionProcess;
import io.junction.testing.TestingJunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/junction run --etc-dir DIR} with the packaged jar.
 */
@Tag("packaged")
class TestLauncher
{
    @Test
    void refusesToStartWithBadConfigurationAndNamesEachProblem()
            throws Exception
    {
        Path etc = TestingJunction.builder()
                .property("http-server.http.prot", "8080")
                .property("health.check-interval", "often")
                .property("clusters.seed-file", "does-not-exist.yaml")
                .writeEtcDirectory();
        JunctionProcess.Result result = JunctionProcess.runToExit(etc, Duration.ofSeconds(60));
        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output())
                .contains("Junction cannot start")
                .contains("http-server.http.prot: unknown property")
                .contains("health.check-interval: invalid value 'often'")
                .contains("clusters.seed-file: file does not exist: " + etc.resolve("does-not-exist.yaml"));
    }

    @Test
    void startsAndStopsGracefully()
            throws Exception
    {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path etc = TestingJunction.builder()
                .cluster("none", URI.create("http://127.0.0.1:1"), "adhoc")
                .property("http-server.http.port", Integer.toString(port))
                .writeEtcDirectory();
        Files.writeString(etc.resolve("jvm.config"), "-Xmx256m\n# comments are ignored\n-XX:+UseSerialGC\n");
        URI uri = URI.create("http://127.0.0.1:" + port);
        JunctionProcess junction = JunctionProcess.start(etc, uri, Duration.ofSeconds(60));
        try (junction) {
            HttpResponse<String> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri.resolve("/health/live")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(ProcessHandle.of(junction.pid()).flatMap(handle -> handle.info().arguments()).orElseThrow()).contains("-Xmx256m", "-XX:+UseSerialGC");
        }
        assertThat(junction.output()).contains("Junction listening on");
    }
}
