package io.junction.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.api.AdminClient;
import io.junction.testing.TestingJunction;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store created by an earlier release: the database is migrated only to V1 (Flyway
 * {@code target=1}) and filled with data in V1's shape, then a Junction node starts on it,
 * migrates it to the newest version and serves the data unchanged.
 */
class TestStoreMigrations
{
    @ParameterizedTest
    @EnumSource(StoreDialect.class)
    void aNodeStartedOnAVersion1StoreMigratesItAndKeepsItsData(StoreDialect dialect)
            throws Exception
    {
        try (TestingDatabase database = TestingDatabase.create(dialect)) {
            Flyway flyway = Flyway.configure()
                    .dataSource(database.url(), database.config().user().orElse(null), "")
                    .locations(dialect.migrationLocation())
                    .target("1")
                    .load();
            flyway.migrate();
            assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("1");
            fillVersion1(database);

            try (TestingJunction junction = TestingJunction.builder().properties(database.properties()).build()) {
                AdminClient api = new AdminClient(junction.adminUri());

                JsonNode etl = api.get("/api/v1/clusters/etl-1").json();
                assertThat(etl.path("uri").asText()).isEqualTo("http://127.0.0.1:1");
                assertThat(etl.path("externalUri").asText()).isEqualTo("https://etl-1.example.com");
                assertThat(etl.path("routingGroup").asText()).isEqualTo("etl");
                assertThat(etl.path("state").asText()).isEqualTo("DRAINING");
                assertThat(etl.path("forwardedHeaders").asBoolean()).isFalse();
                JsonNode clusters = api.get("/api/v1/clusters").json();
                assertThat(clusters.valueStream().map(cluster -> cluster.path("name").asText()).toList()).containsExactly("adhoc-1", "etl-1");

                assertThat(api.get("/api/v1/groups/etl").json().path("description").asText()).isEqualTo("nightly batch");

                JsonNode audit = api.get("/api/v1/audit?entityType=cluster&entityName=etl-1").json().path("entries");
                assertThat(audit).hasSize(1);
                assertThat(audit.get(0).path("actor").asText()).isEqualTo("alice@127.0.0.1");

                assertThat(api.get("/api/v1/fleet").json().path("storeVersion").asLong()).isGreaterThanOrEqualTo(7);
            }

            Flyway latest = Flyway.configure()
                    .dataSource(database.url(), database.config().user().orElse(null), "")
                    .locations(dialect.migrationLocation())
                    .load();
            MigrationInfo[] all = latest.info().all();
            assertThat(latest.info().pending()).as("every migration applied").isEmpty();
            assertThat(latest.info().current().getVersion()).isEqualTo(Arrays.stream(all).map(MigrationInfo::getVersion).max(Comparable::compareTo).orElseThrow());
        }
    }

    /**
     * Rows as a V1 node wrote them (SQL of V1's columns, not today's DAOs).
     */
    private static void fillVersion1(TestingDatabase database)
            throws SQLException
    {
        String user = database.config().user().orElse(null);
        try (Connection connection = DriverManager.getConnection(database.url(), user, "");
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE store_version SET version_number = 7 WHERE id = 1");
            statement.executeUpdate("INSERT INTO routing_groups (name, description, created_at_millis, updated_at_millis) VALUES ('etl', 'nightly batch', 1764320000000, 1764320000000)");
            statement.executeUpdate("""
                    INSERT INTO clusters (name, uri, external_uri, routing_group, lifecycle, forwarded_headers, list_position, created_at_millis, updated_at_millis)
                    VALUES ('adhoc-1', 'http://127.0.0.1:2', NULL, 'adhoc', 'ACTIVE', TRUE, 1, 1764320000000, 1764320000000)""");
            statement.executeUpdate("""
                    INSERT INTO clusters (name, uri, external_uri, routing_group, lifecycle, forwarded_headers, list_position, created_at_millis, updated_at_millis)
                    VALUES ('etl-1', 'http://127.0.0.1:1', 'https://etl-1.example.com', 'etl', 'DRAINING', FALSE, 2, 1764320000000, 1764320500000)""");
            statement.executeUpdate("""
                    INSERT INTO audit_log (changed_at_millis, actor, change_kind, entity_type, entity_name, before_json, after_json)
                    VALUES (1764320500000, 'alice@127.0.0.1', 'UPDATE', 'cluster', 'etl-1', '{"state":"ACTIVE"}', '{"state":"DRAINING"}')""");
        }
    }
}
