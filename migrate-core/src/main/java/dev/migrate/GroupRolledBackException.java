package dev.migrate;

/**
 * What a {@link MigrationListener} hears as the failure of a step that ran without error in a group
 * ({@code MigratorConfig.Builder.group(true)}) whose transaction was then rolled back: by a later step that failed or
 * was cancelled, by the group's commit, or by a failure outside its steps. Nothing of the step remains. A listener
 * that tells these apart from the step that failed (a progress line, a log) checks for this type; the operation
 * itself throws the failure that ended the group, not this.
 */
public class GroupRolledBackException extends MigrateException {

    private static final long serialVersionUID = 1L;

    public GroupRolledBackException(String message) {
        super(message);
    }

    public GroupRolledBackException(String message, Throwable cause) {
        super(message, cause);
    }
}
