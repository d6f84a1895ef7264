package org.aqlake.job.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DuckDB over JDBC, in memory: the independent reader that checks our files the way users will read them.
 * {@link LakeFixtures} hands one connection to a test class; {@link #query} opens one for a single query.
 */
public final class DuckDb implements AutoCloseable {

    private final Connection connection;

    private DuckDb(Connection connection) {
        this.connection = connection;
    }

    public static DuckDb open() throws SQLException {
        return new DuckDb(DriverManager.getConnection("jdbc:duckdb:"));
    }

    /** Runs a query with bind parameters on a connection of its own and returns every row. */
    public static List<Map<String, Object>> query(String sql, Object... params) throws SQLException {
        try (DuckDb db = open()) {
            return db.rows(sql, params);
        }
    }

    /** Runs a query with bind parameters and returns every row as column name to value. */
    public List<Map<String, Object>> rows(String sql, Object... params) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    /** Runs a statement that returns no rows, such as {@code CREATE VIEW}. */
    public void execute(String sql) throws SQLException {
        try (java.sql.Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    /** The glob of a hive-partitioned Parquet table folder. */
    public static String parquetGlob(java.nio.file.Path tableDir) {
        // hidden files (a writer's file waiting for compaction) are no part of a table; DuckDB globs them too
        return tableDir.toAbsolutePath() + "/**/[!._]*.parquet";
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
