package io.junction.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A fresh, empty database of one dialect for one test: an H2 file in a temporary directory,
 * or a new database on the local PostgreSQL (127.0.0.1:5432, user postgres) or MariaDB
 * (127.0.0.1:3306, user root) server, named uniquely so that runs never collide. Closing it
 * drops the database.
 */
public final class TestingDatabase
        implements AutoCloseable
{
    private static final String POSTGRESQL_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String MARIADB_ADMIN_URL = "jdbc:mariadb://127.0.0.1:3306/";

    private final StoreDialect dialect;
    private final String name;
    private final String url;
    private final Optional<String> user;

    private TestingDatabase(StoreDialect dialect, String name, String url, Optional<String> user)
    {
        this.dialect = dialect;
        this.name = name;
        this.url = url;
        this.user = user;
    }

    public static TestingDatabase create(StoreDialect dialect)
    {
        String name = "junction_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return switch (dialect) {
            case H2 -> {
                try {
                    Path directory = Files.createTempDirectory("junction-h2");
                    yield new TestingDatabase(dialect, name, "jdbc:h2:file:" + directory.resolve(name), Optional.empty());
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case POSTGRESQL -> {
                execute(POSTGRESQL_ADMIN_URL, "postgres", "CREATE DATABASE " + name);
                yield new TestingDatabase(dialect, name, "jdbc:postgresql://127.0.0.1:5432/" + name, Optional.of("postgres"));
            }
            case MARIADB -> {
                execute(MARIADB_ADMIN_URL, "root", "CREATE DATABASE " + name);
                yield new TestingDatabase(dialect, name, "jdbc:mariadb://127.0.0.1:3306/" + name, Optional.of("root"));
            }
        };
    }

    public StoreDialect dialect()
    {
        return dialect;
    }

    public String url()
    {
        return url;
    }

    public StoreConfig config()
    {
        return new StoreConfig(url, user, Optional.empty(), 4, Duration.ofSeconds(5), Duration.ofMillis(200));
    }

    /**
     * The {@code store.*} properties of a Junction node using this database.
     */
    public Map<String, String> properties()
    {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("store.url", url);
        user.ifPresent(value -> properties.put("store.user", value));
        properties.put("store.refresh-interval", "200ms");
        return properties;
    }

    @Override
    public void close()
    {
        switch (dialect) {
            case H2 -> {}
            case POSTGRESQL -> execute(POSTGRESQL_ADMIN_URL, "postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            case MARIADB -> execute(MARIADB_ADMIN_URL, "root", "DROP DATABASE IF EXISTS " + name);
        }
    }

    private static void execute(String url, String user, String sql)
    {
        try (Connection connection = DriverManager.getConnection(url, user, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot run '" + sql + "' on " + url + " (is the local database server running? .ci/run starts it): " + e.getMessage(), e);
        }
    }
}
