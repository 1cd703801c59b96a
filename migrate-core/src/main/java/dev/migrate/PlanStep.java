package dev.migrate;

import java.util.List;

/**
 * One step of a {@link Plan}: a migration to apply or reverse and the exact SQL it would run.
 *
 * @param transactional whether it would run inside a transaction
 * @param statements    the statements, with their line in the script, placeholders replaced
 * @param notes         remarks such as why it runs outside a transaction
 * @param down          for a DSL migration to apply, the statements its generated down would run, so the
 *                      rollback can be read before applying; empty for other steps and irreversible ones
 * @param dataInTransaction whether its statements run inside a transaction all the same where it is not
 *                      {@code transactional} because the database commits DDL by itself (MySQL/MariaDB, H2): a
 *                      failure then undoes its data changes, not its DDL. False for a step that controls its own
 *                      transaction or asks for none ({@code -- migrate:no-transaction}); {@code transactional} otherwise
 */
public record PlanStep(Direction direction, String version, String description, MigrationType type, String script,
        boolean transactional, List<PlannedStatement> statements, List<String> notes, List<PlannedStatement> down,
        boolean dataInTransaction) {

    public PlanStep {
        statements = List.copyOf(statements);
        notes = List.copyOf(notes);
        down = List.copyOf(down);
    }

    /** A step whose statements run in a transaction exactly when it is {@code transactional}. */
    public PlanStep(Direction direction, String version, String description, MigrationType type, String script,
            boolean transactional, List<PlannedStatement> statements, List<String> notes, List<PlannedStatement> down) {
        this(direction, version, description, type, script, transactional, statements, notes, down, transactional);
    }

    /** A step without down statements. */
    public PlanStep(Direction direction, String version, String description, MigrationType type, String script,
            boolean transactional, List<PlannedStatement> statements, List<String> notes) {
        this(direction, version, description, type, script, transactional, statements, notes, List.of());
    }

    /**
     * A statement of a step and its 1-based line in the script (0 for generated or Java steps).
     *
     * @param data the rows that follow a PostgreSQL {@code COPY ... FROM STDIN} in the script, each line
     *             with its line break and without the closing {@code \.}; null for every other statement
     */
    public record PlannedStatement(String sql, int line, String data) {

        /** A statement without inline data. */
        public PlannedStatement(String sql, int line) {
            this(sql, line, null);
        }
    }
}
