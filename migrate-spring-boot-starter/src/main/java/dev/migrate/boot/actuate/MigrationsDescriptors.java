package dev.migrate.boot.actuate;

import dev.migrate.AppliedMigration;
import dev.migrate.LockStatus;
import dev.migrate.MigrationDetails;
import dev.migrate.PendingMigration;
import dev.migrate.PlanStep;
import dev.migrate.StatusResult;
import dev.migrate.StepResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of {@code /actuator/migrations}. The status shape is the one of DESIGN section 4,
 * shared with {@code migrate.jar --json status}, plus {@code settings}.
 */
public final class MigrationsDescriptors {

    private MigrationsDescriptors() {
    }

    /**
     * {@code GET /actuator/migrations}.
     *
     * @param inProgress RUNNING rows while another process holds the migration lock (not in {@code failed})
     * @param lock       the migration lock as read when the history holds a RUNNING row, else null
     */
    public record Status(String environment, String current, int lastBatch, List<Applied> applied, List<Pending> pending,
            List<Applied> failed, List<String> problems, List<String> otherEnvironments, List<Applied> inProgress, Lock lock,
            Map<String, Object> settings) {

        static Status of(StatusResult status, Map<String, Object> settings) {
            return new Status(status.environment(), status.current(), status.lastBatch(),
                    status.applied().stream().map(Applied::of).toList(),
                    status.pending().stream().map(Pending::of).toList(),
                    status.failed().stream().map(Applied::of).toList(), status.problems(), status.otherEnvironments(),
                    status.inProgress().stream().map(Applied::of).toList(), Lock.of(status.lock()), settings);
        }
    }

    /** The migration lock, read without taking it: {@code state} HELD, FREE or UNKNOWN, and who holds it where known. */
    public record Lock(String state, String holder) {

        static Lock of(LockStatus lock) {
            return lock == null ? null : new Lock(lock.state().name(), lock.holder());
        }
    }

    /** One history row. */
    public record Applied(int rank, String version, String description, String type, String script, Integer checksum,
            String state, int batch, String installedBy, String installedOn, long executionTimeMs, boolean reversible,
            String error) {

        static Applied of(AppliedMigration a) {
            return new Applied(a.rank(), a.version(), a.description(), a.type().name(), a.script(), a.checksum(), a.state().name(),
                    a.batch(), a.installedBy(), instant(a.installedOn()), a.executionTimeMs(), a.reversible(), a.error());
        }
    }

    /** One pending migration. */
    public record Pending(String version, String description, String type, String script) {

        static Pending of(PendingMigration p) {
            return new Pending(p.version(), p.description(), p.type().name(), p.script());
        }
    }

    /**
     * A statement and its 1-based line in its script; the line is null for a statement that has none in a file (one the
     * schema DSL generates, the comment that stands for a Java migration's code).
     */
    public record Statement(String sql, Integer line) {

        /** With the values of secret placeholders masked ({@code MigratorConfig.masked}). */
        static List<Statement> of(List<PlanStep.PlannedStatement> statements, java.util.function.UnaryOperator<String> masked) {
            return statements.stream().map(s -> new Statement(masked.apply(s.sql()), s.line() > 0 ? s.line() : null)).toList();
        }
    }

    /** {@code GET /actuator/migrations/{version}}: the row if applied, and the SQL of its up and down. */
    public record Details(String version, String description, String type, String script, Integer checksum, String state,
            boolean pending, boolean reversible, Integer batch, String installedBy, String installedOn, Long executionTimeMs,
            String error, List<String> dependsOn, List<Statement> up, List<Statement> down) {

        static Details of(MigrationDetails d, java.util.function.UnaryOperator<String> masked) {
            AppliedMigration a = d.applied();
            return new Details(d.version(), d.description(), d.type().name(), d.script(), d.checksum(),
                    a != null ? a.state().name() : "PENDING", d.pending(), d.reversible(),
                    a != null ? a.batch() : null, a != null ? a.installedBy() : null, a != null ? instant(a.installedOn()) : null,
                    a != null ? a.executionTimeMs() : null, a != null ? a.error() : null, d.dependsOn(),
                    Statement.of(d.upSql(), masked), Statement.of(d.downSql(), masked));
        }
    }

    /**
     * One step of a plan.
     *
     * @param down the generated down of a DSL migration to apply; empty for other steps
     */
    public record Step(String direction, String version, String description, String type, String script,
            boolean transactional, List<Statement> statements, List<String> notes, List<Statement> down) {

        static Step of(PlanStep s, java.util.function.UnaryOperator<String> masked) {
            return new Step(s.direction().tag(), s.version(), s.description(), s.type().name(), s.script(), s.transactional(),
                    Statement.of(s.statements(), masked), s.notes(), Statement.of(s.down(), masked));
        }
    }

    /**
     * {@code POST {"operation": "plan", ...}}: the steps, and the {@code planId} to confirm them with.
     *
     * @param confirm the body to POST to run exactly this plan
     */
    public record PlanResponse(String operation, String request, String planId, String validUntil, boolean confirmationRequired,
            List<Step> steps, List<String> warnings, List<String> notes, Map<String, Object> confirm) {
    }

    /** One migration applied or reversed by a run. */
    public record Ran(String version, String description, String script, String direction, long executionTimeMs) {

        static Ran of(StepResult s) {
            return new Ran(s.version(), s.description(), s.script(), s.direction().tag(), s.executionTimeMs());
        }
    }

    /**
     * {@code POST {"operation": "migrate" | "rollback", ...}}: what was done; {@code notes} says what a rollback did
     * beside its downs (a repeatable taken out of the history to be applied again) and what it leaves to do.
     */
    public record RunResponse(String operation, String request, String environment, String performedBy, Integer batch,
            String fromVersion, String toVersion, List<Ran> steps, List<String> notes, long durationMs) {
    }

    static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
