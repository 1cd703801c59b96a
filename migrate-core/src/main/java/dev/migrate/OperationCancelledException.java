package dev.migrate;

/**
 * A writing operation stopped because {@link Migrator#cancel(String)} asked it to: while it waited for the migration
 * lock, between two migrations, or while a migration ran. The message says which, and what the database holds now:
 * a migration stopped part-way was rolled back where its database allows (PostgreSQL, H2 and SQLite, in a
 * transaction) and is otherwise marked FAILED, naming the cancel, for {@code repair}. The lock is released in every
 * case, and no migration starts after the cancel.
 *
 * <pre>{@code
 * try {
 *     migrator.migrate();
 * } catch (OperationCancelledException e) {
 *     log.warn("{} (stopped in {})", e.getMessage(), e.script());
 * }
 * }</pre>
 */
public class OperationCancelledException extends MigrateException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final String version;
    private final String script;

    /**
     * @param reason  who or what cancelled, as given to {@link Migrator#cancel(String)}
     * @param version the version of the migration that was stopped, or null (none ran, or a repeatable one)
     * @param script  the script of the migration that was stopped, or null when none ran
     * @param cause   the driver's error for the cancelled statement, or null
     */
    public OperationCancelledException(String message, String reason, String version, String script, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.version = version;
        this.script = script;
    }

    /** Who or what cancelled, as given to {@link Migrator#cancel(String)}. */
    public String reason() {
        return reason;
    }

    /** The version of the migration that was stopped while it ran, or null. */
    public String version() {
        return version;
    }

    /** The script of the migration that was stopped while it ran, or null when the cancel came before or between migrations. */
    public String script() {
        return script;
    }
}
