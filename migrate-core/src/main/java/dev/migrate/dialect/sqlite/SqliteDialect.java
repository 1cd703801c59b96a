package dev.migrate.dialect.sqlite;

import dev.migrate.ConfigurationException;
import dev.migrate.LockStatus;
import dev.migrate.MigrateException;
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
import java.util.Set;
import javax.sql.DataSource;

/** SQLite: transactional DDL, one writer at a time, a lease lock row. Schemas are attached databases. */
public final class SqliteDialect extends AbstractDialect {

    /** How long one of a waiting process's statements waits for a busy database: well under a poll's pause. */
    private static final int WAITING_BUSY_TIMEOUT_MS = 100;

    @Override
    public String name() {
        return "SQLite";
    }

    @Override
    public SqlSplitter splitter() {
        return new SqliteSplitter();
    }

    @Override
    protected String currentSchemaFunction() {
        throw new UnsupportedOperationException("SQLite has no information_schema");
    }

    @Override
    public boolean tableExists(Connection connection, String schema, String table) throws SQLException {
        return Sql.count(connection, "SELECT COUNT(*) FROM " + (schema != null ? sqlName(schema) + "." : "")
                + "sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE", table) > 0;
    }

    @Override
    public List<String> tablesAndViews(Connection connection, String schema) throws SQLException {
        return Sql.strings(connection, "SELECT name FROM " + (schema != null ? sqlName(schema) + "." : "")
                + "sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
    }

    /** With the busy timeout the lock's wait uses, so that a busy database fails the work at once. */
    @Override
    public <T> T withoutWaiting(Connection connection, Work<T> work) throws SQLException {
        long saved = Sql.count(connection, "PRAGMA busy_timeout");
        Sql.execute(connection, "PRAGMA busy_timeout = " + WAITING_BUSY_TIMEOUT_MS);
        try {
            return work.run();
        } finally {
            Sql.execute(connection, "PRAGMA busy_timeout = " + saved);
        }
    }

    /**
     * The lease lock, with the connection's busy timeout shortened while it waits. A holder's long
     * migration can keep even readers out, and each of the waiter's statements would otherwise wait
     * out the driver's busy timeout (3 s by default) before the lock timeout is looked at again, so
     * a one-second {@code lockTimeout} took twenty. The connection's own busy timeout is back before
     * anything runs under the lock.
     */
    @Override
    public DatabaseLock lock(Connection connection, DataSource dataSource, String schema, String lockTable, Duration lease)
            throws SQLException {
        DatabaseLock leaseLock = super.lock(connection, dataSource, schema, lockTable, lease);
        return new DatabaseLock() {
            @Override
            public <T> T withLock(Duration timeout, dev.migrate.lock.Cancellation cancellation, LockedAction<T> action) {
                long saved;
                try {
                    saved = Sql.count(connection, "PRAGMA busy_timeout");
                    Sql.execute(connection, "PRAGMA busy_timeout = " + WAITING_BUSY_TIMEOUT_MS);
                } catch (SQLException e) {
                    throw new MigrateException("Could not set SQLite's busy timeout: " + e.getMessage(), e);
                }
                boolean[] restored = {false};
                try {
                    return leaseLock.withLock(timeout, cancellation, () -> {
                        Sql.execute(connection, "PRAGMA busy_timeout = " + saved);
                        restored[0] = true;
                        return action.run();
                    });
                } finally {
                    if (!restored[0]) {
                        try {
                            Sql.execute(connection, "PRAGMA busy_timeout = " + saved);
                        } catch (SQLException e) {
                            // The connection is closed after a failed wait; nothing runs on it any more.
                        }
                    }
                }
            }

            @Override
            public void confirm(Connection migrationConnection) throws SQLException {
                leaseLock.confirm(migrationConnection);
            }

            @Override
            public void confirmUntilCommit(Connection migrationConnection) throws SQLException {
                leaseLock.confirmUntilCommit(migrationConnection);
            }

            @Override
            public String formerHolder() {
                return leaseLock.formerHolder();
            }

            @Override
            public LockStatus probe() throws SQLException {
                return leaseLock.probe();
            }
        };
    }

    /** SQLite runs in the process, so this is the host's clock, shared by every process that opens the file. */
    @Override
    public String epochMillisSql() {
        return "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";
    }

    @Override
    public String identityColumn(String column) {
        return column + " INTEGER PRIMARY KEY AUTOINCREMENT";
    }

    /** SQLite has no current schema: unqualified names resolve in {@code main}, then the attached databases. */
    @Override
    public PutBack useSchema(Connection connection, String schema) throws SQLException {
        if (schema.equalsIgnoreCase("main")) {
            return c -> { };
        }
        throw new ConfigurationException("SQLite has no current schema to set default-schema '" + schema + "' as: leave"
                + " default-schema unset and name the attached database in the migrations (" + schema + ".table)");
    }

    @Override
    public void createSchemaIfMissing(Connection connection, String schema) throws SQLException {
        List<String> attached = Sql.strings(connection, "SELECT name FROM pragma_database_list");
        if (attached.stream().noneMatch(schema::equalsIgnoreCase)) {
            throw new ConfigurationException("SQLite has no schema '" + schema + "': attach that database first, or leave it out of"
                    + " migrate.schema and migrate.schemas");
        }
    }

    /**
     * Drops every view and table of each database (main, or an attached one) but the lock table, in one
     * transaction with the foreign key checks off, which are put back as they were. Their indexes and
     * triggers go with them. Only SQLite's own {@code sqlite_} tables stay.
     */
    @Override
    public List<String> clean(Connection connection, List<String> schemas, String lockSchema, String lockTable) throws SQLException {
        java.util.Set<String> targets = new java.util.LinkedHashSet<>();
        for (String schema : schemas) {
            targets.add((schema != null ? schema : "main").toLowerCase(java.util.Locale.ROOT));
        }
        String keepSchema = (lockSchema != null ? lockSchema : "main").toLowerCase(java.util.Locale.ROOT);
        List<String> dropped = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        for (String db : targets) {
            for (String type : List.of("view", "table")) {
                // The names SQLite keeps for itself start with sqlite_ in any case; LIKE's _ would match any character.
                for (String name : Sql.strings(connection, "SELECT name FROM \"" + db + "\".sqlite_master WHERE type = '" + type
                        + "' AND lower(substr(name, 1, 7)) <> 'sqlite_' ORDER BY name")) {
                    if (type.equals("table") && db.equals(keepSchema) && name.equalsIgnoreCase(lockTable)) {
                        continue;
                    }
                    statements.add("DROP " + type.toUpperCase(java.util.Locale.ROOT) + " IF EXISTS \"" + db + "\".\""
                            + name.replace("\"", "\"\"") + "\"");
                    dropped.add(type + " " + (db.equals("main") ? "" : db + ".") + name);
                }
            }
        }
        String foreignKeys = Sql.string(connection, "PRAGMA foreign_keys");
        boolean autoCommit = connection.getAutoCommit();
        // Outside a transaction: SQLite ignores the pragma inside one.
        Sql.execute(connection, "PRAGMA foreign_keys = OFF");
        try {
            connection.setAutoCommit(false);
            int done = 0;
            try {
                for (String sql : statements) {
                    Sql.execute(connection, sql);
                    done++;
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw new SQLException("could not drop " + dropped.get(done) + ": " + e.getMessage()
                        + ". Nothing was dropped (clean runs in one transaction)", e.getSQLState(), e);
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } finally {
            Sql.execute(connection, "PRAGMA foreign_keys = " + ("0".equals(foreignKeys) ? "OFF" : "ON"));
        }
        return dropped;
    }

    /**
     * SQLite says whether a transaction is open only by refusing a second {@code BEGIN}; when it takes
     * it, the empty transaction it started is ended at once.
     */
    @Override
    public boolean transactionLeftOpen(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            return true;
        }
        try (java.sql.Statement st = connection.createStatement()) {
            try {
                st.execute("BEGIN");
            } catch (SQLException e) {
                if (String.valueOf(e.getMessage()).contains("within a transaction")) {
                    return true;
                }
                throw e;
            }
            st.execute("COMMIT");
            return false;
        }
    }

    /**
     * The connection's own pragmas a script may leave changed: {@code foreign_keys} (off for a table rebuild),
     * {@code legacy_alter_table} (on for the same), {@code query_only} (which made Migrate's history write fail),
     * and those that change what later statements do, how long they wait for a busy database ({@code busy_timeout}),
     * how safely the connection's commits reach the disk ({@code synchronous}, which a bulk load turns off) and the
     * memory it uses. {@code query_only} goes first, in case a later one needs it off. Each is a number (on is 1).
     * Not {@code journal_mode}: WAL is recorded in the database file for every connection, the database's setting
     * rather than the session's, and SQLite refuses to leave it inside a transaction.
     */
    private static final String[] PRAGMAS = {"query_only", "foreign_keys", "legacy_alter_table", "recursive_triggers",
            "ignore_check_constraints", "reverse_unordered_selects", "busy_timeout", "synchronous", "cache_size", "temp_store",
            "automatic_index", "trusted_schema"};

    /**
     * One database per connection (attached ones are named in statements): nothing a migration can move; but the
     * {@link #PRAGMAS} it changed are set back.
     */
    @Override
    public SessionContext sessionContext(Connection connection) throws SQLException {
        String[] before = pragmas(connection);
        SessionContext pragmas = (c, settingsMayHaveChanged) -> {
            if (!settingsMayHaveChanged) {
                return List.of();
            }
            String[] now = pragmas(c);
            List<String> changed = new java.util.ArrayList<>(0);
            for (int i = 0; i < PRAGMAS.length; i++) {
                // Numbers only: a pragma this SQLite does not know answers nothing (null), and is left alone
                if (before[i] != null && before[i].matches("-?\\d+") && !before[i].equals(now[i])) {
                    Sql.execute(c, "PRAGMA " + PRAGMAS[i] + " = " + before[i]);
                    changed.add(PRAGMAS[i]);
                }
            }
            return changed;
        };
        // setTransactionIsolation(READ_UNCOMMITTED) sets the read_uncommitted pragma, which the driver then reports
        return pragmas.and(SessionContext.ofJdbcFlags(connection));
    }

    /** The databases attached when the connection was handed out; the ones a migration attached are detached. */
    @Override
    public PutBack leftovers(Connection connection) throws SQLException {
        Set<String> before = attached(connection);
        return c -> {
            for (String name : attached(c)) {
                // temp joins the list once the connection has used it (a TEMP table), and cannot be detached
                if (!before.contains(name) && !name.equalsIgnoreCase("temp") && !name.equalsIgnoreCase("main")) {
                    try (java.sql.Statement st = c.createStatement()) {
                        st.execute("DETACH DATABASE \"" + name.replace("\"", "\"\"") + "\"");
                    }
                }
            }
        };
    }

    /** The names of the connection's databases ({@code main}, {@code temp} once used, and the attached ones). */
    private static Set<String> attached(Connection c) throws SQLException {
        Set<String> names = new java.util.LinkedHashSet<>();
        try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("PRAGMA database_list")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }

    private static String[] pragmas(Connection c) throws SQLException {
        String[] values = new String[PRAGMAS.length];
        for (int i = 0; i < PRAGMAS.length; i++) {
            values[i] = Sql.string(c, "PRAGMA " + PRAGMAS[i]);
        }
        return values;
    }
}
