package dev.migrate;

import java.util.List;

/**
 * One step of a {@link Plan}: a migration to apply or reverse and the exact SQL it would run.
 *
 * @param transactional whether it would run inside a transaction
 * @param statements    the statements, with their line in the script, placeholders replaced
 * @param notes         remarks such as why it runs outside a transaction
 */
public record PlanStep(Direction direction, String version, String description, MigrationType type, String script,
        boolean transactional, List<PlannedStatement> statements, List<String> notes) {

    public PlanStep {
        statements = List.copyOf(statements);
        notes = List.copyOf(notes);
    }

    /** A statement of a step and its 1-based line in the script (0 for generated or Java steps). */
    public record PlannedStatement(String sql, int line) {
    }
}
