package dev.migrate.lock;

import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request to stop one writing operation, made on another thread ({@link dev.migrate.Migrator#cancel(String)}) and
 * read by the thread that runs the operation. The runner {@linkplain #watch watches} each statement while it
 * executes, so that {@link #cancel} can cancel it ({@link Statement#cancel()}); a lock waits with {@link #pause},
 * which a cancel ends at once. Nothing stops on its own: the runner {@linkplain #check checks} before and after each
 * statement and each migration, and takes the failure path it takes for any error, so that the transaction is rolled
 * back or the migration marked FAILED, and the lock released.
 *
 * <pre>{@code
 * Cancellation cancellation = new Cancellation();
 * lock.withLock(timeout, cancellation, () -> runner.migrate());   // cancellation.cancel("SIGTERM") on another thread
 * }</pre>
 */
public final class Cancellation {

    private static final Logger log = LoggerFactory.getLogger(Cancellation.class);

    /** SQLSTATE "query canceled", which PostgreSQL uses for a cancelled statement too. */
    public static final String SQL_STATE = "57014";

    private final Object monitor = new Object();
    /** Who or what cancelled; null until then. Guarded by {@link #monitor}. */
    private String reason;
    /** The statement executing now, or null. Guarded by {@link #monitor}. */
    private Statement running;

    /**
     * Called on any thread: marks the operation cancelled, cancels the statement it is executing, if any, and ends a
     * lock wait. A second call changes nothing.
     *
     * @return false when it had been cancelled already
     */
    public boolean cancel(String reason) {
        synchronized (monitor) {
            if (this.reason != null) {
                return false;
            }
            this.reason = reason == null || reason.isBlank() ? "a cancel request" : reason.strip();
            monitor.notifyAll();
            // Under the monitor: the runner cannot let the statement go and start the next one while it is cancelled,
            // which a driver that cancels whatever the session runs (MariaDB's KILL QUERY) would stop instead.
            if (running != null) {
                try {
                    running.cancel();
                } catch (SQLException | RuntimeException e) {
                    log.debug("Could not cancel the running statement; the operation stops after it: {}", e.toString());
                }
            }
            return true;
        }
    }

    /** Who or what cancelled, or null while the operation was not cancelled. */
    public String reason() {
        synchronized (monitor) {
            return reason;
        }
    }

    public boolean requested() {
        return reason() != null;
    }

    /**
     * Called by the runner before and after each statement: throws when the operation was cancelled.
     *
     * @throws SQLException with SQLSTATE {@link #SQL_STATE}, naming who cancelled
     */
    public void check() throws SQLException {
        String by = reason();
        if (by != null) {
            throw new SQLException("cancelled by " + by, SQL_STATE);
        }
    }

    /**
     * Called by the runner just before it executes {@code statement}: a cancel from now on cancels it. When the
     * operation was cancelled already, it throws instead, so the statement does not start.
     */
    public void watch(Statement statement) throws SQLException {
        synchronized (monitor) {
            check();
            running = statement;
        }
    }

    /** Called by the runner once the statement it {@linkplain #watch watched} has returned or failed. */
    public void unwatch() {
        synchronized (monitor) {
            running = null;
        }
    }

    /**
     * Called by a lock between two attempts: waits {@code millis}, less when cancelled meanwhile.
     *
     * @return whether the operation was cancelled (before or during the pause)
     */
    public boolean pause(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (monitor) {
            while (reason == null) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                monitor.wait(left);
            }
            return true;
        }
    }
}
