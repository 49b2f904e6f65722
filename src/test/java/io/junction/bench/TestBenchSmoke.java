package io.junction.bench;

import io.junction.server.JunctionServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A smoke run of the benchmark so that it cannot rot: every mode of the load generator for a
 * bounded number of operations against the fake backend, and one mode through an in-process
 * Junction. It checks that the protocol was followed (queries submitted, pages read, queries
 * finished or cancelled, no errors); it asserts nothing about timing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestBenchSmoke
{
    // bounds, not expectations: every run ends after its operations, long before this
    private static final Duration BOUND = Duration.ofSeconds(60);

    private FakeTrinoBackend backend;

    @BeforeAll
    void startBackend()
            throws Exception
    {
        backend = FakeTrinoBackend.start(FakeTrinoBackend.Config.defaults());
    }

    @AfterAll
    void stopBackend()
    {
        backend.close();
    }

    @Test
    void submitsAndCancelsQueries()
            throws Exception
    {
        BackendStats before = backend.stats();
        LoadResult result = run(spec("submit", BenchMode.SUBMIT, backend.uri(), 4, new QueryShape(1, 256, 0)).withMaxOperations(200));

        assertNoErrors(result);
        assertThat(result.operations()).isGreaterThanOrEqualTo(200);
        // the window's counters may miss the submissions of the operations in flight when it opened (one per client)
        assertThat(result.submissions()).isGreaterThanOrEqualTo(200 - 4);
        assertThat(result.cancelledQueries()).isGreaterThanOrEqualTo(200 - 4);
        BackendStats after = backend.stats();
        assertThat(after.submitted() - before.submitted()).isGreaterThanOrEqualTo(200);
        assertThat(after.queuedPolls() - before.queuedPolls()).isEqualTo(after.submitted() - before.submitted());
        assertThat(after.rejected()).isEqualTo(before.rejected());
    }

    @Test
    void pollsQueriesToTheEndAndStartsNewOnes()
            throws Exception
    {
        LoadResult result = run(spec("poll", BenchMode.POLL, backend.uri(), 8, new QueryShape(10, 256, 0)).withMaxOperations(500));

        assertNoErrors(result);
        assertThat(result.polls()).isGreaterThanOrEqualTo(500);
        // ten pages of rows and one final reply per query
        assertThat(result.dataPages()).isGreaterThan(0).isLessThan(result.polls());
        assertThat(result.finishedQueries()).isGreaterThan(0);
        assertThat(result.latency().count()).isEqualTo(result.operations());
    }

    @Test
    void pollsAtAFixedArrivalRate()
            throws Exception
    {
        LoadResult result = run(spec("poll-open", BenchMode.POLL, backend.uri(), 8, new QueryShape(Integer.MAX_VALUE, 256, 0))
                .withArrivalRate(1000)
                .withMaxOperations(300));

        assertNoErrors(result);
        assertThat(result.polls()).isGreaterThanOrEqualTo(300);
        assertThat(result.dataPages()).isEqualTo(result.polls());
    }

    @Test
    void streamsLargePages()
            throws Exception
    {
        LoadResult result = run(spec("stream", BenchMode.STREAM, backend.uri(), 1, new QueryShape(Integer.MAX_VALUE, 1024 * 1024, 0)).withMaxOperations(50));

        assertNoErrors(result);
        assertThat(result.dataPages()).isGreaterThanOrEqualTo(50);
        assertThat(result.bytes()).isGreaterThan(50L * 1024 * 1024);
    }

    @Test
    void holdsManyLongPollingQueriesInFlight()
            throws Exception
    {
        LoadResult result = run(spec("concurrency", BenchMode.CONCURRENCY, backend.uri(), 200, new QueryShape(Integer.MAX_VALUE, 256, 50)).withMaxOperations(1000));

        assertNoErrors(result);
        assertThat(result.maxInFlight()).isEqualTo(200);
        assertThat(result.polls()).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void soaksWithShortQueries()
            throws Exception
    {
        LoadResult result = run(spec("soak", BenchMode.SOAK, backend.uri(), 8, new QueryShape(5, 4096, 0)).withMaxOperations(300));

        assertNoErrors(result);
        assertThat(result.finishedQueries()).isGreaterThan(0);
    }

    @Test
    void followsQueriesThroughJunction(@TempDir Path etc)
            throws Exception
    {
        Files.writeString(etc.resolve("clusters.yaml"), """
                clusters:
                  - name: bench
                    uri: %s
                    routing-group: adhoc
                """.formatted(backend.uri()));
        Map<String, String> properties = Map.of(
                "http-server.http.port", "0",
                "http-server.http.host", "127.0.0.1",
                "routing.default-group", "adhoc",
                "clusters.seed-file", etc.resolve("clusters.yaml").toString(),
                "proxy.route-token.secret", "bench-smoke-secret-0123456789abcdef0123456789",
                "store.data-directory", etc.resolve("data").toString(),
                "admin.http.port", "0");
        try (JunctionServer junction = JunctionServer.create(properties, etc)) {
            junction.start();
            junction.awaitReady();
            BackendStats before = backend.stats();

            // every nextUri must point at Junction, or the session counts an error
            LoadResult result = run(spec("poll", BenchMode.POLL, junction.uri(), 4, new QueryShape(5, 256, 0)).withMaxOperations(100));

            assertNoErrors(result);
            assertThat(result.finishedQueries()).isGreaterThan(0);
            BackendStats after = backend.stats();
            assertThat(after.executingPolls() - before.executingPolls()).isGreaterThanOrEqualTo(100);
            assertThat(after.rejected()).isEqualTo(before.rejected());
        }
    }

    private static LoadSpec spec(String name, BenchMode mode, URI target, int clients, QueryShape shape)
    {
        return LoadSpec.closedLoop(name, mode, "smoke", target, clients, shape, BOUND);
    }

    private static LoadResult run(LoadSpec spec)
            throws Exception
    {
        return LoadRun.run(spec);
    }

    private static void assertNoErrors(LoadResult result)
    {
        assertThat(result.errors()).as("errors of %s", result.name()).isEmpty();
    }
}
