package dev.migrate;

/**
 * Root of every exception Migrate throws. Unchecked: callers that want to react to one kind
 * catch its subclass, which carries typed fields (version, script, line, SQL state).
 *
 * <pre>{@code
 * try {
 *     migrator.migrate();
 * } catch (MigrationFailedException e) {
 *     log.error("{} line {} failed", e.script(), e.line());
 * }
 * }</pre>
 */
public class MigrateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MigrateException(String message) {
        super(message);
    }

    public MigrateException(String message, Throwable cause) {
        super(message, cause);
    }
}
