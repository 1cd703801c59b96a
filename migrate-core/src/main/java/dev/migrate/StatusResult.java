package dev.migrate;

import java.util.List;

/**
 * What {@code status} reports; the same shape the Actuator endpoint and {@code migrate.jar --json status}
 * print.
 *
 * @param environment the configured environment label
 * @param current     the highest applied version, or null when none is
 * @param lastBatch   the highest batch number, 0 when nothing was applied
 * @param applied     every history row in order of application
 * @param pending     what {@code migrate} would apply, in order
 * @param failed      RUNNING or FAILED rows (a dirty database)
 * @param problems    validation problems (changed or missing files, ...), each with its fix
 * @param otherEnvironments migrations not applied here because their {@code -- migrate:environments} names
 *                    other environments, each as {@code V2__sample_rows.sql (dev, staging)}
 */
public record StatusResult(String environment, String current, int lastBatch, List<AppliedMigration> applied,
        List<PendingMigration> pending, List<AppliedMigration> failed, List<String> problems, List<String> otherEnvironments) {

    public StatusResult {
        applied = List.copyOf(applied);
        pending = List.copyOf(pending);
        failed = List.copyOf(failed);
        problems = List.copyOf(problems);
        otherEnvironments = List.copyOf(otherEnvironments);
    }

    /** Without migrations for other environments. */
    public StatusResult(String environment, String current, int lastBatch, List<AppliedMigration> applied,
            List<PendingMigration> pending, List<AppliedMigration> failed, List<String> problems) {
        this(environment, current, lastBatch, applied, pending, failed, problems, List.of());
    }

    public boolean isDirty() {
        return !failed.isEmpty();
    }
}
