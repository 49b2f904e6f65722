package io.junction.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The database: a HikariCP pool, the Flyway migrations of its dialect, and transactions.
 * <p>
 * Never used on the request path. Every operation waits at most
 * {@code store.connection-timeout} for a connection; a store that cannot be reached is
 * reported as {@link StoreUnavailableException}. Thread-safe.
 */
public final class Store
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(Store.class);

    private final StoreConfig config;
    private final Optional<MetricsTrackerFactory> poolMetrics;
    private HikariDataSource dataSource;
    private Jdbi jdbi;

    public Store(StoreConfig config)
    {
        this(config, Optional.empty());
    }

    /**
     * @param poolMetrics where the pool reports connection acquire and usage times, if metrics are on
     */
    public Store(StoreConfig config, Optional<MetricsTrackerFactory> poolMetrics)
    {
        this.config = requireNonNull(config, "config is null");
        this.poolMetrics = requireNonNull(poolMetrics, "poolMetrics is null");
    }

    /**
     * Opens the pool and migrates the schema to the newest version.
     *
     * @throws IllegalStateException naming the URL when the store cannot be reached or migrated
     */
    public synchronized void start()
    {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("store");
        hikari.setJdbcUrl(config.url());
        config.user().ifPresent(hikari::setUsername);
        config.password().ifPresent(hikari::setPassword);
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        hikari.setValidationTimeout(Math.min(config.connectionTimeout().toMillis(), 5_000));
        poolMetrics.ifPresent(hikari::setMetricsTrackerFactory);
        try {
            dataSource = new HikariDataSource(hikari);
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations(config.dialect().migrationLocation())
                    .load()
                    .migrate();
            log.info("Store {} ({}) at schema version {}{}", redact(config.url()), config.dialect(), result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                    result.migrationsExecuted > 0 ? " (" + result.migrationsExecuted + " migrations applied)" : "");
        }
        catch (RuntimeException e) {
            close();
            throw new IllegalStateException("Cannot open the store at " + redact(config.url()) + ": " + e.getMessage(), e);
        }
        jdbi = Jdbi.create(dataSource);
    }

    public StoreDialect dialect()
    {
        return config.dialect();
    }

    /**
     * Runs {@code work} in one transaction.
     *
     * @throws StoreUnavailableException when the store cannot be reached
     */
    public <R> R inTransaction(Function<Handle, R> work)
    {
        try {
            return jdbi().inTransaction(work::apply);
        }
        catch (JdbiException e) {
            throw translate(e);
        }
    }

    /**
     * Runs {@code work} with one connection, without a transaction.
     *
     * @throws StoreUnavailableException when the store cannot be reached
     */
    public <R> R withHandle(Function<Handle, R> work)
    {
        try {
            return jdbi().withHandle(work::apply);
        }
        catch (JdbiException e) {
            throw translate(e);
        }
    }

    private synchronized Jdbi jdbi()
    {
        if (jdbi == null) {
            throw new IllegalStateException("store is not started");
        }
        return jdbi;
    }

    @Override
    public synchronized void close()
    {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    /**
     * A lost or refused connection (SQL state class 08), or a server shutting down (PostgreSQL's
     * 57P01-57P03: "terminating connection due to administrator command", ...), is the store
     * being unavailable; anything else is a failure of the operation.
     */
    static RuntimeException translate(JdbiException e)
    {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException) {
                return new StoreUnavailableException("the store is unavailable: " + cause.getMessage(), e);
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return new StoreUnavailableException("the store is unavailable: " + cause.getMessage(), e);
            }
        }
        return e;
    }

    private static String redact(String url)
    {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1<redacted>");
    }

}
