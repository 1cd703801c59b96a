package dev.migrate.dialect.mysql;

import dev.migrate.dialect.AbstractDialect;
import dev.migrate.dialect.SessionContext;
import dev.migrate.dialect.Sql;
import dev.migrate.lock.DatabaseLock;
import dev.migrate.sql.SqlSplitter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * MySQL and MariaDB: DDL commits implicitly, so a failed migration is marked FAILED; the lock is
 * {@code GET_LOCK}, released by the server when the session ends.
 */
public final class MySqlDialect extends AbstractDialect {

    @Override
    public String name() {
        return "MySQL";
    }

    @Override
    public String products() {
        return "MySQL/MariaDB";
    }

    @Override
    public boolean supportsTransactionalDdl() {
        return false;
    }

    /**
     * The session variables Migrate puts back after each migration on every MySQL and MariaDB server, in the order it
     * sets them back ({@code collation_connection} after the character sets that reset it): for a script that does the same.
     */
    public static List<String> sessionVariables() {
        return MySqlSession.variables();
    }

    /**
     * {@link #sessionVariables()} and, under the names this connection's server knows, its transaction isolation,
     * read-only mode and statement time limit ({@code tx_isolation}, {@code tx_read_only}, {@code max_statement_time} on
     * MariaDB; {@code transaction_isolation}, {@code transaction_read_only}, {@code max_execution_time} on MySQL 8): all
     * that Migrate puts back there, for a script that does the same.
     */
    public static List<String> sessionVariables(Connection connection) throws SQLException {
        return MySqlSession.variables(connection);
    }

    /**
     * MariaDB's {@code @@in_transaction}; on MySQL, which has none, the session's InnoDB transaction, where the
     * user may see it (PROCESS privilege), else not known and taken as none. Auto-commit off alone, with
     * everything committed, is no open transaction: the engine only turns auto-commit back on.
     */
    @Override
    public boolean transactionLeftOpen(Connection connection) throws SQLException {
        try (java.sql.Statement st = connection.createStatement()) {
            try (java.sql.ResultSet rs = st.executeQuery("SELECT @@in_transaction")) {
                return rs.next() && rs.getInt(1) == 1;
            } catch (SQLException noInTransaction) {
                try (java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.innodb_trx"
                        + " WHERE trx_mysql_thread_id = CONNECTION_ID()")) {
                    return rs.next() && rs.getInt(1) > 0;
                } catch (SQLException notVisible) {
                    return false;
                }
            }
        }
    }

    @Override
    public void rollBackLeftOpenTransaction(Connection connection) throws SQLException {
        try (java.sql.Statement st = connection.createStatement()) {
            st.execute("ROLLBACK");
            st.execute("SET autocommit = 1");
        }
    }

    /** The database the server has selected: Connector/J's {@code getCatalog()} does not see a {@code USE}. */
    @Override
    public String currentDatabase(Connection connection) throws SQLException {
        String database = Sql.string(connection, "SELECT DATABASE()");
        return database != null ? database : connection.getCatalog();
    }

    /**
     * The database, as the server has it ({@code SELECT DATABASE()}), and the session variables scripts change
     * ({@link MySqlSession}). Not JDBC's catalog: MySQL's driver, Connector/J, answers {@code getCatalog()} from what it
     * remembers, so after a script's {@code USE other} it still names the first database, and Migrate's own writes
     * went to {@code other}.
     */
    @Override
    public SessionContext sessionContext(Connection connection) throws SQLException {
        String database = Sql.string(connection, "SELECT DATABASE()");
        SessionContext ofDatabase = new SessionContext() {
            @Override
            public List<String> restore(Connection c, boolean settingsMayHaveChanged) throws SQLException {
                return restoreSchemaContext(c);
            }

            @Override
            public List<String> restoreSchemaContext(Connection c) throws SQLException {
                String now = Sql.string(c, "SELECT DATABASE()");
                if (database == null || database.equals(now)) {
                    return List.of(); // MySQL cannot unselect a database: a connection that had none keeps the one it got
                }
                useDatabase(c, database);
                return List.of("database " + now);
            }
        };
        return ofDatabase.and(MySqlSession.of(connection));
    }

    /**
     * Makes {@code database} the session's: through JDBC's catalog, so that the driver's metadata calls follow, then with
     * {@code USE} where the server is still elsewhere. Connector/J skips {@code setCatalog} for the database it believes
     * current ({@code useLocalSessionState=true}), which is not the server's after a script's {@code USE}.
     */
    private static void useDatabase(Connection connection, String database) throws SQLException {
        connection.setCatalog(database);
        if (!database.equals(Sql.string(connection, "SELECT DATABASE()"))) {
            Sql.execute(connection, "USE " + quoted(database));
        }
    }

    @Override
    public boolean driverLogsFailedStatements() {
        return true;
    }

    @Override
    public SqlSplitter splitter() {
        return new MySqlSplitter();
    }

    /** Reads strings as the session's {@code sql_mode} has them: with {@code NO_BACKSLASH_ESCAPES}, {@code 'C:\'} is closed. */
    @Override
    public SqlSplitter splitter(Connection connection) throws SQLException {
        String sqlMode = Sql.string(connection, "SELECT @@SESSION.sql_mode");
        return MySqlSplitter.forSqlMode(sqlMode == null ? "" : sqlMode);
    }

    @Override
    public DatabaseLock lock(Connection connection, DataSource dataSource, String schema, String lockTable, Duration lease)
            throws SQLException {
        String scope = schema != null ? schema : Sql.string(connection, "SELECT DATABASE()");
        // The lock table is only a name here, where H2 and SQLite fold it: MIGRATE_LOCK and migrate_lock are one lock.
        // The database keeps its case, as MariaDB's database names are case-sensitive by default.
        return new MySqlNamedLock(connection, "migrate:" + scope + "." + lockTable.toLowerCase(Locale.ROOT));
    }

    /**
     * The database, through JDBC's catalog ({@code USE}), read and checked on the server as in {@link #sessionContext}.
     * A connection that had none keeps this one: MySQL cannot unselect.
     */
    @Override
    public PutBack useSchema(Connection connection, String schema) throws SQLException {
        if (Sql.count(connection, "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?", schema) == 0) {
            return null;
        }
        String own = Sql.string(connection, "SELECT DATABASE()");
        useDatabase(connection, schema);
        return c -> {
            if (own != null) {
                useDatabase(c, own);
            }
        };
    }

    @Override
    protected String currentSchemaFunction() {
        return "DATABASE()";
    }

    @Override
    public String textType() {
        // Not the database's default character set, which may be latin1: error texts and the progress marks of string keys
        // hold whatever the data holds, and a character the column could not store failed the write.
        return "MEDIUMTEXT CHARACTER SET utf8mb4";
    }

    @Override
    public String timestampType() {
        return "DATETIME(3)";
    }

    @Override
    public String identityColumn(String column) {
        return column + " BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";
    }

    /**
     * Looks first: MySQL/MariaDB check the right to create databases for CREATE DATABASE IF NOT EXISTS before they see
     * that the database exists, so a user granted only its own database was refused when it was named as a schema.
     */
    @Override
    public void createSchemaIfMissing(Connection connection, String schema) throws SQLException {
        if (!schemaExists(connection, schema)) {
            Sql.execute(connection, "CREATE DATABASE IF NOT EXISTS " + quoted(schema));
        }
    }

    @Override
    public boolean isSystemSchema(String schema) {
        return List.of("mysql", "information_schema", "performance_schema", "sys").contains(schema.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Drops every table, view, sequence, routine and event of each database (their triggers go with the
     * tables), names quoted as the catalog gives them. Refused before anything is dropped where a table of
     * another database has a foreign key to one of theirs: with the checks off for the drop it would be left
     * pointing at rows that no longer exist.
     */
    @Override
    public List<String> clean(Connection connection, List<String> schemas, String lockSchema, String lockTable) throws SQLException {
        java.util.Set<String> targets = new java.util.LinkedHashSet<>();
        for (String schema : schemas) {
            String target = schema != null ? schema : Sql.string(connection, "SELECT DATABASE()");
            if (target != null) {
                targets.add(target);
            }
        }
        if (targets.isEmpty()) {
            throw new dev.migrate.ConfigurationException("Nothing to clean: the connection has no database selected. Name it in the"
                    + " JDBC URL, or set default-schema");
        }
        refuseCleanOfSystemSchemas(targets);
        String in = "(" + String.join(", ", targets.stream().map(Sql::literal).toList()) + ")";
        List<String> outside = Sql.strings(connection, "SELECT CONCAT('constraint ', constraint_name, ' on table ', constraint_schema,"
                + " '.', table_name, ' (uses table ', unique_constraint_schema, '.', referenced_table_name, ')')"
                + " FROM information_schema.referential_constraints WHERE unique_constraint_schema IN " + in
                + " AND constraint_schema NOT IN " + in + " ORDER BY 1");
        if (!outside.isEmpty()) {
            throw new dev.migrate.ValidationException(List.of("Clean refused: " + (outside.size() == 1 ? "a foreign key" : outside.size()
                    + " foreign keys") + " of tables outside the databases it empties (" + String.join(", ", targets) + ") reference"
                    + (outside.size() == 1 ? "s" : "") + " tables in them, and would be left pointing at rows that no longer exist: "
                    + String.join("; ", outside) + ". Nothing was dropped. Drop those foreign keys first, or add their databases to"
                    + " schemas (migrate.schemas) so that clean empties them too"));
        }
        List<String> dropped = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        for (String db : targets) {
            String where = " WHERE %s = " + Sql.literal(db);
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT table_name, table_type FROM information_schema.tables"
                         + String.format(where, "table_schema") + " ORDER BY table_type DESC, table_name")) {
                while (rs.next()) {
                    String type = rs.getString(2);
                    String kind = "VIEW".equalsIgnoreCase(type) ? "VIEW" : "SEQUENCE".equalsIgnoreCase(type) ? "SEQUENCE" : "TABLE";
                    statements.add("DROP " + kind + " " + quoted(db) + "." + quoted(rs.getString(1)));
                    dropped.add(kind.toLowerCase(java.util.Locale.ROOT) + " " + db + "." + rs.getString(1));
                }
            }
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT routine_name, routine_type FROM information_schema.routines"
                         + String.format(where, "routine_schema") + " ORDER BY routine_type DESC, routine_name")) {
                while (rs.next()) {
                    String type = rs.getString(2).toUpperCase(java.util.Locale.ROOT);
                    if (type.equals("PACKAGE BODY")) {
                        continue; // goes with its PACKAGE
                    }
                    type = type.equals("PROCEDURE") || type.equals("PACKAGE") ? type : "FUNCTION";
                    // MariaDB parses DROP PACKAGE only in Oracle mode.
                    statements.add((type.equals("PACKAGE") ? ORACLE_MODE : "") + "DROP " + type + " " + quoted(db) + "."
                            + quoted(rs.getString(1)));
                    dropped.add(type.toLowerCase(java.util.Locale.ROOT) + " " + db + "." + rs.getString(1));
                }
            }
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT event_name FROM information_schema.events" + String.format(where, "event_schema")
                         + " ORDER BY 1")) {
                while (rs.next()) {
                    statements.add("DROP EVENT " + quoted(db) + "." + quoted(rs.getString(1)));
                    dropped.add("event " + db + "." + rs.getString(1));
                }
            }
        }
        String checks = Sql.string(connection, "SELECT @@foreign_key_checks");
        Sql.execute(connection, "SET FOREIGN_KEY_CHECKS = 0");
        int done = 0;
        try {
            for (String sql : statements) {
                if (sql.startsWith(ORACLE_MODE)) {
                    String mode = Sql.string(connection, "SELECT @@SESSION.sql_mode");
                    Sql.execute(connection, "SET SESSION sql_mode = 'ORACLE'");
                    try {
                        Sql.execute(connection, sql.substring(ORACLE_MODE.length()));
                    } finally {
                        Sql.execute(connection, "SET SESSION sql_mode = " + Sql.literal(mode == null ? "" : mode));
                    }
                } else {
                    Sql.execute(connection, sql);
                }
                done++;
            }
        } catch (SQLException e) {
            throw new SQLException("could not drop " + dropped.get(done) + ": " + e.getMessage() + (done == 0 ? ". Nothing was dropped"
                    : ". The " + done + " object(s) before it are dropped (" + name() + " commits each DROP): fix the cause and run"
                    + " clean again"), e.getSQLState(), e);
        } finally {
            Sql.execute(connection, "SET FOREIGN_KEY_CHECKS = " + ("0".equals(checks) ? "0" : "1"));
        }
        return dropped;
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** Backquotes, which work whatever the session's {@code sql_mode} (double quotes only with {@code ANSI_QUOTES}). */
    @Override
    public String sqlName(String identifier) {
        return quoted(identifier);
    }

    /** Marks a clean statement that MariaDB parses only with sql_mode ORACLE. */
    private static final String ORACLE_MODE = "oracle-mode:";
}
