package dev.migrate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.AppliedMigration;
import dev.migrate.MigrateException;
import dev.migrate.MigrationFailedException;
import dev.migrate.MigrationVersion;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.Plan;
import dev.migrate.PlanStep;
import dev.migrate.RollbackRequest;
import dev.migrate.RollbackResult;
import dev.migrate.StepResult;
import dev.migrate.contract.MigrationFiles;
import dev.migrate.sql.Choices;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random migration sets on H2 (versions with gaps, {@code -- migrate:depends-on} edges, irreversible migrations,
 * migrations of another environment, repeatables depending on a version, files added later below the current
 * version) and random sequences of {@code migrate} (every kind of target, out of order on and off, failing runs kept
 * or undone by {@code on-failure=rollback-run}) and
 * {@code rollback} (every form), each preceded by its plan. After each step the test checks that the plan names
 * exactly the steps the operation then performs, in its order, or is refused when the operation is; that both match
 * a small model of the rules written here from docs/core.md, not from the planner (a migration runs only after what
 * it depends on, a rollback takes the applied dependents with it or refuses, {@code lastBatch()} undoes the last
 * run, a refused operation changes nothing); and that the history, its batches and the tables in the database agree
 * with the model.
 *
 * <p>A failing case is shrunk by {@link Choices} and reported with its operations. Each run uses a fixed seed,
 * printed at the start; {@code -Dmigrate.planner.seed=N} replays another, {@code -Dmigrate.planner.tries=N} sets the
 * number of cases.
 */
class PlannerPropertyTests {

    private static final long SEED = Long.getLong("migrate.planner.seed", 20261207L);
    private static final int TRIES = Integer.getInteger("migrate.planner.tries", 60);

    @BeforeAll
    static void printSeed() {
        System.out.println("PlannerPropertyTests: seed " + SEED + " (-Dmigrate.planner.seed=" + SEED + " to replay), " + TRIES + " cases");
    }

    /** A versioned migration of the set: it creates table t{version}, and its U file drops it unless irreversible. */
    record Mig(int version, List<Integer> deps, boolean irreversible, boolean otherEnvironment, boolean late) {
        String script() {
            return "V" + version + "__create_t" + version + ".sql";
        }
    }

    /** A repeatable migration, r{index}, creating a view, depending on a version or not. */
    record Rep(int index, List<Integer> deps, boolean otherEnvironment) {
        String script() {
            return "R__r" + index + ".sql";
        }
    }

    /** One migrate run of the model, with whether a versioned migration it applied was rolled back since. */
    static final class Run {
        final int batch;
        boolean versionsRolledBack;

        Run(int batch) {
            this.batch = batch;
        }
    }

    /** A history row of the model: a version, or a repeatable's script. */
    record Row(Integer version, String repeatable, int generation, Run run, boolean failed) {

        Row(Integer version, String repeatable, int generation, Run run) {
            this(version, repeatable, generation, run, false);
        }
    }

    /** What an operation does in the model: the steps (versions, or scripts of repeatables), or a refusal. */
    record Outcome(List<String> steps, boolean refused) {
        static Outcome refusal() {
            return new Outcome(List.of(), true);
        }

        @Override
        public String toString() {
            return refused ? "refused" : steps.toString();
        }
    }

    @Test
    void plansMatchWhatRunsAndFollowTheRules() {
        Choices.forAll("PlannerPropertyTests (-Dmigrate.planner.seed=" + SEED + ")", SEED, TRIES, PlannerPropertyTests::property);
    }

    private static void property(Choices choices) {
        Path dir;
        try {
            dir = Files.createTempDirectory("planner-property");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (TestDatabase db = TestDatabase.create(DatabaseKind.H2)) {
            new Case(choices, new MigrationFiles(dir), db).run();
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary folder left behind fails nothing
            }
        }
    }

    static final class Case {
        final Choices choices;
        final MigrationFiles files;
        final TestDatabase db;
        final List<Mig> migs = new ArrayList<>();
        final List<Rep> reps = new ArrayList<>();
        final Set<Integer> visible = new TreeSet<>();
        final List<Integer> generations = new ArrayList<>();
        /** The versions whose script fails now (after creating its table, which H2 commits at once). */
        final Set<Integer> broken = new TreeSet<>();
        /** The version the next migrate of the model fails at, if any. */
        Integer failsAt;
        /** How each file spells its version, kept when the file is written again. */
        final java.util.Map<Integer, String> fileVersions = new java.util.HashMap<>();
        Integer baseline;
        final List<Row> history = new ArrayList<>();
        final StringBuilder log = new StringBuilder();

        Case(Choices choices, MigrationFiles files, TestDatabase db) {
            this.choices = choices;
            this.files = files;
            this.db = db;
        }

        void run() {
            generate();
            int ops = 1 + choices.nextInt(14);
            for (int i = 0; i < ops; i++) {
                step();
            }
            if (Boolean.getBoolean("migrate.planner.print")) System.out.println(log);
        }

        void generate() {
            int count = 1 + choices.nextInt(6);
            int version = 0;
            for (int i = 0; i < count; i++) {
                version += 1 + choices.nextInt(3);
                boolean late = choices.nextInt(4) == 1;
                List<Integer> deps = new ArrayList<>();
                int depCount = choices.nextInt(3);
                for (int d = 0; d < depCount && i > 0; d++) {
                    Mig dep = migs.get(choices.nextInt(i));
                    if (!dep.late() && !deps.contains(dep.version())) {
                        deps.add(dep.version());
                    }
                }
                boolean irreversible = choices.nextInt(4) == 1;
                boolean other = choices.nextInt(8) == 1;
                Mig m = new Mig(version, deps, irreversible, other, late);
                if (i >= 2 && choices.nextInt(4) == 1) {
                    broken.add(version);
                }
                migs.add(m);
                if (!late) {
                    write(m);
                }
            }
            int repCount = choices.nextInt(3);
            for (int i = 0; i < repCount; i++) {
                List<Integer> deps = new ArrayList<>();
                int depCount = choices.nextInt(3);
                for (int d = 0; d < depCount; d++) {
                    Mig dep = migs.get(choices.nextInt(migs.size()));
                    if (!dep.late() && !deps.contains(dep.version())) {
                        deps.add(dep.version());
                    }
                }
                Rep r = new Rep(i, deps, choices.nextInt(6) == 1);
                reps.add(r);
                generations.add(0);
                write(r);
            }
            if (choices.nextInt(4) == 1) {
                baseline = choices.nextInt(version + 2);
                Migrator.create(db.dataSource(), MigratorConfig.builder().locations(files.location()).environment("dev").build())
                        .baseline(spell(baseline));
                history.add(new Row(baseline, null, 0, new Run(1)));
            }
            log.append("files: ").append(migs).append(" broken ").append(broken).append(' ').append(reps).append(baseline != null ? " baseline " + baseline : "").append('\n');
        }

        void write(Rep r) {
            StringBuilder sql = new StringBuilder();
            if (!r.deps().isEmpty()) {
                sql.append("-- migrate:depends-on ").append(r.deps().stream().map(this::spell).collect(Collectors.joining(", "))).append('\n');
            }
            if (r.otherEnvironment()) {
                sql.append("-- migrate:environments staging\n");
            }
            sql.append("CREATE OR REPLACE VIEW rv").append(r.index()).append(" AS SELECT ").append(generations.get(r.index())).append(" AS x;\n");
            files.write(r.script(), sql.toString());
        }

        /** A version as a user may write it: 7, 007, 7.0 or 7_0. */
        String spell(int version) {
            switch (choices.nextInt(4)) {
                case 1:
                    return "00" + version;
                case 2:
                    return version + ".0";
                case 3:
                    return version + "_0";
                default:
                    return String.valueOf(version);
            }
        }

        void write(Mig m) {
            StringBuilder sql = new StringBuilder();
            if (!m.deps().isEmpty()) {
                sql.append("-- migrate:depends-on ").append(m.deps().stream().map(this::spell).collect(Collectors.joining(", "))).append('\n');
            }
            if (m.irreversible()) {
                sql.append("-- migrate:irreversible\n");
            }
            if (m.otherEnvironment()) {
                sql.append("-- migrate:environments staging\n");
            }
            sql.append("CREATE TABLE t").append(m.version()).append(" (id INT);\n");
            if (broken.contains(m.version())) {
                sql.append("INSERT INTO no_such_table VALUES (1);\n");
            }
            String spelled = fileVersions.computeIfAbsent(m.version(), this::spell);
            files.write("V" + spelled + "__create_t" + m.version() + ".sql", sql.toString());
            if (!m.irreversible()) {
                files.write("U" + spelled + "__create_t" + m.version() + ".sql", "DROP TABLE t" + m.version() + ";\n");
            }
            visible.add(m.version());
        }

        Mig mig(int version) {
            return migs.stream().filter(m -> m.version() == version).findFirst().orElseThrow();
        }

        void step() {
            int roll = choices.nextInt(20);
            int kind = roll < 8 ? 0 : roll < 15 ? 1 : roll < 17 ? 2 : roll < 19 ? 3 : 4;
            if (kind == 4 && !broken.isEmpty()) {
                List<Integer> fixable = new ArrayList<>(broken);
                int v = fixable.get(choices.nextInt(fixable.size()));
                broken.remove(v);
                write(mig(v));
                log.append("fix V").append(v).append('\n');
                return;
            }
            if (kind == 3 && !reps.isEmpty()) {
                Rep r = reps.get(choices.nextInt(reps.size()));
                generations.set(r.index(), generations.get(r.index()) + 1);
                write(r);
                log.append("edit ").append(r.script()).append('\n');
                return;
            }
            if (kind == 2) {
                List<Mig> hidden = migs.stream().filter(m -> !visible.contains(m.version())).toList();
                if (!hidden.isEmpty()) {
                    Mig m = hidden.get(choices.nextInt(hidden.size()));
                    write(m);
                    log.append("add ").append(m.script()).append('\n');
                    return;
                }
            }
            boolean outOfOrder = choices.nextBoolean();
            boolean undoRun = choices.nextInt(4) != 0;
            Migrator migrator = Migrator.create(db.dataSource(), MigratorConfig.builder().locations(files.location())
                    .environment("dev").outOfOrder(outOfOrder).onFailure(undoRun ? MigratorConfig.OnFailure.ROLLBACK_RUN
                            : MigratorConfig.OnFailure.STOP).build());
            List<String> historyBefore = actualHistory(migrator);
            List<String> tablesBefore = userTables();
            if (kind == 0 || kind >= 2) {
                String target = target();
                log.append("migrate ").append(target == null ? "latest" : target).append(outOfOrder ? " outOfOrder" : "")
                        .append(undoRun ? " onFailure=rollback-run" : "").append('\n');
                Outcome expected = modelMigrate(target, outOfOrder, undoRun);
                Plan[] plan = new Plan[1];
                Outcome planned = outcome(() -> steps(plan[0] = migrator.planMigrate(target)));
                String fingerprint = plan[0] != null ? plan[0].fingerprint() : null;
                Integer failure = failsAt;
                failsAt = null;
                Outcome done;
                boolean failed = false;
                try {
                    done = new Outcome(migrator.migrate(target, fingerprint).applied().stream().map(PlannerPropertyTests::id).toList(), false);
                } catch (MigrationFailedException e) {
                    assertThat(failure).as("an unexpected failure %s\n%s", e.getMessage(), log).isNotNull();
                    assertThat(e.version()).as("the version that failed\n%s", log).isEqualTo(spelled(failure, e.version()));
                    done = expected;
                    failed = true;
                } catch (MigrateException e) {
                    done = Outcome.refusal();
                }
                assertThat(failed).as("whether migrate fails (at %s), having run %s\n%s", failure, done, log).isEqualTo(failure != null);
                check(expected, planned, done, migrator, historyBefore, tablesBefore);
            } else {
                RollbackRequest request = request();
                log.append("rollback ").append(request).append('\n');
                Outcome expected = modelRollback(request);
                Plan[] plan = new Plan[1];
                Outcome planned = outcome(() -> steps(plan[0] = migrator.planRollback(request)));
                Outcome done = outcome(() -> {
                    RollbackResult result = migrator.rollback(request, plan[0] != null ? plan[0].fingerprint() : null);
                    assertThat(result.notes()).as("the notes of the rollback against its plan's\n%s", log).isEqualTo(plan[0].notes());
                    return result.rolledBack().stream().map(PlannerPropertyTests::id).toList();
                });
                check(expected, planned, done, migrator, historyBefore, tablesBefore);
            }
        }

        String target() {
            int which = choices.nextInt(5);
            if (which == 0 || visible.isEmpty()) {
                return null;
            }
            if (which == 1) {
                return "next";
            }
            if (which == 2) {
                return "current";
            }
            List<Integer> versions = new ArrayList<>(visible);
            return spell(versions.get(choices.nextInt(versions.size())));
        }

        RollbackRequest request() {
            List<Integer> versions = new ArrayList<>(visible);
            switch (choices.nextInt(6)) {
                case 0:
                    return RollbackRequest.last();
                case 1:
                    return RollbackRequest.steps(1 + choices.nextInt(3));
                case 2:
                    return RollbackRequest.lastBatch();
                case 3:
                    return versions.isEmpty() ? RollbackRequest.base()
                            : RollbackRequest.toVersion(spell(versions.get(choices.nextInt(versions.size()))));
                case 4:
                    return versions.isEmpty() ? RollbackRequest.base()
                            : RollbackRequest.only(spell(versions.get(choices.nextInt(versions.size()))));
                default:
                    return RollbackRequest.base();
            }
        }

        void check(Outcome expected, Outcome planned, Outcome done, Migrator migrator, List<String> historyBefore,
                List<String> tablesBefore) {
            log.append("  model ").append(expected).append(", plan ").append(planned).append(", ran ").append(done).append('\n');
            assertThat(planned).as("the plan against what ran\n%s", log).isEqualTo(done);
            assertThat(done).as("what ran against the model\n%s", log).isEqualTo(expected);
            if (done.refused()) {
                assertThat(actualHistory(migrator)).as("a refused operation changes no history\n%s", log).isEqualTo(historyBefore);
                assertThat(userTables()).as("a refused operation changes no table\n%s", log).isEqualTo(tablesBefore);
            }
            assertThat(actualHistory(migrator)).as("the history against the model\n%s", log).isEqualTo(modelHistory());
            List<String> tables = db.tableNames().stream().filter(t -> t.matches("t\\d+")).sorted().toList();
            List<String> expectedTables = history.stream().filter(r -> r.version() != null && !isBaseline(r)).map(r -> "t" + r.version()).sorted().toList();
            assertThat(tables).as("the tables against the history\n%s", log).isEqualTo(expectedTables);
        }

        /** The tables of the migrations, not Migrate's own (a refusal may create those, and audits itself). */
        List<String> userTables() {
            return db.tableNames().stream().filter(t -> !t.startsWith("migrate_")).toList();
        }

        List<String> actualHistory(Migrator migrator) {
            return migrator.status().applied().stream()
                    .map(a -> (a.version() != null ? MigrationVersion.parse(a.version()).toString() : a.script()) + "@" + a.batch() + ":"
                            + a.state()).toList();
        }

        List<String> modelHistory() {
            return history.stream().map(r -> (r.version() != null ? String.valueOf(r.version()) : r.repeatable()) + "@" + r.run().batch
                    + (r.failed() ? ":FAILED" : ":SUCCESS")).toList();
        }

        // ------------------------------------------------------------------ the model

        boolean isBaseline(Row r) {
            return baseline != null && !history.isEmpty() && history.get(0) == r;
        }

        Integer current() {
            return history.stream().filter(r -> !r.failed()).map(Row::version).filter(v -> v != null).max(Integer::compare).orElse(null);
        }

        boolean applied(int version) {
            return history.stream().anyMatch(r -> r.version() != null && r.version() == version) || baseline != null && version <= baseline;
        }

        Outcome modelMigrate(String target, boolean outOfOrder, boolean undoRun) {
            if (history.stream().anyMatch(Row::failed)) {
                return Outcome.refusal();
            }
            Integer current = current();
            List<Mig> pending = migs.stream().filter(m -> visible.contains(m.version()) && !m.otherEnvironment() && !applied(m.version()))
                    .sorted(Comparator.comparingInt(Mig::version)).toList();
            Integer upTo;
            if (target == null) {
                upTo = null;
            } else if (target.equals("current")) {
                if (current == null) {
                    return new Outcome(List.of(), false);
                }
                upTo = current;
            } else if (target.equals("next")) {
                if (pending.isEmpty()) {
                    return new Outcome(List.of(), false);
                }
                upTo = pending.get(0).version();
            } else {
                upTo = Integer.valueOf(MigrationVersion.parse(target).toString());
            }
            List<Mig> plan = pending.stream().filter(m -> upTo == null || m.version() <= upTo).toList();
            if (!outOfOrder && current != null && plan.stream().anyMatch(m -> m.version() < current)) {
                return Outcome.refusal();
            }
            List<Rep> repeatables = upTo != null ? List.of() : reps.stream().filter(r -> !r.otherEnvironment() && history.stream()
                    .filter(h -> r.script().equals(h.repeatable())).reduce((a, b) -> b).map(h -> h.generation() != generations.get(r.index()))
                    .orElse(true)).toList();
            Set<Integer> scheduled = plan.stream().map(Mig::version).collect(Collectors.toSet());
            List<Integer> needed = new ArrayList<>();
            plan.forEach(m -> needed.addAll(m.deps()));
            repeatables.forEach(r -> needed.addAll(r.deps()));
            for (int d : needed) {
                if (!applied(d) && !scheduled.contains(d)) {
                    return Outcome.refusal();
                }
            }
            if (plan.isEmpty() && repeatables.isEmpty()) {
                return new Outcome(List.of(), false);
            }
            Run run = new Run(history.stream().mapToInt(r -> r.run().batch).max().orElse(0) + 1);
            List<String> steps = new ArrayList<>();
            plan.forEach(m -> steps.add(String.valueOf(m.version())));
            repeatables.forEach(r -> steps.add(r.script()));
            for (Mig m : plan) {
                if (broken.contains(m.version())) {
                    failsAt = m.version();
                    // undone newest first, down to the first that stays applied
                    for (int i = history.size() - 1; undoRun && i >= 0 && history.get(i).run() == run; i--) {
                        Row r = history.get(i);
                        if (mig(r.version()).irreversible()) {
                            break;
                        }
                        revert(r);
                    }
                    history.add(new Row(m.version(), null, 0, run, true));
                    return new Outcome(steps, false);
                }
                history.add(new Row(m.version(), null, 0, run));
            }
            repeatables.forEach(r -> history.add(new Row(null, r.script(), generations.get(r.index()), run)));
            return new Outcome(steps, false);
        }

        /** Takes a versioned row out of the history, with the repeatables depending on its version. */
        void revert(Row r) {
            history.remove(r);
            r.run().versionsRolledBack = true;
            for (Rep rep : reps) {
                if (!rep.otherEnvironment() && rep.deps().contains(r.version())) {
                    history.removeIf(h -> rep.script().equals(h.repeatable()));
                }
            }
        }

        Outcome modelRollback(RollbackRequest request) {
            List<Row> candidates = new ArrayList<>(history.stream().filter(r -> r.version() != null && !isBaseline(r)).toList());
            java.util.Collections.reverse(candidates);
            List<Row> chosen = new ArrayList<>();
            boolean single = false;
            if (request instanceof RollbackRequest.Last) {
                single = true;
                candidates.stream().findFirst().ifPresent(chosen::add);
            } else if (request instanceof RollbackRequest.Only only) {
                single = true;
                Row row = candidates.stream().filter(r -> MigrationVersion.parse(String.valueOf(r.version())).equals(only.version())).findFirst()
                        .orElse(null);
                if (row == null) {
                    return Outcome.refusal();
                }
                chosen.add(row);
            } else if (request instanceof RollbackRequest.Steps steps) {
                chosen.addAll(candidates.subList(0, Math.min(steps.count(), candidates.size())));
            } else if (request instanceof RollbackRequest.LastBatch) {
                List<Integer> batches = history.stream().filter(r -> !isBaseline(r)).map(r -> r.run().batch).distinct().sorted(Comparator.reverseOrder()).toList();
                for (int batch : batches) {
                    List<Row> versioned = candidates.stream().filter(r -> r.run().batch == batch).toList();
                    if (!versioned.isEmpty()) {
                        chosen.addAll(versioned);
                        break;
                    }
                    Run run = history.stream().filter(r -> r.run().batch == batch).findFirst().orElseThrow().run();
                    if (!run.versionsRolledBack) {
                        return Outcome.refusal();
                    }
                }
            } else if (request instanceof RollbackRequest.ToVersion to) {
                int target = Integer.parseInt(to.version().toString());
                if (!applied(target)) {
                    return Outcome.refusal();
                }
                candidates.stream().filter(r -> r.version() > target).forEach(chosen::add);
            } else {
                chosen.addAll(candidates);
            }
            // the applied migrations that depend on a chosen one, directly or not
            Set<Integer> taken = chosen.stream().map(Row::version).collect(Collectors.toCollection(LinkedHashSet::new));
            boolean grew = true;
            while (grew) {
                grew = false;
                for (Row r : candidates) {
                    if (!taken.contains(r.version()) && mig(r.version()).deps().stream().anyMatch(taken::contains)) {
                        if (single) {
                            return Outcome.refusal();
                        }
                        taken.add(r.version());
                        grew = true;
                    }
                }
            }
            List<Row> reverted = candidates.stream().filter(r -> taken.contains(r.version())).toList();
            if (reverted.stream().anyMatch(r -> mig(r.version()).irreversible())) {
                return Outcome.refusal();
            }
            reverted.forEach(this::revert);
            return new Outcome(reverted.stream().map(r -> String.valueOf(r.version())).toList(), false);
        }
    }

    /** {@code expected} as the history spells it, when it is the same version as {@code actual}. */
    static String spelled(int expected, String actual) {
        return MigrationVersion.parse(actual).equals(MigrationVersion.parse(String.valueOf(expected))) ? actual : String.valueOf(expected);
    }

    static String id(StepResult s) {
        return s.version() != null ? MigrationVersion.parse(s.version()).toString() : s.script();
    }

    static List<String> steps(Plan plan) {
        return plan.steps().stream().map((PlanStep s) -> s.version() != null ? MigrationVersion.parse(s.version()).toString() : s.script()).toList();
    }

    static Outcome outcome(java.util.function.Supplier<List<String>> operation) {
        try {
            return new Outcome(operation.get(), false);
        } catch (MigrateException e) {
            return Outcome.refusal();
        }
    }
}
