package dev.migrate.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.MigrateResult;
import dev.migrate.MigrationListener;
import dev.migrate.ProgressEvent;
import dev.migrate.testing.BatchMigrationMain;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A batched data migration over 1,000,000 rows, killed with SIGKILL part-way (a process, not an
 * exception), then resumed: every row is processed exactly once, counted by a column.
 */
class DataMigrationKillTests {

    private static final int ROWS = 1_000_000;

    @ParameterizedTest
    @EnumSource(value = DatabaseKind.class, names = {"POSTGRES", "MARIADB"})
    void killedDataMigrationResumesAndProcessesEveryRowExactlyOnce(DatabaseKind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            startHistory(db);
            db.execute("CREATE TABLE big (id BIGINT PRIMARY KEY, touched INT NOT NULL)");
            db.execute(kind == DatabaseKind.POSTGRES
                    ? "INSERT INTO big SELECT g, 0 FROM generate_series(1, " + ROWS + ") g"
                    : "INSERT INTO big SELECT seq, 0 FROM seq_1_to_" + ROWS);

            long started = System.nanoTime();
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), BatchMigrationMain.class.getName(),
                    db.url(), db.user() == null ? "-" : db.user(), db.password() == null || db.password().isEmpty() ? "-" : db.password())
                    .redirectErrorStream(true).start();
            long seenBeforeKill = 0;
            StringBuilder output = new StringBuilder();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.startsWith("PROGRESS ")) {
                        seenBeforeKill = Long.parseLong(line.substring("PROGRESS ".length()));
                        if (seenBeforeKill >= ROWS * 3L / 10) {
                            child.destroyForcibly();
                            break;
                        }
                    }
                }
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(seenBeforeKill).as("child output:\n%s", output).isGreaterThanOrEqualTo(ROWS * 3L / 10).isLessThan(ROWS);
            long killedAt = System.nanoTime();
            long doneAtKill = db.count("SELECT COUNT(*) FROM big WHERE touched = 1");
            assertThat(doneAtKill).isBetween(seenBeforeKill, (long) ROWS - 1);
            assertThat(db.count("SELECT COUNT(*) FROM big WHERE touched > 1")).isZero();

            List<ProgressEvent> events = new CopyOnWriteArrayList<>();
            MigrateResult resumed = BatchMigrationMain.migrator(db.url(), db.user(), db.password(), new MigrationListener() {
                @Override
                public void progress(ProgressEvent event) {
                    events.add(event);
                }
            }).migrate();
            long finished = System.nanoTime();

            assertThat(resumed.applied()).extracting(s -> s.version()).containsExactly("1");
            assertThat(db.count("SELECT COUNT(*) FROM big WHERE touched = 1")).isEqualTo(ROWS);
            assertThat(db.count("SELECT COUNT(*) FROM big WHERE touched <> 1")).isZero();
            assertThat(events).isNotEmpty();
            assertThat(events.get(0).rowsDone()).isEqualTo(doneAtKill + 10_000);
            assertThat(events.get(events.size() - 1).rowsDone()).isEqualTo(ROWS);
            assertThat(events.get(events.size() - 1).rowsTotal()).isEqualTo(ROWS);
            System.out.printf("[data-migration-timing] %s: 1,000,000 rows in batches of 10,000; killed after %d rows;"
                    + " first run until kill %.1f s, resumed run %.1f s (%.0f rows/s)%n", kind.displayName(), doneAtKill,
                    (killedAt - started) / 1e9, (finished - killedAt) / 1e9, (ROWS - doneAtKill) / ((finished - killedAt) / 1e9));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseKind.class, names = {"POSTGRES", "MARIADB"})
    void twoLoopsOverOneKeyKilledInTheSecondResumeEachFromItsOwnMark(DatabaseKind kind) throws Exception {
        int rows = 100_000;
        try (TestDatabase db = TestDatabase.create(kind)) {
            startHistory(db);
            db.execute("CREATE TABLE big (id BIGINT PRIMARY KEY, touched INT NOT NULL, second INT NOT NULL)");
            db.execute(kind == DatabaseKind.POSTGRES
                    ? "INSERT INTO big SELECT g, 0, 0 FROM generate_series(1, " + rows + ") g"
                    : "INSERT INTO big SELECT seq, 0, 0 FROM seq_1_to_" + rows);

            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), BatchMigrationMain.class.getName(),
                    db.url(), db.user() == null ? "-" : db.user(), db.password() == null || db.password().isEmpty() ? "-" : db.password(),
                    "two-loops").redirectErrorStream(true).start();
            long secondBeforeKill = 0;
            StringBuilder output = new StringBuilder();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.startsWith("PROGRESS big.id#2 ")) {
                        secondBeforeKill = Long.parseLong(line.substring("PROGRESS big.id#2 ".length()));
                        if (secondBeforeKill >= rows * 3L / 10) {
                            child.destroyForcibly();
                            break;
                        }
                    }
                }
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(secondBeforeKill).as("child output:\n%s", output).isGreaterThanOrEqualTo(rows * 3L / 10).isLessThan(rows);
            assertThat(db.count("SELECT COUNT(*) FROM big WHERE touched = 1")).as("the first loop had finished").isEqualTo(rows);
            long secondAtKill = db.count("SELECT COUNT(*) FROM big WHERE second = 1");
            assertThat(secondAtKill).isBetween(secondBeforeKill, (long) rows - 1);

            List<ProgressEvent> events = new CopyOnWriteArrayList<>();
            MigrateResult resumed = BatchMigrationMain.twoLoops(db.url(), db.user(), db.password(), new MigrationListener() {
                @Override
                public void progress(ProgressEvent event) {
                    events.add(event);
                }
            }).migrate();

            assertThat(resumed.applied()).extracting(s -> s.version()).containsExactly("1");
            assertThat(db.count("SELECT COUNT(*) FROM big WHERE touched = 1 AND second = 1")).isEqualTo(rows);
            assertThat(db.count("SELECT COUNT(*) FROM big WHERE touched <> 1 OR second <> 1")).isZero();
            assertThat(events).extracting(ProgressEvent::task).as("the first loop had nothing left").containsOnly("big.id#2");
            assertThat(events.get(0).rowsDone()).isEqualTo(secondAtKill + 5_000);
            assertThat(events.get(events.size() - 1).rowsDone()).isEqualTo(rows);
        }
    }

    /**
     * Migrate's history before the table, as in an application whose earlier migrations made it: a
     * schema that holds tables but no history is refused.
     */
    private static void startHistory(TestDatabase db) throws java.io.IOException {
        Path none = java.nio.file.Files.createTempDirectory("no-migrations");
        dev.migrate.Migrator.create(db.dataSource(), dev.migrate.MigratorConfig.builder().locations(none.toString()).build()).migrate();
    }
}
