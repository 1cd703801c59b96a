package dev.migrate;

import java.time.Instant;

/**
 * One row of the append-only audit table: every apply, rollback, baseline, repair, clean and failure.
 *
 * @param version  the migration's version, or null for an operation-level row
 * @param outcome  SUCCESS or FAILURE
 * @param details  error text or a summary
 */
public record AuditEntry(long id, String operation, String version, String description, String script,
        String outcome, String performedBy, String environment, Instant startedOn, long durationMs, String details) {
}
