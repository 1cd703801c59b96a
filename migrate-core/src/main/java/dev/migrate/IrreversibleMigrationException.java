package dev.migrate;

/** A rollback would need a migration that has no down. Refused before anything ran. */
public class IrreversibleMigrationException extends MigrateException {

    private static final long serialVersionUID = 1L;

    private final String version;
    private final String script;

    public IrreversibleMigrationException(String message, String version, String script) {
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
