package io.junction.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the JVM's ahead-of-time cache (JEP 483, 514): the build runs it with
 * {@code -XX:AOTCacheOutput=target/junction.aot}, and {@code bin/junction} starts Junction
 * with that cache, which halves the time to ready (docs/performance.md). It does what every
 * start does (configuration, store and its migrations, a rules file, the listeners, the first
 * health round) and answers a query and the admin API once, then stops. Nothing leaves the
 * machine: the one cluster is a closed port on loopback.
 */
public final class AotTraining
{
    private AotTraining() {}

    public static void main(String[] args)
            throws Exception
    {
        Path etc = Files.createTempDirectory("junction-aot-training");
        try {
            Files.writeString(etc.resolve("clusters.yaml"), """
                    clusters:
                      - name: training
                        uri: http://127.0.0.1:9
                        routing-group: adhoc
                    """);
            Files.writeString(etc.resolve("rules.yaml"), """
                    rules:
                      - name: training
                        condition: 'user == "etl" && "tpch" in catalogs && statement_class == "Query"'
                        actions:
                          - route: adhoc
                    """);
            Map<String, String> properties = Map.of(
                    "http-server.http.host", "127.0.0.1",
                    "http-server.http.port", "0",
                    "admin.http.port", "0",
                    "routing.default-group", "adhoc",
                    "routing.rules-file", "rules.yaml",
                    "clusters.seed-file", "clusters.yaml",
                    "store.data-directory", etc.resolve("data").toString(),
                    "proxy.route-token.secret", "aot-training-only-aot-training-only");
            try (JunctionServer server = JunctionServer.create(properties, etc)) {
                server.start();
                server.awaitReady();
                exercise(server);
            }
        }
        finally {
            deleteRecursively(etc);
        }
    }

    private static void exercise(JunctionServer server)
            throws IOException, InterruptedException
    {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            URI proxy = server.uri();
            send(client, HttpRequest.newBuilder(proxy.resolve("/health/ready")).GET());
            send(client, HttpRequest.newBuilder(proxy.resolve("/v1/statement"))
                    .header("X-Trino-User", "etl")
                    .header("X-Trino-Catalog", "tpch")
                    .POST(HttpRequest.BodyPublishers.ofString("SELECT count(*) FROM tpch.tiny.nation")));
            send(client, HttpRequest.newBuilder(proxy.resolve("/v1/info")).GET());
            if (server.adminUri().isPresent()) {
                URI admin = server.adminUri().get();
                send(client, HttpRequest.newBuilder(admin.resolve("/api/v1/clusters")).GET());
                send(client, HttpRequest.newBuilder(admin.resolve("/api/v1/fleet")).GET());
            }
        }
    }

    private static void send(HttpClient client, HttpRequest.Builder request)
            throws IOException, InterruptedException
    {
        client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
    }

    private static void deleteRecursively(Path directory)
            throws IOException
    {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
