package io.junction.telemetry;

import io.junction.cluster.ClusterHealth;
import io.junction.testing.Eventually;
import io.junction.testing.TestingJunction;
import io.junction.testing.TestingUpstream;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /metrics} on the admin listener and the same meters over a real JMX connection,
 * moved by requests through Junction to a small stand-in coordinator.
 */
class TestMetrics
{
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void countersMoveWithTrafficAndScrapeServesPrometheusAndOpenMetrics()
            throws Exception
    {
        try (TestingUpstream upstream = new TestingUpstream(0);
                TestingJunction junction = TestingJunction.builder().cluster("alpha", upstream.uri(), "adhoc").build()) {
            MetricsScrape before = MetricsScrape.of(junction.adminUri());
            assertThat(before.contentType()).startsWith("text/plain; version=0.0.4");
            assertThat(before.value("junction_cluster_queries_routed_total", "cluster", "alpha")).isZero();
            assertThat(before.value("junction_cluster_health", "cluster", "alpha", "state", "healthy")).isEqualTo(1);
            assertThat(before.value("junction_cluster_health", "cluster", "alpha", "state", "unreachable")).isZero();
            assertThat(before.value("junction_cluster_info", "cluster", "alpha", "group", "adhoc", "lifecycle", "active")).isEqualTo(1);

            // three cluster-wide requests, two submissions (the stand-in answers 404, but they were routed), one bad route token
            for (int i = 0; i < 3; i++) {
                assertThat(send(junction.uri().resolve("/v1/info"), "GET").statusCode()).isEqualTo(200);
            }
            for (int i = 0; i < 2; i++) {
                send(junction.uri().resolve("/v1/statement"), "POST");
            }
            assertThat(send(junction.uri().resolve("/j/notatoken/v1/statement/executing/x/y/1"), "GET").statusCode()).isEqualTo(404);

            MetricsScrape after = MetricsScrape.of(junction.adminUri());
            assertThat(after.value("junction_cluster_queries_routed_total", "cluster", "alpha")).isEqualTo(2);
            assertThat(after.value("junction_routing_decisions_total", "group", "adhoc", "outcome", "routed")).isEqualTo(2);
            assertThat(after.value("junction_cluster_reply_latency_seconds_count", "cluster", "alpha", "kind", "other")).isEqualTo(3);
            assertThat(after.value("junction_cluster_reply_latency_seconds_count", "cluster", "alpha", "kind", "submission")).isEqualTo(2);
            assertThat(after.value("junction_cluster_reply_latency_seconds_bucket", "cluster", "alpha", "kind", "other", "le", "+Inf")).isEqualTo(3);
            assertThat(after.value("junction_cluster_response_bytes_total", "cluster", "alpha")).isGreaterThan(3 * 20);
            assertThat(after.value("junction_gateway_errors_total", "error", "unknown_route")).isEqualTo(1);
            assertThat(after.value("junction_cluster_queries_in_flight", "cluster", "alpha")).isZero();
            assertThat(after.value("junction_routing_decision_time_seconds_count")).isEqualTo(2);
            // the platform parts
            assertThat(after.hasMetric("jvm_memory_used_bytes")).isTrue();
            assertThat(after.hasMetric("jvm_gc_pause_seconds_count") || after.hasMetric("jvm_gc_memory_allocated_bytes_total")).isTrue();
            assertThat(after.value("jetty_threads_config_max", "pool", "http-worker")).isEqualTo(400);
            assertThat(after.hasMetric("jetty_threads_busy")).isTrue();
            assertThat(after.hasMetric("hikaricp_connections_acquire_seconds_count")).isTrue();
            assertThat(after.hasMetric("hikaricp_connections_usage_seconds_count")).isTrue();
            assertThat(after.hasMetric("junction_proxy_queries_tracked")).isTrue();

            MetricsScrape openMetrics = MetricsScrape.of(junction.adminUri(), "application/openmetrics-text; version=1.0.0");
            assertThat(openMetrics.contentType()).startsWith("application/openmetrics-text");
            assertThat(openMetrics.value("junction_cluster_queries_routed_total", "cluster", "alpha")).isEqualTo(2);

            // the proxy listener forwards Trino's own paths and does not serve Junction's metrics
            assertThat(send(junction.uri().resolve("/metrics"), "GET").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void clusterHealthAndFailuresFollowTheCluster()
            throws Exception
    {
        TestingUpstream upstream = new TestingUpstream(0);
        try (TestingJunction junction = TestingJunction.builder().cluster("beta", upstream.uri(), "adhoc").build()) {
            upstream.close();
            send(junction.uri().resolve("/v1/info"), "GET");
            Eventually.until(Duration.ofSeconds(30), "the cluster to be reported unreachable",
                    () -> MetricsScrape.of(junction.adminUri()).value("junction_cluster_health", "cluster", "beta", "state", "unreachable") == 1);
            MetricsScrape scrape = MetricsScrape.of(junction.adminUri());
            assertThat(scrape.value("junction_cluster_health", "cluster", "beta", "state", "healthy")).isZero();
            assertThat(scrape.value("junction_cluster_failures_total", "cluster", "beta", "kind", "connection_refused")
                    + scrape.value("junction_cluster_failures_total", "cluster", "beta", "kind", "cluster_gone")
                    + scrape.value("junction_gateway_errors_total", "error", "upstream_unavailable")).isPositive();
        }
    }

    @Test
    void metersAreReadableOverARealJmxConnection()
            throws Exception
    {
        JMXConnectorServer connectorServer = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1"), Map.of(), ManagementFactory.getPlatformMBeanServer());
        connectorServer.start();
        try (TestingUpstream upstream = new TestingUpstream(0);
                TestingJunction junction = TestingJunction.builder().cluster("gamma", upstream.uri(), "adhoc").build();
                JMXConnector connector = JMXConnectorFactory.connect(connectorServer.getAddress())) {
            for (int i = 0; i < 4; i++) {
                send(junction.uri().resolve("/v1/statement"), "POST");
            }
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            ObjectName routed = new ObjectName("io.junction:type=junction.cluster.queries.routed,cluster=gamma");
            ObjectName latency = new ObjectName("io.junction:type=junction.cluster.reply.latency,cluster=gamma,kind=submission");
            assertThat((Double) jmx.getAttribute(routed, "Count")).isEqualTo(4.0);
            assertThat((Double) jmx.getAttribute(latency, "Count")).isEqualTo(4.0);
            assertThat((Double) jmx.getAttribute(latency, "TotalTime")).isPositive();
            assertThat(jmx.queryNames(new ObjectName("io.junction:type=jvm.memory.used,*"), null)).isNotEmpty();
            assertThat(jmx.queryNames(new ObjectName("io.junction:type=junction.cluster.health,cluster=gamma,*"), null)).hasSize(ClusterHealth.values().length);

            junction.close();
            assertThat(jmx.isRegistered(routed)).as("MBeans are unregistered when Junction stops").isFalse();
        }
        finally {
            connectorServer.stop();
        }
    }

    @Test
    void everyMetricOfTheGrafanaDashboardIsServed()
            throws Exception
    {
        String dashboard = Files.readString(Path.of(System.getProperty("junction.project.dir", ".")).resolve("deploy/grafana/junction-dashboard.json"));
        Set<String> referenced = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\b((?:junction|jetty|jvm|hikaricp|process)_[a-z0-9_]+)").matcher(dashboard);
        while (matcher.find()) {
            referenced.add(matcher.group(1));
        }
        assertThat(referenced).hasSizeGreaterThan(15);
        try (TestingUpstream upstream = new TestingUpstream(0);
                TestingJunction junction = TestingJunction.builder()
                        .cluster("delta", upstream.uri(), "adhoc")
                        .routingRules("""
                                rules:
                                  - name: tag-all
                                    continue: true
                                    condition: 'true'
                                    actions:
                                      - add-client-tag: seen
                                """)
                        .build()) {
            // a rule match: rule counters appear with the first match
            send(junction.uri().resolve("/v1/statement"), "POST");
            System.gc(); // the GC pause timer appears with the first collection
            Eventually.until(Duration.ofSeconds(30), "every dashboard metric on /metrics (the value: those missing)", () -> {
                MetricsScrape scrape = MetricsScrape.of(junction.adminUri());
                return referenced.stream().filter(name -> !scrape.hasMetric(name)).toList();
            }, List::isEmpty);
        }
    }

    private HttpResponse<String> send(URI uri, String method)
            throws Exception
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("X-Trino-User", "test");
        request = method.equals("POST") ? request.POST(HttpRequest.BodyPublishers.ofString("SELECT 1")) : request.GET();
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
