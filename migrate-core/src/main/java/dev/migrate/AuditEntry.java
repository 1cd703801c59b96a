package dev.migrate;

import java.time.Instant;

/**
 * One row of the append-only audit table: every apply, rollback, baseline, repair, clean and failure, and the
 * writes refused before they started: by the core's own checks once it had connected (a dirty database, a changed
 * file, an irreversible migration, a stale plan...), or by a front end's rules ({@link Migrator#recordRefusal}).
 *
 * @param version  the migration's version, or null for an operation-level row
 * @param outcome  {@link #SUCCESS}, {@link #FAILURE} (the operation started and failed) or {@link #REFUSED} (it was
 *                 refused before it started, and changed nothing); a reader should expect more values later
 * @param details  error text, the reason of a refusal, or a summary
 */
public record AuditEntry(long id, String operation, String version, String description, String script,
        String outcome, String performedBy, String environment, Instant startedOn, long durationMs, String details) {

    /** The outcome of an operation or step that completed. */
    public static final String SUCCESS = "SUCCESS";
    /** The outcome of an operation or step that started and failed. */
    public static final String FAILURE = "FAILURE";
    /** The outcome of a write refused before it started: nothing was run. */
    public static final String REFUSED = "REFUSED";
}
