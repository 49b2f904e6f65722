package io.junction.routing;

import com.github.benmanes.caffeine.cache.Ticker;
import io.junction.cluster.ClusterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Builds routers and requests for routing tests.
 */
final class TestingRouting
{
    private TestingRouting() {}

    static GroupRouter router(ClusterRegistry registry, String defaultGroup, RuleSet rules)
    {
        return router(registry, defaultGroup, rules, new TransactionAffinity(1000, Duration.ofHours(1), Ticker.systemTicker()));
    }

    static GroupRouter router(ClusterRegistry registry, String defaultGroup, RuleSet rules, TransactionAffinity transactions)
    {
        return new GroupRouter(registry, new RoutingConfig(defaultGroup), RuleSource.of(rules), transactions, new ClusterSelector(new SplittableRandom(7)));
    }

    static RoutingRequest request(Map<String, String> headers)
    {
        return RoutingRequest.fromHeaders(headers, "127.0.0.1", Optional.empty(), false);
    }

    static RoutingRequest request(Map<String, String> headers, String sql)
    {
        return RoutingRequest.fromHeaders(headers, "127.0.0.1", Optional.of(sql), false);
    }

    static RuleSet rules(String yaml)
    {
        return new RuleSetParser().parse(yaml, "test");
    }
}
