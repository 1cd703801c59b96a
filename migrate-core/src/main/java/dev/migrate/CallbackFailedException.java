package dev.migrate;

/**
 * A {@code beforeMigrate}, {@code afterMigrate} or {@code afterMigrateError} callback (SQL or Java) failed
 * while it ran, stopping the {@code migrate} run. The message names the callback and, for a SQL one, the
 * line of the statement that failed.
 */
public class CallbackFailedException extends MigrateException {

    private static final long serialVersionUID = 1L;

    public CallbackFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
