package dev.migrate.dialect.mysql;

import dev.migrate.dialect.SessionContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The session variables a MySQL/MariaDB script commonly changes and may leave behind, as dumps do
 * when cut short ({@code SET FOREIGN_KEY_CHECKS=0}, {@code SET NAMES}, {@code SET SQL_MODE=...},
 * {@code SET TIME_ZONE=...}): read in one query before the migrations and after each, and set back
 * where they differ. The database ({@code USE}) is the JDBC catalog's part.
 */
final class MySqlSession implements SessionContext {

    /** In the order they are set back: {@code collation_connection} after the character sets that reset it. */
    private static final String[] VARIABLES = {"foreign_key_checks", "unique_checks", "sql_mode", "sql_safe_updates", "sql_notes",
            "time_zone",
            // Not written by dumps, but each reaches Migrate's own statements or the application through a pool: a select limit
            // cuts the rows every SELECT returns, the others change the tables and keys later statements make, or how long they wait.
            "sql_select_limit", "auto_increment_increment", "auto_increment_offset", "default_storage_engine",
            "lock_wait_timeout", "innodb_lock_wait_timeout",
            "character_set_client", "character_set_connection", "character_set_results", "collation_connection"};
    private static final String READ;

    /** The session variables put back after each migration, in the order they are set back. */
    static java.util.List<String> variables() {
        return java.util.List.of(VARIABLES);
    }

    static {
        StringBuilder sb = new StringBuilder("SELECT ");
        for (int i = 0; i < VARIABLES.length; i++) {
            sb.append(i > 0 ? ", " : "").append("@@SESSION.").append(VARIABLES[i]);
        }
        READ = sb.toString();
    }

    private final String[] before;

    private MySqlSession(String[] before) {
        this.before = before;
    }

    static MySqlSession of(Connection c) throws SQLException {
        return new MySqlSession(read(c));
    }

    @Override
    public List<String> restore(Connection c, boolean settingsMayHaveChanged) throws SQLException {
        if (!settingsMayHaveChanged) {
            return List.of();
        }
        String[] now = read(c);
        List<String> changed = new ArrayList<>(0);
        for (int i = 0; i < VARIABLES.length; i++) {
            if (!Objects.equals(before[i], now[i])) {
                // The variable names are this class's own; the value goes as a parameter.
                try (PreparedStatement ps = c.prepareStatement("SET SESSION " + VARIABLES[i] + " = ?")) {
                    if (before[i] != null && before[i].matches("-?\\d+")) {
                        // ON/OFF and numeric variables refuse '1' as a string; sql_select_limit's default is past a long
                        ps.setBigDecimal(1, new java.math.BigDecimal(before[i]));
                    } else {
                        ps.setString(1, before[i]);
                    }
                    ps.execute();
                }
                changed.add(VARIABLES[i]);
            }
        }
        return changed;
    }

    private static String[] read(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(READ)) {
            rs.next();
            String[] values = new String[VARIABLES.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = rs.getString(i + 1);
            }
            return values;
        }
    }
}
