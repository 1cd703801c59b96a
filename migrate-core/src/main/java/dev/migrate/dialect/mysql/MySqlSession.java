package dev.migrate.dialect.mysql;

import dev.migrate.dialect.SessionContext;
import dev.migrate.dialect.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The session variables a MySQL/MariaDB script commonly changes and may leave behind, as dumps do
 * when cut short ({@code SET FOREIGN_KEY_CHECKS=0}, {@code SET NAMES}, {@code SET SQL_MODE=...},
 * {@code SET TIME_ZONE=...}): read in one query before the migrations and after each, and set back
 * where they differ. The database ({@code USE}) is the JDBC catalog's part.
 *
 * <p>The session's transaction isolation and read-only mode ({@code SET SESSION TRANSACTION ...}) and its statement
 * time limit are read too, under the names the server knows: MariaDB has {@code tx_isolation}, {@code tx_read_only}
 * (11.1 also {@code transaction_*}) and {@code max_statement_time}; MySQL 8 only {@code transaction_isolation},
 * {@code transaction_read_only} and {@code max_execution_time}. Naming one the server does not know fails the whole
 * read, so the names are picked per product and, where the server refuses them, tried one by one and left out when
 * unknown. The driver's own read-only flag and isolation level ({@link Connection#setReadOnly},
 * {@link Connection#setTransactionIsolation}, which a Java migration may call) are set back too, since a driver or a
 * pool may act on them without asking the server.
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

    /** Each a variable some servers name otherwise or lack: the spellings, MariaDB's first. */
    private static final List<List<String>> MARIADB_OPTIONAL = List.of(List.of("tx_isolation", "transaction_isolation"),
            List.of("tx_read_only", "transaction_read_only"), List.of("max_statement_time"));
    /** The same for MySQL, whose 8.0 knows only the transaction_ names (5.7 both) and has max_execution_time. */
    private static final List<List<String>> MYSQL_OPTIONAL = List.of(List.of("transaction_isolation", "tx_isolation"),
            List.of("transaction_read_only", "tx_read_only"), List.of("max_execution_time"));

    private final String[] names;
    private final String query;
    private final String[] before;
    private final boolean readOnly;
    private final int isolation;

    private MySqlSession(List<String> names, String[] before, Connection c) throws SQLException {
        this.names = names.toArray(String[]::new);
        this.query = select(names);
        this.before = before;
        this.readOnly = c.isReadOnly();
        this.isolation = c.getTransactionIsolation();
    }

    /** The session variables every MySQL and MariaDB server has, in the order they are set back. */
    static List<String> variables() {
        return List.of(VARIABLES);
    }

    /**
     * The session variables put back on this connection's server, in the order they are set back: {@link #variables()}, then
     * its transaction isolation, read-only mode and statement time limit under the names it knows.
     */
    static List<String> variables(Connection c) throws SQLException {
        List<String> preferred = preferred(c);
        return readable(c, preferred) ? preferred : known(c);
    }

    static MySqlSession of(Connection c) throws SQLException {
        List<String> names = preferred(c);
        String[] before;
        try {
            before = read(c, select(names), names.size());
        } catch (SQLException unknownVariable) {
            names = known(c);
            before = read(c, select(names), names.size());
        }
        return new MySqlSession(names, before, c);
    }

    /** {@link #VARIABLES} and the optional ones under the names of the connection's product. */
    private static List<String> preferred(Connection c) throws SQLException {
        List<String> names = new ArrayList<>(List.of(VARIABLES));
        (mariaDb(c) ? MARIADB_OPTIONAL : MYSQL_OPTIONAL).forEach(spellings -> names.add(spellings.get(0)));
        return names;
    }

    /** Another version's: {@link #VARIABLES} and each optional one under the first spelling the server answers to, or not at all. */
    private static List<String> known(Connection c) throws SQLException {
        List<String> names = new ArrayList<>(List.of(VARIABLES));
        for (List<String> spellings : mariaDb(c) ? MARIADB_OPTIONAL : MYSQL_OPTIONAL) {
            for (String name : spellings) {
                if (readable(c, List.of(name))) {
                    names.add(name);
                    break;
                }
            }
        }
        return names;
    }

    @Override
    public List<String> restore(Connection c, boolean settingsMayHaveChanged) throws SQLException {
        if (!settingsMayHaveChanged) {
            return List.of();
        }
        List<String> changed = new ArrayList<>(0);
        // First: setting the driver's flag back sends SET SESSION TRANSACTION, which the read below then sees.
        if (c.isReadOnly() != readOnly) {
            c.setReadOnly(readOnly);
            changed.add("read-only (JDBC)");
        }
        String[] now = read(c, query, names.length);
        for (int i = 0; i < names.length; i++) {
            if (!Objects.equals(before[i], now[i])) {
                if (before[i] != null && before[i].matches("-?\\d+(\\.\\d+)?")) {
                    // A number, written as read: ON/OFF and numeric variables refuse '1' as a string, sql_select_limit's
                    // default is past a long, max_statement_time reads as 0.000000. Not as a parameter: a server-side
                    // prepared statement (Connector/J's useServerPrepStmts) sends a BigDecimal as a string, and the
                    // server refused it ("Incorrect argument type") or cut the limit to a long's.
                    Sql.execute(c, "SET SESSION " + names[i] + " = " + before[i]);
                } else {
                    // The variable names are this class's own; the value goes as a parameter.
                    try (PreparedStatement ps = c.prepareStatement("SET SESSION " + names[i] + " = ?")) {
                        ps.setString(1, before[i]);
                        ps.execute();
                    }
                }
                changed.add(names[i]);
            }
        }
        // A driver that keeps the level it was given answers from memory; one that asks the server agrees by now.
        if (c.getTransactionIsolation() != isolation) {
            c.setTransactionIsolation(isolation);
            changed.add("isolation level (JDBC)");
        }
        return changed;
    }

    private static String[] read(Connection c, String query, int count) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            String[] values = new String[count];
            for (int i = 0; i < values.length; i++) {
                values[i] = rs.getString(i + 1);
            }
            return values;
        }
    }

    private static String select(List<String> names) {
        StringBuilder sb = new StringBuilder("SELECT ");
        for (int i = 0; i < names.size(); i++) {
            sb.append(i > 0 ? ", " : "").append("@@SESSION.").append(names.get(i));
        }
        return sb.toString();
    }

    /** Whether the server knows every one of {@code names}: MySQL and MariaDB refuse a read naming one they do not. */
    private static boolean readable(Connection c, List<String> names) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(select(names))) {
            return rs.next();
        } catch (SQLException unknown) {
            return false;
        }
    }

    /** MariaDB's driver names the product; MySQL's calls every server MySQL, but a MariaDB server's version says MariaDB. */
    private static boolean mariaDb(Connection c) throws SQLException {
        java.sql.DatabaseMetaData meta = c.getMetaData();
        return String.valueOf(meta.getDatabaseProductName()).toLowerCase(Locale.ROOT).contains("mariadb")
                || String.valueOf(meta.getDatabaseProductVersion()).toLowerCase(Locale.ROOT).contains("mariadb");
    }
}
