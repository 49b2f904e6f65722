package io.junction.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * Queries through the real Trino JDBC driver (trino-jdbc 476), against a Trino server or
 * against Junction: both speak the same protocol.
 */
public final class TrinoJdbc
{
    public static final String DEFAULT_USER = "test";

    private TrinoJdbc() {}

    /**
     * {@code jdbc:trino://host:port} for an {@code http} or {@code https} server URI.
     */
    public static String jdbcUrl(URI server)
    {
        String url = "jdbc:trino://" + server.getAuthority();
        return "https".equals(server.getScheme()) ? url + "?SSL=true" : url;
    }

    public static Connection connect(URI server, String user)
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        return DriverManager.getConnection(jdbcUrl(server), properties);
    }

    /**
     * Runs {@code sql} as user {@value #DEFAULT_USER} and returns every row, each as the
     * list of its column values ({@link ResultSet#getObject}; SQL NULL is {@code null}).
     */
    public static List<List<Object>> query(URI server, String sql)
            throws SQLException
    {
        return query(server, DEFAULT_USER, sql);
    }

    public static List<List<Object>> query(URI server, String user, String sql)
            throws SQLException
    {
        try (Connection connection = connect(server, user);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData metadata = rows.getMetaData();
            List<List<Object>> result = new ArrayList<>();
            while (rows.next()) {
                List<Object> row = new ArrayList<>(metadata.getColumnCount());
                for (int column = 1; column <= metadata.getColumnCount(); column++) {
                    row.add(rows.getObject(column));
                }
                result.add(Collections.unmodifiableList(row));
            }
            return Collections.unmodifiableList(result);
        }
    }
}
