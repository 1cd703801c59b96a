package dev.migrate.lock;

import dev.migrate.LockTimeoutException;
import dev.migrate.MigrateException;
import dev.migrate.OperationCancelledException;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The acquire / run / release sequence shared by every lock. */
public final class Locks {

    private static final Logger log = LoggerFactory.getLogger(Locks.class);

    private Locks() {
    }

    /** One lock's primitive steps. */
    public interface Steps {
        /** Tries once; true when the lock is now held. */
        boolean tryAcquire() throws SQLException;

        /** Who holds it, or null when unknown. */
        String holder() throws SQLException;

        void release() throws SQLException;
    }

    /**
     * Polls {@code tryAcquire} with growing pauses (50 ms to 500 ms) until {@code timeout}; a cancel ends a pause at
     * once and the wait with it.
     */
    public static <T> T poll(Steps steps, Duration timeout, Cancellation cancellation, DatabaseLock.LockedAction<T> action) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 50;
        try {
            while (true) {
                if (cancellation.requested()) {
                    throw cancelledWaiting(cancellation, safeHolder(steps));
                }
                if (steps.tryAcquire()) {
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new LockTimeoutException(timeout, safeHolder(steps));
                }
                if (cancellation.pause(Math.min(pause, Math.max(1, left / 1_000_000)))) {
                    throw cancelledWaiting(cancellation, safeHolder(steps));
                }
                pause = Math.min(500, pause * 2);
            }
        } catch (SQLException e) {
            throw new MigrateException("Could not take the migration lock: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrateException("Interrupted while waiting for the migration lock", e);
        }
        return runAndRelease(steps, action);
    }

    /**
     * The failure of a wait for the lock that {@code cancellation} ended: nothing was taken or changed.
     *
     * @param holder who holds the lock, where the database tells, or null
     */
    public static OperationCancelledException cancelledWaiting(Cancellation cancellation, String holder) {
        return new OperationCancelledException("Cancelled by " + cancellation.reason() + " while waiting for the migration lock"
                + (holder != null ? " (held by " + holder + ")" : "") + ": nothing was run or changed", cancellation.reason(),
                null, null, null);
    }

    /** Runs {@code action} with the lock held and releases it, keeping the action's failure first. */
    public static <T> T runAndRelease(Steps steps, DatabaseLock.LockedAction<T> action) {
        Throwable failure = null;
        try {
            return action.run();
        } catch (SQLException e) {
            failure = e;
            throw new MigrateException(e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            try {
                steps.release();
            } catch (SQLException | RuntimeException e) {
                if (failure != null) {
                    log.warn("Could not release the migration lock after a failure (the original error follows): {}", e.toString());
                } else {
                    throw new MigrateException("Could not release the migration lock: " + e.getMessage(), e);
                }
            }
        }
    }

    private static String safeHolder(Steps steps) {
        try {
            return steps.holder();
        } catch (SQLException | RuntimeException e) {
            log.debug("Could not read the lock holder", e);
            return null;
        }
    }
}
