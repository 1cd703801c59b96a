package dev.migrate;

import java.util.List;

/**
 * Outcome of {@code migrate}.
 *
 * @param batch        batch number of this run, 0 when nothing was applied
 * @param fromVersion  highest applied version before the run, or null
 * @param toVersion    highest applied version after the run, or null
 * @param applied      the steps, in order
 * @param durationMs   milliseconds the migrations took to run, under the lock: connecting, reading the migrations and
 *                     waiting for the lock are not counted; 0 when nothing was pending
 */
public record MigrateResult(int batch, String fromVersion, String toVersion, List<StepResult> applied, long durationMs) {

    public MigrateResult {
        applied = List.copyOf(applied);
    }

    public boolean nothingToDo() {
        return applied.isEmpty();
    }
}
