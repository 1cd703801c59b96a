package dev.migrate.dialect.postgres;

import dev.migrate.dialect.AbstractDialect;
import dev.migrate.dialect.SessionContext;
import dev.migrate.dialect.Sql;
import dev.migrate.lock.DatabaseLock;
import dev.migrate.sql.SqlSplitter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/** PostgreSQL: transactional DDL, a session-level advisory lock, dollar-quoted bodies. */
public final class PostgresDialect extends AbstractDialect {

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public SqlSplitter splitter() {
        return new PostgresSplitter();
    }

    /**
     * Reads strings as the session's {@code standard_conforming_strings} has them: off, {@code 'it\'s'} is one string.
     * Its reset value decides what a script's {@code RESET} puts back.
     */
    @Override
    public SqlSplitter splitter(Connection connection) throws SQLException {
        String settings = Sql.string(connection, "SELECT setting || ',' || reset_val FROM pg_settings"
                + " WHERE name = 'standard_conforming_strings'");
        if (settings == null) {
            return splitter();
        }
        String[] values = settings.split(",", 2);
        return PostgresSplitter.forStandardConformingStrings(!"off".equals(values[0]), values.length < 2 || !"off".equals(values[1]));
    }

    @Override
    public DatabaseLock lock(Connection connection, DataSource dataSource, String schema, String lockTable, Duration lease)
            throws SQLException {
        String scope = schema != null ? schema : Sql.string(connection, "SELECT current_schema()");
        return new PostgresAdvisoryLock(connection, "migrate:" + scope + "." + lockTable);
    }

    /**
     * Through the driver's copy API ({@code PGConnection.getCopyAPI().copyIn}), reached by reflection so
     * that Migrate needs no PostgreSQL driver to compile or to run on other databases.
     */
    @Override
    public long copyIn(Connection connection, String sql, String rows) throws SQLException {
        Class<?> pgConnection;
        try {
            pgConnection = Class.forName("org.postgresql.PGConnection", false, connection.getClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            try {
                pgConnection = Class.forName("org.postgresql.PGConnection", false, PostgresDialect.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e2) {
                throw new java.sql.SQLFeatureNotSupportedException(
                        "COPY ... FROM STDIN needs the PostgreSQL JDBC driver (org.postgresql), which is not on the classpath", e2);
            }
        }
        if (!connection.isWrapperFor(pgConnection)) {
            throw new java.sql.SQLFeatureNotSupportedException("COPY ... FROM STDIN needs a connection of the PostgreSQL JDBC driver"
                    + " (org.postgresql); this one is a " + connection.getClass().getName());
        }
        Object pg = connection.unwrap(pgConnection);
        try {
            Object copyManager = pgConnection.getMethod("getCopyAPI").invoke(pg);
            Object loaded = copyManager.getClass().getMethod("copyIn", String.class, java.io.Reader.class)
                    .invoke(copyManager, sql, new java.io.StringReader(rows));
            return (Long) loaded;
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql2) {
                throw sql2;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SQLException("COPY ... FROM STDIN failed: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new java.sql.SQLFeatureNotSupportedException("This PostgreSQL JDBC driver has no copy API: " + e, e);
        }
    }

    /** The whole {@code search_path}, the role and the settings made with {@code SET} ({@link PostgresSession}). */
    /**
     * A setting made for the current transaction only is still there at the next statement when both
     * run in a transaction the script opened; in auto-commit mode it ends with the first statement.
     */
    @Override
    public boolean transactionLeftOpen(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            return true;
        }
        try (java.sql.Statement st = connection.createStatement()) {
            st.execute("SELECT set_config('migrate.open_transaction_probe', 'set', true)");
            try (java.sql.ResultSet rs = st.executeQuery("SELECT current_setting('migrate.open_transaction_probe', true)")) {
                return rs.next() && "set".equals(rs.getString(1));
            }
        }
    }

    @Override
    public SessionContext sessionContext(Connection connection) throws SQLException {
        return PostgresSession.of(connection);
    }

    /** Tables, partitioned and foreign tables, views and materialized views, but not those an extension created. */
    @Override
    public List<String> tablesAndViews(Connection connection, String schema) throws SQLException {
        return Sql.strings(connection, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = COALESCE(?, current_schema()) AND c.relkind IN ('r', 'p', 'f', 'v', 'm')"
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid"
                + " AND d.deptype = 'e') ORDER BY 1", schema == null ? null : fold(schema));
    }

    @Override
    public PutBack useSchema(Connection connection, String schema) throws SQLException {
        if (Sql.count(connection, "SELECT COUNT(*) FROM pg_namespace WHERE nspname = ?", fold(schema)) == 0) {
            return null;
        }
        String own = Sql.string(connection, "SELECT current_setting('search_path')");
        String path = own == null || own.isBlank() ? schema : schema + ", " + own;
        Sql.count(connection, "SELECT COUNT(set_config('search_path', ?, false))", path);
        return c -> Sql.count(c, "SELECT COUNT(set_config('search_path', ?, false))", own == null ? "" : own);
    }

    @Override
    protected String currentSchemaFunction() {
        return "current_schema()";
    }

    @Override
    protected String fold(String identifier) {
        return identifier.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public List<String> clean(Connection connection, String schema) throws SQLException {
        // A configured schema is named unquoted everywhere else, so it is stored folded to lower case.
        String target = schema != null ? fold(schema) : Sql.string(connection, "SELECT current_schema()");
        String owner = Sql.string(connection, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = "
                + Sql.literal(target));
        List<String> objects = Sql.strings(connection, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = " + Sql.literal(target) + " AND c.relkind IN ('r', 'v', 'm', 'S', 'p', 'f') ORDER BY 1");
        // Dropping the schema drops every kind of object in it (types, functions, extensions' objects) in one step.
        Sql.execute(connection, "DROP SCHEMA IF EXISTS \"" + target + "\" CASCADE");
        Sql.execute(connection, "CREATE SCHEMA \"" + target + "\"" + (owner != null ? " AUTHORIZATION \"" + owner + "\"" : ""));
        return objects;
    }
}
