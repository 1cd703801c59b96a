package dev.migrate;

/** The operations of a {@link Migrator}; the audit table records the writing ones. */
public enum Operation {
    MIGRATE, ROLLBACK, BASELINE, REPAIR, CLEAN, VALIDATE, STATUS, PLAN, HISTORY,
    /** Records pending migrations as applied without running them ({@link Migrator#markApplied(String)}). */
    MARK_APPLIED;

    /** Whether this operation may change the database (and so takes the lock and is audited). */
    public boolean writes() {
        return this == MIGRATE || this == ROLLBACK || this == BASELINE || this == REPAIR || this == CLEAN || this == MARK_APPLIED;
    }

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
