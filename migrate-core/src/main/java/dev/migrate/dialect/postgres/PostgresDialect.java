package dev.migrate.dialect.postgres;

import dev.migrate.dialect.AbstractDialect;
import dev.migrate.dialect.SessionContext;
import dev.migrate.dialect.Sql;
import dev.migrate.lock.DatabaseLock;
import dev.migrate.sql.SqlSplitter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /**
     * A lock timeout ({@code 55P03}, also {@code NOWAIT}) is another session's doing, not the script's; a new enum
     * value used in the transaction that added it ({@code 55P04}) needs a commit between the two, which only the
     * way the migrations are split or run gives. A cancel ({@code 57014}) that reaches here is not Migrate's own (that
     * one is reported as a cancelled operation): {@code statement_timeout}, or another session's cancel request.
     */
    @Override
    public String adviceOnFailure(SQLException failure) {
        String state = failure.getSQLState();
        if ("55P03".equals(state)) {
            return "Another session held a lock the statement needed, longer than lock_timeout allows (or NOWAIT would wait):"
                    + " the script is not at fault. Run again once that session has ended its transaction (pg_locks and"
                    + " pg_stat_activity show which one holds it), or raise lock_timeout.";
        }
        if ("57014".equals(state) && failure.getMessage() != null && failure.getMessage().contains("statement timeout")) {
            return "The statement ran longer than statement_timeout allows (set in the script, or for the role or database"
                    + " with ALTER ROLE/ALTER DATABASE ... SET, or in the URL's options): the SQL itself may be right. Give the"
                    + " migration more time (SET statement_timeout = 0 at the top of the script; Migrate puts the setting back"
                    + " after it) or make the statement cheaper, and run again.";
        }
        if ("57014".equals(state) && failure.getMessage() != null && failure.getMessage().contains("due to user request")) {
            return "Another session cancelled the statement (pg_cancel_backend, or a client's cancel request): the script"
                    + " is not at fault. Run again once whoever cancelled it agrees.";
        }
        if ("55P04".equals(state)) {
            return "PostgreSQL lets a statement use a value added by ALTER TYPE ... ADD VALUE only after the transaction that added"
                    + " it has committed. Put the ALTER TYPE in a migration of its own before this one (with group on, apply that"
                    + " one in a run of its own, since a group is one transaction), or run this script outside a transaction"
                    + " (-- migrate:no-transaction, or executeInTransaction=false in its .sql.conf).";
        }
        return null;
    }

    @Override
    public DatabaseLock lock(Connection connection, DataSource dataSource, String schema, String lockTable, Duration lease)
            throws SQLException {
        // Both names mean what they mean unquoted (folded to lower case): APP.MIGRATE_LOCK and app.migrate_lock are one
        // set of tables and must be one lock, or two processes configured in different case migrate side by side.
        String scope = schema != null ? schema.toLowerCase(Locale.ROOT) : Sql.string(connection, "SELECT current_schema()");
        return new PostgresAdvisoryLock(connection, "migrate:" + scope + "." + lockTable.toLowerCase(Locale.ROOT));
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
        return PostgresSession.of(connection).and(SessionContext.ofJdbcFlags(connection));
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

    /** From the catalog: information_schema lists only the schemas the user owns or has a right on. */
    @Override
    protected boolean schemaExists(Connection connection, String schema) throws SQLException {
        return Sql.count(connection, "SELECT COUNT(*) FROM pg_namespace WHERE nspname = ?", fold(schema)) > 0;
    }

    @Override
    protected String currentSchemaFunction() {
        return "current_schema()";
    }

    @Override
    protected String fold(String identifier) {
        return identifier.toLowerCase(java.util.Locale.ROOT);
    }

    /** PostgreSQL keeps names starting with pg_ for its own schemas (pg_catalog, pg_toast, pg_temp_N...). */
    @Override
    public boolean isSystemSchema(String schema) {
        String lower = schema.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("pg_") || lower.equals("information_schema");
    }

    /**
     * Drops, in one transaction, every object of the schemas but those of an extension someone else
     * installed; the schemas themselves stay, with their owner and grants. Extensions in them that the
     * current user owns go too (created by the migrations, as Flyway takes it). Refused before anything is
     * dropped when an object elsewhere depends on one that would go: {@code DROP ... CASCADE} would drop
     * it (a view, a foreign key) or part of it (a column of a type or an extension's type, and its data).
     */
    @Override
    public List<String> clean(Connection connection, List<String> schemas, String lockSchema, String lockTable) throws SQLException {
        java.util.Set<String> targets = new java.util.LinkedHashSet<>();
        for (String schema : schemas) {
            String target = schema != null ? fold(schema) : Sql.string(connection, "SELECT current_schema()");
            if (target != null) {
                targets.add(target);
            }
        }
        refuseCleanOfSystemSchemas(targets);
        if (targets.isEmpty()) {
            return List.of();
        }
        String names = String.join(", ", targets.stream().map(Sql::literal).toList());
        // Extensions in the schemas that the current user owns: the migrations created them (others are a DBA's, kept).
        String ownExtensions = "SELECT e.oid FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE n.nspname IN ("
                + names + ") AND e.extowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)";
        // What lives in the schemas, but parts of other objects (a table's row type, an identity's sequence) and members of
        // extensions (those of the extensions that go, go with them).
        String doomed = "SELECT d.classid, d.objid FROM pg_depend d JOIN pg_namespace n ON n.oid = d.refobjid"
                + " WHERE d.refclassid = 'pg_namespace'::regclass AND d.deptype = 'n' AND n.nspname IN (" + names + ")"
                + " AND (d.classid <> 'pg_extension'::regclass OR d.objid IN (" + ownExtensions + "))"
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend p WHERE p.classid = d.classid AND p.objid = d.objid AND p.objsubid = 0"
                + " AND p.deptype IN ('i', 'e'))";
        List<String> outside = dependentsOutside(connection, doomed, names, ownExtensions);
        if (!outside.isEmpty()) {
            int shown = Math.min(outside.size(), 20);
            throw new dev.migrate.ValidationException(List.of("Clean refused: " + (outside.size() == 1 ? "an object" : outside.size()
                    + " objects") + " outside the schemas it empties (" + String.join(", ", targets) + ") depend"
                    + (outside.size() == 1 ? "s" : "") + " on objects in them, and would be dropped or lose a column with them: "
                    + String.join("; ", outside.subList(0, shown)) + (outside.size() > shown ? "; and " + (outside.size() - shown)
                    + " more" : "") + ". Nothing was dropped. Drop or change those objects first, or add their schemas to"
                    + " schemas (migrate.schemas) so that clean empties them too"));
        }
        List<String[]> objects = new ArrayList<>();
        try (java.sql.Statement st = connection.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT CASE WHEN x.classid = 'pg_class'::regclass THEN (SELECT CASE c.relkind"
                     + " WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE'"
                     + " ELSE 'TABLE' END FROM pg_class c WHERE c.oid = x.objid)"
                     + " WHEN x.classid = 'pg_type'::regclass THEN (SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END"
                     + " FROM pg_type t WHERE t.oid = x.objid)"
                     + " WHEN x.classid = 'pg_statistic_ext'::regclass THEN 'STATISTICS' ELSE upper(o.type) END, o.identity, o.type,"
                     + " CASE WHEN x.classid = 'pg_class'::regclass THEN (SELECT CASE WHEN c.relkind IN ('v', 'm') THEN 0"
                     + " WHEN c.relkind = 'S' THEN 2 ELSE 1 END FROM pg_class c WHERE c.oid = x.objid)"
                     + " WHEN x.classid = 'pg_proc'::regclass THEN 3 WHEN x.classid = 'pg_type'::regclass THEN 4"
                     + " WHEN x.classid = 'pg_extension'::regclass THEN 6 ELSE 5 END AS rank"
                     + " FROM (" + doomed + ") x CROSS JOIN LATERAL pg_identify_object(x.classid, x.objid, 0) o ORDER BY rank, o.identity")) {
            while (rs.next()) {
                objects.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        List<String> dropped = new ArrayList<>();
        String[] current = null;
        try {
            for (String[] object : objects) {
                current = object;
                // CASCADE reaches only objects in these schemas (checked above); IF EXISTS: one may have gone with another.
                Sql.execute(connection, "DROP " + object[0] + " IF EXISTS " + object[1] + " CASCADE");
                dropped.add(object[2] + " " + object[1]);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("could not drop " + current[2] + " " + current[1] + ": " + withoutStop(e.getMessage())
                    + ". Nothing was dropped (clean runs in one transaction)", e.getSQLState(), e);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return dropped;
    }

    private static String withoutStop(String message) {
        String text = String.valueOf(message).strip();
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * Objects outside {@code names} that go, wholly or in part, when the objects of {@code doomed} are dropped with
     * {@code CASCADE}, each with what it uses there: found by following pg_depend from them. Members of the
     * extensions that go are theirs; extensions that stay, their members and objects of no schema (an event trigger, a
     * publication's table, a cast between types of other schemas) count as outside, but a cast or transform of a type
     * that goes, and the foreign servers and user mappings of an extension's wrapper that goes. An internal part (a
     * view's rule, a foreign key's triggers, a row type) is described as its owner.
     */
    private static List<String> dependentsOutside(Connection connection, String doomed, String names, String ownExtensions)
            throws SQLException {
        // pg_describe_object leaves out the schema of what the search path finds: "table t_coll" said not where it is.
        String searchPath = Sql.string(connection, "SELECT current_setting('search_path')");
        Sql.execute(connection, "SELECT set_config('search_path', 'pg_catalog', false)");
        try {
            return describeDependentsOutside(connection, doomed, names, ownExtensions);
        } finally {
            Sql.strings(connection, "SELECT set_config('search_path', ?, false)", searchPath);
        }
    }

    private static List<String> describeDependentsOutside(Connection connection, String doomed, String names, String ownExtensions)
            throws SQLException {
        return Sql.strings(connection, "WITH RECURSIVE gone(classid, objid, objsubid, refclassid, refobjid, deptype) AS ("
                + " SELECT x.classid, x.objid, 0, 0::oid, 0::oid, 'n'::\"char\" FROM (" + doomed + ") x"
                + " UNION SELECT d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid, d.deptype FROM pg_depend d"
                + " JOIN gone g ON d.refclassid = g.classid AND d.refobjid = g.objid AND (g.objsubid = 0 OR d.refobjsubid = g.objsubid)),"
                + " placed AS (SELECT g.*, CASE g.classid"
                + " WHEN 'pg_attrdef'::regclass THEN (SELECT c.relnamespace FROM pg_attrdef a JOIN pg_class c ON c.oid = a.adrelid"
                + " WHERE a.oid = g.objid)"
                + " WHEN 'pg_trigger'::regclass THEN (SELECT c.relnamespace FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                + " WHERE t.oid = g.objid)"
                + " WHEN 'pg_rewrite'::regclass THEN (SELECT c.relnamespace FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class"
                + " WHERE r.oid = g.objid)"
                + " WHEN 'pg_policy'::regclass THEN (SELECT c.relnamespace FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid"
                + " WHERE p.oid = g.objid)"
                + " WHEN 'pg_amop'::regclass THEN (SELECT f.opfnamespace FROM pg_amop a JOIN pg_opfamily f ON f.oid = a.amopfamily"
                + " WHERE a.oid = g.objid)"
                + " WHEN 'pg_amproc'::regclass THEN (SELECT f.opfnamespace FROM pg_amproc a JOIN pg_opfamily f ON f.oid = a.amprocfamily"
                + " WHERE a.oid = g.objid)"
                // A cast or transform is in no schema: it belongs with its type (of either end, for a cast) where that goes.
                + " WHEN 'pg_cast'::regclass THEN (SELECT CASE WHEN s.typnamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN ("
                + names + ")) THEN s.typnamespace ELSE t.typnamespace END FROM pg_cast c JOIN pg_type s ON s.oid = c.castsource"
                + " JOIN pg_type t ON t.oid = c.casttarget WHERE c.oid = g.objid)"
                + " WHEN 'pg_transform'::regclass THEN (SELECT t.typnamespace FROM pg_transform x JOIN pg_type t ON t.oid = x.trftype"
                + " WHERE x.oid = g.objid)"
                // pg_identify_object gives the schema quoted where it must be ("order", "App").
                + " ELSE (SELECT n.oid FROM pg_namespace n WHERE quote_ident(n.nspname) = (pg_identify_object(g.classid, g.objid,"
                + " g.objsubid)).schema)"
                + " END AS home FROM gone g),"
                + " outside AS (SELECT CASE WHEN p.classid = 'pg_rewrite'::regclass THEN pg_describe_object('pg_class'::regclass,"
                + " (SELECT r.ev_class FROM pg_rewrite r WHERE r.oid = p.objid), 0) ELSE pg_describe_object(p.classid, p.objid, p.objsubid)"
                + " END AS what, CASE WHEN p.refclassid = 0 THEN NULL ELSE (SELECT u.type || ' ' || u.identity"
                + " FROM pg_identify_object(p.refclassid, p.refobjid, 0) u) END AS uses"
                + " FROM placed p WHERE p.deptype <> 'i'"
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = p.classid AND e.objid = p.objid AND e.deptype = 'e'"
                + " AND e.refobjid IN (" + ownExtensions + "))"
                + " AND (p.home NOT IN (SELECT oid FROM pg_namespace WHERE nspname IN (" + names + ") OR nspname LIKE 'pg_toast%')"
                + " OR p.classid = 'pg_extension'::regclass AND p.objid NOT IN (" + ownExtensions + ")"
                // In no schema, so in none of these: an event trigger, a publication's table, a language... Foreign servers and
                // user mappings go with a foreign-data wrapper of an extension that goes, as DROP EXTENSION ... CASCADE takes them.
                + " OR p.home IS NULL AND p.classid NOT IN ('pg_extension'::regclass, 'pg_foreign_server'::regclass,"
                + " 'pg_user_mapping'::regclass)"
                + " OR EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = p.classid AND e.objid = p.objid AND e.deptype = 'e')))"
                + " SELECT what || COALESCE(' (uses ' || string_agg(DISTINCT uses, ', ') || ')', '') FROM outside GROUP BY what ORDER BY 1");
    }
}
