package io.junction.routing;

import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterConfig;
import io.junction.cluster.ClusterDefinition;
import io.junction.cluster.ClusterHealth;
import io.junction.cluster.ClusterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TestGroupRouter
{
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private final ClusterRegistry registry = new ClusterRegistry(
            new ClusterConfig(Path.of("clusters.yaml"), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1), InstantSource.fixed(NOW));
    private final GroupRouter router = TestingRouting.router(registry, "adhoc", RuleSet.empty());

    TestGroupRouter()
    {
        registry.replace(List.of(
                definition("a1", "adhoc"),
                definition("a2", "adhoc"),
                definition("e1", "etl")));
        registry.snapshot().clusters().forEach(cluster -> cluster.state().recordReachable(ClusterHealth.HEALTHY, Optional.empty(), NOW));
    }

    @Test
    void sendsQueriesWithoutAGroupToTheDefaultGroup()
    {
        assertThat(routed(request(Optional.empty())).routingGroup()).isEqualTo("adhoc");
    }

    @Test
    void honoursTheRoutingGroupHeader()
    {
        RoutingDecision.Routed routed = routed(request(Optional.of("etl")));
        assertThat(routed.cluster().name()).isEqualTo("e1");
        assertThat(routed.reason()).contains("X-Trino-Routing-Group");
    }

    @Test
    void unknownGroupFallsBackToTheDefaultAndSaysSo()
    {
        RoutingDecision.Routed routed = routed(request(Optional.of("nope")));
        assertThat(routed.routingGroup()).isEqualTo("adhoc");
        assertThat(routed.reason()).contains("'nope' names no known group");
    }

    @Test
    void picksTheClusterWithFewestQueriesInFlight()
    {
        cluster("a1").state().queryStarted();
        assertThat(routed(request(Optional.empty())).cluster().name()).isEqualTo("a2");
        cluster("a2").state().queryStarted();
        cluster("a2").state().queryStarted();
        assertThat(routed(request(Optional.empty())).cluster().name()).isEqualTo("a1");
    }

    @Test
    void skipsUnhealthyAndExcludedClusters()
    {
        cluster("a1").state().recordUnreachable("connection refused", true, NOW);
        assertThat(routed(request(Optional.empty())).cluster().name()).isEqualTo("a2");
        RoutingDecision decision = router.decide(request(Optional.empty()), Set.of(cluster("a2")));
        assertThat(decision).isInstanceOf(RoutingDecision.Rejected.class);
        assertThat(((RoutingDecision.Rejected) decision).message())
                .isEqualTo("No healthy cluster in routing group 'adhoc' (a1: unreachable - connection refused, a2: healthy)");
    }

    @Test
    void explainsAGroupWithoutClusters()
    {
        GroupRouter other = TestingRouting.router(registry, "batch", RuleSet.empty());
        RoutingDecision decision = other.decide(request(Optional.empty()), Set.of());
        assertThat(((RoutingDecision.Rejected) decision).message()).isEqualTo("No cluster is configured for routing group 'batch'");
    }

    private RoutingDecision.Routed routed(RoutingRequest request)
    {
        return (RoutingDecision.Routed) router.decide(request, Set.of());
    }

    private Cluster cluster(String name)
    {
        return registry.snapshot().find(name).orElseThrow();
    }

    private static RoutingRequest request(Optional<String> group)
    {
        return TestingRouting.request(group.map(name -> Map.of("X-Trino-User", "alice", "X-Trino-Routing-Group", name)).orElse(Map.of("X-Trino-User", "alice")));
    }

    private static ClusterDefinition definition(String name, String group)
    {
        return new ClusterDefinition(name, URI.create("http://" + name + ":8080"), group, true, true);
    }
}
