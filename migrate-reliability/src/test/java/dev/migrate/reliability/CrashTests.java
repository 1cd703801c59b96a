package dev.migrate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue item 2: {@code migrate.jar} running a long migration is killed with SIGKILL at random points,
 * {@code kills} times per database. After each kill:
 * <ul>
 *   <li>the next run gets the lock within a few seconds (PostgreSQL and MariaDB free a dead session's
 *       lock at once; on H2 and SQLite the lock row's lease, 10 s by default, has to run out);</li>
 *   <li>on PostgreSQL and SQLite the half-done migration left no trace (no table, no column, no history
 *       row) and the next run applies it;</li>
 *   <li>on MariaDB and H2, whose DDL commits at once (see docs/core.md), the next run refuses with a
 *       message naming the migration and the fixes, and {@code rollback} (its down) or a manual clean-up
 *       plus {@code repair} recovers, after which {@code migrate} applies it;</li>
 *   <li>every row of the data table written before the migration is still there, unchanged.</li>
 * </ul>
 * The kill point is random and inside the migration itself: a uniform moment between its progress
 * line ({@code [1/1] apply  V2__long_migration.sql ... }) and the moment its {@code done} would come,
 * as measured by a calibration run and again by every later run that applies it (the median of those).
 * The figures say where each kill landed: before the migration's first statement, during it, or after
 * its commit, and which of its statements was running ({@code --verbose} logs each one). The seed is
 * printed, and {@code -Dreliability.seed=N} replays a run.
 */
@Execution(ExecutionMode.CONCURRENT) // the databases side by side, where -Dreliability.parallel=true (the short profile)
class CrashTests {

    private static final int DATA_ROWS = 20_000;
    /** INSERT ... SELECT copies of the data table in the long migration: about 2-3 s on each database. */
    private static final Map<Db.Kind, Integer> COPIES = Map.of(Db.Kind.POSTGRES, 24, Db.Kind.MARIADB, 24, Db.Kind.H2, 6,
            Db.Kind.SQLITE, 96);
    private static final String LONG = "V2__long_migration.sql";

    @ParameterizedTest
    @EnumSource(Db.Kind.class)
    void killedMigrationNeverHalfAppliesNorLosesData(Db.Kind kind) throws Exception {
        assertThat(org.h2.mvstore.MVStore.class.desiredAssertionStatus())
                .as("H2 in this JVM runs without its internal assertions, as in applications (migrate-reliability/pom.xml)").isFalse();
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        Random random = new Random(seed ^ kind.ordinal());
        try (Db db = Db.create(kind)) {
            Path scripts = Scripts.folder("crash-" + kind.name().toLowerCase() + "-");
            Scripts.write(scripts, "V1__data_table.sql", "CREATE TABLE data_rows (id INT PRIMARY KEY, payload VARCHAR(100) NOT NULL);\n");
            ok(Cli.run(db, scripts, "migrate"));
            fillDataTable(db);
            String data = dataFingerprint(db);
            Scripts.write(scripts, LONG, longMigration(COPIES.get(kind)));
            Scripts.write(scripts, "U2__long_migration.sql", down(kind));

            // A whole run, to know how long the migration itself takes on this machine now: from its
            // progress line ("[2/2] apply  V2__long_migration.sql ... ") to that line's "done".
            Proc calibration = Cli.start("calibration", Cli.args(db, scripts, "migrate", "--verbose"));
            long migrationMs = migrationMs(calibration);
            assertThat(calibration.await(Cli.TIMEOUT)).as(calibration.output()).isZero();
            long wholeRunMs = (System.nanoTime() - calibration.startedNanos()) / 1_000_000;
            assertApplied(db, data);
            ok(Cli.run(db, scripts, "rollback"));
            assertRolledBack(db, data);

            // Every later run that applies V2 measures it again; the kill window is their median, so it
            // follows the machine's load.
            List<Long> measured = new ArrayList<>(List.of(migrationMs));
            Map<Phase, Integer> phases = new EnumMap<>(Phase.class);
            int dirty = 0;
            List<Long> lockMs = new ArrayList<>();
            List<Long> waitMs = new ArrayList<>();
            List<Integer> reached = new ArrayList<>();
            List<Integer> percents = new ArrayList<>();
            int statements = COPIES.get(kind) + 4;
            for (int kill = 1; kill <= Settings.kills(); kill++) {
                Proc victim = Cli.start("victim-" + kill, Cli.args(db, scripts, "migrate", "--verbose"));
                Proc.Line line = victim.awaitLine(l -> l.contains("apply  " + LONG), Cli.TIMEOUT);
                assertThat(line).as("the victim never started the migration:\n%s", victim.output()).isNotNull();
                long window = ConcurrentStartTests.median(measured);
                long at = random.nextLong(window);
                Thread.sleep(Math.max(0, at - (System.nanoTime() - line.nanos()) / 1_000_000));
                victim.kill();
                long killedAt = System.nanoTime();
                String said = victim.output();
                String context = kind + " kill " + kill + " (seed " + seed + ")";
                assertThat(dataFingerprint(db)).as("%s: rows of the data table", context).isEqualTo(data);
                List<String> state = db.tables().contains("migrate_history")
                        ? db.strings("SELECT state FROM migrate_history WHERE version = '2'") : List.of();
                Phase phase;
                if (state.equals(List.of("SUCCESS"))) {
                    phase = Phase.AFTER;
                    assertApplied(db, data);
                } else if (state.isEmpty()) {
                    phase = said.lines().anyMatch(CrashTests::logsAStatement) ? Phase.DURING : Phase.BEFORE;
                    assertNoTrace(db, context + " " + phase);
                } else {
                    phase = Phase.DURING;
                    assertThat(kind.transactionalDdl()).as("%s: history says %s on a database with transactional DDL", context, state)
                            .isFalse();
                    assertThat(state).as(context).containsExactly("RUNNING");
                }
                phases.merge(phase, 1, Integer::sum);
                percents.add((int) (100 * at / window));
                // The statement it was executing: --verbose logs each one before it runs.
                reached.add((int) said.lines().filter(CrashTests::logsAStatement).count());

                Proc next = Cli.start("next-" + kill, Cli.args(db, scripts, "migrate", "--lock-timeout", "60s"));
                Proc.Line holding = next.awaitLine(l -> l.contains("apply  " + LONG) || l.startsWith("Error:")
                        || l.contains("nothing to migrate"), Cli.TIMEOUT);
                // Measured only when the progress line was seen before its "done" (always, unless the JVM was very slow to read it).
                Proc.Line nextDone = holding != null && holding.text().contains("apply  " + LONG) && !holding.text().contains("done")
                        ? next.awaitLine(l -> l.contains("apply  " + LONG) && l.contains("done"), Cli.TIMEOUT) : null;
                int exit = next.await(Cli.TIMEOUT);
                assertThat(holding).as("%s: the next run never got the lock:\n%s", context, next.output()).isNotNull();
                if (nextDone != null) {
                    measured.add((nextDone.nanos() - holding.nanos()) / 1_000_000);
                }
                lockMs.add((holding.nanos() - killedAt) / 1_000_000);
                long waited = (holding.nanos() - next.startedNanos()) / 1_000_000;
                waitMs.add(waited);
                // A JVM start plus, on H2 and SQLite, at most the 10 s lease; generous for a loaded machine.
                assertThat(waited).as("%s: ms from the next run's start to holding the lock", context)
                        .isLessThan(kind == Db.Kind.H2 || kind == Db.Kind.SQLITE ? 25_000 : 15_000);
                if (exit != 0) {
                    dirty++;
                    assertThat(kind.transactionalDdl()).as("%s: a dirty state on a database with transactional DDL:\n%s", context,
                            next.output()).isFalse();
                    assertThat(exit).as(next.output()).isEqualTo(1);
                    assertThat(next.stderr()).as("%s: the dirty state is reported clearly", context)
                            .contains(LONG).contains("repair").contains("rollback");
                    assertThat(dataFingerprint(db)).as("%s: rows of the data table", context).isEqualTo(data);
                    boolean manual = dirty % 2 == 0; // the first, third, ... dirty state: rollback; the others: by hand
                    String recovery = manual ? "the manual clean-up and repair" : "rollback";
                    if (manual) {
                        // What an operator does by hand before 'repair': undo what the interrupted migration did.
                        db.execute(down(kind).lines().filter(l -> !l.isBlank() && !l.startsWith("--")).map(l -> l.replace(";", ""))
                                .toArray(String[]::new));
                        ok(Cli.run(db, scripts, "repair"));
                    } else {
                        ok(Cli.run(db, scripts, "rollback"));
                    }
                    // Both recoveries clear the interrupted migration's history row.
                    assertThat(db.strings("SELECT version FROM migrate_history")).as("%s: history after %s", context, recovery)
                            .containsExactly("1");
                    boolean left = db.tables().contains("big");
                    assertThat(left).as("%s: after %s (the victim killed at statement %d of %d) the interrupted migration's"
                            + " table was still there", context, recovery, reached.get(reached.size() - 1), statements).isFalse();
                    ok(Cli.run(db, scripts, "migrate"));
                }
                assertApplied(db, data);
                ok(Cli.run(db, scripts, "rollback"));
                assertRolledBack(db, data);
            }
            Settings.figure(String.format("SIGKILL on %s: %d kills at random points of the migration (%s%% of the way through its"
                    + " measured %s ms; statement reached, of %d: %s): %d before its first statement, %d during it, %d after it"
                    + " committed; %d left a dirty state that rollback/repair recovered; migration alone %d ms at calibration, whole"
                    + " run %d ms; next run, from its JVM start to holding the lock: median %d ms, max %d ms (from the kill, with the"
                    + " test's own look at the database: median %d ms, max %d ms); data rows intact every time (seed %d)",
                    kind, Settings.kills(), percents, measured, statements, reached, phases.getOrDefault(Phase.BEFORE, 0),
                    phases.getOrDefault(Phase.DURING, 0), phases.getOrDefault(Phase.AFTER, 0), dirty, migrationMs, wholeRunMs,
                    ConcurrentStartTests.median(waitMs), ConcurrentStartTests.max(waitMs), ConcurrentStartTests.median(lockMs),
                    ConcurrentStartTests.max(lockMs), seed));
            if (kind.transactionalDdl()) {
                assertThat(dirty).isZero();
            }
        }
    }

    /**
     * A process already waiting for the lock when the holder is killed: on an H2 file opened with
     * {@code AUTO_SERVER=TRUE} the waiter even talks to the database through the holder, which served
     * the file. It must take the lock over once the lease has run out and report the interrupted
     * migration, without waiting for its own lock timeout.
     */
    @Test
    void waiterOfAKilledH2HolderTakesTheLockOverAndReportsTheInterruptedMigration() throws Exception {
        try (Db db = Db.create(Db.Kind.H2)) {
            Path scripts = Scripts.folder("h2-host-");
            Scripts.write(scripts, "V1__sleeps.sql", "CREATE ALIAS SLEEP_MS FOR 'java.lang.Thread.sleep(long)';\nCALL SLEEP_MS(120000);\n");
            Proc holder = Cli.start("h2-holder", Cli.args(db, scripts, "migrate"));
            assertThat(holder.awaitLine(l -> l.contains("apply  V1__sleeps.sql"), Cli.TIMEOUT)).as(holder.output()).isNotNull();
            Proc waiter = Cli.start("h2-waiter", Cli.args(db, scripts, "migrate", "--lock-timeout", "60s"));
            Thread.sleep(5_000); // started, connected through the holder's server, polling the lock row
            assertThat(waiter.isAlive()).as(waiter.output()).isTrue();
            holder.kill();
            long killedAt = System.nanoTime();
            int exit = waiter.await(Duration.ofMinutes(2));
            long tookMs = (System.nanoTime() - killedAt) / 1_000_000;
            Settings.figure("H2 (AUTO_SERVER) waiter of a killed holder: exit " + exit + ", dirty state reported " + tookMs
                    + " ms after the kill (lease 10 s)");
            assertThat(exit).as(waiter.output()).isEqualTo(1);
            assertThat(waiter.stderr()).contains("V1__sleeps.sql (version 1) was left RUNNING").contains("this run took the lock over from pid")
                    .contains("Make sure that process is gone first").contains("repair");
            assertThat(tookMs).as("time from the kill to the waiter's verdict").isLessThan(25_000);
        }
    }

    /** Whether {@code line} is the debug line that --verbose prints before each statement of V2 runs. */
    private static boolean logsAStatement(String line) {
        return line.contains("DEBUG") && line.contains(LONG + " line ");
    }

    /** Ms from the migration's progress line to its "done", as {@code run} prints them. */
    private static long migrationMs(Proc run) throws InterruptedException {
        Proc.Line started = run.awaitLine(l -> l.contains("apply  " + LONG), Cli.TIMEOUT);
        assertThat(started).as("the migration never started:\n%s", run.output()).isNotNull();
        Proc.Line done = run.awaitLine(l -> l.contains("apply  " + LONG) && l.contains("done"), Cli.TIMEOUT);
        assertThat(done).as("the migration never finished:\n%s", run.output()).isNotNull();
        return Math.max(1, (done.nanos() - started.nanos()) / 1_000_000);
    }

    /** Where the victim was when it died, judged from what it printed. */
    enum Phase {
        BEFORE, DURING, AFTER
    }

    private static void ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    private static void fillDataTable(Db db) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO data_rows (id, payload) VALUES (?, ?)")) {
            c.setAutoCommit(false);
            for (int id = 1; id <= DATA_ROWS; id++) {
                ps.setInt(1, id);
                ps.setString(2, "row " + id + " written before the migration");
                ps.addBatch();
                if (id % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            c.commit();
        }
    }

    /** Count, sum of keys and total payload length: any lost, duplicated or altered row changes it. */
    private static String dataFingerprint(Db db) {
        return db.rows("SELECT COUNT(*), SUM(id), SUM(LENGTH(payload)), MIN(payload), MAX(payload) FROM data_rows").get(0).toString();
    }

    /**
     * Creates and fills {@code big} from the data table in many statements, adds a column to the data
     * table half-way and fills it, and ends with an index: a migration that takes a few seconds and
     * changes the data table's structure, so a kill can land anywhere in it.
     */
    private static String longMigration(int copies) {
        StringBuilder sql = new StringBuilder("-- A long migration for the SIGKILL tests.\n");
        sql.append("CREATE TABLE big (id INT PRIMARY KEY, payload VARCHAR(100) NOT NULL);\n");
        for (int copy = 0; copy < copies; copy++) {
            if (copy == copies / 2) {
                sql.append("ALTER TABLE data_rows ADD COLUMN note VARCHAR(20);\n");
                sql.append("UPDATE data_rows SET note = 'even' WHERE id % 2 = 0;\n");
            }
            sql.append("INSERT INTO big (id, payload) SELECT id + ").append(copy * DATA_ROWS).append(", payload FROM data_rows;\n");
        }
        sql.append("CREATE INDEX big_payload ON big (payload);\n");
        return sql.toString();
    }

    private static String down(Db.Kind kind) {
        return "DROP TABLE IF EXISTS big;\n" + switch (kind) {
            case SQLITE -> "ALTER TABLE data_rows DROP COLUMN note;\n";
            // MariaDB drops a column instantly but keeps it in the table's metadata until the table is
            // rebuilt, and after about thirty ADD/DROP cycles refuses the next ADD ("Row size too large");
            // twenty kills, each with its rollback, get there. The copy rebuilds the table.
            case MARIADB -> "ALTER TABLE data_rows DROP COLUMN IF EXISTS note, ALGORITHM=COPY;\n";
            default -> "ALTER TABLE data_rows DROP COLUMN IF EXISTS note;\n";
        };
    }

    private static void assertApplied(Db db, String data) {
        assertThat(dataFingerprint(db)).as("rows of the data table").isEqualTo(data);
        assertThat(db.count("SELECT COUNT(*) FROM big")).isEqualTo((long) DATA_ROWS * COPIES.get(db.kind()));
        assertThat(db.count("SELECT COUNT(*) FROM data_rows WHERE note = 'even'")).isEqualTo(DATA_ROWS / 2);
        assertThat(db.strings("SELECT state FROM migrate_history WHERE version = '2'")).containsExactly("SUCCESS");
        assertThat(db.count("SELECT COUNT(*) FROM migrate_history WHERE state <> 'SUCCESS'")).isZero();
    }

    private static void assertRolledBack(Db db, String data) {
        assertThat(dataFingerprint(db)).as("rows of the data table").isEqualTo(data);
        assertThat(db.tables()).doesNotContain("big");
        assertThat(columns(db)).doesNotContain("note");
        assertThat(db.strings("SELECT version FROM migrate_history")).containsExactly("1");
    }

    /** Nothing of the killed migration: no table, no column, no history row. */
    private static void assertNoTrace(Db db, String context) {
        assertThat(db.tables()).as("%s: tables", context).doesNotContain("big");
        assertThat(columns(db)).as("%s: columns of data_rows", context).doesNotContain("note");
        assertThat(db.strings("SELECT version FROM migrate_history")).as("%s: history", context).containsExactly("1");
    }

    private static List<String> columns(Db db) {
        try (Connection c = db.connect(); var st = c.createStatement(); var rs = st.executeQuery("SELECT * FROM data_rows WHERE 1 = 0")) {
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                names.add(rs.getMetaData().getColumnName(i).toLowerCase(java.util.Locale.ROOT));
            }
            return names;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
