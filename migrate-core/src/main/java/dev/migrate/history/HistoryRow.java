package dev.migrate.history;

import dev.migrate.MigrationState;
import dev.migrate.MigrationType;
import dev.migrate.MigrationVersion;
import java.time.Instant;

/**
 * One row of the history table.
 *
 * @param version normalised version text, or null for a repeatable migration
 * @param error   for a FAILED or RUNNING row, what failed (and where)
 */
public record HistoryRow(int rank, String version, String description, MigrationType type, String script,
        Integer checksum, String installedBy, Instant installedOn, long executionTimeMs, MigrationState state,
        int batch, String error) {

    public MigrationVersion parsedVersion() {
        return version == null ? null : MigrationVersion.parse(version);
    }

    public HistoryRow withState(MigrationState newState, long newExecutionTimeMs, String newError) {
        return new HistoryRow(rank, version, description, type, script, checksum, installedBy, installedOn,
                newExecutionTimeMs, newState, batch, newError);
    }
}
