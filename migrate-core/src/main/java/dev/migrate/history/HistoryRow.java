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

    /**
     * How the error of a FAILED row starts when its down stopped after some of its statements had run and stayed done
     * (DDL committed at once, or a down outside a transaction): what ran follows, then the failure.
     */
    public static final String ROLLBACK_PART_WAY = "rollback failed part-way: ";

    /**
     * Whether this FAILED row's down stopped part-way with some of it done: running it again would run that part again,
     * so {@code rollback} refuses it until the rollback is finished or undone by hand and {@code repair} run.
     */
    public boolean rollbackStoppedPartWay() {
        return state == MigrationState.FAILED && error != null && error.startsWith(ROLLBACK_PART_WAY);
    }

    /** What a {@link #rollbackStoppedPartWay()} row's error says of its down: what ran, then the failure (first line). */
    public String partWayRollback() {
        return error.substring(ROLLBACK_PART_WAY.length()).lines().findFirst().orElse("");
    }

    public MigrationVersion parsedVersion() {
        return version == null ? null : MigrationVersion.parse(version);
    }

    public HistoryRow withState(MigrationState newState, long newExecutionTimeMs, String newError) {
        return new HistoryRow(rank, version, description, type, script, checksum, installedBy, installedOn,
                newExecutionTimeMs, newState, batch, newError);
    }
}
