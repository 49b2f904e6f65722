package io.junction.routing;

import io.junction.cluster.Cluster;
import io.junction.cluster.ClusterDefinition;
import io.junction.cluster.ClusterState;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Distribution and hashing properties of the selection policies.
 */
class TestClusterSelector
{
    private final ClusterSelector selector = new ClusterSelector(new SplittableRandom(42));
    private final List<Cluster> clusters = IntStream.rangeClosed(1, 5).mapToObj(i -> cluster("c" + i)).toList();

    @Test
    void roundRobinVisitsEveryClusterInTurn()
    {
        RoutingGroup group = group(RoutingGroup.SelectionPolicy.ROUND_ROBIN, Map.of());
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            chosen.add(selector.select(group, clusters, request(Map.of())).cluster().name());
        }
        assertThat(chosen).containsExactly("c1", "c2", "c3", "c4", "c5", "c1", "c2", "c3", "c4", "c5");
    }

    @Test
    void weightedFollowsTheWeights()
    {
        RoutingGroup group = group(RoutingGroup.SelectionPolicy.WEIGHTED, Map.of("c1", 6, "c2", 3));
        Map<String, Integer> counts = counts(group, 12_000, i -> Map.of());
        // weights 6, 3, 1, 1, 1 of 12
        assertThat(counts.get("c1")).isBetween(5_600, 6_400);
        assertThat(counts.get("c2")).isBetween(2_700, 3_300);
        assertThat(counts.get("c5")).isBetween(800, 1_200);
    }

    @Test
    void aClusterOfWeightZeroIsAStandbyChosenOnlyWhenEveryAvailableClusterWeighsZero()
    {
        RoutingGroup group = group(RoutingGroup.SelectionPolicy.WEIGHTED, Map.of("c1", 0, "c2", 0, "c3", 0, "c4", 0));
        assertThat(counts(group, 2_000, i -> Map.of())).isEqualTo(Map.of("c5", 2_000));

        List<Cluster> standbys = clusters.subList(0, 2);
        Map<String, Integer> standbyCounts = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            ClusterSelector.Selection selection = selector.select(group, standbys, request(Map.of()));
            assertThat(selection.explanation()).startsWith("weighted: every available cluster weighs 0 (standby)");
            standbyCounts.merge(selection.cluster().name(), 1, Integer::sum);
        }
        assertThat(standbyCounts.keySet()).containsExactlyInAnyOrder("c1", "c2");
    }

    @Test
    void leastLoadedNeverPicksTheBusiestOfTheTwoItSamples()
    {
        RoutingGroup group = group(RoutingGroup.SelectionPolicy.LEAST_LOADED, Map.of());
        for (int i = 0; i < 20; i++) {
            clusters.get(0).state().queryStarted();
        }
        Map<String, Integer> counts = counts(group, 5_000, i -> Map.of());
        assertThat(counts.getOrDefault("c1", 0)).isZero();
        assertThat(counts.keySet()).containsExactlyInAnyOrder("c2", "c3", "c4", "c5");
    }

    @Test
    void consistentHashIsStableAndMovesOnlyTheKeysOfALeavingCluster()
    {
        RoutingGroup group = group(RoutingGroup.SelectionPolicy.CONSISTENT_HASH, Map.of());
        Map<String, String> before = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            String user = "user-" + i;
            before.put(user, selector.select(group, clusters, request(Map.of("X-Trino-User", user))).cluster().name());
            assertThat(selector.select(group, clusters, request(Map.of("X-Trino-User", user))).cluster().name()).isEqualTo(before.get(user));
        }
        Map<String, Long> spread = before.values().stream().collect(java.util.stream.Collectors.groupingBy(name -> name, java.util.stream.Collectors.counting()));
        assertThat(spread.values()).allSatisfy(count -> assertThat(count).isBetween(800L, 1_200L));

        List<Cluster> withoutC3 = clusters.stream().filter(cluster -> !cluster.name().equals("c3")).toList();
        int moved = 0;
        for (Map.Entry<String, String> entry : before.entrySet()) {
            String after = selector.select(group, withoutC3, request(Map.of("X-Trino-User", entry.getKey()))).cluster().name();
            if (!after.equals(entry.getValue())) {
                moved++;
                assertThat(entry.getValue()).as("only keys of the leaving cluster move").isEqualTo("c3");
            }
        }
        assertThat(moved).isEqualTo(spread.get("c3").intValue());
    }

    @Test
    void consistentHashOnAClientTagOrTraceToken()
    {
        RoutingGroup byTag = new RoutingGroup("g", "", RoutingGroup.SelectionPolicy.CONSISTENT_HASH, RoutingGroup.HashKey.CLIENT_TAG, Map.of(), Optional.empty());
        String first = selector.select(byTag, clusters, request(Map.of("X-Trino-Client-Tags", "team-a,x"))).cluster().name();
        assertThat(selector.select(byTag, clusters, request(Map.of("X-Trino-Client-Tags", "x,team-a", "X-Trino-User", "other"))).cluster().name()).isEqualTo(first);
        RoutingGroup byTrace = new RoutingGroup("g", "", RoutingGroup.SelectionPolicy.CONSISTENT_HASH, RoutingGroup.HashKey.TRACE_TOKEN, Map.of(), Optional.empty());
        assertThat(selector.select(byTrace, clusters, request(Map.of())).explanation()).startsWith("no trace-token to hash, least loaded");
    }

    private Map<String, Integer> counts(RoutingGroup group, int queries, java.util.function.IntFunction<Map<String, String>> headers)
    {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < queries; i++) {
            counts.merge(selector.select(group, clusters, request(headers.apply(i))).cluster().name(), 1, Integer::sum);
        }
        return counts;
    }

    private static RoutingGroup group(RoutingGroup.SelectionPolicy policy, Map<String, Integer> weights)
    {
        return new RoutingGroup("g", "", policy, RoutingGroup.HashKey.USER, weights, Optional.empty());
    }

    private static RoutingRequest request(Map<String, String> headers)
    {
        return TestingRouting.request(headers);
    }

    private static Cluster cluster(String name)
    {
        return new Cluster(new ClusterDefinition(name, URI.create("http://" + name + ":8080"), "g", true, true), new ClusterState(1, 1, Instant.EPOCH));
    }
}
