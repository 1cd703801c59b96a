package dev.migrate.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * Wraps a real {@link DataSource} as a pool would see it: records every connection handed out, and when one is
 * given back ({@code close()}) whether it comes back as it went out (auto-commit on, not read-only, the same
 * isolation, catalog and schema, no open transaction, no migration lock of Migrate's still held by its session), then really closes it.
 * {@link #problems()} lists what a pool would have leaked or handed to the application's next borrower dirty.
 *
 * <pre>{@code
 * TrackingDataSource tracking = new TrackingDataSource(db.dataSource(), db.kind());
 * Migrator.create(tracking.dataSource(), config).migrate();
 * assertThat(tracking.problems()).isEmpty();
 * }</pre>
 */
public final class TrackingDataSource {

    private final DataSource target;
    private final DatabaseKind kind;
    private final List<Tracked> connections = new CopyOnWriteArrayList<>();
    private volatile boolean autoCommitOff;
    private volatile boolean readOnly;

    public TrackingDataSource(DataSource target, DatabaseKind kind) {
        this.target = target;
        this.kind = kind;
    }

    public DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, a) -> {
            Object result = invoke(target, m, a);
            return result instanceof Connection c ? track(c) : result;
        });
    }

    /** Hands out connections with auto-commit off, as a pool configured so does (HikariCP's {@code autoCommit=false}). */
    public TrackingDataSource autoCommitOff() {
        autoCommitOff = true;
        return this;
    }

    /** Hands out read-only connections, as a pool configured so does (HikariCP's {@code readOnly=true}). */
    public TrackingDataSource readOnly() {
        readOnly = true;
        return this;
    }

    /** How many connections were handed out so far. */
    public int opened() {
        return connections.size();
    }

    /** Connections not given back, and those given back in another state than they went out in; empty when all is well. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Tracked t : connections) {
            if (!t.closed) {
                problems.add("connection " + t.id + " never closed; opened at " + t.openedAt);
            } else if (!t.stateAtClose.equals(t.stateAtOpen)) {
                problems.add("connection " + t.id + " given back as " + t.stateAtClose + ", handed out as " + t.stateAtOpen
                        + "; opened at " + t.openedAt);
            }
        }
        return problems;
    }

    /** Forgets the connections seen so far (after {@link #problems()} was checked). */
    public void reset() {
        connections.clear();
    }

    private Connection track(Connection real) throws SQLException {
        if (autoCommitOff) {
            real.setAutoCommit(false);
        }
        if (readOnly) {
            real.setReadOnly(true);
        }
        Tracked t = new Tracked(connections.size() + 1, where(), state(real));
        connections.add(t);
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
            if (m.getName().equals("close") && m.getParameterCount() == 0) {
                if (!t.closed) {
                    t.stateAtClose = real.isClosed() ? t.stateAtOpen : state(real);
                    t.closed = true;
                }
                real.close();
                return null;
            }
            return invoke(real, m, a);
        });
    }

    /** What a pool's next borrower would notice. A broken connection reads as it went out: a pool discards it. */
    private String state(Connection c) {
        try {
            boolean autoCommit = c.getAutoCommit();
            return "autoCommit=" + autoCommit + " readOnly=" + c.isReadOnly() + " isolation=" + c.getTransactionIsolation()
                    + " catalog=" + c.getCatalog() + " schema=" + c.getSchema()
                    // The server's, where MySQL's driver answers getCatalog() from memory.
                    + (kind == DatabaseKind.MARIADB ? " database=" + database(c) : "")
                    + " inTransaction=" + (autoCommit && inTransaction(c)) + " holdsLock=" + holdsLock(c);
        } catch (SQLException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    private boolean inTransaction(Connection c) throws SQLException {
        return switch (kind) {
            case POSTGRES -> c.unwrap(org.postgresql.core.BaseConnection.class).getTransactionState()
                    != org.postgresql.core.TransactionState.IDLE;
            case MARIADB -> query(c, "SELECT @@in_transaction") != 0;
            case H2 -> query(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID = SESSION_ID()"
                    + " AND CONTAINS_UNCOMMITTED") != 0;
            case SQLITE -> {
                try (Statement st = c.createStatement()) {
                    st.execute("BEGIN");
                    st.execute("ROLLBACK");
                    yield false;
                } catch (SQLException e) {
                    yield true;
                }
            }
        };
    }

    private boolean holdsLock(Connection c) throws SQLException {
        return switch (kind) {
            case POSTGRES -> query(c, "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()") != 0;
            case MARIADB -> query(c, "SELECT COALESCE(IS_USED_LOCK(CONCAT('migrate:', DATABASE(), '.migrate_lock')) = CONNECTION_ID(), 0)")
                    != 0;
            default -> false; // H2 and SQLite lock with a row, which a later check of the lock finds
        };
    }

    private static long query(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String database(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT DATABASE()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String where() {
        StringBuilder s = new StringBuilder();
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            if (e.getClassName().startsWith("dev.migrate.") && !e.getClassName().startsWith("dev.migrate.testing.")) {
                s.append(s.length() == 0 ? "" : " < ").append(e.getClassName().substring(e.getClassName().lastIndexOf('.') + 1))
                        .append('.').append(e.getMethodName()).append(':').append(e.getLineNumber());
                if (s.length() > 300) {
                    break;
                }
            }
        }
        return s.toString();
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] a) throws Throwable {
        try {
            return m.invoke(target, a);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class Tracked {
        final int id;
        final String openedAt;
        final String stateAtOpen;
        volatile boolean closed;
        volatile String stateAtClose;

        Tracked(int id, String openedAt, String stateAtOpen) {
            this.id = id;
            this.openedAt = openedAt;
            this.stateAtOpen = stateAtOpen;
        }
    }
}
