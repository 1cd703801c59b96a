package dev.migrate.plan;

import dev.migrate.AuditEntry;
import dev.migrate.ConfigurationException;
import dev.migrate.IrreversibleMigrationException;
import dev.migrate.MigrationState;
import dev.migrate.MigrationTarget;
import dev.migrate.MigrationType;
import dev.migrate.MigrationVersion;
import dev.migrate.RollbackRequest;
import dev.migrate.SchemaOperationFailedException;
import dev.migrate.ValidationException;
import dev.migrate.discovery.ResolvedMigration;
import dev.migrate.history.HistoryRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Decides which migrations a {@code migrate} or {@code rollback} runs, and in which order, from a
 * {@link Snapshot}. Every refusal happens here, before anything runs.
 */
public final class Planner {

    private Planner() {
    }

    /**
     * A history row to reverse and the migration that reverses it.
     *
     * @param repeatables the history rows of applied repeatable migrations that depend on this version (directly, or
     *                    through migrations this rollback reverts first): removed with the reversal, in its transaction
     *                    where the database allows, so that the next migrate applies them again
     */
    public record Reversal(HistoryRow row, ResolvedMigration migration, List<HistoryRow> repeatables) {

        public Reversal {
            repeatables = List.copyOf(repeatables);
        }

        /** A reversal that takes no repeatable with it. */
        public Reversal(HistoryRow row, ResolvedMigration migration) {
            this(row, migration, List.of());
        }

        /** What the rollback says of each repeatable it takes out of the history with this reversal. */
        public List<String> notes() {
            Map<String, HistoryRow> newest = new LinkedHashMap<>();
            repeatables.forEach(r -> newest.put(r.description(), r));
            return newest.values().stream().map(r -> r.script() + " depends on version " + row.version()
                    + ": the next migrate applies it again").toList();
        }
    }

    /**
     * The migrations {@code migrate} applies for {@code target}: pending versioned ones up to it in version order,
     * then, for {@code latest} only, new or changed repeatable ones. {@code current} stands for the current version
     * (nothing when none is applied), {@code next} for the lowest pending version (nothing when none is pending).
     *
     * @throws ValidationException   for out-of-order versions when {@code outOfOrder} is off
     * @throws ConfigurationException for a version that matches no migration, unless the target allows that
     */
    public static List<ResolvedMigration> migrate(Snapshot snapshot, MigrationTarget target, boolean outOfOrder,
            Supplier<List<AuditEntry>> audit) {
        if (target instanceof MigrationTarget.Latest) {
            return upTo(snapshot, null, outOfOrder, audit);
        }
        if (target instanceof MigrationTarget.Current) {
            return snapshot.current() == null ? List.of() : upTo(snapshot, snapshot.current(), outOfOrder, audit);
        }
        if (target instanceof MigrationTarget.Next) {
            MigrationVersion next = snapshot.pending().stream().filter(m -> !m.isRepeatable()).map(ResolvedMigration::version)
                    .min(MigrationVersion::compareTo).orElse(null);
            return next == null ? List.of() : upTo(snapshot, next, outOfOrder, audit);
        }
        MigrationTarget.UpTo upTo = (MigrationTarget.UpTo) target;
        MigrationVersion version = upTo.version();
        if (!upTo.mayBeMissing() && snapshot.graph().get(version) == null && !snapshot.isApplied(version)) {
            throw new ConfigurationException("Target version " + version + " matches no migration: choose one of "
                    + describeVersions(snapshot) + ", or leave the target out to apply everything, or write " + version
                    + "? to migrate up to it anyway");
        }
        return upTo(snapshot, version, outOfOrder, audit);
    }

    private static List<ResolvedMigration> upTo(Snapshot snapshot, MigrationVersion target, boolean outOfOrder,
            Supplier<List<AuditEntry>> audit) {
        if (!outOfOrder) {
            List<ResolvedMigration> late = snapshot.outOfOrder().stream()
                    .filter(m -> target == null || m.version().isAtMost(target)).toList();
            if (!late.isEmpty()) {
                Set<MigrationVersion> rolledBack = rolledBackVersions(audit.get());
                List<String> problems = new ArrayList<>();
                for (ResolvedMigration m : late) {
                    problems.add(outOfOrderProblem(snapshot, m, m.location(), rolledBack.contains(m.version())));
                }
                throw new ValidationException(problems);
            }
        }
        List<ResolvedMigration> plan = new ArrayList<>();
        Set<MigrationVersion> scheduled = new HashSet<>();
        for (ResolvedMigration m : snapshot.pending()) {
            if (m.isRepeatable()) {
                continue;
            }
            if (target != null && m.version().isNewerThan(target)) {
                continue;
            }
            plan.add(m);
            scheduled.add(m.version());
        }
        if (target == null) {
            for (ResolvedMigration m : snapshot.pending()) {
                if (m.isRepeatable()) {
                    plan.add(m);
                }
            }
        }
        for (ResolvedMigration m : plan) {
            for (MigrationVersion d : m.dependsOn()) {
                ResolvedMigration dependency = snapshot.graph().get(d);
                if (!snapshot.isApplied(d) && dependency != null && !dependency.runsIn(snapshot.environment())) {
                    throw new ValidationException(List.of(m.displayName() + " depends on version " + d + " ("
                            + dependency.script() + "), which runs only in " + String.join(", ", dependency.environments())
                            + " (-- migrate:environments), not in " + snapshot.environment() + ": name the same environments"
                            + " in both, or remove the dependency"));
                }
                if (!snapshot.isApplied(d) && !scheduled.contains(d)) {
                    throw new ValidationException(List.of(m.displayName() + " depends on version " + d
                            + ", which is neither applied nor part of this run: migrate to a target that includes it"));
                }
            }
        }
        return plan;
    }

    /**
     * What is wrong with a pending version older than the current one, and how to fix it. A version this database
     * applied and rolled back (on its own, newer ones staying) is applied again out of order, under its version,
     * which other databases may have: renaming it would be the wrong advice.
     *
     * @param name                how to name the migration: its script or its location
     * @param rolledBackHere      whether the audit trail shows it rolled back here ({@link #rolledBackVersions})
     */
    public static String outOfOrderProblem(Snapshot snapshot, ResolvedMigration m, String name, boolean rolledBackHere) {
        if (rolledBackHere) {
            return "Migration " + name + " (version " + m.version() + ") was rolled back while newer versions stayed applied (the"
                    + " current version is " + snapshot.current() + "), so migrate applies it again only out of order: set outOfOrder"
                    + " (--out-of-order on the command line, migrate.out-of-order=true, MigratorConfig outOfOrder(true)) to apply it,"
                    + " keeping its version";
        }
        return "Migration " + name + " (version " + m.version() + ") is older than the current version " + snapshot.current()
                + " and not applied: give it a higher version if it is new, or set outOfOrder (--out-of-order on the command line,"
                + " migrate.out-of-order=true, MigratorConfig outOfOrder(true)) to apply it anyway";
    }

    /** The versions the audit trail shows rolled back (successfully) at some time. */
    public static Set<MigrationVersion> rolledBackVersions(List<AuditEntry> audit) {
        Set<MigrationVersion> versions = new HashSet<>();
        for (AuditEntry e : audit) {
            if ("ROLLBACK".equals(e.operation()) && "SUCCESS".equals(e.outcome()) && e.version() != null) {
                versions.add(MigrationVersion.parse(e.version()));
            }
        }
        return versions;
    }

    /**
     * The history rows a {@code rollback} reverses, newest first, each with its down.
     *
     * @param audit the audit trail, oldest first, read only when the request needs it ({@code lastBatch()})
     * @throws IrreversibleMigrationException naming the first migration without a down
     * @throws ValidationException            for a file gone missing, changed since it was applied, or dependents in the way
     * @throws ConfigurationException         for a target that is not applied
     */
    public static List<Reversal> rollback(Snapshot snapshot, RollbackRequest request, Supplier<List<AuditEntry>> audit) {
        for (HistoryRow dirty : snapshot.dirty()) {
            if (dirty.version() == null) {
                throw new ValidationException(List.of("Cannot roll back while the repeatable migration " + dirty.script() + " is "
                        + dirty.state() + (dirty.error() != null ? " (" + dirty.error() + ")" : "") + ": a repeatable migration has no"
                        + " down, so rollback cannot undo it, and rolling back another migration would leave it so. Check the schema,"
                        + " run 'repair' to clear its entry, fix the script, and run migrate again. Nothing was rolled back"));
            }
        }
        List<HistoryRow> candidates = new ArrayList<>();
        for (HistoryRow row : snapshot.rows()) {
            if (row.version() != null && row.type() != MigrationType.BASELINE && row.type() != MigrationType.REPEATABLE) {
                candidates.add(row);
            }
        }
        candidates.sort(Comparator.comparingInt(HistoryRow::rank).reversed());
        List<HistoryRow> chosen = new ArrayList<>();
        boolean single = request instanceof RollbackRequest.Last || request instanceof RollbackRequest.Only;
        if (request instanceof RollbackRequest.Last) {
            if (!candidates.isEmpty()) {
                chosen.add(candidates.get(0));
            }
        } else if (request instanceof RollbackRequest.Only only) {
            MigrationVersion baseline = snapshot.baseline();
            String why = baseline == null || only.version().isNewerThan(baseline)
                    ? null : baseline.equals(only.version()) ? " is the baseline" : " is covered by the baseline (version " + baseline + ")";
            HistoryRow row = candidates.stream().filter(r -> r.parsedVersion().equals(only.version())).findFirst()
                    .orElseThrow(() -> new ConfigurationException("Version " + only.version() + (why != null
                            ? why + ": the migrations up to it were never applied here, so it has nothing to roll back"
                            : " is not applied") + ": choose one of " + (candidates.isEmpty() ? "(none applied)"
                                    : abbreviate(candidates.stream().sorted(Comparator.comparingInt(HistoryRow::rank)).map(HistoryRow::version).toList()))));
            chosen.add(row);
        } else if (request instanceof RollbackRequest.Steps steps) {
            chosen.addAll(candidates.subList(0, Math.min(steps.count(), candidates.size())));
        } else if (request instanceof RollbackRequest.LastBatch) {
            chosen.addAll(lastBatch(snapshot, candidates, audit));
        } else if (request instanceof RollbackRequest.ToVersion to) {
            MigrationVersion target = to.version();
            if (!snapshot.isApplied(target)) {
                throw new ConfigurationException("Rollback target " + target + " is not an applied version: choose one of "
                        + describeApplied(snapshot) + ", or roll back everything: 'rollback --all' on the command line, \"all\": true"
                        + " at the endpoint, RollbackRequest.base() in Java");
            }
            candidates.stream().filter(r -> r.parsedVersion().isNewerThan(target)).forEach(chosen::add);
        } else {
            chosen.addAll(candidates);
        }
        if (single) {
            for (HistoryRow row : chosen) {
                List<String> blockers = appliedDependents(snapshot, row, Set.of(row.rank()));
                if (!blockers.isEmpty()) {
                    throw new ValidationException(List.of("Cannot roll back " + row.script() + " (version " + row.version()
                            + ") alone: applied migrations depend on it: " + String.join(", ", blockers)
                            + ". Roll those back first, or use a rollback target that includes them"));
                }
                // A dependent is newer than what it depends on; one whose file is gone cannot say whether it is one.
                List<HistoryRow> unknown = snapshot.rows().stream().filter(r -> r.version() != null && r.type() != MigrationType.BASELINE
                        && r.type() != MigrationType.REPEATABLE && r.parsedVersion().isNewerThan(row.parsedVersion())
                        && snapshot.graph().get(r.parsedVersion()) == null).toList();
                if (!unknown.isEmpty()) {
                    boolean future = snapshot.future().containsAll(unknown);
                    throw new ValidationException(List.of("Cannot roll back " + row.script() + " (version " + row.version()
                            + ") alone: newer applied migrations have no file here, so whether they depend on it is unknown: "
                            + String.join(", ", unknown.stream().map(r -> r.script() + " (version " + r.version() + ")").toList())
                            + ". Restore their files" + (future ? ", or roll back with the newer build that applied them"
                                    : ", or run 'repair' to drop them from the history") + ". Nothing was rolled back"));
                }
            }
        } else {
            addDependents(snapshot, candidates, chosen);
        }
        Map<Integer, List<HistoryRow>> repeatables = dependentRepeatables(snapshot, chosen);
        List<Reversal> reversals = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (HistoryRow row : chosen) {
            ResolvedMigration m = snapshot.graph().get(row.parsedVersion());
            if (m == null) {
                throw new ValidationException(List.of("Cannot roll back " + row.script() + " (version " + row.version()
                        + "): " + (Snapshot.isClass(row) ? Snapshot.CLASS_NOT_FOUND + "; if it was deleted on purpose, run"
                                + " 'repair' to drop it from the history"
                                : "its file is missing from the locations. Restore it, or run 'repair' to drop it from the history")
                        + (snapshot.future().contains(row) ? "; if a newer build of the application applied it, roll it back with"
                                + " that build" : "")));
            }
            // Where DDL commits at once a down can stop part-way: running it again would run again what of it already ran.
            if (row.rollbackStoppedPartWay()) {
                throw new IrreversibleMigrationException("Cannot roll back " + m.displayName() + ": its down stopped part-way ("
                        + row.partWayRollback() + "), and what of it ran stays done: running it again from its start would run"
                        + " that a second time. Nothing was rolled back. Check the schema, then either finish the rollback by hand"
                        + " and run 'repair' (the migration then counts as not applied); or undo what the down did by hand, run"
                        + " 'repair', then 'mark-applied --target " + m.version() + "' to record it applied again",
                        m.version().toString(), m.script());
            }
            if (!m.isReversible()) {
                throw new IrreversibleMigrationException("Cannot roll back " + m.displayName() + ": it is irreversible ("
                        + irreversibleReason(m) + "). Nothing was rolled back;"
                        + (row.state().isDirty() ? " it is " + row.state() + ": check the schema and run 'repair' to clear its entry,"
                                + " or add a down" : " add a down, or choose a rollback target above version " + m.version()),
                        m.version().toString(), m.script());
            }
            // Where DDL commits at once a DSL migration can stop part-way: its generated down would begin with the
            // reverses of operations that never ran, undoing something else.
            if (row.state() == MigrationState.FAILED && m.up() instanceof dev.migrate.discovery.MigrationBody.Java java
                    && java.migration() instanceof dev.migrate.schema.DslMigration
                    && SchemaOperationFailedException.isFailedUpOperation(row.error())) {
                throw new IrreversibleMigrationException("Cannot roll back " + m.displayName() + ": it stopped part-way ("
                        + row.error().lines().findFirst().orElse("") + "), and its generated down reverses every operation,"
                        + " starting with the failed one and those after it, which never ran. Nothing was rolled back. Undo the"
                        + " operations that ran before the failed one by hand (the history's error lists them), then run"
                        + " 'repair'", m.version().toString(), m.script());
            }
            // The down was written for the up as applied; after the up changed it may undo something else.
            if (row.state() == MigrationState.SUCCESS && row.checksum() != null && m.checksum() != null
                    && !row.checksum().equals(m.checksum())) {
                changed.add("Cannot roll back " + m.location() + " (version " + row.version() + "): the file was changed after it"
                        + " was applied (stored checksum " + row.checksum() + ", file checksum " + m.checksum() + "), so its down"
                        + " may undo something other than what was applied. Restore the file as it was applied, or, if the database"
                        + " holds what the changed file makes, run 'repair' to accept the change; then roll back. Nothing was rolled"
                        + " back");
            }
            reversals.add(new Reversal(row, m, repeatables.getOrDefault(row.rank(), List.of())));
        }
        if (!changed.isEmpty()) {
            throw new ValidationException(changed);
        }
        return reversals;
    }

    /**
     * The versioned rows of the last {@code migrate} run. A batch left holding only repeatables is passed over
     * when the audit trail shows versioned migrations of it rolled back after it ran (the run applied versions,
     * since undone); otherwise that run applied nothing but repeatables, which have no down, and the request is
     * refused rather than reaching back to the run before.
     */
    private static List<HistoryRow> lastBatch(Snapshot snapshot, List<HistoryRow> candidates, Supplier<List<AuditEntry>> audit) {
        List<Integer> batches = snapshot.rows().stream().filter(r -> r.type() != MigrationType.BASELINE).map(HistoryRow::batch)
                .distinct().sorted(Comparator.reverseOrder()).toList();
        for (int batch : batches) {
            List<HistoryRow> versioned = candidates.stream().filter(r -> r.batch() == batch).toList();
            if (!versioned.isEmpty()) {
                return versioned;
            }
            List<HistoryRow> rows = snapshot.rows().stream().filter(r -> r.batch() == batch && r.type() != MigrationType.BASELINE)
                    .toList();
            if (versionsRolledBackSince(rows, batch, audit.get())) {
                continue;
            }
            boolean allReapplied = rows.stream().allMatch(r -> snapshot.rows().stream().anyMatch(earlier -> earlier.rank() < r.rank()
                    && earlier.version() == null && earlier.description().equals(r.description())));
            throw new ValidationException(List.of("The last batch (" + batch + ") only " + (allReapplied ? "re-applied" : "applied")
                    + " repeatable migrations (" + String.join(", ", rows.stream().map(HistoryRow::script).toList()) + "), which have"
                    + " no down, and no versioned migration: nothing was rolled back. To undo earlier migrations, roll back by steps"
                    + " or to a version ('rollback --steps N' or '--target V')"));
        }
        return List.of();
    }

    /**
     * The audit detail of a reversed versioned migration: the batch that applied it, so that a later
     * {@code lastBatch()} knows the run whose repeatables are left had applied versions too.
     */
    public static String appliedInBatch(int batch) {
        return "applied in batch " + batch;
    }

    /**
     * What the audit detail of a down run by {@code on-failure=rollback-run} adds, after {@link #appliedInBatch}: that
     * nobody asked for it.
     */
    public static String automaticUndo(String failedScript) {
        return "automatic undo of the run (on-failure=rollback-run) after " + failedScript + " failed";
    }

    /** Whether an audit detail starts with {@link #appliedInBatch}{@code (batch)}, alone or followed by more ({@code "; ..."}). */
    private static boolean saysAppliedInBatch(String details, int batch) {
        String detail = appliedInBatch(batch);
        return details.equals(detail) || details.startsWith(detail + "; ");
    }

    /**
     * Whether the audit trail shows a versioned migration of {@code batch} rolled back after {@code rows}
     * (that batch's rows) were applied. Each row is matched to its audit entry by script and start time, which
     * both are written with; batch numbers are used again once a whole batch is rolled back, audit ids never.
     */
    private static boolean versionsRolledBackSince(List<HistoryRow> rows, int batch, List<AuditEntry> audit) {
        long appliedAt = -1;
        for (AuditEntry e : audit) {
            if ("SUCCESS".equals(e.outcome()) && ("APPLY".equals(e.operation()) || "MARK_APPLIED".equals(e.operation()))
                    && rows.stream().anyMatch(r -> r.script().equals(e.script()) && Objects.equals(r.installedOn(), e.startedOn()))) {
                appliedAt = Math.max(appliedAt, e.id());
            }
        }
        long after = appliedAt;
        // A rollback audited by a release that did not write the batch (no details) counts too: the batch is
        // unknown, and refusing would stop a rollback that release would have made.
        return after >= 0 && audit.stream().anyMatch(e -> e.id() > after && "ROLLBACK".equals(e.operation()) && e.version() != null
                && "SUCCESS".equals(e.outcome()) && (e.details() == null || saysAppliedInBatch(e.details(), batch)));
    }

    /**
     * The history rows of the applied repeatable migrations that depend on a version of {@code chosen}, by the rank of
     * the first row in {@code chosen} (the order they are reverted in) whose version one of them depends on. The
     * versioned dependents of a reverted version are in {@code chosen} already, so a direct dependency covers the
     * ones through other migrations too. A repeatable that does not run in this environment is left as it is: migrate
     * would not apply it again here.
     */
    private static Map<Integer, List<HistoryRow>> dependentRepeatables(Snapshot snapshot, List<HistoryRow> chosen) {
        Map<Integer, List<HistoryRow>> byReversal = new HashMap<>();
        Set<String> taken = new HashSet<>();
        for (HistoryRow reverted : chosen) {
            for (ResolvedMigration r : snapshot.graph().repeatablesDependingOn(reverted.parsedVersion())) {
                if (!r.runsIn(snapshot.environment()) || !taken.add(r.description())) {
                    continue;
                }
                List<HistoryRow> rows = snapshot.rows().stream().filter(h -> h.version() == null && h.description().equals(r.description()))
                        .toList();
                if (!rows.isEmpty()) {
                    byReversal.computeIfAbsent(reverted.rank(), k -> new ArrayList<>()).addAll(rows);
                }
            }
        }
        return byReversal;
    }

    /**
     * The reversal of one applied migration that also takes out of the history the applied repeatables
     * that depend on its version, as {@link #rollback} does: for an undo of a failed run.
     */
    public static Reversal reversalWithRepeatables(Snapshot snapshot, HistoryRow row, ResolvedMigration migration) {
        return new Reversal(row, migration, dependentRepeatables(snapshot, List.of(row)).getOrDefault(row.rank(), List.of()));
    }

    /** What a rollback of {@code reversals} does beside the downs, for its plan and its result. */
    public static List<String> rollbackNotes(Snapshot snapshot, List<Reversal> reversals) {
        List<String> notes = new ArrayList<>();
        reversals.forEach(r -> notes.addAll(r.notes()));
        Set<Integer> reverted = new HashSet<>();
        reversals.forEach(r -> reverted.add(r.row().rank()));
        MigrationVersion staying = snapshot.rows().stream()
                .filter(r -> r.version() != null && r.state() == MigrationState.SUCCESS && !reverted.contains(r.rank()))
                .map(HistoryRow::parsedVersion).max(MigrationVersion::compareTo).orElse(null);
        List<String> below = reversals.stream().map(r -> r.row().parsedVersion()).filter(v -> staying != null && staying.isNewerThan(v))
                .sorted().map(MigrationVersion::toString).toList();
        if (!below.isEmpty()) {
            notes.add((below.size() == 1 ? "Version " + below.get(0) + " was" : "Versions " + String.join(", ", below) + " were")
                    + " rolled back while version " + staying + " stays applied: migrate applies " + (below.size() == 1 ? "it" : "them")
                    + " again only out of order, with outOfOrder (--out-of-order on the command line, migrate.out-of-order=true,"
                    + " MigratorConfig outOfOrder(true))");
        }
        return notes;
    }

    /** Why a migration has no down, as messages say it. */
    public static String irreversibleReason(ResolvedMigration m) {
        if (m.declaredIrreversible()) {
            return "marked -- migrate:irreversible";
        }
        if (m.up() instanceof dev.migrate.discovery.MigrationBody.Java java
                && java.migration() instanceof dev.migrate.schema.DslMigration dsl && dsl.irreversibleReason() != null) {
            return dsl.irreversibleReason();
        }
        return "it has no down";
    }

    private static void addDependents(Snapshot snapshot, List<HistoryRow> candidates, List<HistoryRow> chosen) {
        Set<Integer> ranks = new HashSet<>();
        chosen.forEach(r -> ranks.add(r.rank()));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (HistoryRow row : candidates) {
                if (ranks.contains(row.rank())) {
                    continue;
                }
                ResolvedMigration m = snapshot.graph().get(row.parsedVersion());
                if (m != null && m.dependsOn().stream().anyMatch(d -> chosen.stream().anyMatch(c -> c.parsedVersion().equals(d)))) {
                    chosen.add(row);
                    ranks.add(row.rank());
                    grew = true;
                }
            }
        }
        chosen.sort(Comparator.comparingInt(HistoryRow::rank).reversed());
    }

    private static List<String> appliedDependents(Snapshot snapshot, HistoryRow row, Set<Integer> excluded) {
        List<String> blockers = new ArrayList<>();
        for (MigrationVersion v : snapshot.graph().dependentsOf(row.parsedVersion())) {
            HistoryRow applied = snapshot.applied(v);
            if (applied != null && !excluded.contains(applied.rank())) {
                blockers.add(applied.script() + " (version " + v + ")");
            }
        }
        return blockers;
    }

    private static String describeVersions(Snapshot snapshot) {
        Set<String> versions = new LinkedHashSet<>();
        snapshot.resolved().stream().filter(m -> !m.isRepeatable()).forEach(m -> versions.add(m.version().toString()));
        return versions.isEmpty() ? "(none found)" : abbreviate(new ArrayList<>(versions));
    }

    private static String describeApplied(Snapshot snapshot) {
        List<String> versions = new ArrayList<>();
        snapshot.rows().stream().filter(r -> r.version() != null).forEach(r -> versions.add(r.version()));
        return versions.isEmpty() ? "(none applied)" : abbreviate(versions);
    }

    private static String abbreviate(List<String> versions) {
        if (versions.size() <= 10) {
            return String.join(", ", versions);
        }
        return String.join(", ", versions.subList(0, 5)) + ", ..., " + String.join(", ", versions.subList(versions.size() - 3, versions.size()));
    }
}
