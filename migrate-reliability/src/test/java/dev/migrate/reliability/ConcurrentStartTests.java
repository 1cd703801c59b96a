package dev.migrate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue item 1: {@code processes} JVMs started at the same moment against one database with
 * {@code migrations} pending, round after round on fresh databases. Every migration must be applied
 * exactly once, every process must exit successfully (the lock holder applied everything, the others
 * waited and found nothing to do), and no lock may be left behind. Once with the CLI jar, once with
 * the sample app, on PostgreSQL and on MariaDB.
 */
class ConcurrentStartTests {

    private static final Pattern APPLIED = Pattern.compile("(\\d+) migrations? applied");
    /** The starter's line after a start that applied something. */
    private static final Pattern APP_APPLIED = Pattern.compile("Applied (\\d+) migration\\(s\\) in batch");
    private static final Duration PROCESS_TIMEOUT = Duration.ofMinutes(10);
    /** The sample app's own migrations end at a low version; the generated ones start above them. */
    private static final int APP_FIRST_VERSION = 1000;

    @ParameterizedTest
    @EnumSource(value = Db.Kind.class, names = {"POSTGRES", "MARIADB"})
    void cliProcessesStartedAtOnceApplyEveryMigrationExactlyOnce(Db.Kind kind) throws Exception {
        int rounds = Settings.rounds();
        int processes = Settings.processes();
        int migrations = Settings.migrations();
        Path scripts = Scripts.exactlyOnce(1, migrations);
        List<Long> walls = new ArrayList<>();
        List<Long> followUps = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            try (Db db = Db.create(kind)) {
                long start = System.nanoTime();
                List<Proc> started = new ArrayList<>();
                for (int i = 1; i <= processes; i++) {
                    started.add(Cli.start("migrate-" + round + "-" + i, Cli.args(db, scripts, "migrate", "--lock-timeout", "10m")));
                }
                int applied = 0;
                int appliers = 0;
                for (Proc p : started) {
                    int exit = p.await(PROCESS_TIMEOUT);
                    String output = p.output();
                    assertThat(exit).as("%s round %d, %s exit code:\n%s", kind, round, p, output).isZero();
                    Matcher m = APPLIED.matcher(output);
                    if (m.find()) {
                        applied += Integer.parseInt(m.group(1));
                        appliers++;
                    } else {
                        assertThat(output).as("%s: neither applied anything nor found nothing to do", p).contains("nothing to migrate");
                    }
                }
                long wallMs = (System.nanoTime() - start) / 1_000_000;
                walls.add(wallMs);
                assertThat(applied).as("migrations applied by the %d processes together", processes).isEqualTo(migrations);
                assertThat(appliers).as("processes that applied something").isGreaterThanOrEqualTo(1);
                assertEveryMigrationAppliedOnce(db, 1, migrations);
                assertThat(db.count("SELECT COUNT(*) FROM migrate_history")).as("history rows").isEqualTo(migrations);
                assertServerHoldsNoLock(db);
                followUps.add(assertCliGetsTheLockAtOnce(db, scripts, migrations + 1));
            }
        }
        Settings.figure(String.format("concurrent CLI starts on %s: %d rounds x %d processes x %d migrations: every migration"
                + " applied once, every process exit 0, the others found nothing to do; wall time per round %s ms (median %d ms,"
                + " max %d ms); a follow-up migrate --lock-timeout 1s got the lock and applied one more migration in %s ms", kind,
                rounds, processes, migrations, walls, median(walls), max(walls), followUps));
    }

    @ParameterizedTest
    @EnumSource(value = Db.Kind.class, names = {"POSTGRES", "MARIADB"})
    void sampleAppsStartedAtOnceApplyEveryMigrationExactlyOnce(Db.Kind kind) throws Exception {
        int rounds = Settings.appRounds();
        int processes = Settings.appProcesses();
        int migrations = Settings.migrations();
        Path scripts = Scripts.exactlyOnce(APP_FIRST_VERSION, migrations);
        List<String> args = List.of("--spring.main.web-application-type=none",
                "--migrate.locations=classpath:db/migration,filesystem:" + scripts.toAbsolutePath());
        List<Long> walls = new ArrayList<>();
        List<Long> followUps = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            try (Db db = Db.create(kind)) {
                long start = System.nanoTime();
                List<Proc> started = new ArrayList<>();
                for (int i = 1; i <= processes; i++) {
                    started.add(App.start("app-" + round + "-" + i, kind, db.url(), Map.of(), args));
                }
                long applied = 0;
                int appliers = 0;
                for (Proc p : started) {
                    int exit = p.await(PROCESS_TIMEOUT);
                    String output = p.output();
                    assertThat(exit).as("%s round %d, %s exit code:\n%s", kind, round, p, output).isZero();
                    assertThat(output).as("%s started", p).contains("Started SampleApplication");
                    Matcher m = APP_APPLIED.matcher(output);
                    if (m.find()) {
                        applied += Integer.parseInt(m.group(1));
                        appliers++;
                    } else {
                        assertThat(output).as("%s: neither applied anything nor found nothing to do", p).contains("nothing to migrate");
                    }
                }
                long wallMs = (System.nanoTime() - start) / 1_000_000;
                walls.add(wallMs);
                long historyRows = db.count("SELECT COUNT(*) FROM migrate_history");
                assertThat(historyRows).as("history rows: the app's own and the generated ones").isGreaterThan(migrations);
                assertThat(applied).as("migrations the %d applications reported applied, together", processes).isEqualTo(historyRows);
                assertThat(appliers).as("applications that applied something").isGreaterThanOrEqualTo(1);
                assertEveryMigrationAppliedOnce(db, APP_FIRST_VERSION, migrations);
                assertServerHoldsNoLock(db);

                // One more start, with one more migration and a lock timeout of a second: it needs the lock.
                Path extra = Scripts.folder("one-more-");
                int version = APP_FIRST_VERSION + migrations;
                Scripts.write(extra, "V" + version + "__one_more.sql", "INSERT INTO applied_log (version) VALUES (" + version + ");\n");
                List<String> followUpArgs = new ArrayList<>(List.of("--spring.main.web-application-type=none", "--migrate.lock-timeout=1s",
                        "--migrate.locations=classpath:db/migration,filesystem:" + scripts.toAbsolutePath() + ",filesystem:"
                                + extra.toAbsolutePath()));
                long followUpStart = System.nanoTime();
                Proc followUp = App.start("app-" + round + "-follow-up", kind, db.url(), Map.of(), followUpArgs);
                int exit = followUp.await(PROCESS_TIMEOUT);
                followUps.add((System.nanoTime() - followUpStart) / 1_000_000);
                assertThat(exit).as("%s round %d, the follow-up start with migrate.lock-timeout=1s:\n%s", kind, round, followUp.output())
                        .isZero();
                assertThat(followUp.output()).as("the follow-up start took the lock and applied the one new migration")
                        .contains("Applied 1 migration(s)");
                assertThat(db.count("SELECT COUNT(*) FROM applied_log WHERE version = " + version)).isEqualTo(1);
                assertThat(db.count("SELECT COUNT(*) FROM migrate_history")).isEqualTo(historyRows + 1);
            }
        }
        Settings.figure(String.format("concurrent sample-app starts on %s: %d rounds x %d processes x %d migrations (+ the app's own):"
                + " every migration applied once, every process exit 0, the others found nothing to do; wall time per round %s ms"
                + " (median %d ms, max %d ms); a follow-up start with migrate.lock-timeout=1s got the lock and applied one more"
                + " migration in %s ms", kind, rounds, processes, migrations, walls, median(walls), max(walls), followUps));
    }

    /**
     * The follow-up checks above can fail: while another process holds the lock, the server shows it,
     * and a run with a one-second lock timeout stops with exit code 4 naming the setting; once the holder
     * is done, the same run gets the lock.
     */
    @ParameterizedTest
    @EnumSource(value = Db.Kind.class, names = {"POSTGRES", "MARIADB"})
    void followUpRunFailsWhileAnotherProcessHoldsTheLock(Db.Kind kind) throws Exception {
        // The holder's migration reads a table that this test keeps locked: it holds the migration lock for as
        // long as the test needs, however slowly the follow-up's JVM starts, and ends by itself as soon as the
        // test lets the table go (a fixed sleep had to allow for the slowest start every time). The table lives
        // outside the schema Migrate migrates, which must be empty: in a schema of its own on PostgreSQL, in a
        // database of its own on MariaDB (where the two are the same thing).
        try (Db db = Db.create(kind); Db other = kind == Db.Kind.MARIADB ? Db.create(kind) : null) {
            String gate = other == null ? "gate_keeping.gate" : other.name() + ".gate";
            if (other == null) {
                db.execute("CREATE SCHEMA gate_keeping");
            }
            db.execute("CREATE TABLE " + gate + " (id INT)");
            Path scripts = Scripts.folder("holds-the-lock-");
            Scripts.write(scripts, "V1__waits_for_the_gate.sql", "SELECT COUNT(*) FROM " + gate + ";\n");
            Proc holder;
            try (Connection keeper = db.connect(); Statement lock = keeper.createStatement()) {
                if (kind == Db.Kind.POSTGRES) {
                    keeper.setAutoCommit(false);
                    lock.execute("LOCK TABLE " + gate + " IN ACCESS EXCLUSIVE MODE");
                } else {
                    lock.execute("LOCK TABLES " + gate + " WRITE");
                }
                holder = Cli.start("lock-holder", Cli.args(db, scripts, "migrate"));
                assertThat(holder.awaitLine(l -> l.contains("apply  V1__waits_for_the_gate.sql"), Cli.TIMEOUT)).as(holder.output())
                        .isNotNull();
                assertThat(serverLocks(db)).as("the server shows the holder's lock").isEqualTo(1);
                Cli.Result refused = followUp(db, scripts, 2);
                assertThat(holder.isAlive()).as("the holder was still migrating during the follow-up run").isTrue();
                assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
                assertThat(refused.err()).contains("Could not acquire the migration lock").contains("lock-timeout");
            } // closing the connection lets the table go
            assertThat(holder.await(Cli.TIMEOUT)).as(holder.output()).isZero();
            assertServerHoldsNoLock(db);
            Cli.Result again = followUp(db, scripts, 2);
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.out()).contains("1 migration applied");
        }
    }

    /**
     * {@code applied_log} has one row per generated migration but the first, the history has one
     * SUCCESS row per migration and nothing dirty, and no script appears twice.
     */
    private static void assertEveryMigrationAppliedOnce(Db db, int first, int migrations) {
        assertThat(db.count("SELECT COUNT(*) FROM applied_log")).as("rows in applied_log").isEqualTo(migrations - 1);
        assertThat(db.count("SELECT COUNT(DISTINCT version) FROM applied_log")).as("distinct versions in applied_log")
                .isEqualTo(migrations - 1);
        assertThat(db.count("SELECT MIN(version) FROM applied_log")).isEqualTo(first + 1);
        assertThat(db.count("SELECT MAX(version) FROM applied_log")).isEqualTo(first + migrations - 1);
        assertThat(db.count("SELECT COUNT(*) FROM migrate_history WHERE script = 'V" + first + "__applied_log.sql'"
                + " OR script LIKE 'V%table%'")).as("history rows of the generated migrations").isEqualTo(migrations);
        assertThat(db.count("SELECT COUNT(*) FROM migrate_history WHERE state <> 'SUCCESS'")).as("dirty history rows").isZero();
        assertThat(db.rows("SELECT script, COUNT(*) FROM migrate_history GROUP BY script HAVING COUNT(*) > 1"))
                .as("scripts applied more than once").isEmpty();
    }

    /**
     * The server holds no lock of Migrate's in this database. Weak on its own (the processes have exited,
     * and the server frees a session's locks when it ends); the follow-up runs are the real check.
     */
    private static void assertServerHoldsNoLock(Db db) {
        assertThat(serverLocks(db)).as("locks the server holds for %s", db).isZero();
    }

    /** Advisory locks in this PostgreSQL database, or 1 when MariaDB's named lock is taken. */
    private static long serverLocks(Db db) {
        if (db.kind() == Db.Kind.POSTGRES) {
            return db.count("SELECT COUNT(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                    + " WHERE l.locktype = 'advisory' AND l.granted AND d.datname = '" + db.name() + "'");
        }
        return 1 - db.count("SELECT IS_FREE_LOCK('migrate:" + db.name() + ".migrate_lock')");
    }

    /**
     * A run that must take the lock, because one more migration is pending (a run with nothing to do
     * answers from the history without the lock), and may wait only one second for it: it applies that
     * migration and exits 0 only if nobody holds the lock. Returns its duration in ms.
     */
    private static long assertCliGetsTheLockAtOnce(Db db, Path scripts, int version) throws InterruptedException {
        Cli.Result again = followUp(db, scripts, version);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).as(again.toString()).contains("1 migration applied");
        assertThat(db.count("SELECT COUNT(*) FROM applied_log WHERE version = " + version)).isEqualTo(1);
        return again.millis();
    }

    /** {@code migrate --lock-timeout 1s} with {@code scripts} plus one new migration, {@code version}. */
    private static Cli.Result followUp(Db db, Path scripts, int version) throws InterruptedException {
        Path extra = Scripts.folder("one-more-");
        Scripts.write(extra, "V" + version + "__one_more.sql", version == 2 ? "CREATE TABLE one_more (id INT);\n"
                : "INSERT INTO applied_log (version) VALUES (" + version + ");\n");
        List<String> args = new ArrayList<>(db.cliArgs());
        args.addAll(List.of("--locations", "filesystem:" + scripts.toAbsolutePath() + ",filesystem:" + extra.toAbsolutePath(),
                "migrate", "--lock-timeout", "1s"));
        return Cli.run(args);
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
