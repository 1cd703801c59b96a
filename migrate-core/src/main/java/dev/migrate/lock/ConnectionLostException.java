package dev.migrate.lock;

import dev.migrate.MigrateException;

/**
 * The connection died while waiting for the lock, before anything ran: for example an H2 file
 * opened with {@code AUTO_SERVER=TRUE} whose serving process exited. Nothing was done, so the
 * operation may start again on a new connection.
 */
public final class ConnectionLostException extends MigrateException {

    private static final long serialVersionUID = 1L;

    public ConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
