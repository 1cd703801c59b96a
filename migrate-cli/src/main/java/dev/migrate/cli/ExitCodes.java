package dev.migrate.cli;

/** The exit codes of DESIGN §7; scripts and CI pipelines branch on them. */
public final class ExitCodes {

    /** The command did what it was asked (including "nothing to do"). */
    public static final int OK = 0;
    /** A migration failed, or the database is dirty from an earlier failure. */
    public static final int MIGRATION_FAILED = 1;
    /** Bad usage or configuration: an unknown option, a missing URL, an unreachable database, clean refused. */
    public static final int USAGE = 2;
    /** Validation failed, or a rollback would need an irreversible migration. */
    public static final int VALIDATION_FAILED = 3;
    /** The migration lock could not be had within the lock timeout. */
    public static final int LOCK_TIMEOUT = 4;

    private ExitCodes() {
    }
}
