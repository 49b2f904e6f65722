package io.junction.history;

import io.junction.store.Store;
import io.junction.store.StoreDialect;
import io.junction.store.TestingDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query history table on H2, PostgreSQL and MariaDB: batch inserts, state changes, every
 * search filter, paging with the cursor, retention.
 */
@ParameterizedClass
@EnumSource(StoreDialect.class)
class TestQueryHistoryStoreContract
{
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00.000Z");

    @Parameter
    StoreDialect dialect;

    private static TestingDatabase database;
    private static Store store;
    private final QueryHistoryDao dao = new QueryHistoryDao();

    @BeforeParameterizedClassInvocation
    static void createDatabase(StoreDialect dialect)
    {
        database = TestingDatabase.create(dialect);
        store = new Store(database.config());
        store.start();
    }

    @AfterParameterizedClassInvocation
    static void dropDatabase()
    {
        store.close();
        database.close();
    }

    @BeforeEach
    void emptyTable()
    {
        store.inTransaction(handle -> handle.execute("DELETE FROM query_history"));
    }

    static QueryRecord record(String queryId, Instant submittedAt, String user, String source, String cluster, String group, String sql)
    {
        return new QueryRecord(queryId, user, Optional.ofNullable(source), List.of("tag-a", "tag-b"), group, Optional.of("rule-" + group), cluster, sql, false,
                submittedAt, "QUEUED", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("node-1:8080"),
                Optional.of(new QueryRecord.Decision("rule 'rule-" + group + "' chose group '" + group + "'", List.of("tag-everything", "rule-" + group))));
    }

    private void insert(QueryRecord... records)
    {
        store.inTransaction(handle -> {
            dao.insert(handle, List.of(records));
            return null;
        });
    }

    private List<String> search(QuerySearch search)
    {
        return store.<List<QueryRecord>>withHandle(handle -> dao.search(handle, search)).stream().map(QueryRecord::queryId).toList();
    }

    private static QuerySearch.Builder query()
    {
        return new QuerySearch.Builder();
    }

    @Test
    void recordRoundTripWithStateChanges()
    {
        String longSql = "SELECT '" + "ü".repeat(100_000) + "'";
        QueryRecord record = new QueryRecord("20261128_120000_00001_abcde", "alice", Optional.empty(), List.of(), "adhoc", Optional.empty(), "trino1", longSql, true, T0,
                "QUEUED", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        insert(record);
        assertThat(store.<Optional<QueryRecord>>withHandle(handle -> dao.find(handle, record.queryId()))).contains(record);

        assertThat(store.<Boolean>withHandle(handle -> dao.markRunning(handle, record.queryId()))).isTrue();
        assertThat(store.<Boolean>withHandle(handle -> dao.markEnded(handle, record.queryId(), T0.plusMillis(1500),
                new QueryOutcome("FAILED", Optional.of("TABLE_NOT_FOUND"), Optional.of("line 1:15: Table 'x' does not exist"))))).isTrue();
        assertThat(store.<Boolean>withHandle(handle -> dao.markEnded(handle, record.queryId(), T0.plusSeconds(9), QueryOutcome.CANCELED)))
                .as("found, but the first end stays").isTrue();
        assertThat(store.<Boolean>withHandle(handle -> dao.markRunning(handle, record.queryId()))).isTrue();
        QueryRecord ended = store.<Optional<QueryRecord>>withHandle(handle -> dao.find(handle, record.queryId())).orElseThrow();
        assertThat(ended.state()).isEqualTo("FAILED");
        assertThat(ended.finishedAt()).contains(T0.plusMillis(1500));
        assertThat(ended.elapsedMillis()).contains(1500L);
        assertThat(ended.errorCode()).contains("TABLE_NOT_FOUND");
        assertThat(ended.errorMessage()).contains("line 1:15: Table 'x' does not exist");
        assertThat(ended.sql()).isEqualTo(longSql);

        assertThat(store.<Boolean>withHandle(handle -> dao.markRunning(handle, "20261128_120000_00009_zzzzz"))).isFalse();
        assertThat(store.<Boolean>withHandle(handle -> dao.markEnded(handle, "20261128_120000_00009_zzzzz", T0, QueryOutcome.CANCELED))).isFalse();
        assertThat(store.<Optional<QueryRecord>>withHandle(handle -> dao.find(handle, "20261128_120000_00009_zzzzz"))).isEmpty();
    }

    @Test
    void findsWithTheDecisionAndSearchesWithout()
    {
        QueryRecord record = record("q1", T0, "alice", "superset", "trino1", "bi", "SELECT 1");
        insert(record);
        QueryRecord found = store.<Optional<QueryRecord>>withHandle(handle -> dao.find(handle, "q1")).orElseThrow();
        assertThat(found).isEqualTo(record);
        assertThat(found.clientTags()).containsExactly("tag-a", "tag-b");
        assertThat(found.decision().orElseThrow().matchedRules()).containsExactly("tag-everything", "rule-bi");
        QueryRecord listed = store.<List<QueryRecord>>withHandle(handle -> dao.search(handle, QuerySearch.newest(10))).getFirst();
        assertThat(listed.decision()).isEmpty();
        assertThat(listed.junctionNode()).contains("node-1:8080");
    }

    @Test
    void searchFiltersCombine()
    {
        insert(
                record("q1", T0, "alice", "superset", "trino1", "bi", "SELECT * FROM hive.web.clicks"),
                record("q2", T0.plusSeconds(1), "bob", "airflow", "trino2", "etl", "INSERT INTO lake.t SELECT 1"),
                record("q3", T0.plusSeconds(2), "alice", "airflow", "trino2", "etl", "select 100% of rows_total from x"),
                record("q4", T0.plusSeconds(3), "carol", null, "trino1", "adhoc", "SELECT 2"));
        store.inTransaction(handle -> dao.markEnded(handle, "q2", T0.plusSeconds(5), new QueryOutcome("FINISHED", Optional.empty(), Optional.empty())));

        assertThat(search(QuerySearch.newest(10))).containsExactly("q4", "q3", "q2", "q1");
        assertThat(search(query().user("alice").build())).containsExactly("q3", "q1");
        assertThat(search(query().source("airflow").build())).containsExactly("q3", "q2");
        assertThat(search(query().cluster("trino1").build())).containsExactly("q4", "q1");
        assertThat(search(query().group("etl").build())).containsExactly("q3", "q2");
        assertThat(search(query().state("finished").build())).containsExactly("q2");
        assertThat(search(query().state("QUEUED").user("alice").source("airflow").build())).containsExactly("q3");
        assertThat(search(query().text("hive.WEB").build())).as("SQL, any case").containsExactly("q1");
        assertThat(search(query().text("Q4").build())).as("the query id").containsExactly("q4");
        assertThat(search(query().text("100%").build())).as("% is literal").containsExactly("q3");
        assertThat(search(query().text("s_total").build())).as("_ is literal").containsExactly("q3");
        assertThat(search(query().text("0% of").build())).containsExactly("q3");
        assertThat(search(query().text("1_").build())).isEmpty();
        assertThat(search(query().from(T0.plusSeconds(1)).to(T0.plusSeconds(3)).build())).as("from inclusive, to exclusive").containsExactly("q3", "q2");
    }

    @Test
    void pagesNewestFirstAcrossEqualTimes()
    {
        List<QueryRecord> records = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            records.add(record("q" + i, T0.plusMillis(i / 3), "alice", null, "trino1", "adhoc", "SELECT " + i));
        }
        insert(records.toArray(QueryRecord[]::new));
        List<String> seen = new ArrayList<>();
        Optional<QuerySearch.Cursor> before = Optional.empty();
        while (true) {
            QuerySearch search = query().before(before).limit(3).build();
            List<QueryRecord> page = store.withHandle(handle -> dao.search(handle, search));
            page.forEach(record -> seen.add(record.queryId()));
            if (page.size() < 3) {
                break;
            }
            before = Optional.of(QuerySearch.Cursor.decode(QuerySearch.Cursor.after(page.getLast()).encode()));
        }
        assertThat(seen).containsExactly("q6", "q5", "q4", "q3", "q2", "q1", "q0");
    }

    @Test
    void deletesWhatIsOlderThanTheCutoff()
    {
        insert(record("old", T0.minus(Duration.ofDays(31)), "alice", null, "trino1", "adhoc", "SELECT 1"),
                record("new", T0, "alice", null, "trino1", "adhoc", "SELECT 2"));
        assertThat(store.<Integer>withHandle(handle -> dao.deleteSubmittedBefore(handle, T0.minus(Duration.ofDays(30))))).isEqualTo(1);
        assertThat(search(QuerySearch.newest(10))).containsExactly("new");
    }
}
