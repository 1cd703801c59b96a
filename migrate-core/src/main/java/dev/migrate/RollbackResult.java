package dev.migrate;

import java.util.List;

/** Outcome of {@code rollback}: the steps reversed, newest first, and the versions before and after. */
public record RollbackResult(String fromVersion, String toVersion, List<StepResult> rolledBack, long durationMs) {

    public RollbackResult {
        rolledBack = List.copyOf(rolledBack);
    }
}
