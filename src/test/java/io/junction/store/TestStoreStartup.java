package io.junction.store;

import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestStoreStartup
{
    @Test
    void unreachableStoreFailsStartupNamingTheUrl()
    {
        StoreConfig config = new StoreConfig("jdbc:postgresql://127.0.0.1:1/junction?password=secret", Optional.of("postgres"), Optional.empty(), 2, Duration.ofMillis(500), Duration.ofSeconds(1));
        try (Store store = new Store(config)) {
            assertThatThrownBy(store::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Cannot open the store at jdbc:postgresql://127.0.0.1:1/junction?password=<redacted>");
        }
    }

    @Test
    void dialectComesFromTheUrl()
    {
        org.assertj.core.api.Assertions.assertThat(StoreDialect.fromUrl("jdbc:mysql://db/junction")).isEqualTo(StoreDialect.MARIADB);
        assertThatThrownBy(() -> StoreDialect.fromUrl("jdbc:oracle:thin:@db"))
                .hasMessage("unsupported JDBC URL 'jdbc:oracle:thin:@db': expected jdbc:h2:, jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:");
    }

    @Test
    void aLostConnectionOrAServerShuttingDownIsTheStoreBeingUnavailable()
    {
        assertThat(Store.translate(new ConnectionException(new SQLException("terminating connection due to administrator command", "57P01"))))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("the store is unavailable: terminating connection due to administrator command");
        assertThat(Store.translate(new ConnectionException(new SQLException("This connection has been closed.", "08003"))))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(Store.translate(new ConnectionException(new SQLException("duplicate key", "23505"))))
                .isNotInstanceOf(StoreUnavailableException.class);
    }
}
