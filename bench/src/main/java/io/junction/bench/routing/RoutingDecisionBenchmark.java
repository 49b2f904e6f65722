package io.junction.bench.routing;

import com.github.benmanes.caffeine.cache.Ticker;
import io.junction.cluster.ClusterConfig;
import io.junction.cluster.ClusterDefinition;
import io.junction.cluster.ClusterHealth;
import io.junction.cluster.ClusterRegistry;
import io.junction.routing.ClusterSelector;
import io.junction.routing.GroupRouter;
import io.junction.routing.RoutingConfig;
import io.junction.routing.RoutingDecision;
import io.junction.routing.RoutingRequest;
import io.junction.routing.RuleSetParser;
import io.junction.routing.RuleSource;
import io.junction.routing.TransactionAffinity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One routing decision over 100 rules, the last of which matches: without SQL facts (conditions on
 * headers only) and with SQL facts (one rule early in the list reads {@code tables}, so every decision
 * parses the statement once). Run: {@code bench/jmh.sh} (see docs/performance.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingDecisionBenchmark
{
    private static final String SQL = """
            WITH recent AS (SELECT * FROM lake.sales.orders WHERE day > current_date - INTERVAL '7' DAY)
            SELECT c.name, sum(r.total) FROM recent r JOIN crm.core.customers c ON r.custkey = c.custkey GROUP BY 1""";

    private GroupRouter headerRules;
    private GroupRouter sqlRules;
    private RoutingRequest request;
    private Map<String, String> headers;

    @Setup
    public void setUp()
    {
        ClusterRegistry registry = new ClusterRegistry(new ClusterConfig(Path.of("clusters.yaml"), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1),
                InstantSource.system());
        registry.replace(List.of(
                new ClusterDefinition("a1", URI.create("http://a1:8080"), "adhoc", true, true),
                new ClusterDefinition("a2", URI.create("http://a2:8080"), "adhoc", true, true),
                new ClusterDefinition("e1", URI.create("http://e1:8080"), "etl", true, true),
                new ClusterDefinition("e2", URI.create("http://e2:8080"), "etl", true, true)));
        registry.snapshot().clusters().forEach(cluster -> cluster.state().recordReachable(ClusterHealth.HEALTHY, Optional.empty(), java.time.Instant.now()));
        headerRules = router(registry, rules(false));
        sqlRules = router(registry, rules(true));
        headers = Map.of("X-Trino-User", "alice", "X-Trino-Source", "airflow", "X-Trino-Client-Tags", "nightly,finance",
                "X-Trino-Catalog", "hive", "X-Trino-Schema", "web", "X-Trino-Session", "query_max_run_time=1h");
        request = RoutingRequest.fromHeaders(headers, "10.0.0.7", Optional.of(SQL), false);
    }

    @Benchmark
    public RoutingDecision decisionWithoutSql()
    {
        return headerRules.decide(request, Set.of());
    }

    @Benchmark
    public RoutingDecision requestAndDecisionWithoutSql()
    {
        return headerRules.decide(RoutingRequest.fromHeaders(headers, "10.0.0.7", Optional.of(SQL), false), Set.of());
    }

    @Benchmark
    public RoutingDecision requestAndDecisionWithSql()
    {
        // a fresh request per decision: its statement is parsed once, as for a real query
        return sqlRules.decide(RoutingRequest.fromHeaders(headers, "10.0.0.7", Optional.of(SQL), false), Set.of());
    }

    private static GroupRouter router(ClusterRegistry registry, String rules)
    {
        return new GroupRouter(registry, new RoutingConfig("adhoc"), RuleSource.of(new RuleSetParser().parse(rules, "benchmark")),
                new TransactionAffinity(1000, Duration.ofHours(1), Ticker.systemTicker()), new ClusterSelector(ThreadLocalRandom.current()));
    }

    private static String rules(boolean withSql)
    {
        StringBuilder rules = new StringBuilder("rules:\n");
        for (int i = 0; i < 99; i++) {
            String condition = switch (i % 4) {
                case 0 -> "source == \"tool-" + i + "\"";
                case 1 -> "user == \"user-" + i + "\" && \"tag-" + i + "\" in client_tags";
                case 2 -> "source.startsWith(\"bi-" + i + "\") || (\"x\" in session && session[\"x\"] == \"" + i + "\")";
                default -> "catalog == \"c" + i + "\" && schema == \"s" + i + "\"";
            };
            if (withSql && i == 10) {
                condition = "tables.exists(t, t.startsWith(\"lake.secret.\"))";
            }
            rules.append("  - name: rule-").append(i).append("\n    priority: ").append(i)
                    .append("\n    condition: '").append(condition.replace("'", "''")).append("'\n    actions: [{route: etl}]\n");
        }
        rules.append("  - name: airflow\n    priority: 100\n    condition: 'source == \"airflow\" && \"nightly\" in client_tags'\n    actions: [{route: etl}]\n");
        return rules.toString();
    }
}
