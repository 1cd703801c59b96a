package dev.migrate;

import java.util.List;

/**
 * A dry run: the ordered steps {@code migrate} or {@code rollback} would take, and the SQL of each.
 * Nothing was changed to make it.
 *
 * @param operation   MIGRATE or ROLLBACK
 * @param steps       the steps in the order they would run
 * @param fingerprint digest of the history the plan was made from; it differs once the database changes
 * @param warnings    things to check before running it (an irreversible step, a baseline it records)
 * @param notes       what else runs with it (SQL callbacks), for information
 */
public record Plan(Operation operation, List<PlanStep> steps, String fingerprint, List<String> warnings, List<String> notes) {

    public Plan {
        steps = List.copyOf(steps);
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
    }

    /** A plan without notes. */
    public Plan(Operation operation, List<PlanStep> steps, String fingerprint, List<String> warnings) {
        this(operation, steps, fingerprint, warnings, List.of());
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }
}
