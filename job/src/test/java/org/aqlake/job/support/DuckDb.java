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

/** DuckDB over JDBC, in memory: the independent reader that checks our files the way users will read them. */
public final class DuckDb {

    private DuckDb() {}

    /** Runs a query with bind parameters and returns every row as column name to value. */
    public static List<Map<String, Object>> query(String sql, Object... params) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                PreparedStatement st = c.prepareStatement(sql)) {
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

    /** The glob of a hive-partitioned Parquet table folder. */
    public static String parquetGlob(java.nio.file.Path tableDir) {
        return tableDir.toAbsolutePath() + "/**/*.parquet";
    }
}
