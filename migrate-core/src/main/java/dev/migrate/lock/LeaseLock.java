package dev.migrate.lock;

import dev.migrate.ConfigurationException;
import dev.migrate.LockStatus;
import dev.migrate.LockTimeoutException;
import dev.migrate.MigrateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock row with an owner and a lease, for databases without session locks (H2, SQLite).
 *
 * <p>The holder refreshes the lease from a background thread on its own connection, and again
 * inside each migration's transaction ({@link #confirm}); a process that dies stops refreshing,
 * and the next one takes the row over once the lease has expired. Confirming inside the
 * migration's transaction matters on SQLite, where the write lock of a long migration keeps the
 * background refresh from running: the lease is renewed just before the migration commits, and a
 * takeover that happened anyway is detected before anything is applied. Work committed outside a
 * migration's transaction (each batch of a batch loop, the RUNNING and SUCCESS marks of such a step) is confirmed
 * by {@link #confirmUntilCommit}, which always writes the row: a process paused for longer than the
 * lease between two batches must not commit a batch that the new holder has resumed.
 *
 * <p>Every time in the row is the database's: each read of the row also reads the database's clock,
 * and the leases written in between are that reading plus the time passed on this process's clock.
 * Processes whose clocks disagree (an H2 server used from several hosts, a clock set wrong) so agree
 * on when a lease ends: a waiter whose clock runs ahead does not take a live holder's lock, and one
 * whose clock runs behind does not wait for a dead holder longer than the lease.
 */
public final class LeaseLock implements DatabaseLock {

    private static final Logger log = LoggerFactory.getLogger(LeaseLock.class);

    private final Connection connection;
    private final DataSource dataSource;
    /** The lock table's name in messages, and as {@code Dialect.sqlName} writes it in statements. */
    private final String table;
    private final String sqlTable;
    private final long leaseMillis;
    private final String owner = LockOwner.next();
    /** {@code nowSql}: the database's time in epoch milliseconds; {@code clock}: this process's. */
    private final String nowSql;
    private final LongSupplier clock;
    /** The database's clock minus this process's, as last read. */
    private volatile long clockOffset;
    /** {@link System#nanoTime} of the last committed write that set our lease, taken before the write. */
    private volatile long lastRenewed;
    /** The holder whose expired lease this lock took over, and how long ago it ran out; null if it was free. */
    private volatile String tookOverFrom;

    /**
     * @param connection the operation's connection, in auto-commit mode
     * @param dataSource where the refresh thread gets its own connection
     * @param table      qualified name of the lock table, for messages
     * @param sqlTable   the same as statements write it (quoted)
     * @param nowSql     an SQL expression for the database's current time in milliseconds since 1970 (UTC)
     */
    public LeaseLock(Connection connection, DataSource dataSource, String table, String sqlTable, Duration lease, String nowSql) {
        this(connection, dataSource, table, sqlTable, lease, nowSql, System::currentTimeMillis);
    }

    /** With this process's clock given, so that a test can set it wrong. */
    LeaseLock(Connection connection, DataSource dataSource, String table, String sqlTable, Duration lease, String nowSql,
            LongSupplier clock) {
        this.connection = connection;
        this.dataSource = dataSource;
        this.table = table;
        this.sqlTable = sqlTable;
        this.leaseMillis = lease.toMillis();
        this.nowSql = nowSql;
        this.clock = clock;
        this.lastRenewed = longAgo();
    }

    /** The database's time now, from its clock as last read and the time passed since on this process's. */
    private long now() {
        return clock.getAsLong() + clockOffset;
    }

    /** Sets {@link #clockOffset} from {@code databaseNow}, read by a query started when this process's clock said {@code before}. */
    private void readClock(long databaseNow, long before) {
        clockOffset = databaseNow - before;
    }

    /** A {@link #lastRenewed} a whole lease in the past: the next {@link #confirm} writes. */
    private long longAgo() {
        return System.nanoTime() - leaseMillis * 1_000_000L;
    }

    @Override
    public <T> T withLock(Duration timeout, Cancellation cancellation, LockedAction<T> action) {
        try {
            ensureTableWaitingWhileBusy(timeout, cancellation);
        } catch (SQLException e) {
            if (isLost(connection, e)) {
                // An H2 AUTO_SERVER file whose serving process just exited: nothing was had yet, so connect again.
                throw new ConnectionLostException("The connection to the database closed while making the lock table: "
                        + e.getMessage(), e);
            }
            throw new MigrateException("Could not create the lock table " + table + ": " + e.getMessage(), e);
        }
        return Locks.poll(new Locks.Steps() {
            private Refresher refresher;
            /** SQLite's refusal of the last write of a lock row read as free: another connection's write transaction holds the file. */
            private String fileBusy;

            @Override
            public boolean tryAcquire() throws SQLException {
                long asOf = System.nanoTime();
                long before = clock.getAsLong();
                long now;
                String previous;
                long previousExpiry;
                // Read first: a read does not wait behind the holder's write lock (SQLite) or row lock
                // (H2), so a held lock is reported at once and the lock timeout is kept.
                try (Statement st = connection.createStatement();
                     ResultSet rs = st.executeQuery("SELECT owner, expires_at, " + nowSql + " FROM " + sqlTable + " WHERE id = 1")) {
                    if (!rs.next()) {
                        return false;
                    }
                    previous = rs.getString(1);
                    previousExpiry = rs.getLong(2);
                    now = rs.getLong(3);
                    readClock(now, before);
                    if (previous != null && previousExpiry >= now) {
                        fileBusy = null;
                        return false;
                    }
                } catch (SQLException e) {
                    if (isLost(connection, e)) {
                        throw new ConnectionLostException("The connection to the database closed while waiting for the migration lock: "
                                + e.getMessage(), e);
                    }
                    log.debug("Lock row unreadable: {}", e.toString());
                    return false;
                }
                int updated;
                try (PreparedStatement ps = connection.prepareStatement("UPDATE " + sqlTable
                        + " SET owner = ?, acquired_at = ?, expires_at = ? WHERE id = 1 AND (owner IS NULL OR expires_at < ?)")) {
                    ps.setString(1, owner);
                    ps.setLong(2, now);
                    ps.setLong(3, now + leaseMillis);
                    ps.setLong(4, now);
                    updated = ps.executeUpdate();
                } catch (SQLException e) {
                    if (isLost(connection, e)) {
                        throw new ConnectionLostException("The connection to the database closed while waiting for the migration lock: "
                                + e.getMessage(), e);
                    }
                    if (isReadOnly(e)) {
                        // No wait ends this: it used to wait out the whole lock timeout and then blame another migration.
                        throw new ConfigurationException("Could not take the migration lock: the database is read-only, so its"
                                + " lock table " + table + " cannot be written (" + e.getMessage() + "). Nothing was run: open the"
                                + " database for writing (drop SQLite's mode=ro or open_mode from the URL, or H2's ACCESS_MODE_DATA=r,"
                                + " and give the process write access to the file and its folder); reading operations (status,"
                                + " validate, plan, history) run on a read-only database", e);
                    }
                    // Busy (SQLite) or a row lock held by the owner's migration (H2): not ours yet.
                    log.debug("Lock row busy: {}", e.toString());
                    String message = String.valueOf(e.getMessage());
                    fileBusy = message.contains("SQLITE_BUSY") || message.contains("database is locked") ? message : null;
                    return false;
                }
                if (updated == 1) {
                    lastRenewed = asOf;
                    refresher = startRefresher();
                    if (previous != null) {
                        tookOverFrom = LockOwner.display(previous) + ", whose lease ran out " + (now - previousExpiry) / 1000 + " s ago";
                        log.warn("Took the migration lock over from {}: that process died, lost its connection or was paused (if it"
                                + " is still running, it stops at its next check of the lock, before its next commit of a batch or of"
                                + " a migration; the statements of a migration run outside a transaction go on until then)",
                                tookOverFrom);
                    }
                    return true;
                }
                return false;
            }

            @Override
            public String holder() throws SQLException {
                try (Statement st = connection.createStatement();
                     ResultSet rs = st.executeQuery("SELECT owner, expires_at, " + nowSql + " FROM " + sqlTable + " WHERE id = 1")) {
                    String last = null;
                    if (rs.next() && rs.getString(1) != null) {
                        long left = rs.getLong(2) - rs.getLong(3);
                        last = LockOwner.display(rs.getString(1)) + (left > 0 ? ", lease expires in " + (left / 1000 + 1) + "s" : "");
                        if (left >= 0) {
                            return last;
                        }
                    }
                    if (fileBusy != null) {
                        // no migration holds the row: a process writing to the file (the application, a sqlite3 shell) keeps it
                        return "no migration but another connection's write transaction on the database file, which keeps the"
                                + " free lock row from being written (" + fileBusy + "): a process writing to it, such as the"
                                + " application or a sqlite3 shell, holds it until it commits or rolls back";
                    }
                    return last;
                }
            }

            @Override
            public void release() throws SQLException {
                if (refresher != null) {
                    refresher.stop();
                }
                lastRenewed = longAgo();
                // As the session locks do: a release joined to a transaction left open would be undone when the
                // connection is closed, and the row would stay taken until its lease ran out.
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                try (PreparedStatement ps = connection.prepareStatement(
                        "UPDATE " + sqlTable + " SET owner = NULL, expires_at = 0 WHERE id = 1 AND owner = ?")) {
                    ps.setString(1, owner);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (tableExists()) {
                        throw e;
                    }
                    // clean dropped the lock table with everything else: nothing is left to release.
                }
            }
        }, timeout, cancellation, action);
    }

    /**
     * Reads the lock row and the database's clock in one query, as a waiter does before it tries to take the row: a lease
     * that has not run out is held, one that ran out is free (its owner died, lost its connection or was paused for
     * longer than the lease) and named as the last holder. A lock table not made yet is free; a busy SQLite file, which
     * another process's migration keeps from readers, is unknown.
     */
    @Override
    public LockStatus probe() throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT owner, expires_at, " + nowSql + " FROM " + sqlTable + " WHERE id = 1")) {
            if (!rs.next() || rs.getString(1) == null) {
                return LockStatus.free(null);
            }
            String owner = LockOwner.display(rs.getString(1));
            long left = rs.getLong(2) - rs.getLong(3);
            return left >= 0 ? LockStatus.held(owner + ", lease expires in " + (left / 1000 + 1) + "s")
                    : LockStatus.free(owner + ", whose lease ran out " + -left / 1000 + " s ago");
        } catch (SQLException e) {
            if (isBusy(e)) {
                log.debug("Lock row busy: {}", e.toString());
                return LockStatus.unknown();
            }
            if (!tableExists()) {
                return LockStatus.free(null);
            }
            throw e;
        }
    }

    /**
     * Whether {@code failure} means the connection is gone (H2 closes it when the process serving an
     * AUTO_SERVER file exits) rather than the lock row being in use. A
     * busy database is not a lost connection: on SQLite even the validity probe can fail with
     * SQLITE_BUSY while a holder's long migration keeps readers out (it has to reload the schema the
     * holder changed), and the waiter must go on polling, not reconnect.
     */
    private static boolean isLost(Connection c, SQLException failure) {
        if (isBusy(failure)) {
            return false;
        }
        try {
            return c.isClosed() || !c.isValid(2);
        } catch (SQLException e) {
            return !isBusy(e);
        }
    }

    @Override
    public void confirm(Connection migrationConnection) throws SQLException {
        // Renewed less than a quarter of the lease ago: no one can have taken the row over since, as
        // that needs the lease to expire, so the UPDATE (one per migration) is not needed.
        if (System.nanoTime() - lastRenewed < leaseMillis * 250_000L) {
            return;
        }
        confirmUntilCommit(migrationConnection);
    }

    @Override
    public void confirmUntilCommit(Connection migrationConnection) throws SQLException {
        if (refresh(migrationConnection) != 1) {
            throw new LockLostException("Lost the migration lock: another process took it over after the lease of "
                    + lease() + " expired. This process applies nothing more; raise the lock lease (migrate.lock-lease)"
                    + " above the longest pause it may see (a long GC, SIGSTOP, a suspended VM).");
        }
    }

    @Override
    public String formerHolder() {
        String from = tookOverFrom;
        return "it was paused (a long GC, SIGSTOP, a suspended VM) for longer than the lock lease (" + lease() + ", migrate.lock-lease),"
                + " lost the lock, and may still be running the migration's statements until it next checks the lock"
                + (from != null ? " (this run took the lock over from " + from + ")" : "");
    }

    private String lease() {
        return leaseMillis % 1000 == 0 ? leaseMillis / 1000 + "s" : leaseMillis + "ms";
    }

    private int refresh(Connection c) throws SQLException {
        long asOf = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + sqlTable + " SET expires_at = ? WHERE id = 1 AND owner = ?")) {
            // Not the database's clock in the SQL: H2 keeps CURRENT_TIMESTAMP still for a whole transaction.
            ps.setLong(1, now() + leaseMillis);
            ps.setString(2, owner);
            int updated = ps.executeUpdate();
            if (updated == 1 && c.getAutoCommit()) {
                lastRenewed = asOf;
            }
            return updated;
        }
    }

    private Refresher startRefresher() {
        Refresher r = new Refresher();
        long period = Math.max(200, leaseMillis / 4);
        r.executor.scheduleWithFixedDelay(r::refreshOnce, period, period, TimeUnit.MILLISECONDS);
        return r;
    }

    /** Renews the lease from its own connection while the lock is held. */
    private final class Refresher {
        private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "migrate-lock-lease");
            t.setDaemon(true);
            return t;
        });
        private Connection own;
        /** Whether {@link #own} came with auto-commit on (put back so before it is closed, for the pool). */
        private boolean ownAutoCommit = true;

        void refreshOnce() {
            try {
                if (own == null) {
                    own = dataSource.getConnection();
                    ownAutoCommit = own.getAutoCommit();
                    own.setAutoCommit(true);
                }
                readClock(own);
                refresh(own);
            } catch (SQLException e) {
                // A long migration on SQLite holds the write lock; confirm() renews the lease before it commits.
                log.debug("Could not refresh the lock lease: {}", e.toString());
            }
        }

        /**
         * Stops refreshing. The connection is closed on the lease thread, after a refresh in progress: that refresh may
         * still be waiting for its connection (from a pool the application keeps busy) when the wait below ends, by its
         * timeout or an interrupt of the caller, and closing from here would miss the connection it gets afterwards.
         */
        void stop() {
            executor.execute(this::closeOwn);
            executor.shutdown();
            try {
                if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                    log.debug("The lease thread is still refreshing; it closes its connection when done");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void closeOwn() {
            if (own != null) {
                try (Connection closing = own) {
                    if (!ownAutoCommit && !closing.isClosed()) {
                        closing.setAutoCommit(false);
                    }
                } catch (SQLException e) {
                    log.debug("Closing the lease connection failed", e);
                }
                own = null;
            }
        }
    }

    /** Reads the database's clock on {@code c}, in auto-commit mode: one that has moved against this process's is followed. */
    private void readClock(Connection c) {
        long before = clock.getAsLong();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + nowSql)) {
            if (rs.next()) {
                readClock(rs.getLong(1), before);
            }
        } catch (SQLException e) {
            // Busy (SQLite): the reading before this one serves.
            log.debug("Could not read the database's clock: {}", e.toString());
        }
    }

    private boolean tableExists() {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + sqlTable)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * {@link #ensureTable}, tried again while another connection's write transaction keeps a SQLite file from being
     * written (the first run beside an application that is writing to the file), up to the lock timeout: as long as a
     * wait for a held lock row, and then the same {@link LockTimeoutException}, naming what held it.
     */
    private void ensureTableWaitingWhileBusy(Duration timeout, Cancellation cancellation) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                ensureTable();
                return;
            } catch (SQLException e) {
                String message = String.valueOf(e.getMessage());
                if (!message.contains("SQLITE_BUSY") && !message.contains("database is locked")) {
                    throw e;
                }
                String holder = "no migration but another connection's write transaction on the database file, which keeps"
                        + " the lock table " + table + " from being created (" + message + "): a process writing to it, such"
                        + " as the application or a sqlite3 shell, holds it until it commits or rolls back";
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new LockTimeoutException(timeout, holder);
                }
                try {
                    if (cancellation.pause(Math.min(200, Math.max(1, left / 1_000_000)))) {
                        throw Locks.cancelledWaiting(cancellation, holder);
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw Locks.cancelledWaiting(cancellation, holder);
                }
            }
        }
    }

    private void ensureTable() throws SQLException {
        // Writing, even a no-op CREATE IF NOT EXISTS, would wait behind a holder's write lock on SQLite.
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + sqlTable + " WHERE id = 1")) {
            if (rs.next() && rs.getInt(1) == 1) {
                return;
            }
        } catch (SQLException e) {
            log.debug("No lock table yet: {}", e.toString());
        }
        SQLException createFailure = null;
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + sqlTable
                    + " (id INT NOT NULL PRIMARY KEY, owner VARCHAR(255), acquired_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)");
        } catch (SQLException e) {
            // Another process may be creating it at the same moment; the insert below tells.
            log.debug("Creating the lock table failed: {}", e.toString());
            createFailure = e;
        }
        try (Statement st = connection.createStatement()) {
            st.executeUpdate("INSERT INTO " + sqlTable + " (id, owner, acquired_at, expires_at) SELECT 1, NULL, 0, 0"
                    + " WHERE NOT EXISTS (SELECT 1 FROM " + sqlTable + " WHERE id = 1)");
        } catch (SQLException e) {
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + sqlTable + " WHERE id = 1")) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw e;
                }
            } catch (SQLException check) {
                if (!isBusy(check)) {
                    if (createFailure != null) {
                        // The table is not there because it could not be made (no rights, say): that is the cause.
                        createFailure.addSuppressed(check);
                        throw createFailure;
                    }
                    throw check;
                }
                // A holder's long migration keeps even readers out (SQLite, once its write spilled to
                // the file): the table is there, as the holder took the lock from it; wait in the poll.
                log.debug("Lock table busy: {}", check.toString());
            }
        }
    }

    /** SQLite's SQLITE_READONLY (a read-only connection or file), H2's "database is read only": no wait makes it writable. */
    private static boolean isReadOnly(SQLException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return (e.getErrorCode() & 0xff) == 8 && message.contains("readonly") || message.contains("sqlite_readonly")
                || e.getErrorCode() == 90097;
    }

    /** SQLite's SQLITE_BUSY / SQLITE_LOCKED, H2's lock timeout: someone else's write is in the way. */
    private static boolean isBusy(SQLException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return e.getErrorCode() == 5 || e.getErrorCode() == 6 || e.getErrorCode() == 50200
                || message.contains("sqlite_busy") || message.contains("database is locked") || message.contains("timeout trying to lock");
    }
}
