package dev.migrate.internal;

import dev.migrate.Direction;
import dev.migrate.PlanStep;
import dev.migrate.discovery.MigrationBody;
import dev.migrate.discovery.ResolvedMigration;
import dev.migrate.history.HistoryRow;
import dev.migrate.sql.SqlStatement;
import java.util.List;

/**
 * A migration step ready to run: its body already split into statements (so a script that cannot
 * be parsed is refused before anything of the run executes), and whether it runs in a transaction.
 *
 * @param row           the history row being reversed (DOWN), or null (UP)
 * @param statements    the statements with absolute line numbers in their file; empty for Java
 * @param transactional whether it runs inside a transaction
 * @param notes         remarks for the plan, such as why it runs outside a transaction
 * @param down          the generated down of a DSL migration to apply, for the plan; empty otherwise
 * @param repeatables   (DOWN) history rows of repeatables that depend on the reverted version, removed with it
 */
record PreparedStep(Direction direction, ResolvedMigration migration, HistoryRow row, MigrationBody body,
        List<SqlStatement> statements, boolean transactional, List<String> notes, List<SqlStatement> down,
        List<HistoryRow> repeatables) {

    PreparedStep(Direction direction, ResolvedMigration migration, HistoryRow row, MigrationBody body,
            List<SqlStatement> statements, boolean transactional, List<String> notes, List<SqlStatement> down) {
        this(direction, migration, row, body, statements, transactional, notes, down, List.of());
    }

    /** This step, removing {@code rows} (repeatables depending on the reverted version) from the history with it. */
    PreparedStep removing(List<HistoryRow> rows) {
        return new PreparedStep(direction, migration, row, body, statements, transactional, notes, down, rows);
    }

    String version() {
        return migration.version() == null ? null : migration.version().toString();
    }

    /** The file the body comes from: the migration's file, or its reverse file. */
    String source() {
        return body.source();
    }

    /**
     * The script the plan, the listeners, the results and a failure name for this step: for the SQL down of a migration
     * written as two files ({@code 4_orders.down.sql}, {@code U4__orders.sql}) the file its statements and their lines
     * come from; the migration's script otherwise (the history and the audit table keep that one, as it names the migration).
     */
    String script() {
        return direction == Direction.DOWN && body instanceof MigrationBody.Sql sql ? sql.source() : migration.script();
    }

    /**
     * Whether migrate runs it in a transaction though it is not {@code transactional}: on a database whose DDL commits
     * by itself ({@code transactionalDdl} false), so that a failure undoes its data changes; not when it controls its
     * own transaction or asks for none.
     */
    boolean wrapped(boolean transactionalDdl) {
        return !transactional && !transactionalDdl && statements.stream().noneMatch(SqlStatement::controlsTransaction)
                && !noTransactionRequested();
    }

    private boolean noTransactionRequested() {
        if (body instanceof MigrationBody.Sql sql) {
            return sql.noTransaction();
        }
        return !((MigrationBody.Java) body).transactional();
    }

    /** The step for a plan, on a database with ({@code transactionalDdl}) or without transactional DDL. */
    PlanStep toPlanStep(boolean transactionalDdl) {
        PlanStep step = toPlanStep();
        return new PlanStep(step.direction(), step.version(), step.description(), step.type(), step.script(), transactional,
                step.statements(), step.notes(), step.down(), transactional || wrapped(transactionalDdl));
    }

    PlanStep toPlanStep() {
        List<PlanStep.PlannedStatement> planned = body instanceof MigrationBody.Java java && statements.isEmpty()
                ? List.of(new PlanStep.PlannedStatement("-- Java migration " + java.source() + "." + (java.up() ? "up" : "down")
                        + "(): its SQL is known only when it runs", 0))
                : statements.stream().map(s -> new PlanStep.PlannedStatement(s.sql(), s.line(), s.data() == null ? null
                        : s.data().text())).toList();
        return new PlanStep(direction, version(), migration.description(), migration.type(), script(), transactional,
                planned, notes, down.stream().map(s -> new PlanStep.PlannedStatement(s.sql(), s.line())).toList());
    }
}
