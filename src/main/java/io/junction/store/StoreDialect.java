package io.junction.store;

import java.util.Locale;

/**
 * The databases Junction can keep its state in. Each has its own Flyway migrations under
 * {@code db/migration/<dialect>}; the DAOs' SQL is written to run unchanged on all three.
 */
public enum StoreDialect
{
    /** An embedded H2 file: the zero-setup default for one node. */
    H2("jdbc:h2:"),
    /** PostgreSQL: recommended when several Junction nodes share one store. */
    POSTGRESQL("jdbc:postgresql:"),
    /** MariaDB or MySQL (through the MariaDB driver, {@code jdbc:mariadb:} or {@code jdbc:mysql:}). */
    MARIADB("jdbc:mariadb:");

    private final String urlPrefix;

    StoreDialect(String urlPrefix)
    {
        this.urlPrefix = urlPrefix;
    }

    public static StoreDialect fromUrl(String url)
    {
        if (url.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        for (StoreDialect dialect : values()) {
            if (url.startsWith(dialect.urlPrefix)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("unsupported JDBC URL '" + url + "': expected jdbc:h2:, jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:");
    }

    /**
     * The classpath location of this dialect's Flyway migrations.
     */
    public String migrationLocation()
    {
        return "classpath:db/migration/" + name().toLowerCase(Locale.ROOT);
    }
}
