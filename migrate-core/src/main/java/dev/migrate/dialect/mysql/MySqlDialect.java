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

    /** The database, and the session variables scripts change ({@link MySqlSession}). */
    /**
     * The session variables Migrate puts back after each migration, in the order it sets them back
     * ({@code collation_connection} after the character sets that reset it): for a script that does the same.
     */
    public static List<String> sessionVariables() {
        return MySqlSession.variables();
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

    @Override
    public SessionContext sessionContext(Connection connection) throws SQLException {
        return SessionContext.ofJdbc(connection).and(MySqlSession.of(connection));
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
        return new MySqlNamedLock(connection, "migrate:" + scope + "." + lockTable);
    }

    /** The database, through JDBC's catalog ({@code USE}). A connection that had none keeps this one: MySQL cannot unselect. */
    @Override
    public PutBack useSchema(Connection connection, String schema) throws SQLException {
        if (Sql.count(connection, "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?", schema) == 0) {
            return null;
        }
        String own = connection.getCatalog();
        connection.setCatalog(schema);
        return c -> {
            if (own != null) {
                c.setCatalog(own);
            }
        };
    }

    @Override
    protected String currentSchemaFunction() {
        return "DATABASE()";
    }

    @Override
    public String textType() {
        return "MEDIUMTEXT";
    }

    @Override
    public String timestampType() {
        return "DATETIME(3)";
    }

    @Override
    public String identityColumn(String column) {
        return column + " BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";
    }

    @Override
    public void createSchemaIfMissing(Connection connection, String schema) throws SQLException {
        Sql.execute(connection, "CREATE DATABASE IF NOT EXISTS `" + schema + "`");
    }

    @Override
    public List<String> clean(Connection connection, String schema) throws SQLException {
        String db = schema != null ? schema : Sql.string(connection, "SELECT DATABASE()");
        String where = " WHERE %s = " + Sql.literal(db);
        List<String> dropped = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT table_name, table_type FROM information_schema.tables"
                     + String.format(where, "table_schema") + " ORDER BY table_type DESC, table_name")) {
            while (rs.next()) {
                boolean view = "VIEW".equalsIgnoreCase(rs.getString(2));
                statements.add((view ? "DROP VIEW `" : "DROP TABLE `") + db + "`.`" + rs.getString(1) + "`");
                dropped.add((view ? "view " : "table ") + rs.getString(1));
            }
        }
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT routine_name, routine_type FROM information_schema.routines"
                     + String.format(where, "routine_schema"))) {
            while (rs.next()) {
                statements.add("DROP " + rs.getString(2) + " `" + db + "`.`" + rs.getString(1) + "`");
                dropped.add(rs.getString(2).toLowerCase(java.util.Locale.ROOT) + " " + rs.getString(1));
            }
        }
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT event_name FROM information_schema.events" + String.format(where, "event_schema"))) {
            while (rs.next()) {
                statements.add("DROP EVENT `" + db + "`.`" + rs.getString(1) + "`");
                dropped.add("event " + rs.getString(1));
            }
        }
        Sql.execute(connection, "SET FOREIGN_KEY_CHECKS = 0");
        try {
            for (String sql : statements) {
                Sql.execute(connection, sql);
            }
        } finally {
            Sql.execute(connection, "SET FOREIGN_KEY_CHECKS = 1");
        }
        return dropped;
    }
}
