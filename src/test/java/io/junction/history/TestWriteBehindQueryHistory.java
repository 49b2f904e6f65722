package io.junction.history;

import io.junction.store.Store;
import io.junction.store.StoreConfig;
import io.junction.store.StoreDialect;
import io.junction.store.TestingDatabase;
import io.junction.testing.Eventually;
import io.junction.testing.TestingTcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write-behind recorder: what the proxy offers reaches the store in order, the buffer is
 * bounded (drops are counted, nothing waits), the end of a query routed by another node waits
 * for its record, and a store outage is buffered and caught up.
 */
class TestWriteBehindQueryHistory
{
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00.000Z");

    private final MutableClock clock = new MutableClock(T0);
    private final QueryHistoryDao dao = new QueryHistoryDao();
    private TestingDatabase database;
    private Store store;

    static final class MutableClock
            implements InstantSource
    {
        private volatile Instant now;

        MutableClock(Instant now)
        {
            this.now = now;
        }

        void advance(Duration duration)
        {
            now = now.plus(duration);
        }

        @Override
        public Instant instant()
        {
            return now;
        }
    }

    @BeforeEach
    void openStore()
    {
        database = TestingDatabase.create(StoreDialect.H2);
        store = new Store(database.config());
        store.start();
    }

    @AfterEach
    void closeStore()
    {
        store.close();
        database.close();
    }

    private static QueryStart start(String sql)
    {
        return new QueryStart("alice", Optional.of("superset"), List.of("bi"), "bi", Optional.of("dashboards"), "trino1", sql, true,
                new QueryRecord.Decision("rule 'dashboards' chose group 'bi'", List.of("dashboards")));
    }

    private Optional<QueryRecord> find(Store in, String queryId)
    {
        return in.withHandle(handle -> dao.find(handle, queryId));
    }

    @Test
    void writesWhatTheProxyOfferedInOrderAndCutsTheSql()
    {
        WriteBehindQueryHistory history = new WriteBehindQueryHistory(store, dao, new QueryHistoryConfig(true, 10, Duration.ofDays(1), 100), clock);
        history.submitted("q1", start("SELECT * FROM a_rather_long_table"), "QUEUED");
        clock.advance(Duration.ofMillis(20));
        history.running("q1");
        clock.advance(Duration.ofMillis(230));
        history.ended("q1", new QueryOutcome("FINISHED", Optional.empty(), Optional.empty()));
        history.submitted("q2", new QueryStart("bob", Optional.empty(), List.of(), "adhoc", Optional.empty(), "trino2", "", false,
                new QueryRecord.Decision("default group", List.of())), "QUEUED");
        assertThat(find(store, "q1")).as("nothing is written on the caller's thread").isEmpty();
        assertThat(history.stats().buffered()).isEqualTo(4);

        assertThat(history.flush()).isTrue();
        QueryRecord q1 = find(store, "q1").orElseThrow();
        assertThat(q1.sql()).isEqualTo("SELECT * F");
        assertThat(q1.sqlTruncated()).isTrue();
        assertThat(q1.state()).isEqualTo("FINISHED");
        assertThat(q1.submittedAt()).isEqualTo(T0);
        assertThat(q1.elapsedMillis()).contains(250L);
        assertThat(q1.rule()).contains("dashboards");
        assertThat(q1.decision().orElseThrow().reason()).isEqualTo("rule 'dashboards' chose group 'bi'");
        QueryRecord q2 = find(store, "q2").orElseThrow();
        assertThat(q2.sql()).isEmpty();
        assertThat(q2.sqlTruncated()).as("the proxy did not read the SQL (larger than its cap)").isTrue();
        assertThat(q2.state()).isEqualTo("QUEUED");
        assertThat(history.stats()).isEqualTo(new WriteBehindQueryHistory.Stats(0, 100, 4, 0, 0, true));
        assertThat(history.flush()).as("nothing left").isFalse();
    }

    @Test
    void dropsAndCountsWhenTheBufferIsFull()
    {
        WriteBehindQueryHistory history = new WriteBehindQueryHistory(store, dao, new QueryHistoryConfig(true, 100, Duration.ofDays(1), 100), clock);
        for (int i = 0; i < 150; i++) {
            history.submitted("q" + i, start("SELECT " + i), "QUEUED");
        }
        assertThat(history.stats().buffered()).isEqualTo(100);
        assertThat(history.stats().dropped()).isEqualTo(50);
        history.flush();
        assertThat(store.<List<QueryRecord>>withHandle(handle -> dao.search(handle, QuerySearch.newest(500)))).hasSize(100);
        assertThat(find(store, "q99")).isPresent();
        assertThat(find(store, "q100")).as("dropped").isEmpty();
        history.submitted("again", start("SELECT 1"), "QUEUED");
        assertThat(history.stats().buffered()).as("room again after the flush").isEqualTo(1);
    }

    @Test
    void endOfAQueryRoutedByAnotherNodeWaitsForItsRecord()
    {
        WriteBehindQueryHistory nodeB = new WriteBehindQueryHistory(store, dao, new QueryHistoryConfig(true, 100, Duration.ofDays(1), 100), clock);
        nodeB.ended("from-a", new QueryOutcome("FINISHED", Optional.empty(), Optional.empty()));
        nodeB.flush();
        WriteBehindQueryHistory nodeA = new WriteBehindQueryHistory(store, dao, new QueryHistoryConfig(true, 100, Duration.ofDays(1), 100), clock);
        nodeA.submitted("from-a", start("SELECT 1"), "QUEUED");
        nodeA.flush();
        assertThat(find(store, "from-a").orElseThrow().state()).isEqualTo("QUEUED");

        clock.advance(Duration.ofSeconds(2));
        assertThat(nodeB.flush()).as("retried").isTrue();
        assertThat(find(store, "from-a").orElseThrow().state()).isEqualTo("FINISHED");

        nodeB.ended("never-recorded", QueryOutcome.CANCELED);
        nodeB.flush();
        clock.advance(WriteBehindQueryHistory.UNMATCHED_RETRY_WINDOW.plusSeconds(1));
        assertThat(nodeB.flush()).as("given up after the window").isFalse();
    }

    @Test
    void deletesQueriesOlderThanTheRetention()
    {
        WriteBehindQueryHistory history = new WriteBehindQueryHistory(store, dao, new QueryHistoryConfig(true, 100, Duration.ofDays(7), 100), clock);
        history.submitted("old", start("SELECT 1"), "QUEUED");
        clock.advance(Duration.ofDays(6));
        history.submitted("new", start("SELECT 2"), "QUEUED");
        history.flush();
        assertThat(history.deleteExpired()).isZero();
        clock.advance(Duration.ofDays(1).plusMillis(1));
        assertThat(history.deleteExpired()).isEqualTo(1);
        assertThat(find(store, "old")).isEmpty();
        assertThat(find(store, "new")).isPresent();
    }

    @Test
    void buffersWhileTheStoreIsUnreachableAndCatchesUpWhenItIsBack()
    {
        try (TestingDatabase postgres = TestingDatabase.create(StoreDialect.POSTGRESQL);
                TestingTcpProxy proxy = new TestingTcpProxy("127.0.0.1", 5432)) {
            String url = postgres.url().replace(":5432/", ":" + proxy.port() + "/");
            try (Store remote = new Store(new StoreConfig(url, Optional.of("postgres"), Optional.empty(), 2, Duration.ofMillis(500), Duration.ofSeconds(1)))) {
                remote.start();
                WriteBehindQueryHistory history = new WriteBehindQueryHistory(remote, dao, new QueryHistoryConfig(true, 100, Duration.ofDays(1), 150), clock);
                history.start("node-1:8080");
                try {
                    history.submitted("before", start("SELECT 0"), "QUEUED");
                    Eventually.until(Duration.ofSeconds(30), "the first record to be written", () -> find(remote, "before"), Optional::isPresent);

                    proxy.cut();
                    for (int i = 0; i < 200; i++) {
                        history.submitted("during-" + i, start("SELECT " + i), "QUEUED");
                    }
                    Eventually.until(Duration.ofSeconds(30), "the writer to notice the outage", history::stats, stats -> !stats.storeReachable());
                    assertThat(history.stats().buffered()).as("bounded").isEqualTo(150);
                    assertThat(history.stats().dropped()).isEqualTo(50);

                    proxy.restore();
                    Eventually.until(Duration.ofSeconds(60), "the buffer to drain", history::stats, stats -> stats.buffered() == 0 && stats.storeReachable());
                    assertThat(remote.<List<QueryRecord>>withHandle(handle -> dao.search(handle, QuerySearch.newest(500))))
                            .as("nothing lost up to the bound").hasSize(151);
                    assertThat(find(remote, "during-149")).isPresent();
                    assertThat(find(remote, "during-150")).isEmpty();
                    assertThat(find(remote, "before").orElseThrow().junctionNode()).contains("node-1:8080");
                }
                finally {
                    history.stop(Duration.ofSeconds(5));
                }
            }
        }
    }
}
