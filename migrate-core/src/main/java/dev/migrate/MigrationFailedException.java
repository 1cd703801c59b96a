package dev.migrate;

import java.sql.SQLException;

/**
 * A migration (or its reverse) failed while running. Carries the migration, the script, the
 * 1-based line of the failing statement in it (0 when unknown, e.g. in Java code) and the SQL state.
 * The script is the file the failing statement is in: for a down written as a file of its own, that
 * file ({@code 4_x.down.sql}, {@code U4__x.sql}), not the migration's up file.
 * The cause is the driver's {@link SQLException} or the Java migration's exception.
 */
public class MigrationFailedException extends MigrateException {

    private static final long serialVersionUID = 1L;

    private final String version;
    private final String script;
    private final int line;
    private final String sqlState;

    public MigrationFailedException(String message, String version, String script, int line, Throwable cause) {
        super(message, cause);
        this.version = version;
        this.script = script;
        this.line = line;
        this.sqlState = sqlState(cause);
    }

    /** The SQL state of the driver's error: the cause's, or (a failed schema DSL operation) its cause's. */
    private static String sqlState(Throwable cause) {
        if (cause instanceof SchemaOperationFailedException failed) {
            cause = failed.getCause();
        }
        return cause instanceof SQLException sql ? sql.getSQLState() : null;
    }

    /** Version of the failed migration, or null for a repeatable one. */
    public String version() {
        return version;
    }

    public String script() {
        return script;
    }

    public int line() {
        return line;
    }

    public String sqlState() {
        return sqlState;
    }
}
