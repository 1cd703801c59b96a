package dev.migrate;

/** State of a history row. RUNNING and FAILED mean the database is dirty. */
public enum MigrationState {
    RUNNING, SUCCESS, FAILED;

    public boolean isDirty() {
        return this != SUCCESS;
    }
}
