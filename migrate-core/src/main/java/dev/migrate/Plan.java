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
 * @param callbacks   the callbacks a {@code migrate} that applies these steps runs, in the order each event runs
 *                    them (SQL scripts, then Java callbacks), with the SQL of the scripts; empty for a rollback
 *                    and when nothing would be applied
 */
public record Plan(Operation operation, List<PlanStep> steps, String fingerprint, List<String> warnings, List<String> notes,
        List<Callback> callbacks) {

    public Plan {
        steps = List.copyOf(steps);
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
        callbacks = List.copyOf(callbacks);
    }

    /** A plan without callbacks. */
    public Plan(Operation operation, List<PlanStep> steps, String fingerprint, List<String> warnings, List<String> notes) {
        this(operation, steps, fingerprint, warnings, notes, List.of());
    }

    /** A plan without notes. */
    public Plan(Operation operation, List<PlanStep> steps, String fingerprint, List<String> warnings) {
        this(operation, steps, fingerprint, warnings, List.of());
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The callbacks of one event, in the order they run. */
    public List<Callback> callbacks(MigrationCallback.Event event) {
        return callbacks.stream().filter(c -> c.event() == event).toList();
    }

    /**
     * A callback the planned {@code migrate} runs.
     *
     * @param name           the SQL script's path in its location, or the Java callback's {@link MigrationCallback#name()}
     * @param java           whether it is a Java callback, whose SQL is known only when it runs ({@code statements} empty)
     * @param ownTransaction whether it runs in a transaction of its own ({@code beforeMigrate}, {@code afterMigrate},
     *                       {@code afterMigrateError} where the database has transactional DDL and the script allows one);
     *                       false in auto-commit, and for {@code beforeEachMigrate}/{@code afterEachMigrate}, which run
     *                       as part of each step, in its transaction where it has one
     * @param statements     a SQL script's statements, placeholders replaced
     */
    public record Callback(MigrationCallback.Event event, String name, boolean java, boolean ownTransaction,
            List<PlanStep.PlannedStatement> statements) {

        public Callback {
            statements = List.copyOf(statements);
        }
    }
}
