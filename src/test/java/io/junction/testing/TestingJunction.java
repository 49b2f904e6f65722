package io.junction.testing;

import io.junction.server.JunctionServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Junction server in the test JVM, on a free port, with a generated etc directory.
 * <pre>
 * try (TestingJunction junction = TestingJunction.builder()
 *         .cluster("trino1", trino.uri(), "adhoc")
 *         .build()) { ... }
 * </pre>
 */
public final class TestingJunction
        implements AutoCloseable
{
    public static final String SECRET = "test-secret-0123456789abcdef0123456789";

    private final JunctionServer server;
    private final Path etcDirectory;

    private TestingJunction(JunctionServer server, Path etcDirectory)
    {
        this.server = server;
        this.etcDirectory = etcDirectory;
    }

    public static Builder builder()
    {
        return new Builder();
    }

    public URI uri()
    {
        return server.uri();
    }

    /**
     * The admin API's listener (port 0 in tests, on 127.0.0.1).
     */
    public URI adminUri()
    {
        return server.adminUri().orElseThrow(() -> new IllegalStateException("admin API is disabled"));
    }

    public JunctionServer server()
    {
        return server;
    }

    public Path etcDirectory()
    {
        return etcDirectory;
    }

    @Override
    public void close()
    {
        server.stop();
    }

    public static final class Builder
    {
        private final List<String> clusters = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private String routingRules;
        private final Map<String, String> files = new LinkedHashMap<>();

        private Builder()
        {
            properties.put("http-server.http.port", "0");
            properties.put("http-server.http.host", "127.0.0.1");
            properties.put("proxy.route-token.secret", SECRET);
            properties.put("health.check-interval", "200ms");
            properties.put("admin.http.port", "0");
            // the embedded H2 store, in the generated etc directory: every instance gets its own
            properties.put("store.data-directory", "data");
            properties.put("store.refresh-interval", "200ms");
        }

        public Builder cluster(String name, URI uri, String routingGroup)
        {
            clusters.add("""
                      - name: %s
                        uri: %s
                        routing-group: %s
                    """.formatted(name, uri, routingGroup));
            return this;
        }

        /**
         * A cluster that gets no {@code X-Forwarded-*} headers; Junction rewrites the URIs in its replies.
         */
        public Builder clusterWithoutForwardedHeaders(String name, URI uri, String routingGroup)
        {
            clusters.add("""
                      - name: %s
                        uri: %s
                        routing-group: %s
                        forwarded-headers: false
                    """.formatted(name, uri, routingGroup));
            return this;
        }

        /**
         * Routing groups and rules (docs/routing.md), written to {@code routing.yaml} in the etc directory.
         */
        public Builder routingRules(String document)
        {
            routingRules = document;
            properties.put("routing.rules-file", "routing.yaml");
            return this;
        }

        /**
         * A file written to the etc directory (a password file, a key file, ...).
         */
        public Builder file(String name, String content)
        {
            files.put(name, content);
            return this;
        }

        public Builder property(String key, String value)
        {
            properties.put(key, value);
            return this;
        }

        public Builder properties(Map<String, String> values)
        {
            properties.putAll(values);
            return this;
        }

        /**
         * Writes the etc directory (config.properties, clusters.yaml) without starting anything.
         */
        public Path writeEtcDirectory()
        {
            try {
                Path etc = Files.createTempDirectory("junction-etc");
                Files.writeString(etc.resolve("clusters.yaml"), clusters.isEmpty() ? "clusters: []\n" : "clusters:\n" + String.join("", clusters));
                for (Map.Entry<String, String> file : files.entrySet()) {
                    Files.writeString(etc.resolve(file.getKey()), file.getValue());
                }
                if (routingRules != null) {
                    Files.writeString(etc.resolve("routing.yaml"), routingRules);
                }
                StringBuilder config = new StringBuilder();
                properties.forEach((key, value) -> config.append(key).append('=').append(value).append('\n'));
                Files.writeString(etc.resolve("config.properties"), config);
                Files.writeString(etc.resolve("log.properties"), "io.junction=INFO\n");
                return etc;
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public TestingJunction build()
        {
            Path etc = writeEtcDirectory();
            JunctionServer server = JunctionServer.fromEtcDirectory(etc);
            try {
                server.start();
                server.awaitReady();
            }
            catch (Exception e) {
                server.stop();
                throw new IllegalStateException("Junction failed to start", e);
            }
            return new TestingJunction(server, etc);
        }
    }
}
