package dev.migrate.lock;

import dev.migrate.LockStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The lock that makes one process at a time change the schema. Made by the dialect for one
 * operation's connection; {@code withLock} is called once per writing operation.
 *
 * <pre>{@code
 * MigrateResult result = lock.withLock(config.lockTimeout(), () -> runner.migrate());
 * }</pre>
 */
public interface DatabaseLock {

    /**
     * Takes the lock (waiting up to {@code timeout}), runs {@code action}, and releases the lock in
     * every case. When the release fails while the action's exception is on its way, the release
     * failure is logged and the action's exception propagates.
     *
     * @throws dev.migrate.LockTimeoutException naming the holder when the lock is not had in time
     */
    default <T> T withLock(Duration timeout, LockedAction<T> action) {
        return withLock(timeout, new Cancellation(), action);
    }

    /**
     * {@link #withLock(Duration, LockedAction)} for an operation that {@code cancellation} may stop: a cancel while the
     * lock is awaited ends the wait at once, with nothing taken (the action does not run).
     *
     * @throws dev.migrate.OperationCancelledException when cancelled before the lock was had
     */
    <T> T withLock(Duration timeout, Cancellation cancellation, LockedAction<T> action);

    /**
     * Called by the runner on the migration's connection, inside its transaction where there is
     * one, before a migration's statements and again before it commits. A lease lock confirms it
     * still owns the lock and extends the lease; a session lock checks that its session still holds it (a migration
     * runs in that session and may have released it) and takes it back when it is free. For a lock
     * {@link #heldBySession held by its session}, the runner skips the call when nothing but its own statements ran in
     * the session since the last one.
     *
     * @throws LockLostException when another process has taken the lock over (a session lock: after a migration
     *                           released it)
     */
    default void confirm(Connection connection) throws SQLException {
    }

    /**
     * Called by the runner inside a transaction that commits work done outside a migration's own
     * transaction (a batch of a batch loop, the RUNNING and SUCCESS marks of a step run without one), just before
     * it commits. A lease lock writes its lease in that transaction whatever the time of its last
     * renewal, so the lease row stays locked until the commit and no takeover can come between the
     * check and the commit; session locks only {@link #confirm}.
     *
     * @throws LockLostException when another process has taken the lock over (a session lock: after a migration
     *                           released it)
     */
    default void confirmUntilCommit(Connection connection) throws SQLException {
        confirm(connection);
    }

    /**
     * Called by the runner once per operation: whether the lock lives in the session of the connection the migrations
     * run on (a PostgreSQL advisory lock, a MySQL named lock), so that while that session lives only statements run in
     * it can lose the lock. The runner then {@link #confirm confirms} it only after something that may have released it
     * ran there (a script naming an unlock function, Java code, a callback): a round trip less per migration. A lease
     * lock returns false: its lease runs out with time, whatever ran.
     */
    default boolean heldBySession() {
        return false;
    }

    /**
     * Called by the runner when the history holds a migration left RUNNING, to word its refusal: how the process
     * that ran it may still be running although it lost this lock, or null where it cannot be. A session lock
     * returns null: its holder kept it until its session ended, and the connection it wrote through went with the
     * session. A lease lock tells of a holder paused for longer than the lease, and names the holder it took the
     * lock over from, if it did.
     */
    default String formerHolder() {
        return null;
    }

    /**
     * Called by {@code status} when the history holds a RUNNING row, and by {@code Migrator.lockStatus()}, on a lock made
     * for this one call and never taken: whether another session or process holds the lock right now, and who. It
     * neither takes the lock, nor waits for it, nor writes anything, so it answers at once while a migration runs.
     *
     * @return held (with the holder, where the database tells), free, or {@link LockStatus#unknown()} where this lock
     *         cannot tell (the default)
     */
    default LockStatus probe() throws SQLException {
        return LockStatus.unknown();
    }

    /** Work done under the lock. */
    @FunctionalInterface
    interface LockedAction<T> {
        T run() throws SQLException;
    }
}
