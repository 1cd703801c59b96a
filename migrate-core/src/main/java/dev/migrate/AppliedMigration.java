package dev.migrate;

import java.time.Instant;

/**
 * One row of the history table, as {@code status} reports it.
 *
 * @param rank            order of application (installed_rank)
 * @param version         version, or null for a repeatable migration
 * @param checksum        stored checksum, or null (Java migrations, baseline)
 * @param reversible      whether the migration, as found now, has a down
 * @param error           for a FAILED or RUNNING row, what failed; otherwise null
 */
public record AppliedMigration(int rank, String version, String description, MigrationType type, String script,
        Integer checksum, MigrationState state, int batch, String installedBy, Instant installedOn,
        long executionTimeMs, boolean reversible, String error) {
}
