package io.junction.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Ticker;
import io.junction.cluster.ClusterConfig;
import io.junction.cluster.ClusterDefinition;
import io.junction.cluster.ClusterHealth;
import io.junction.cluster.ClusterRegistry;
import io.junction.testing.TestingRoutingService;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The external routing service decides, speaking trino-gateway's contract with a real HTTP
 * service in the test JVM: its group, its errors (propagated or not), its externalHeaders, and
 * the fallback when it misses the deadline, answers badly or cannot be reached.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestExternalRouting
{
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final String RULES = """
            rules:
              - name: etl-tool
                condition: 'source == "etl-tool"'
                actions: [{route: etl}]
            """;

    private final ClusterRegistry registry = new ClusterRegistry(
            new ClusterConfig(Path.of("clusters.yaml"), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1), InstantSource.fixed(NOW));
    private final TransactionAffinity transactions = new TransactionAffinity(100, Duration.ofMinutes(5), Ticker.systemTicker());
    private final GroupRouter groups = TestingRouting.router(registry, "adhoc", TestingRouting.rules(RULES), transactions);
    private final HttpClient httpClient = new HttpClient();
    private TestingRoutingService service;
    private ExternalRoutingStats stats;

    @BeforeAll
    void startClient()
            throws Exception
    {
        httpClient.start();
        registry.replace(List.of(definition("a1", "adhoc"), definition("e1", "etl"), definition("e2", "etl")));
        registry.snapshot().clusters().forEach(cluster -> cluster.state().recordReachable(ClusterHealth.HEALTHY, Optional.empty(), NOW));
    }

    @AfterAll
    void stopClient()
            throws Exception
    {
        httpClient.stop();
    }

    @BeforeEach
    void startService()
            throws Exception
    {
        service = new TestingRoutingService();
        stats = new ExternalRoutingStats();
    }

    @AfterEach
    void stopService()
            throws Exception
    {
        service.close();
    }

    @Test
    void routesToTheGroupTheServiceChoosesAndSendsItTrinoGatewaysRequest()
    {
        service.answerJson("{\"routingGroup\": \"etl\", \"errors\": [], \"externalHeaders\": {}}");
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
        RoutingDecision.Routed routed = routed(router(config()), Map.of(
                "X-Trino-User", "alice", "X-Trino-Source", "superset", "Authorization", basic, "X-Trino-Client-Tags", "a,b"));

        assertThat(routed.routingGroup()).isEqualTo("etl");
        assertThat(routed.cluster().definition().routingGroup()).isEqualTo("etl");
        assertThat(routed.reason()).startsWith("routing service chose group 'etl'");
        assertThat(routed.external()).get().isInstanceOf(ExternalRoutingOutcome.Answered.class);

        TestingRoutingService.Call call = service.lastCall();
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.headers().get("X-Trino-User")).isEqualTo("alice");
        assertThat(call.headers().get("X-Trino-Source")).isEqualTo("superset");
        assertThat(call.headers().get("X-Trino-Client-Tags")).isEqualTo("a,b");
        assertThat(call.headers().get("Authorization")).as("credentials are excluded by default").isNull();
        assertThat(call.headers().get("Content-Type")).isEqualTo("application/json");
        JsonNode body = call.body();
        assertThat(body.path("trinoRequestUser").path("user").asText()).isEqualTo("alice");
        assertThat(body.path("method").asText()).isEqualTo("POST");
        assertThat(body.path("requestURI").asText()).isEqualTo("/v1/statement");
        assertThat(body.path("remoteAddr").asText()).isEqualTo("127.0.0.1");
        assertThat(body.path("remoteHost").asText()).isEqualTo("127.0.0.1");
        assertThat(body.path("contentType").asText()).isEqualTo("application/json");
        assertThat(body.path("trinoQueryProperties").isNull()).isTrue();
        assertThat(body.has("queryString") && body.has("session") && body.has("remoteUser") && body.path("parameters").isObject()).isTrue();

        assertThat(stats.calls()).isEqualTo(1);
        assertThat(stats.answers()).isEqualTo(1);
        assertThat(stats.failures()).isZero();
        assertThat(stats.latencyBucketCounts()).hasSize(stats.latencyBucketUpperBounds().size() + 1);
        assertThat(java.util.Arrays.stream(stats.latencyBucketCounts()).sum()).isEqualTo(1);
        assertThat(stats.latencyMax()).isPositive().isEqualTo(stats.latencyTotal());
    }

    @Test
    void sendsTheSqlAndItsFactsWhenConfigured()
    {
        service.answerJson("{\"routingGroup\": \"etl\"}");
        ExternalRoutingConfig config = new ExternalRoutingConfig(Optional.of(service.uri()), Duration.ofSeconds(5), Set.of(), ExternalRoutingConfig.Fallback.DEFAULT_GROUP, false, true);
        RoutingRequest request = TestingRouting.request(Map.of("X-Trino-Catalog", "hive", "X-Trino-Schema", "web"),
                "WITH recent AS (SELECT * FROM clicks) SELECT * FROM recent JOIN lake.sales.orders o ON true");
        assertThat(decision(router(config), request)).isInstanceOf(RoutingDecision.Routed.class);

        JsonNode properties = service.lastCall().body().path("trinoQueryProperties");
        assertThat(properties.path("body").asText()).startsWith("WITH recent AS");
        assertThat(properties.path("queryType").asText()).isEqualTo("Query");
        assertThat(properties.path("resourceGroupQueryType").asText()).isEqualTo("SELECT");
        assertThat(properties.path("tables").toString()).isEqualTo("[\"hive.web.clicks\",\"lake.sales.orders\"]");
        assertThat(properties.path("catalogs").toString()).isEqualTo("[\"hive\",\"lake\"]");
        assertThat(properties.path("schemas").toString()).isEqualTo("[\"sales\",\"web\"]");
        assertThat(properties.path("catalogSchemas").toString()).isEqualTo("[\"hive.web\",\"lake.sales\"]");
        assertThat(properties.path("defaultCatalog").asText()).isEqualTo("hive");
        assertThat(properties.path("defaultSchema").asText()).isEqualTo("web");
        assertThat(properties.path("isNewQuerySubmission").asBoolean()).isTrue();
        assertThat(properties.path("isQueryParsingSuccessful").asBoolean()).isTrue();
        assertThat(properties.path("errorMessage").isNull()).isTrue();
        assertThat(request.statement().parsed()).as("parsed once, for the service and any rule").isTrue();
    }

    @Test
    void appliesExternalHeadersExceptExcludedAndManagedOnes()
    {
        service.answerJson("""
                {"routingGroup": "etl", "errors": [], "externalHeaders": {
                  "X-Trino-Client-Tags": "etl,priority", "X-Trino-Session": "query_max_memory=50GB",
                  "Authorization": "Basic bWFsbG9yeQ==", "Host": "elsewhere", "X-Empty": null}}
                """);
        RoutingDecision.Routed routed = routed(router(config()), Map.of("X-Trino-User", "alice"));

        assertThat(routed.headerEdits()).containsExactly(
                new HeaderEdit.SetHeader("X-Trino-Client-Tags", "etl,priority"),
                new HeaderEdit.SetHeader("X-Trino-Session", "query_max_memory=50GB"));
        assertThat(routed.reason())
                .contains("externalHeaders: 'Authorization' is excluded by routing.external.exclude-headers")
                .contains("externalHeaders: 'Host' cannot be set");
    }

    @Test
    void errorsFailTheQueryOnlyWhenPropagated()
    {
        service.answerJson("{\"routingGroup\": \"etl\", \"errors\": [\"too expensive\", \"try tonight\"]}");
        RoutingDecision propagated = decision(router(config(ExternalRoutingConfig.Fallback.DEFAULT_GROUP, true)), TestingRouting.request(Map.of()));
        assertThat(propagated).isInstanceOf(RoutingDecision.Rejected.class);
        RoutingDecision.Rejected rejected = (RoutingDecision.Rejected) propagated;
        assertThat(rejected.reason()).isEqualTo(RoutingDecision.RejectionReason.REJECTED_BY_ROUTING_SERVICE);
        assertThat(rejected.message()).isEqualTo("Rejected by the routing service: too expensive; try tonight");

        RoutingDecision.Routed ignored = routed(router(config(ExternalRoutingConfig.Fallback.DEFAULT_GROUP, false)), Map.of());
        assertThat(ignored.routingGroup()).isEqualTo("etl");
        assertThat(ignored.reason()).contains("routing service errors ignored (routing.external.propagate-errors=false): too expensive; try tonight");
        assertThat(stats.answersWithErrors()).isEqualTo(2);
    }

    @Test
    void anAnswerWithoutAGroupUsesTheRoutingGroupHeaderOrTheDefaultGroup()
    {
        service.answerJson("{\"routingGroup\": \"\"}");
        assertThat(routed(router(config()), Map.of("X-Trino-Routing-Group", "etl")).routingGroup()).isEqualTo("etl");
        service.answerJson("{}");
        RoutingDecision.Routed routed = routed(router(config()), Map.of());
        assertThat(routed.routingGroup()).isEqualTo("adhoc");
        assertThat(routed.reason()).startsWith("routing service chose no group, default group");
    }

    @Test
    void aMissedDeadlineFallsBackToTheDefaultGroup()
    {
        service.answer(_ -> TestingRoutingService.Answer.hold());
        ExternalRoutingConfig config = new ExternalRoutingConfig(Optional.of(service.uri()), Duration.ofMillis(300), Set.of(), ExternalRoutingConfig.Fallback.DEFAULT_GROUP, false, false);
        RoutingDecision.Routed routed = routed(router(config), Map.of("X-Trino-Source", "etl-tool"));

        assertThat(routed.routingGroup()).as("not the rules' group: the fallback is the default group").isEqualTo("adhoc");
        assertThat(routed.reason()).startsWith("routing service failed (timeout: no answer within routing.external.timeout (300 ms)), fallback: default group");
        ExternalRoutingOutcome.Failed failed = (ExternalRoutingOutcome.Failed) routed.external().orElseThrow();
        assertThat(failed.kind()).isEqualTo(ExternalRoutingOutcome.FailureKind.TIMEOUT);
        assertThat(failed.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(stats.failures(ExternalRoutingOutcome.FailureKind.TIMEOUT)).isEqualTo(1);
        assertThat(stats.answers()).isZero();
    }

    @Test
    void malformedJsonFallsBackToTheRules()
    {
        Router router = router(config(ExternalRoutingConfig.Fallback.RULES, false));
        service.answerJson("{\"routingGroup\": \"etl\"");
        RoutingDecision.Routed routed = routed(router, Map.of("X-Trino-Source", "etl-tool"));
        assertThat(routed.routingGroup()).isEqualTo("etl");
        assertThat(routed.matchedRules()).containsExactly("etl-tool");
        assertThat(routed.reason()).startsWith("routing service failed (bad-json: the answer is not JSON: ").contains("rules decide: rule 'etl-tool' chose group 'etl'");

        service.answerJson("{\"routingGroup\": 5}");
        assertThat(routed(router, Map.of()).routingGroup()).isEqualTo("adhoc");
        service.answerJson("[\"etl\"]");
        assertThat(routed(router, Map.of()).routingGroup()).isEqualTo("adhoc");
        assertThat(stats.failures(ExternalRoutingOutcome.FailureKind.BAD_JSON)).isEqualTo(3);
    }

    @Test
    void aBadStatusWithTheRejectFallbackFailsTheQuery()
    {
        service.answer(_ -> TestingRoutingService.Answer.status(500, "{\"routingGroup\": \"etl\"}"));
        RoutingDecision decision = decision(router(config(ExternalRoutingConfig.Fallback.REJECT, false)), TestingRouting.request(Map.of()));
        RoutingDecision.Rejected rejected = (RoutingDecision.Rejected) decision;
        assertThat(rejected.reason()).isEqualTo(RoutingDecision.RejectionReason.ROUTING_SERVICE_FAILED);
        assertThat(rejected.message()).isEqualTo("The routing service failed (bad-status: the routing service answered HTTP 500) and routing.external.fallback=reject");
        assertThat(stats.failures(ExternalRoutingOutcome.FailureKind.BAD_STATUS)).isEqualTo(1);
    }

    @Test
    void anUnreachableServiceIsAConnectFailure()
            throws Exception
    {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ExternalRoutingConfig config = new ExternalRoutingConfig(Optional.of(URI.create("http://127.0.0.1:" + closedPort + "/route")), Duration.ofSeconds(5), Set.of(),
                ExternalRoutingConfig.Fallback.DEFAULT_GROUP, false, false);
        RoutingDecision.Routed routed = routed(router(config), Map.of());
        assertThat(routed.routingGroup()).isEqualTo("adhoc");
        assertThat(stats.failures(ExternalRoutingOutcome.FailureKind.CONNECT)).isEqualTo(1);
    }

    @Test
    void aStatementOfAKnownTransactionDoesNotAskTheService()
    {
        transactions.started("tx-7", "e2");
        RoutingDecision.Routed routed = routed(router(config()), Map.of("X-Trino-Transaction-Id", "tx-7"));
        assertThat(routed.cluster().name()).isEqualTo("e2");
        assertThat(routed.external()).isEmpty();
        assertThat(service.calls()).isEmpty();
        transactions.cleared("tx-7");
    }

    @Test
    void latencyFallsIntoTheFirstBucketWhoseBoundIsAtLeastIt()
    {
        ExternalRoutingStats latencies = new ExternalRoutingStats();
        for (Duration latency : List.of(Duration.ofMillis(1), Duration.ofMillis(3), Duration.ofMillis(5), Duration.ofSeconds(7))) {
            latencies.record(new ExternalRoutingOutcome.Answered(Optional.empty(), List.of(), Map.of(), latency));
        }
        long[] counts = latencies.latencyBucketCounts();
        List<Duration> bounds = latencies.latencyBucketUpperBounds();
        assertThat(counts[bounds.indexOf(Duration.ofMillis(1))]).isEqualTo(1);
        assertThat(counts[bounds.indexOf(Duration.ofMillis(5))]).isEqualTo(2);
        assertThat(counts[bounds.size()]).as("slower than every bound").isEqualTo(1);
        assertThat(latencies.latencyTotal()).isEqualTo(Duration.ofMillis(7009));
        assertThat(latencies.latencyMax()).isEqualTo(Duration.ofSeconds(7));
    }

    private ExternalRoutingConfig config()
    {
        return config(ExternalRoutingConfig.Fallback.DEFAULT_GROUP, false);
    }

    private ExternalRoutingConfig config(ExternalRoutingConfig.Fallback fallback, boolean propagateErrors)
    {
        return new ExternalRoutingConfig(Optional.of(service.uri()), Duration.ofSeconds(5), Set.of("authorization", "cookie"), fallback, propagateErrors, false);
    }

    private Router router(ExternalRoutingConfig config)
    {
        return new ExternalRouter(groups, new ExternalRoutingClient(httpClient, config, stats, Ticker.systemTicker()));
    }

    private static RoutingDecision.Routed routed(Router router, Map<String, String> headers)
    {
        RoutingDecision decision = decision(router, TestingRouting.request(headers));
        assertThat(decision).isInstanceOf(RoutingDecision.Routed.class);
        return (RoutingDecision.Routed) decision;
    }

    private static RoutingDecision decision(Router router, RoutingRequest request)
    {
        try {
            return router.route(request, Set.of()).get(30, TimeUnit.SECONDS);
        }
        catch (Exception e) {
            throw new AssertionError("routing did not complete", e);
        }
    }

    private static ClusterDefinition definition(String name, String group)
    {
        return new ClusterDefinition(name, URI.create("http://" + name + ":8080"), group, true, true);
    }
}
