package dev.migrate.cli;

import dev.migrate.AppliedMigration;
import dev.migrate.AuditEntry;
import dev.migrate.MigrateResult;
import dev.migrate.PendingMigration;
import dev.migrate.Plan;
import dev.migrate.PlanStep;
import dev.migrate.RepairResult;
import dev.migrate.RollbackResult;
import dev.migrate.StatusResult;
import dev.migrate.StepResult;
import dev.migrate.ValidationResult;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code --json} shape of every result. Field names and order are part of the CLI's contract
 * (scripts parse them), so each is written out here rather than left to reflection: renaming a
 * record component in the core cannot silently change the output. {@code status} follows DESIGN §4,
 * the shape the Actuator endpoint shares.
 */
final class JsonView {

    private JsonView() {
    }

    static ObjectNode status(StatusResult s) {
        ObjectNode n = Output.object();
        n.put("environment", s.environment());
        n.put("current", s.current());
        n.put("lastBatch", s.lastBatch());
        ArrayNode applied = n.putArray("applied");
        s.applied().forEach(a -> applied.add(applied(a)));
        ArrayNode pending = n.putArray("pending");
        s.pending().forEach(p -> pending.add(pending(p)));
        ArrayNode failed = n.putArray("failed");
        s.failed().forEach(a -> failed.add(applied(a)));
        strings(n.putArray("problems"), s.problems());
        strings(n.putArray("otherEnvironments"), s.otherEnvironments());
        ArrayNode inProgress = n.putArray("inProgress");
        s.inProgress().forEach(a -> inProgress.add(applied(a)));
        if (s.lock() == null) {
            n.putNull("lock");
        } else {
            ObjectNode lock = n.putObject("lock");
            lock.put("state", s.lock().state().name());
            lock.put("holder", s.lock().holder());
        }
        return n;
    }

    static ObjectNode applied(AppliedMigration a) {
        ObjectNode n = Output.object();
        n.put("version", a.version());
        n.put("description", a.description());
        n.put("type", a.type().name());
        n.put("script", a.script());
        if (a.checksum() == null) {
            n.putNull("checksum");
        } else {
            n.put("checksum", a.checksum());
        }
        n.put("state", a.state().name());
        n.put("batch", a.batch());
        n.put("installedBy", a.installedBy());
        n.put("installedOn", instant(a.installedOn()));
        n.put("executionTimeMs", a.executionTimeMs());
        n.put("reversible", a.reversible());
        n.put("rank", a.rank());
        n.put("error", a.error());
        return n;
    }

    static ObjectNode pending(PendingMigration p) {
        ObjectNode n = Output.object();
        n.put("version", p.version());
        n.put("description", p.description());
        n.put("type", p.type().name());
        n.put("script", p.script());
        return n;
    }

    static ObjectNode migrate(MigrateResult r) {
        ObjectNode n = Output.object();
        n.put("operation", "migrate");
        if (r.applied().isEmpty()) {
            n.putNull("batch"); // nothing applied, no batch made (MigrateResult says 0)
        } else {
            n.put("batch", r.batch());
        }
        n.put("fromVersion", r.fromVersion());
        n.put("toVersion", r.toVersion());
        ArrayNode steps = n.putArray("applied");
        r.applied().forEach(s -> steps.add(step(s)));
        n.put("durationMs", r.durationMs());
        return n;
    }

    static ObjectNode rollback(RollbackResult r) {
        ObjectNode n = Output.object();
        n.put("operation", "rollback");
        n.put("fromVersion", r.fromVersion());
        n.put("toVersion", r.toVersion());
        ArrayNode steps = n.putArray("rolledBack");
        r.rolledBack().forEach(s -> steps.add(step(s)));
        n.put("durationMs", r.durationMs());
        strings(n.putArray("notes"), r.notes());
        return n;
    }

    static ObjectNode step(StepResult s) {
        ObjectNode n = Output.object();
        n.put("version", s.version());
        n.put("description", s.description());
        n.put("script", s.script());
        n.put("direction", s.direction().tag());
        n.put("executionTimeMs", s.executionTimeMs());
        return n;
    }

    static ObjectNode plan(Plan plan, java.util.function.UnaryOperator<String> masked) {
        ObjectNode n = Output.object();
        n.put("operation", plan.operation().tag());
        n.put("fingerprint", plan.fingerprint());
        ArrayNode steps = n.putArray("steps");
        for (PlanStep step : plan.steps()) {
            ObjectNode s = steps.addObject();
            s.put("direction", step.direction().tag());
            s.put("version", step.version());
            s.put("description", step.description());
            s.put("type", step.type().name());
            s.put("script", step.script());
            s.put("transactional", step.transactional());
            statements(s.putArray("statements"), step.statements(), masked);
            strings(s.putArray("notes"), step.notes());
            statements(s.putArray("down"), step.down(), masked);
        }
        strings(n.putArray("warnings"), plan.warnings());
        strings(n.putArray("notes"), plan.notes());
        return n;
    }

    private static void statements(ArrayNode array, List<PlanStep.PlannedStatement> statements,
            java.util.function.UnaryOperator<String> masked) {
        for (PlanStep.PlannedStatement st : statements) {
            ObjectNode o = array.addObject();
            if (st.line() > 0) {
                o.put("line", st.line());
            } else {
                o.putNull("line"); // no line in a file: a statement the schema DSL generates, or a Java migration's code
            }
            o.put("sql", masked.apply(st.sql()));
        }
    }

    static ObjectNode history(List<AuditEntry> entries) {
        ObjectNode n = Output.object();
        ArrayNode array = n.putArray("entries");
        for (AuditEntry e : entries) {
            ObjectNode o = array.addObject();
            o.put("id", e.id());
            o.put("operation", e.operation());
            o.put("version", e.version());
            o.put("description", e.description());
            o.put("script", e.script());
            o.put("outcome", e.outcome());
            o.put("performedBy", e.performedBy());
            o.put("environment", e.environment());
            o.put("startedOn", instant(e.startedOn()));
            o.put("durationMs", e.durationMs());
            o.put("details", e.details());
        }
        return n;
    }

    static ObjectNode validation(ValidationResult r) {
        ObjectNode n = Output.object();
        n.put("valid", r.isValid());
        strings(n.putArray("errors"), r.errors());
        strings(n.putArray("warnings"), r.warnings());
        return n;
    }

    static ObjectNode repair(RepairResult r) {
        ObjectNode n = Output.object();
        strings(n.putArray("removedDirty"), r.removedDirty());
        strings(n.putArray("realigned"), r.realigned());
        strings(n.putArray("removedMissing"), r.removedMissing());
        return n;
    }

    static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
