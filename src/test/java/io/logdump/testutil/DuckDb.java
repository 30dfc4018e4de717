package io.logdump.testutil;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DuckDB in memory (its JDBC driver, with its own Parquet, JSON and CSV readers), the independent
 * reader of dump files. Session time zone UTC.
 */
public final class DuckDb implements AutoCloseable {
    private final Connection connection;

    public DuckDb() throws SQLException {
        this.connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = connection.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
        }
    }

    /** Every row of the query, each a map from column label to value, in column order. */
    public List<Map<String, Object>> rows(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    row.put(meta.getColumnLabel(c), rs.getObject(c));
                }
                out.add(row);
            }
            return out;
        }
    }

    /** The single row of the query. */
    public Map<String, Object> row(String sql) throws SQLException {
        List<Map<String, Object>> rows = rows(sql);
        if (rows.size() != 1) {
            throw new AssertionError(sql + " gave " + rows.size() + " rows: " + rows);
        }
        return rows.get(0);
    }

    /** The first column of every row. */
    public List<Object> column(String sql) throws SQLException {
        return rows(sql).stream().map(r -> r.values().iterator().next()).toList();
    }

    /** A path as an SQL string literal. */
    public static String literal(Path path) {
        return "'" + path.toString().replace("'", "''") + "'";
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
