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

/**
 * Rule semantics: priorities, first match, continue, every action, isolation and fallback.
 */
class TestRoutingRules
{
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private final ClusterRegistry registry = new ClusterRegistry(
            new ClusterConfig(Path.of("clusters.yaml"), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1), InstantSource.fixed(NOW));

    TestRoutingRules()
    {
        registry.replace(List.of(
                definition("a1", "adhoc"),
                definition("e1", "etl"),
                definition("b1", "bi"),
                definition("s1", "secure")));
        registry.snapshot().clusters().forEach(cluster -> cluster.state().recordReachable(ClusterHealth.HEALTHY, Optional.empty(), NOW));
    }

    @Test
    void lowerPriorityNumberRunsFirstAndTheFirstMatchWins()
    {
        RuleSet rules = TestingRouting.rules("""
                rules:
                  - name: later
                    priority: 20
                    condition: 'source == "airflow"'
                    actions: [{route: adhoc}]
                  - name: earlier
                    priority: 10
                    condition: 'source == "airflow"'
                    actions: [{route: etl}]
                """);
        RoutingDecision.Routed routed = routed(rules, Map.of("X-Trino-Source", "airflow"));
        assertThat(routed.routingGroup()).isEqualTo("etl");
        assertThat(routed.matchedRules()).containsExactly("earlier");
        assertThat(routed.reason()).startsWith("rule 'earlier' chose group 'etl'");
    }

    @Test
    void equalPrioritiesKeepFileOrder()
    {
        RuleSet rules = TestingRouting.rules("""
                rules:
                  - {name: first, condition: 'true', actions: [{route: bi}]}
                  - {name: second, condition: 'true', actions: [{route: etl}]}
                """);
        assertThat(routed(rules, Map.of()).routingGroup()).isEqualTo("bi");
    }

    @Test
    void continueAppliesActionsAndGoesOnToLaterRules()
    {
        RuleSet rules = TestingRouting.rules("""
                rules:
                  - name: tag-everything
                    priority: 1
                    continue: true
                    condition: 'true'
                    actions:
                      - add-client-tag: via-junction
                      - route: bi
                  - name: etl-users
                    priority: 2
                    condition: 'user.startsWith("etl_")'
                    actions: [{route: etl}]
                  - name: never-reached
                    priority: 3
                    condition: 'true'
                    actions: [{route: adhoc}]
                """);
        RoutingDecision.Routed etl = routed(rules, Map.of("X-Trino-User", "etl_nightly", "X-Trino-Client-Tags", "a"));
        assertThat(etl.routingGroup()).isEqualTo("etl");
        assertThat(etl.matchedRules()).containsExactly("tag-everything", "etl-users");
        assertThat(etl.headerEdits()).containsExactly(new HeaderEdit.SetHeader("X-Trino-Client-Tags", "a,via-junction"));

        RoutingDecision.Routed other = routed(rules, Map.of("X-Trino-User", "alice"));
        assertThat(other.routingGroup()).isEqualTo("adhoc");
        assertThat(other.matchedRules()).containsExactly("tag-everything", "never-reached");
    }

    @Test
    void headerActionsComposeIntoFinalHeaderValues()
    {
        RuleSet rules = TestingRouting.rules("""
                rules:
                  - name: limits
                    condition: '"dashboards" in client_tags'
                    actions:
                      - set-session-property: {name: query_max_run_time, value: 5m}
                      - set-session-property: {name: hive.insert_existing_partitions_behavior, value: 'OVERWRITE'}
                      - set-header: {name: X-Trino-Client-Info, value: routed by junction}
                      - remove-header: X-Trino-Trace-Token
                """);
        RoutingDecision.Routed routed = routed(rules, Map.of(
                "X-Trino-Client-Tags", "dashboards",
                "X-Trino-Session", "query_max_run_time=1h,join_distribution_type=BROADCAST",
                "X-Trino-Trace-Token", "t-1"));
        assertThat(routed.headerEdits()).containsExactly(
                new HeaderEdit.SetHeader("X-Trino-Session", "join_distribution_type=BROADCAST,query_max_run_time=5m,hive.insert_existing_partitions_behavior=OVERWRITE"),
                new HeaderEdit.SetHeader("X-Trino-Client-Info", "routed by junction"),
                new HeaderEdit.RemoveHeader("X-Trino-Trace-Token"));
        assertThat(routed.routingGroup()).isEqualTo("adhoc");
    }

    @Test
    void rejectEndsEvaluationWithTheRulesMessage()
    {
        RuleSet rules = TestingRouting.rules("""
                rules:
                  - name: no-interns-on-prod
                    condition: 'user.matches("^intern[0-9]+$")'
                    actions: [{reject: "Interns use the sandbox cluster"}]
                  - {name: everything, condition: 'true', actions: [{route: etl}]}
                """);
        RoutingDecision decision = router(rules).decide(TestingRouting.request(Map.of("X-Trino-User", "intern7")), Set.of());
        assertThat(decision).isEqualTo(new RoutingDecision.Rejected(RoutingDecision.RejectionReason.REJECTED_BY_RULE, "adhoc",
                "Interns use the sandbox cluster", List.of("no-interns-on-prod")));
        assertThat(routed(rules, Map.of("X-Trino-User", "bob")).routingGroup()).isEqualTo("etl");
    }

    @Test
    void withoutAMatchingRouteTheHeaderThenTheDefaultGroupApply()
    {
        RuleSet rules = TestingRouting.rules("""
                rules:
                  - {name: bi, condition: 'source == "superset"', actions: [{route: bi}]}
                """);
        assertThat(routed(rules, Map.of("X-Trino-Routing-Group", "etl")).routingGroup()).isEqualTo("etl");
        assertThat(routed(rules, Map.of()).routingGroup()).isEqualTo("adhoc");
    }

    @Test
    void strictIsolationRejectsAndFallbackMovesToTheNamedGroup()
    {
        RuleSet rules = TestingRouting.rules("""
                groups:
                  - name: secure
                    description: PII workloads; never elsewhere
                  - name: bi
                    fallback: adhoc
                rules:
                  - {name: pii, condition: '"pii" in client_tags', actions: [{route: secure}]}
                  - {name: bi, condition: 'source == "superset"', actions: [{route: bi}]}
                """);
        cluster("s1").state().recordUnreachable("connection refused", true, NOW);
        cluster("b1").state().recordUnreachable("connection refused", true, NOW);

        RoutingDecision isolated = router(rules).decide(TestingRouting.request(Map.of("X-Trino-Client-Tags", "pii")), Set.of());
        assertThat(isolated).isInstanceOf(RoutingDecision.Rejected.class);
        assertThat(((RoutingDecision.Rejected) isolated).message())
                .isEqualTo("No healthy cluster in routing group 'secure' (s1: unreachable - connection refused) (the group has no fallback)");

        RoutingDecision.Routed fellBack = routed(rules, Map.of("X-Trino-Source", "superset"));
        assertThat(fellBack.cluster().name()).isEqualTo("a1");
        assertThat(fellBack.routingGroup()).isEqualTo("adhoc");
        assertThat(fellBack.reason()).contains("group 'bi' has no available cluster, fell back to 'adhoc'");
    }

    @Test
    void aConditionThatFailsAtRunTimeDoesNotMatch()
    {
        RuleSet rules = TestingRouting.rules("""
                rules:
                  - {name: by-session, condition: 'session["query_priority"] == "1"', actions: [{route: etl}]}
                """);
        RoutingDecision.Routed routed = routed(rules, Map.of());
        assertThat(routed.routingGroup()).isEqualTo("adhoc");
        assertThat(routed.reason()).contains("rule 'by-session': condition failed");
        assertThat(routed(rules, Map.of("X-Trino-Session", "query_priority=1")).routingGroup()).isEqualTo("etl");
    }

    @Test
    void sqlIsParsedOnlyWhenAConditionReadsASqlFact()
    {
        RuleSet headersOnly = TestingRouting.rules("""
                rules:
                  - {name: airflow, condition: 'source == "airflow"', actions: [{route: etl}]}
                """);
        RoutingRequest request = TestingRouting.request(Map.of("X-Trino-Source", "superset"), "SELECT * FROM hive.web.clicks");
        router(headersOnly).decide(request, Set.of());
        assertThat(request.statement().parsed()).isFalse();

        RuleSet sqlRule = TestingRouting.rules("""
                rules:
                  - {name: airflow, condition: 'source == "airflow"', actions: [{route: etl}]}
                  - name: clicks
                    condition: 'source == "superset" && tables.exists(t, t.startsWith("hive.web."))'
                    actions: [{route: bi}]
                """);
        assertThat(((RoutingDecision.Routed) router(sqlRule).decide(request, Set.of())).routingGroup()).isEqualTo("bi");
        assertThat(request.statement().parsed()).isTrue();
    }

    @Test
    void requestVariablesComeFromTheTrinoHeaders()
    {
        RuleSet rules = TestingRouting.rules("""
                rules:
                  - name: everything
                    condition: >
                      user == "basic-user" && client_info == "info" && catalog == "hive" && schema == "web"
                      && path == "hive.web" && resource_estimates["EXECUTION_TIME"] == "10m" && trace_token == "tt"
                      && transaction_id == "" && remote_address == "127.0.0.1" && headers["x-custom"] == "yes"
                    actions: [{route: etl}]
                """);
        RoutingDecision.Routed routed = routed(rules, Map.of(
                "Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("basic-user:secret".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "X-Trino-Client-Info", "info",
                "X-Trino-Catalog", "hive",
                "X-Trino-Schema", "web",
                "X-Trino-Path", "hive.web",
                "X-Trino-Resource-Estimate", "EXECUTION_TIME=10m",
                "X-Trino-Trace-Token", "tt",
                "X-Trino-Transaction-Id", "NONE",
                "X-Custom", "yes"));
        assertThat(routed.routingGroup()).isEqualTo("etl");
    }

    @Test
    void transactionStatementsStayOnTheClusterThatStartedTheTransaction()
    {
        registry.replace(List.of(definition("a1", "adhoc"), definition("a2", "adhoc"), definition("e1", "etl")));
        registry.snapshot().clusters().forEach(cluster -> cluster.state().recordReachable(ClusterHealth.HEALTHY, Optional.empty(), NOW));
        TransactionAffinity transactions = new TransactionAffinity(100, Duration.ofMinutes(5), com.github.benmanes.caffeine.cache.Ticker.systemTicker());
        transactions.started("tx-1", "a2");
        RuleSet rules = TestingRouting.rules("""
                rules:
                  - {name: all-to-etl, condition: 'true', actions: [{route: etl}]}
                """);
        GroupRouter router = TestingRouting.router(registry, "adhoc", rules, transactions);
        for (int i = 0; i < 20; i++) {
            RoutingDecision.Routed routed = (RoutingDecision.Routed) router.decide(TestingRouting.request(Map.of("X-Trino-Transaction-Id", "tx-1")), Set.of());
            assertThat(routed.cluster().name()).isEqualTo("a2");
            assertThat(routed.reason()).contains("transaction tx-1");
        }
        transactions.cleared("tx-1");
        assertThat(((RoutingDecision.Routed) router.decide(TestingRouting.request(Map.of("X-Trino-Transaction-Id", "tx-1")), Set.of())).cluster().name())
                .isEqualTo("e1");
    }

    private RoutingDecision.Routed routed(RuleSet rules, Map<String, String> headers)
    {
        return (RoutingDecision.Routed) router(rules).decide(TestingRouting.request(headers), Set.of());
    }

    private GroupRouter router(RuleSet rules)
    {
        return TestingRouting.router(registry, "adhoc", rules);
    }

    private Cluster cluster(String name)
    {
        return registry.snapshot().find(name).orElseThrow();
    }

    private static ClusterDefinition definition(String name, String group)
    {
        return new ClusterDefinition(name, URI.create("http://" + name + ":8080"), group, true, true);
    }
}
