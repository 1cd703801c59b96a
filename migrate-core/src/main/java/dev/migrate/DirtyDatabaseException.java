package dev.migrate;

/**
 * The history holds a RUNNING or FAILED row: a migration crashed or failed on a database that
 * could not roll it back. Every run refuses until {@code repair} or {@code rollback} clears it.
 */
public class DirtyDatabaseException extends MigrateException {

    private static final long serialVersionUID = 1L;

    private final String version;
    private final String script;

    public DirtyDatabaseException(String message, String version, String script) {
        super(message);
        this.version = version;
        this.script = script;
    }

    public String version() {
        return version;
    }

    public String script() {
        return script;
    }
}
