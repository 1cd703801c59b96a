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

    @Override
    public DatabaseLock lock(Connection connection, DataSource dataSource, String schema, String lockTable, Duration lease)
            throws SQLException {
        String scope = schema != null ? schema : Sql.string(connection, "SELECT current_schema()");
        return new PostgresAdvisoryLock(connection, "migrate:" + scope + "." + lockTable);
    }

    /** The whole {@code search_path} (JDBC's schema is only its first existing entry). */
    @Override
    public SessionContext sessionContext(Connection connection) throws SQLException {
        String searchPath = Sql.string(connection, "SELECT current_setting('search_path')");
        return c -> {
            if (searchPath == null || searchPath.equals(Sql.string(c, "SELECT current_setting('search_path')"))) {
                return false;
            }
            Sql.count(c, "SELECT COUNT(set_config('search_path', ?, false))", searchPath);
            return true;
        };
    }

    /** Tables, partitioned and foreign tables, views and materialized views, but not those an extension created. */
    @Override
    public List<String> tablesAndViews(Connection connection, String schema) throws SQLException {
        return Sql.strings(connection, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = COALESCE(?, current_schema()) AND c.relkind IN ('r', 'p', 'f', 'v', 'm')"
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid"
                + " AND d.deptype = 'e') ORDER BY 1", schema);
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
        String target = schema != null ? schema : Sql.string(connection, "SELECT current_schema()");
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
