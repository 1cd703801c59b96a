package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SIGTERM to the jar while a migration runs, on PostgreSQL and an H2 file: the running statement is cancelled, the
 * process prints one line saying so and exits with 143, and the next run needs no lock lease to run out: on PostgreSQL
 * it applies the migration again at once; on H2, whose DDL commits at once, the migration is FAILED (not RUNNING), and
 * the next run names 'repair', as after any failure there (DESIGN §3).
 */
class SignalJarTests {

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(value = TestDb.Kind.class, names = {"POSTGRES", "H2"})
    void sigtermCancelsTheRunningMigrationAndExitsWith143(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            Path dir = Files.createDirectories(work.resolve("m"));
            write(dir, "V1__data.sql", "CREATE TABLE data (id INT PRIMARY KEY);\nINSERT INTO data VALUES (1);\n");
            write(dir, "V2__slow.sql", "INSERT INTO data VALUES (2);\n" + (kind == TestDb.Kind.POSTGRES ? "SELECT pg_sleep(600);\n"
                    : "SELECT SUM(X) FROM SYSTEM_RANGE(1, 100000000000);\n"));
            write(dir, "V3__t3.sql", "CREATE TABLE t3 (id INT);\n");
            List<String> common = with(db.connectionArgs(), "--locations", dir.toString());
            JarRunner runner = new JarRunner(work);

            JarRunner.Background migrating = runner.background(with(common, "migrate"));
            JarRunner.Result cancelled;
            long signalledAt;
            try {
                migrating.awaitOutput("[2/3] apply  V2__slow.sql", Duration.ofSeconds(60));
                Thread.sleep(1000);   // into its slow statement
                signalledAt = System.nanoTime();
                migrating.terminate();
                cancelled = migrating.await();
            } finally {
                migrating.kill();
            }
            assertThat((System.nanoTime() - signalledAt) / 1_000_000).as("stopped well within the grace period: " + cancelled)
                    .isLessThan(Interrupts.GRACE.toMillis() / 2);
            assertThat(cancelled.exitCode()).as(cancelled.toString()).isEqualTo(143);
            assertThat(cancelled.errLines()).as(cancelled.toString()).hasSize(1);
            String line = cancelled.errLines().get(0);
            assertThat(line).startsWith("Error: Cancelled by SIGTERM while V2__slow.sql line 2 ran")
                    .contains("No migration ran after it; the lock is released");
            assertThat(cancelled.out()).contains("[1/3] apply  V1__data.sql ... done").doesNotContain("V3__t3.sql");
            assertThat(db.count("SELECT COUNT(*) FROM data")).as("V2's insert went with it").isEqualTo(1);

            write(dir, "V2__slow.sql", "INSERT INTO data VALUES (2);\n");
            // Shorter than H2's lock lease (10 s): the lock was released, not left to run out.
            List<String> next = with(common, "--lock-timeout", "3s", "migrate");
            if (kind == TestDb.Kind.POSTGRES) {
                assertThat(line).contains("its transaction was rolled back; nothing of it remains");
            } else {
                assertThat(line).contains("V2__slow.sql (version 2) is marked FAILED", "'repair'");
                assertThat(db.rows("SELECT state FROM migrate_history WHERE version = '2'")).containsExactly("FAILED");
                assertThat(db.rows("SELECT error FROM migrate_history WHERE version = '2'")).singleElement().asString()
                        .startsWith("cancelled by SIGTERM: line 2: ");
                JarRunner.Result dirty = runner.run(next);
                assertThat(dirty.exitCode()).as(dirty.toString()).isEqualTo(1);
                assertThat(dirty.errLines()).as(dirty.toString()).hasSize(1);
                assertThat(dirty.errLines().get(0)).contains("V2__slow.sql", "repair");
                JarRunner.Result repair = runner.run(with(common, "repair"));
                assertThat(repair.exitCode()).as(repair.toString()).isZero();
            }
            JarRunner.Result again = runner.run(next);
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.out()).contains("V2__slow.sql ... done", "V3__t3.sql ... done");
            assertThat(db.count("SELECT COUNT(*) FROM data")).isEqualTo(2);
            assertThat(db.rows("SELECT details FROM migrate_audit WHERE outcome = 'FAILURE' AND version = '2'")).singleElement()
                    .asString().startsWith("Cancelled by SIGTERM");
        }
    }

    private static List<String> with(List<String> common, String... args) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(args));
        return all;
    }

    private static void write(Path dir, String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }
}
