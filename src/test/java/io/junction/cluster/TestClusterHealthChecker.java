package io.junction.cluster;

import io.junction.testing.Eventually;
import io.junction.testing.TestingStateFront;
import io.junction.testing.TestingUpstream;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe loops against small in-process coordinators: one that answers, a front that hangs
 * (like a stopped coordinator process) or reports the state the test sets, and a closed port.
 */
class TestClusterHealthChecker
{
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration DEADLINE = Duration.ofSeconds(1);

    private final HttpClient httpClient = new HttpClient();
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
    private ClusterRegistry registry;
    private ClusterHealthChecker checker;

    @BeforeEach
    void startClient()
            throws Exception
    {
        httpClient.start();
    }

    @AfterEach
    void stopEverything()
            throws Exception
    {
        if (checker != null) {
            checker.stop();
        }
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        httpClient.stop();
    }

    @Test
    void aHungClusterDelaysNoOtherAndIsUnhealthyAfterTwoProbeDeadlines()
            throws Exception
    {
        TestingUpstream answering = closeLater(new TestingUpstream(0));
        TestingStateFront hanging = closeLater(new TestingStateFront(closeLater(new TestingUpstream(0)).uri()));
        start(Map.of("answering", answering.uri(), "hanging", hanging.uri()));
        Eventually.until(Duration.ofSeconds(30), "both healthy", () -> health("hanging") == ClusterHealth.HEALTHY && health("answering") == ClusterHealth.HEALTHY);

        hanging.hang();
        long hung = System.nanoTime();
        int answeringProbesBefore = answering.requests("/v1/info").size();
        Eventually.until(Duration.ofSeconds(30), "the hung cluster to be unhealthy", () -> health("hanging") == ClusterHealth.UNHEALTHY);
        Duration detection = Duration.ofNanos(System.nanoTime() - hung);
        System.out.printf("hung cluster unhealthy after %d ms (interval %d ms, deadline %d ms, 2 failures)%n", detection.toMillis(), INTERVAL.toMillis(), DEADLINE.toMillis());

        // two probes waited for their deadline, the second starting as soon as the first gave up
        assertThat(detection).isGreaterThan(DEADLINE.multipliedBy(2).minus(INTERVAL));
        assertThat(registry.snapshot().find("hanging").orElseThrow().state().health().reason())
                .hasValueSatisfying(reason -> assertThat(reason).contains("within the deadline"));
        assertThat(health("answering")).isEqualTo(ClusterHealth.HEALTHY);
        assertThat(answering.requests("/v1/info").size() - answeringProbesBefore)
                .as("probes of the answering cluster meanwhile (one every %s)", INTERVAL)
                .isGreaterThanOrEqualTo(4);

        hanging.resume();
        Eventually.until(Duration.ofSeconds(30), "the cluster to recover", () -> health("hanging") == ClusterHealth.HEALTHY);
    }

    @Test
    void aRefusedConnectionMakesAClusterUnreachableOnItsFirstProbe()
            throws Exception
    {
        URI closed = URI.create("http://127.0.0.1:" + closedPort());
        start(Map.of("gone", closed));
        checker.firstRound().get();
        assertThat(registry.snapshot().find("gone").orElseThrow().state().health().health()).isEqualTo(ClusterHealth.UNREACHABLE);
        assertThat(registry.snapshot().find("gone").orElseThrow().state().health().reason()).contains("connection refused by " + closed);
    }

    @Test
    void aCoordinatorReportingShuttingDownOrDrainingTakesNoNewQueriesUntilItIsActiveAgain()
            throws Exception
    {
        TestingUpstream coordinator = closeLater(new TestingUpstream(0));
        TestingStateFront front = closeLater(new TestingStateFront(coordinator.uri()));
        start(Map.of("c", front.uri()));
        Eventually.until(Duration.ofSeconds(30), "healthy", () -> health("c") == ClusterHealth.HEALTHY);

        for (String state : List.of("SHUTTING_DOWN", "DRAINING")) {
            front.reportState(state);
            Eventually.until(Duration.ofSeconds(30), state + " seen", () -> health("c") == ClusterHealth.SHUTTING_DOWN);
            Cluster cluster = registry.snapshot().find("c").orElseThrow();
            assertThat(cluster.state().health().reason()).contains("coordinator state is " + state);
            assertThat(cluster.acceptsNewQueries()).isFalse();
            assertThat(cluster.isUnreachable()).as("its queries are still served").isFalse();

            front.reportState(null);
            Eventually.until(Duration.ofSeconds(30), "active again", () -> health("c") == ClusterHealth.HEALTHY);
        }
    }

    @Test
    void proxyFailuresStartAProbeAtOnce()
            throws Exception
    {
        TestingUpstream coordinator = closeLater(new TestingUpstream(0));
        // probes every minute: only the proxy's report can explain a second probe
        start(Map.of("c", coordinator.uri()), Duration.ofMinutes(1));
        checker.firstRound().get();
        assertThat(coordinator.requests("/v1/info")).hasSize(1);
        Cluster cluster = registry.snapshot().find("c").orElseThrow();
        checker.reportProxyStatus(cluster, 503);
        Eventually.until(Duration.ofSeconds(30), "a probe after the proxy's report", () -> coordinator.requests("/v1/info").size() == 2);
        checker.reportProxyStatus(cluster, 200);
        assertThat(coordinator.requests("/v1/info")).as("an answered request starts no probe").hasSize(2);
    }

    @Test
    void readsTheSamplesOfAnOpenMetricsDocument()
    {
        String document = """
                # TYPE trino_execution_name_QueryManager_RunningQueries gauge
                trino_execution_name_QueryManager_RunningQueries 3.0
                # TYPE trino_execution_name_QueryManager_QueuedQueries gauge
                trino_execution_name_QueryManager_QueuedQueries 12.0 1764345600
                jvm_memory_bytes_used{area="heap"} 1.5E8
                not a sample
                # EOF
                """;
        Map<String, Double> samples = ClusterLoadReader.parseOpenMetrics(document.getBytes(StandardCharsets.UTF_8));
        assertThat(samples)
                .containsEntry(ClusterLoadReader.RUNNING_METRIC, 3.0)
                .containsEntry(ClusterLoadReader.QUEUED_METRIC, 12.0)
                .containsEntry("jvm_memory_bytes_used", 1.5E8)
                .hasSize(3);
    }

    private void start(Map<String, URI> clusters)
    {
        start(clusters, INTERVAL);
    }

    private void start(Map<String, URI> clusters, Duration interval)
    {
        ClusterConfig config = new ClusterConfig(Path.of("clusters.yaml"), interval, DEADLINE, 2, 1);
        registry = new ClusterRegistry(config, Clock.systemUTC());
        registry.replace(clusters.entrySet().stream()
                .map(entry -> new ClusterDefinition(entry.getKey(), entry.getValue(), "adhoc", true, true))
                .toList());
        checker = new ClusterHealthChecker(registry, config, httpClient, Clock.systemUTC());
        checker.start();
    }

    private ClusterHealth health(String name)
    {
        return registry.snapshot().find(name).map(cluster -> cluster.state().health().health()).orElseThrow();
    }

    private <T extends AutoCloseable> T closeLater(T closeable)
    {
        closeables.add(closeable);
        return closeable;
    }

    private static int closedPort()
            throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
