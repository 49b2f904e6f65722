package io.junction.routing;

import com.google.common.hash.Hashing;
import io.junction.cluster.Cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import static java.util.Objects.requireNonNull;

/**
 * Applies a group's {@link RoutingGroup.SelectionPolicy} to the clusters that can take a query.
 * <ul>
 * <li>least-loaded: the power of two choices (two random candidates, the less loaded wins), which
 * avoids the herd that "always the minimum" causes across several nodes. The load is
 * {@link io.junction.cluster.ClusterState#estimatedLoad()}: the cluster's own running and queued
 * counts plus what this node routed there since they were read, or this node's queries in flight
 * there when the cluster's counts are not read;</li>
 * <li>round-robin: a counter per group;</li>
 * <li>weighted: random, proportional to the weights; a cluster of weight 0 is a standby, chosen only
 * when every available cluster weighs 0;</li>
 * <li>consistent-hash: rendezvous (highest random weight) hashing of the key with each cluster name,
 * so when a cluster leaves only the keys it held move.</li>
 * </ul>
 * Thread-safe.
 */
public final class ClusterSelector
{
    private final RandomGenerator random;
    private final Map<String, AtomicLong> roundRobin = new ConcurrentHashMap<>();

    public ClusterSelector(RandomGenerator random)
    {
        this.random = requireNonNull(random, "random is null");
    }

    public record Selection(Cluster cluster, String explanation) {}

    /**
     * @param candidates non-empty; every one can take the query
     */
    public Selection select(RoutingGroup group, List<Cluster> candidates, RoutingRequest request)
    {
        if (candidates.size() == 1) {
            return new Selection(candidates.getFirst(), "the only available cluster");
        }
        return switch (group.policy()) {
            case LEAST_LOADED -> leastLoaded(candidates);
            case ROUND_ROBIN -> {
                long next = roundRobin.computeIfAbsent(group.name(), _ -> new AtomicLong()).getAndIncrement();
                yield new Selection(candidates.get((int) Math.floorMod(next, (long) candidates.size())), "round-robin");
            }
            case WEIGHTED -> weighted(group, candidates);
            case CONSISTENT_HASH -> {
                Optional<String> key = group.hashKey().of(request);
                if (key.isEmpty()) {
                    Selection fallback = leastLoaded(candidates);
                    yield new Selection(fallback.cluster(), "no " + group.hashKey().configName() + " to hash, " + fallback.explanation());
                }
                yield new Selection(rendezvous(key.get(), candidates), "consistent hash of " + group.hashKey().configName() + " '" + key.get() + "'");
            }
        };
    }

    private Selection leastLoaded(List<Cluster> candidates)
    {
        int first = random.nextInt(candidates.size());
        int second = random.nextInt(candidates.size() - 1);
        if (second >= first) {
            second++;
        }
        Cluster a = candidates.get(first);
        Cluster b = candidates.get(second);
        int loadA = a.state().estimatedLoad();
        int loadB = b.state().estimatedLoad();
        Cluster chosen = loadB < loadA ? b : a;
        // concatenation, not String.format: this runs for every decision
        return new Selection(chosen, "least loaded of " + a.name() + " (" + describeLoad(a, loadA) + ") and " + b.name() + " (" + describeLoad(b, loadB) + ")");
    }

    private static String describeLoad(Cluster cluster, int load)
    {
        return cluster.state().load().load().isPresent() ? "load " + load + ": reported running and queued, plus routed since" : load + " in flight";
    }

    private Selection weighted(RoutingGroup group, List<Cluster> candidates)
    {
        long total = 0;
        for (Cluster cluster : candidates) {
            total += group.weight(cluster.name());
        }
        if (total == 0) {
            Cluster standby = candidates.get(random.nextInt(candidates.size()));
            return new Selection(standby, "weighted: every available cluster weighs 0 (standby), chose %s at random".formatted(standby.name()));
        }
        long point = random.nextLong(total);
        for (Cluster cluster : candidates) {
            point -= group.weight(cluster.name());
            if (point < 0) {
                return new Selection(cluster, "weighted (" + group.weight(cluster.name()) + " of " + total + ")");
            }
        }
        return new Selection(candidates.getLast(), "weighted");
    }

    static Cluster rendezvous(String key, List<Cluster> candidates)
    {
        Cluster best = null;
        long bestScore = Long.MIN_VALUE;
        for (Cluster cluster : candidates) {
            long score = Hashing.murmur3_128().newHasher()
                    .putString(key, StandardCharsets.UTF_8)
                    .putByte((byte) 0)
                    .putString(cluster.name(), StandardCharsets.UTF_8)
                    .hash().asLong();
            if (best == null || score > bestScore) {
                best = cluster;
                bestScore = score;
            }
        }
        return best;
    }
}
