package io.junction.routing;

import io.junction.testing.TestingJunction;
import io.junction.testing.TestingRoutingService;
import io.junction.testing.TestingTrinoServer;
import io.junction.testing.TrinoCli;
import io.junction.testing.TrinoClusters;
import io.junction.testing.TrinoJdbc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user's routing service decides where real clients' queries run on real Trino servers:
 * alice's queries go to the second server with a session property the service set, everybody
 * else's to the first, and the service's errors reach the trino CLI as the query's error.
 */
@Tag("trino")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestExternalRoutingWithTrino
{
    private TestingTrinoServer first;
    private TestingTrinoServer second;
    private TestingRoutingService service;
    private TestingJunction junction;

    @BeforeAll
    void start()
            throws Exception
    {
        first = TrinoClusters.first();
        second = TrinoClusters.second();
        service = new TestingRoutingService();
        service.answer(call -> switch (call.body().path("trinoRequestUser").path("user").asText()) {
            case "alice" -> TestingRoutingService.Answer.json("""
                    {"routingGroup": "etl", "errors": [], "externalHeaders": {"X-Trino-Session": "query_max_run_time=17m"}}""");
            case "mallory" -> TestingRoutingService.Answer.json("""
                    {"routingGroup": "etl", "errors": ["mallory is not allowed to run queries"]}""");
            default -> TestingRoutingService.Answer.json("{\"routingGroup\": null}");
        });
        junction = TestingJunction.builder()
                .cluster("one", first.uri(), "adhoc")
                .cluster("two", second.uri(), "etl")
                .property("routing.external.url", service.uri().toString())
                .property("routing.external.timeout", "10s")
                .property("routing.external.propagate-errors", "true")
                .build();
    }

    @AfterAll
    void stop()
            throws Exception
    {
        junction.close();
        service.close();
    }

    @Test
    void theServiceSendsAlicesJdbcQueriesToTheSecondClusterWithItsSessionProperty()
            throws SQLException
    {
        assertThat(TrinoJdbc.query(junction.uri(), "alice", "SELECT node_id FROM system.runtime.nodes")).isEqualTo(List.of(List.of(second.name())));
        assertThat(TrinoJdbc.query(junction.uri(), "bob", "SELECT node_id FROM system.runtime.nodes")).isEqualTo(List.of(List.of(first.name())));

        List<List<Object>> session = TrinoJdbc.query(junction.uri(), "alice", "SHOW SESSION LIKE 'query_max_run_time'");
        assertThat(session.getFirst().get(1)).as("the externalHeaders of the service are in effect on Trino").isEqualTo("17m");
        assertThat(service.lastCall().headers().get("X-Trino-User")).isEqualTo("alice");
    }

    @Test
    void theCliShowsTheServicesErrors()
    {
        TrinoCli.Result rejected = TrinoCli.run(Duration.ofSeconds(120), "--server", junction.uri().toString(), "--user", "mallory",
                "--execute", "SELECT 1");
        assertThat(rejected.exitCode()).isNotZero();
        assertThat(rejected.stderr()).contains("Rejected by the routing service: mallory is not allowed to run queries");

        TrinoCli.Result routed = TrinoCli.run(Duration.ofSeconds(120), "--server", junction.uri().toString(), "--user", "alice",
                "--execute", "SELECT node_id FROM system.runtime.nodes");
        assertThat(routed.exitCode()).as(routed.stderr()).isZero();
        assertThat(routed.stdout()).contains(second.name());
    }
}
