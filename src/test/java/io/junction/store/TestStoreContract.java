package io.junction.store;

import io.junction.audit.AuditChange;
import io.junction.audit.AuditEntry;
import io.junction.audit.AuditLogDao;
import io.junction.audit.AuditQuery;
import io.junction.cluster.ClusterAdministration;
import io.junction.cluster.ClusterDao;
import io.junction.cluster.ClusterDefinition;
import io.junction.cluster.ClusterLifecycle;
import io.junction.cluster.FleetChangeException;
import io.junction.routing.RoutingGroupAdministration;
import io.junction.routing.RoutingGroupDao;
import io.junction.routing.RoutingGroupDefinition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The DAO contract: every DAO and administration, on H2, PostgreSQL and MariaDB, each run on
 * a database migrated from empty (one per dialect, emptied before each test).
 */
@ParameterizedClass
@EnumSource(StoreDialect.class)
class TestStoreContract
{
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00.123Z");

    @Parameter
    StoreDialect dialect;

    private static TestingDatabase database;
    private static Store store;
    private final ClusterDao clusters = new ClusterDao();
    private final RoutingGroupDao groups = new RoutingGroupDao();
    private final AuditLogDao audit = new AuditLogDao();
    private final StoreVersionDao versions = new StoreVersionDao();
    private final AtomicInteger changes = new AtomicInteger();

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
    void emptyTables()
    {
        store.inTransaction(handle -> {
            handle.execute("DELETE FROM audit_log");
            handle.execute("DELETE FROM clusters");
            handle.execute("DELETE FROM routing_groups");
            handle.execute("UPDATE store_version SET version_number = 0 WHERE id = 1");
            return null;
        });
    }

    @Test
    void migratedAnEmptyDatabase()
    {
        String quote = dialect == StoreDialect.MARIADB ? "" : "\"";
        assertThat(store.dialect()).isEqualTo(dialect);
        assertThat(store.<Long>withHandle(versions::load)).isZero();
        assertThat(store.<List<String>>withHandle(handle -> handle.createQuery("SELECT %1$sversion%1$s FROM %1$sflyway_schema_history%1$s WHERE %1$sversion%1$s IS NOT NULL ORDER BY %1$sinstalled_rank%1$s".formatted(quote))
                .mapTo(String.class).list())).containsExactly("1", "2");
    }

    @Test
    void startingAgainOnAMigratedDatabaseKeepsItsData()
    {
        store.inTransaction(handle -> {
            clusters.insert(handle, cluster("trino1", "adhoc"), NOW);
            return null;
        });
        try (Store second = new Store(database.config())) {
            second.start();
            assertThat(second.<List<ClusterDefinition>>withHandle(clusters::loadAll)).extracting(ClusterDefinition::name).containsExactly("trino1");
        }
    }

    @Test
    void clusterRoundTrip()
    {
        ClusterDefinition plain = cluster("trino1", "adhoc");
        ClusterDefinition full = new ClusterDefinition("trino2", URI.create("https://trino2.internal:8443"), "etl", ClusterLifecycle.DRAINING, false,
                Optional.of(URI.create("https://trino2.example.com")));
        store.inTransaction(handle -> {
            clusters.insert(handle, full, NOW);
            clusters.insert(handle, plain, NOW);
            return null;
        });
        assertThat(store.<List<ClusterDefinition>>withHandle(clusters::loadAll)).as("in the order they were added").containsExactly(full, plain);
        assertThat(store.<Optional<ClusterDefinition>>withHandle(handle -> clusters.find(handle, "trino2"))).contains(full);
        assertThat(store.<Optional<ClusterDefinition>>withHandle(handle -> clusters.find(handle, "missing"))).isEmpty();
        assertThat(store.<Integer>withHandle(handle -> clusters.countInGroup(handle, "etl"))).isEqualTo(1);

        ClusterDefinition moved = new ClusterDefinition("trino1", URI.create("http://trino1b:8080"), "etl", ClusterLifecycle.INACTIVE, true, Optional.empty());
        assertThat(store.<Boolean>withHandle(handle -> clusters.update(handle, moved, NOW))).isTrue();
        assertThat(store.<Boolean>withHandle(handle -> clusters.update(handle, cluster("missing", "etl"), NOW))).isFalse();
        assertThat(store.<Optional<ClusterDefinition>>withHandle(handle -> clusters.find(handle, "trino1"))).contains(moved);
        assertThat(store.<Integer>withHandle(handle -> clusters.countInGroup(handle, "etl"))).isEqualTo(2);

        assertThat(store.<Boolean>withHandle(handle -> clusters.delete(handle, "trino1"))).isTrue();
        assertThat(store.<Boolean>withHandle(handle -> clusters.delete(handle, "trino1"))).isFalse();
        assertThat(store.<List<ClusterDefinition>>withHandle(clusters::loadAll)).containsExactly(full);
    }

    @Test
    void routingGroupRoundTrip()
    {
        store.inTransaction(handle -> {
            groups.insert(handle, new RoutingGroupDefinition("etl", "batch jobs"), NOW);
            groups.insert(handle, new RoutingGroupDefinition("adhoc", ""), NOW);
            return null;
        });
        assertThat(store.<List<RoutingGroupDefinition>>withHandle(groups::loadAll)).containsExactly(new RoutingGroupDefinition("adhoc", ""), new RoutingGroupDefinition("etl", "batch jobs"));
        assertThat(store.<Boolean>withHandle(handle -> groups.update(handle, new RoutingGroupDefinition("etl", "nightly ETL ü"), NOW))).isTrue();
        assertThat(store.<Optional<RoutingGroupDefinition>>withHandle(handle -> groups.find(handle, "etl"))).contains(new RoutingGroupDefinition("etl", "nightly ETL ü"));
        assertThat(store.<Boolean>withHandle(handle -> groups.delete(handle, "etl"))).isTrue();
        assertThat(store.<Optional<RoutingGroupDefinition>>withHandle(handle -> groups.find(handle, "etl"))).isEmpty();
    }

    @Test
    void auditLogSearchFiltersAndPages()
    {
        String large = "{\"text\":\"" + "x".repeat(100_000) + "\"}";
        store.inTransaction(handle -> {
            audit.append(handle, NOW, "alice", AuditChange.CREATE, "cluster", "trino1", Optional.empty(), Optional.of(large));
            audit.append(handle, NOW.plusSeconds(1), "bob", AuditChange.UPDATE, "cluster", "trino1", Optional.of("{}"), Optional.of("{\"a\":1}"));
            audit.append(handle, NOW.plusSeconds(2), "carol", AuditChange.CREATE, "routing-group", "etl", Optional.empty(), Optional.of("{}"));
            audit.append(handle, NOW.plusSeconds(3), "dave", AuditChange.DELETE, "cluster", "trino2", Optional.of("{}"), Optional.empty());
            return null;
        });
        List<AuditEntry> all = store.withHandle(handle -> audit.search(handle, new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), 10)));
        assertThat(all).extracting(AuditEntry::actor).containsExactly("dave", "carol", "bob", "alice");
        assertThat(all.getLast().changedAt()).isEqualTo(NOW);
        assertThat(all.getLast().afterJson()).contains(large);
        assertThat(all.getLast().beforeJson()).isEmpty();
        assertThat(all.getFirst().change()).isEqualTo(AuditChange.DELETE);

        List<AuditEntry> clusterPage = store.withHandle(handle -> audit.search(handle, new AuditQuery(Optional.of("cluster"), Optional.empty(), Optional.empty(), 2)));
        assertThat(clusterPage).extracting(AuditEntry::actor).containsExactly("dave", "bob");
        List<AuditEntry> nextPage = store.withHandle(handle -> audit.search(handle, new AuditQuery(Optional.of("cluster"), Optional.empty(), Optional.of(clusterPage.getLast().id()), 2)));
        assertThat(nextPage).extracting(AuditEntry::actor).containsExactly("alice");
        assertThat(store.<List<AuditEntry>>withHandle(handle -> audit.search(handle, new AuditQuery(Optional.of("cluster"), Optional.of("trino1"), Optional.empty(), 10))))
                .extracting(AuditEntry::actor).containsExactly("bob", "alice");
    }

    @Test
    void versionIncrements()
    {
        store.inTransaction(handle -> {
            versions.increment(handle);
            versions.increment(handle);
            return null;
        });
        assertThat(store.<Long>withHandle(versions::load)).isEqualTo(2);
    }

    @Test
    void clusterAdministrationAuditsEveryChangeAndMovesTheVersion()
    {
        ClusterAdministration administration = new ClusterAdministration(store, clusters, audit, versions, InstantSource.fixed(NOW), changes::incrementAndGet);
        administration.create(cluster("trino1", "adhoc"), "alice");
        assertThatThrownBy(() -> administration.create(cluster("trino1", "etl"), "alice"))
                .isInstanceOfSatisfying(FleetChangeException.class, e -> assertThat(e.kind()).isEqualTo(FleetChangeException.Kind.CONFLICT))
                .hasMessage("cluster 'trino1' already exists");
        administration.changeLifecycle("trino1", ClusterLifecycle.DRAINING, "bob");
        assertThatThrownBy(() -> administration.update(cluster("nope", "adhoc"), "bob"))
                .isInstanceOfSatisfying(FleetChangeException.class, e -> assertThat(e.kind()).isEqualTo(FleetChangeException.Kind.NOT_FOUND));
        administration.delete("trino1", "carol");

        assertThat(store.<List<ClusterDefinition>>withHandle(clusters::loadAll)).isEmpty();
        assertThat(store.<Long>withHandle(versions::load)).isEqualTo(3);
        assertThat(changes).hasValue(3);
        List<AuditEntry> entries = store.withHandle(handle -> audit.search(handle, new AuditQuery(Optional.of("cluster"), Optional.of("trino1"), Optional.empty(), 10)));
        assertThat(entries).extracting(AuditEntry::change).containsExactly(AuditChange.DELETE, AuditChange.UPDATE, AuditChange.CREATE);
        assertThat(entries).extracting(AuditEntry::actor).containsExactly("carol", "bob", "alice");
        assertThat(entries.get(1).beforeJson().orElseThrow()).contains("\"state\":\"ACTIVE\"");
        assertThat(entries.get(1).afterJson().orElseThrow()).contains("\"state\":\"DRAINING\"");
    }

    @Test
    void seedImportIsIdempotentAndKeepsStoredChanges()
    {
        ClusterAdministration administration = new ClusterAdministration(store, clusters, audit, versions, InstantSource.fixed(NOW), changes::incrementAndGet);
        List<ClusterDefinition> seed = List.of(cluster("trino1", "adhoc"), cluster("trino2", "etl"));
        assertThat(administration.importSeed(seed, "seed-file")).containsExactly("trino1", "trino2");
        administration.changeLifecycle("trino2", ClusterLifecycle.INACTIVE, "alice");
        assertThat(administration.importSeed(seed, "seed-file")).isEmpty();
        assertThat(administration.loadAll()).extracting(ClusterDefinition::lifecycle).containsExactly(ClusterLifecycle.ACTIVE, ClusterLifecycle.INACTIVE);
    }

    @Test
    void routingGroupAdministrationRefusesToDeleteAGroupInUse()
    {
        RoutingGroupAdministration administration = new RoutingGroupAdministration(store, groups, clusters, audit, versions, InstantSource.fixed(NOW), changes::incrementAndGet);
        administration.create(new RoutingGroupDefinition("etl", "batch"), "alice");
        store.inTransaction(handle -> {
            clusters.insert(handle, cluster("trino1", "etl"), NOW);
            return null;
        });
        assertThatThrownBy(() -> administration.delete("etl", "alice"))
                .isInstanceOfSatisfying(FleetChangeException.class, e -> assertThat(e.kind()).isEqualTo(FleetChangeException.Kind.CONFLICT))
                .hasMessage("routing group 'etl' still has 1 cluster(s); move or delete them first");
        assertThat(administration.createOrUpdate(new RoutingGroupDefinition("etl", "nightly"), "bob").description()).isEqualTo("nightly");
        store.inTransaction(handle -> clusters.delete(handle, "trino1"));
        administration.delete("etl", "carol");
        assertThat(administration.loadAll()).isEmpty();
        assertThat(store.<List<AuditEntry>>withHandle(handle -> audit.search(handle, new AuditQuery(Optional.of("routing-group"), Optional.empty(), Optional.empty(), 10))))
                .extracting(AuditEntry::change).containsExactly(AuditChange.DELETE, AuditChange.UPDATE, AuditChange.CREATE);
    }

    private static ClusterDefinition cluster(String name, String group)
    {
        return new ClusterDefinition(name, URI.create("http://" + name + ":8080"), group, true, true);
    }
}
