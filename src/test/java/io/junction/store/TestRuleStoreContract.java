package io.junction.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.audit.AuditChange;
import io.junction.audit.AuditEntry;
import io.junction.audit.AuditLogDao;
import io.junction.audit.AuditQuery;
import io.junction.cluster.ClusterDao;
import io.junction.cluster.FleetChangeException;
import io.junction.routing.InvalidRulesException;
import io.junction.routing.RoutingGroup;
import io.junction.routing.RoutingGroupAdministration;
import io.junction.routing.RoutingGroupDao;
import io.junction.routing.RoutingGroupDefinition;
import io.junction.routing.RoutingRule;
import io.junction.routing.RuleAdministration;
import io.junction.routing.RuleDocuments;
import io.junction.routing.RuleProblem;
import io.junction.routing.RuleSet;
import io.junction.routing.RuleSetParser;
import io.junction.routing.RuleVersion;
import io.junction.routing.RuleVersionDao;
import io.junction.routing.StoreRuleSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Versioned routing rules and group policies in the store, on H2, PostgreSQL and MariaDB: the
 * DAOs, the administration (every change a new version, refused whole when invalid, audited),
 * the store rule source, and the migration from version 1.
 */
@ParameterizedClass
@EnumSource(StoreDialect.class)
class TestRuleStoreContract
{
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00.123Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    StoreDialect dialect;

    private static TestingDatabase database;
    private static Store store;
    private final RoutingGroupDao groups = new RoutingGroupDao();
    private final RuleVersionDao ruleVersions = new RuleVersionDao();
    private final AuditLogDao audit = new AuditLogDao();
    private final StoreVersionDao versions = new StoreVersionDao();
    private final RuleDocuments documents = new RuleDocuments(new RuleSetParser());
    private final AtomicInteger changes = new AtomicInteger();
    private RuleAdministration rules;

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
            handle.execute("DELETE FROM routing_rule_versions");
            handle.execute("DELETE FROM clusters");
            handle.execute("DELETE FROM routing_groups");
            handle.execute("UPDATE store_version SET version_number = 0 WHERE id = 1");
            return null;
        });
        rules = new RuleAdministration(store, ruleVersions, groups, audit, versions, documents, InstantSource.fixed(NOW), changes::incrementAndGet);
    }

    @Test
    void groupSettingsRoundTrip()
    {
        RoutingGroupDefinition etl = RoutingGroupDefinition.of("etl", "batch", RoutingGroup.SelectionPolicy.WEIGHTED, RoutingGroup.HashKey.USER,
                Map.of("etl-big", 3, "etl-small", 1), Optional.of("adhoc"));
        RoutingGroupDefinition bi = RoutingGroupDefinition.of("bi", "", RoutingGroup.SelectionPolicy.CONSISTENT_HASH, RoutingGroup.HashKey.CLIENT_TAG,
                Map.of(), Optional.empty());
        store.inTransaction(handle -> {
            groups.insert(handle, etl, NOW);
            groups.insert(handle, bi, NOW);
            return null;
        });
        assertThat(store.<List<RoutingGroupDefinition>>withHandle(groups::loadAll)).containsExactly(bi, etl);
        RoutingGroupDefinition roundRobin = RoutingGroupDefinition.of("etl", "batch", RoutingGroup.SelectionPolicy.ROUND_ROBIN, RoutingGroup.HashKey.USER,
                Map.of(), Optional.empty());
        store.inTransaction(handle -> groups.update(handle, roundRobin, NOW));
        assertThat(store.<Optional<RoutingGroupDefinition>>withHandle(handle -> groups.find(handle, "etl"))).contains(roundRobin);
        assertThat(roundRobin.settings().description()).isEqualTo("batch");
    }

    @Test
    void groupAdministrationRefusesFallbackLoopsAndKeepsSettingsOnADescriptionChange()
    {
        RoutingGroupAdministration administration = new RoutingGroupAdministration(store, groups, new ClusterDao(), audit, versions, InstantSource.fixed(NOW),
                changes::incrementAndGet);
        administration.create(RoutingGroupDefinition.of("a", "", RoutingGroup.SelectionPolicy.ROUND_ROBIN, RoutingGroup.HashKey.USER, Map.of(), Optional.of("b")), "alice");
        administration.create(RoutingGroupDefinition.of("b", "", RoutingGroup.SelectionPolicy.LEAST_LOADED, RoutingGroup.HashKey.USER, Map.of(), Optional.of("c")), "alice");
        assertThatThrownBy(() -> administration.createOrUpdate(RoutingGroupDefinition.of("c", "", RoutingGroup.SelectionPolicy.LEAST_LOADED, RoutingGroup.HashKey.USER,
                Map.of(), Optional.of("a")), "bob"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fallback chain loops back to");
        assertThat(administration.loadAll()).extracting(RoutingGroupDefinition::name).containsExactly("a", "b");

        administration.describe("a", "first", "carol");
        RoutingGroupDefinition a = administration.loadAll().getFirst();
        assertThat(a.description()).isEqualTo("first");
        assertThat(a.settings().policy()).as("kept").isEqualTo(RoutingGroup.SelectionPolicy.ROUND_ROBIN);
        assertThat(a.settings().fallback()).contains("b");
        List<AuditEntry> entries = store.withHandle(handle -> audit.search(handle, new AuditQuery(Optional.of("routing-group"), Optional.of("a"), Optional.empty(), 10)));
        assertThat(entries.getFirst().afterJson().orElseThrow()).contains("\"policy\":\"round-robin\"", "\"fallback\":\"b\"", "\"description\":\"first\"");
    }

    @Test
    void everyChangeWritesANewVersionOfTheWholeSet()
    {
        assertThat(rules.findLatest()).isEmpty();
        long first = rules.replaceAll(json("""
                [{"name": "etl", "priority": 10, "condition": "source == 'airflow'", "actions": [{"route": "etl"}]},
                 {"name": "tag", "continue": true, "condition": "true", "actions": [{"add-client-tag": "via-junction"}]}]
                """), Optional.of("first rules"), "alice");
        assertThat(first).isEqualTo(1);
        long second = rules.create(json("""
                {"name": "bi", "priority": 5, "condition": "source == 'superset'", "actions": [{"route": "bi"}, {"set-session-property": {"name": "query_max_run_time", "value": "5m"}}]}
                """), Optional.empty(), "bob");
        long third = rules.replace("etl", json("""
                {"priority": 1, "condition": "source == 'airflow' && user != 'root'", "actions": [{"route": "etl"}]}
                """), Optional.empty(), "carol");
        long fourth = rules.delete("tag", Optional.of("no more tags"), "dave");
        assertThat(List.of(second, third, fourth)).containsExactly(2L, 3L, 4L);

        RuleVersion latest = rules.findLatest().orElseThrow();
        assertThat(latest.version()).isEqualTo(4);
        assertThat(latest.createdBy()).isEqualTo("dave");
        assertThat(latest.comment()).isEqualTo("no more tags");
        assertThat(latest.ruleCount()).isEqualTo(2);
        assertThat(latest.createdAt()).isEqualTo(NOW);
        List<RoutingRule> compiled = documents.compile(latest.rulesJson(), "test");
        assertThat(compiled).extracting(RoutingRule::name).as("in evaluation order").containsExactly("etl", "bi");
        assertThat(compiled.getFirst().condition()).isEqualTo("source == 'airflow' && user != 'root'");
        assertThat(RuleDocuments.read(latest.rulesJson()).get(1).get("actions").get(1).get("set-session-property").get("value").asText()).isEqualTo("5m");

        assertThat(rules.list(Optional.empty(), 10)).extracting(RuleVersion.Summary::version).containsExactly(4L, 3L, 2L, 1L);
        assertThat(rules.list(Optional.of(4L), 1)).extracting(RuleVersion.Summary::comment).containsExactly("replaced rule 'etl'");
        assertThat(rules.list(Optional.empty(), 10)).extracting(RuleVersion.Summary::comment)
                .containsExactly("no more tags", "replaced rule 'etl'", "created rule 'bi'", "first rules");
        assertThat(rules.find(1).orElseThrow().ruleCount()).isEqualTo(2);
        assertThat(store.<Long>withHandle(versions::load)).as("each change moves the store version").isEqualTo(4);
        assertThat(changes).hasValue(4);

        List<AuditEntry> entries = store.withHandle(handle -> audit.search(handle, new AuditQuery(Optional.of("routing-rules"), Optional.empty(), Optional.empty(), 10)));
        assertThat(entries).extracting(AuditEntry::actor).containsExactly("dave", "carol", "bob", "alice");
        assertThat(entries).extracting(AuditEntry::change).containsExactly(AuditChange.UPDATE, AuditChange.UPDATE, AuditChange.UPDATE, AuditChange.CREATE);
        assertThat(entries.getFirst().beforeJson().orElseThrow()).contains("\"version\":3", "\"name\":\"tag\"");
        assertThat(entries.getFirst().afterJson().orElseThrow()).contains("\"version\":4", "no more tags").doesNotContain("\"name\":\"tag\"");
        assertThat(entries.getLast().beforeJson()).isEmpty();
    }

    @Test
    void anInvalidSetIsRefusedWholeWithEveryProblemAndNothingIsWritten()
    {
        rules.replaceAll(json("[{\"name\": \"ok\", \"condition\": \"true\", \"actions\": [{\"route\": \"adhoc\"}]}]"), Optional.empty(), "alice");
        assertThatThrownBy(() -> rules.replaceAll(json("""
                [{"name": "ok", "condition": "true", "actions": [{"route": "adhoc"}]},
                 {"name": "typed", "condition": "user == 1", "actions": [{"route": "etl"}]},
                 {"name": "typo", "contine": true, "condition": "true", "actions": [{"route": "etl"}]},
                 {"name": "ok", "condition": "true", "actions": [{"route": "etl"}]},
                 {"condition": "true", "actions": [{"jump": "etl"}]}]
                """), Optional.empty(), "bob"))
                .isInstanceOfSatisfying(InvalidRulesException.class, e -> {
                    assertThat(e.problems()).extracting(problem -> problem.rule().orElse("-"))
                            .containsExactlyInAnyOrder("typed", "typo", "ok", "-");
                    assertThat(e.problems()).filteredOn(problem -> problem.rule().equals(Optional.of("typo")))
                            .extracting(RuleProblem::message).singleElement().asString().contains("unknown field 'contine'");
                    assertThat(e.problems()).filteredOn(problem -> problem.rule().equals(Optional.of("typed")))
                            .extracting(RuleProblem::message).singleElement().asString().startsWith("condition: ");
                });
        assertThatThrownBy(() -> rules.create(json("{\"name\": \"bad\", \"condition\": \"nope(\", \"actions\": [{\"route\": \"x\"}]}"), Optional.empty(), "bob"))
                .isInstanceOf(InvalidRulesException.class);
        assertThatThrownBy(() -> rules.create(json("{\"name\": \"ok\", \"condition\": \"true\", \"actions\": [{\"route\": \"x\"}]}"), Optional.empty(), "bob"))
                .isInstanceOfSatisfying(FleetChangeException.class, e -> assertThat(e.kind()).isEqualTo(FleetChangeException.Kind.CONFLICT))
                .hasMessage("rule 'ok' already exists");
        assertThatThrownBy(() -> rules.delete("missing", Optional.empty(), "bob"))
                .isInstanceOfSatisfying(FleetChangeException.class, e -> assertThat(e.kind()).isEqualTo(FleetChangeException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> rules.rollback(9, Optional.empty(), "bob"))
                .isInstanceOfSatisfying(FleetChangeException.class, e -> assertThat(e.kind()).isEqualTo(FleetChangeException.Kind.NOT_FOUND))
                .hasMessage("rule set version 9 does not exist");

        assertThat(rules.list(Optional.empty(), 10)).hasSize(1);
        assertThat(store.<Long>withHandle(versions::load)).as("refused changes leave the store version").isEqualTo(1);
        assertThat(store.<List<AuditEntry>>withHandle(handle -> audit.search(handle, new AuditQuery(Optional.of("routing-rules"), Optional.empty(), Optional.empty(), 10))))
                .hasSize(1);
    }

    @Test
    void rollbackIsANewVersionEqualToTheOldOne()
    {
        rules.replaceAll(json("[{\"name\": \"a\", \"condition\": \"true\", \"actions\": [{\"route\": \"one\"}]}]"), Optional.empty(), "alice");
        rules.replaceAll(json("[{\"name\": \"b\", \"condition\": \"true\", \"actions\": [{\"route\": \"two\"}]}]"), Optional.empty(), "alice");
        long rolledBack = rules.rollback(1, Optional.empty(), "bob");
        assertThat(rolledBack).isEqualTo(3);
        RuleVersion latest = rules.findLatest().orElseThrow();
        assertThat(latest.rulesJson()).isEqualTo(rules.find(1).orElseThrow().rulesJson());
        assertThat(latest.comment()).isEqualTo("rolled back to version 1");
    }

    @Test
    void storeRuleSourceFollowsVersionsAndGroupsAndKeepsItsSetWhenTheStoreFails()
    {
        StoreRuleSource source = new StoreRuleSource(store, ruleVersions, groups, versions, documents, Duration.ofSeconds(1));
        source.load();
        assertThat(source.version()).isEmpty();
        assertThat(source.current().rules()).isEmpty();

        rules.replaceAll(json("[{\"name\": \"a\", \"condition\": \"source == 'x'\", \"actions\": [{\"route\": \"etl\"}]}]"), Optional.empty(), "alice");
        assertThat(source.current().rules()).as("not before a refresh").isEmpty();
        assertThat(source.refresh()).isTrue();
        assertThat(source.version()).hasValue(1);
        assertThat(source.current().rules()).extracting(RoutingRule::name).containsExactly("a");
        assertThat(source.refresh()).as("nothing moved").isFalse();

        RoutingGroupAdministration groupAdministration = new RoutingGroupAdministration(store, groups, new ClusterDao(), audit, versions, InstantSource.fixed(NOW),
                () -> {});
        groupAdministration.create(RoutingGroupDefinition.of("etl", "", RoutingGroup.SelectionPolicy.ROUND_ROBIN, RoutingGroup.HashKey.USER, Map.of(),
                Optional.of("adhoc")), "alice");
        RuleSet before = source.current();
        assertThat(source.refresh()).isTrue();
        assertThat(source.current().group("etl").policy()).isEqualTo(RoutingGroup.SelectionPolicy.ROUND_ROBIN);
        assertThat(source.current().group("etl").fallback()).contains("adhoc");
        assertThat(source.current().rules()).as("same compiled rules, new groups").isEqualTo(before.rules());

        Store closing = new Store(database.config());
        closing.start();
        StoreRuleSource failing = new StoreRuleSource(closing, ruleVersions, groups, versions, documents, Duration.ofSeconds(1));
        failing.load();
        RuleSet loaded = failing.current();
        assertThat(loaded.rules()).extracting(RoutingRule::name).containsExactly("a");
        closing.close();
        store.inTransaction(handle -> {
            versions.increment(handle);
            return null;
        });
        assertThatThrownBy(failing::refresh).as("the store cannot be read").isInstanceOf(RuntimeException.class);
        assertThat(failing.current()).as("the last compiled set stays in force").isSameAs(loaded);

        // a version this node cannot compile (as if written by a newer Junction): the set in force stays
        store.inTransaction(handle -> {
            ruleVersions.insert(handle, new RuleVersion(2, NOW, "future", "", 1, "[{\"name\": \"f\", \"condition\": \"future_variable\", \"actions\": [{\"route\": \"x\"}]}]"));
            versions.increment(handle);
            return null;
        });
        source.refresh();
        assertThat(source.version()).hasValue(1);
        assertThat(source.refused().orElseThrow().version()).isEqualTo(2);
        assertThat(source.refused().orElseThrow().problems()).extracting(problem -> problem.rule().orElseThrow()).containsExactly("f");
        assertThatThrownBy(new StoreRuleSource(store, ruleVersions, groups, versions, documents, Duration.ofSeconds(1))::load)
                .as("a node that starts now refuses to route without the rules")
                .hasMessageContaining("The routing rules in the store (version 2) do not compile here");

    }

    @Test
    void rulesFileIsImportedOnlyIntoAStoreWithoutRules()
    {
        RuleSet file = new RuleSetParser().parse("""
                groups:
                  - name: etl
                    description: nightly
                    policy: weighted
                    weights: {etl-big: 3}
                    fallback: adhoc
                rules:
                  - name: airflow
                    condition: 'source == "airflow"'
                    actions: [{route: etl}]
                """, "/etc/junction/routing.yaml");
        store.inTransaction(handle -> {
            groups.insert(handle, new RoutingGroupDefinition("etl", "declared before"), NOW);
            return null;
        });
        assertThat(rules.importRuleSet(file, "rules-file")).hasValue(1);
        assertThat(rules.findLatest().orElseThrow().comment()).isEqualTo("imported from /etc/junction/routing.yaml");
        RoutingGroupDefinition etl = store.<Optional<RoutingGroupDefinition>>withHandle(handle -> groups.find(handle, "etl")).orElseThrow();
        assertThat(etl.description()).isEqualTo("nightly");
        assertThat(etl.settings().weights()).isEqualTo(Map.of("etl-big", 3));
        assertThat(etl.settings().fallback()).contains("adhoc");
        assertThat(rules.importRuleSet(file, "rules-file")).as("the store has rules now").isEmpty();
        assertThat(rules.list(Optional.empty(), 10)).hasSize(1);
    }

    @Test
    void migrationFromVersion1KeepsGroupsWithDefaultSettings()
    {
        try (TestingDatabase old = TestingDatabase.create(dialect)) {
            try (Store migrated = new Store(old.config())) {
                com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource();
                pool.setJdbcUrl(old.url());
                old.config().user().ifPresent(pool::setUsername);
                try (pool) {
                    Flyway.configure().dataSource(pool).locations(dialect.migrationLocation()).target("1").load().migrate();
                    org.jdbi.v3.core.Jdbi.create(pool).useHandle(handle -> handle.execute(
                            "INSERT INTO routing_groups (name, description, created_at_millis, updated_at_millis) VALUES ('etl', 'from v1', 1, 1)"));
                }
                migrated.start();
                assertThat(migrated.<List<RoutingGroupDefinition>>withHandle(groups::loadAll)).containsExactly(new RoutingGroupDefinition("etl", "from v1"));
                assertThat(migrated.<Optional<RuleVersion>>withHandle(ruleVersions::findLatest)).isEmpty();
            }
        }
    }

    private static JsonNode json(String text)
    {
        try {
            return JSON.readTree(text);
        }
        catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
