package dev.migrate.lock;

import dev.migrate.MigrateException;

/**
 * Another process took the lock over after this one's lease expired (a process paused for longer
 * than the lease: a long GC, a suspended VM), or, for a session lock, after a migration released it in
 * the session that held it. The transaction that found it is rolled back and the
 * runner writes nothing more: the history row and progress marks belong to the new holder.
 */
public final class LockLostException extends MigrateException {

    private static final long serialVersionUID = 1L;

    public LockLostException(String message) {
        super(message);
    }

    public LockLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
