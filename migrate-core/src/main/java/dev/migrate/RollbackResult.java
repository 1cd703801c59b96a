package dev.migrate;

import java.util.List;

/**
 * Outcome of {@code rollback}: the steps reversed, newest first, and the versions before and after.
 *
 * @param durationMs milliseconds the downs took to run, under the lock: connecting, reading the migrations and waiting
 *                   for the lock are not counted
 * @param notes what the rollback did beside the downs, or what it leaves to do: a repeatable taken out of the
 *              history because it depends on a reverted version, a reverted version that migrate applies again
 *              only out of order
 */
public record RollbackResult(String fromVersion, String toVersion, List<StepResult> rolledBack, long durationMs,
        List<String> notes) {

    public RollbackResult {
        rolledBack = List.copyOf(rolledBack);
        notes = List.copyOf(notes);
    }

    /** A result without notes. */
    public RollbackResult(String fromVersion, String toVersion, List<StepResult> rolledBack, long durationMs) {
        this(fromVersion, toVersion, rolledBack, durationMs, List.of());
    }
}
