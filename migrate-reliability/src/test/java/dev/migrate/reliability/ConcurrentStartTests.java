package dev.migrate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
                assertNoLockLeft(db, scripts);
            }
        }
        Settings.figure(String.format("concurrent CLI starts on %s: %d rounds x %d processes x %d migrations: every migration"
                + " applied once, every process exit 0; wall time per round %s ms (median %d ms, max %d ms)", kind, rounds, processes,
                migrations, walls, median(walls), max(walls)));
    }

    @ParameterizedTest
    @EnumSource(value = Db.Kind.class, names = {"POSTGRES", "MARIADB"})
    void sampleAppsStartedAtOnceApplyEveryMigrationExactlyOnce(Db.Kind kind) throws Exception {
        int rounds = Settings.appRounds();
        int processes = Settings.processes();
        int migrations = Settings.migrations();
        Path scripts = Scripts.exactlyOnce(APP_FIRST_VERSION, migrations);
        List<String> args = List.of("--spring.main.web-application-type=none",
                "--migrate.locations=classpath:db/migration,filesystem:" + scripts.toAbsolutePath());
        List<Long> walls = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            try (Db db = Db.create(kind)) {
                long start = System.nanoTime();
                List<Proc> started = new ArrayList<>();
                for (int i = 1; i <= processes; i++) {
                    started.add(App.start("app-" + round + "-" + i, kind, db.url(), Map.of(), args));
                }
                for (Proc p : started) {
                    int exit = p.await(PROCESS_TIMEOUT);
                    assertThat(exit).as("%s round %d, %s exit code:\n%s", kind, round, p, p.output()).isZero();
                    assertThat(p.output()).as("%s started", p).contains("Started SampleApplication");
                }
                long wallMs = (System.nanoTime() - start) / 1_000_000;
                walls.add(wallMs);
                assertEveryMigrationAppliedOnce(db, APP_FIRST_VERSION, migrations);
                assertThat(db.count("SELECT COUNT(*) FROM migrate_history")).as("history rows: the app's own and the generated ones")
                        .isGreaterThan(migrations);
                assertNoLockLeft(db, null);
            }
        }
        Settings.figure(String.format("concurrent sample-app starts on %s: %d rounds x %d processes x %d migrations (+ the app's own):"
                + " every migration applied once, every process exit 0; wall time per round %s ms (median %d ms, max %d ms)", kind,
                rounds, processes, migrations, walls, median(walls), max(walls)));
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

    /** Nothing holds the lock any more: the server says so, and one more run gets it within a second. */
    private static void assertNoLockLeft(Db db, Path scripts) throws InterruptedException {
        if (db.kind() == Db.Kind.POSTGRES) {
            assertThat(db.count("SELECT COUNT(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                    + " WHERE l.locktype = 'advisory' AND d.datname = '" + db.name() + "'")).as("advisory locks held").isZero();
        } else if (db.kind() == Db.Kind.MARIADB) {
            assertThat(db.count("SELECT IS_FREE_LOCK('migrate:" + db.name() + ".migrate_lock')")).as("GET_LOCK lock free").isEqualTo(1);
        }
        if (scripts != null) {
            Cli.Result again = Cli.run(db, scripts, "migrate", "--lock-timeout", "1s");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.out()).contains("nothing to migrate");
        }
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
