package io.junction.server;

import io.junction.config.ConfigException;
import io.junction.testing.TestingJunction;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestStartupFailures
{
    @Test
    void badConfigurationNamesEveryProblemAtOnce()
            throws Exception
    {
        Path etc = Files.createTempDirectory("junction-etc");
        assertThatThrownBy(() -> JunctionServer.create(Map.of(
                "http-server.http.prot", "8080",
                "health.check-interval", "often",
                "proxy.upstream.idle-timeout", "5 parsecs",
                "clusters.seed-file", "missing.yaml"), etc))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("4 problems")
                .hasMessageContaining("http-server.http.prot: unknown property")
                .hasMessageContaining("health.check-interval: invalid value 'often'")
                .hasMessageContaining("proxy.upstream.idle-timeout: invalid value '5 parsecs'")
                .hasMessageContaining("clusters.seed-file: file does not exist: " + etc.resolve("missing.yaml"));
    }

    @Test
    void invalidSeedFileEntriesAreReportedWithTheProperties()
            throws Exception
    {
        Path etc = Files.createTempDirectory("junction-etc");
        Files.writeString(etc.resolve("clusters.yaml"), """
                clusters:
                  - name: a
                    uri: not a uri
                    routing-group: adhoc
                """);
        assertThatThrownBy(() -> JunctionServer.create(Map.of("unknown.key", "1"), etc))
                .hasMessageContaining("unknown.key: unknown property")
                .hasMessageContaining("clusters[0] (a): invalid uri 'not a uri'");
    }

    @Test
    void startsWithAValidConfigurationAndServesItsOwnProbes()
            throws Exception
    {
        try (TestingJunction junction = TestingJunction.builder().cluster("none", java.net.URI.create("http://127.0.0.1:1"), "adhoc").build()) {
            var http = java.net.http.HttpClient.newHttpClient();
            var live = http.send(java.net.http.HttpRequest.newBuilder(junction.uri().resolve("/health/live")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            var ready = http.send(java.net.http.HttpRequest.newBuilder(junction.uri().resolve("/health/ready")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            var unknown = http.send(java.net.http.HttpRequest.newBuilder(junction.uri().resolve("/nothing/here")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            assertThat(unknown.body()).contains("/nothing/here");
        }
    }
}
