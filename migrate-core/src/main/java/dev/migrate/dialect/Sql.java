package dev.migrate.dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC helpers the dialects share. */
public final class Sql {

    private Sql() {
    }

    public static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** First column of every row, as strings. */
    public static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** First column of every row of a query with string parameters, as strings. */
    public static List<String> strings(Connection c, String sql, String... params) throws SQLException {
        List<String> values = new ArrayList<>();
        try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    /** First column of the first row, or null. */
    public static String string(Connection c, String sql) throws SQLException {
        List<String> values = strings(c, sql);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The first column of the first row of a query with string parameters, as a long. */
    public static long count(Connection c, String sql, String... params) throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** A string literal for identifiers read from the catalog. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
