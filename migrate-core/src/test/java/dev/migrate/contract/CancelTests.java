package dev.migrate.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.AppliedMigration;
import dev.migrate.AuditEntry;
import dev.migrate.JavaMigration;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationInfo;
import dev.migrate.DirtyDatabaseException;
import dev.migrate.MigrateResult;
import dev.migrate.MigrationEvent;
import dev.migrate.MigrationListener;
import dev.migrate.MigrationState;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.OperationCancelledException;
import dev.migrate.StatusResult;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.DatabaseTarget;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Migrator#cancel(String)} from another thread, on every database: the statement that runs is stopped, the
 * failure path leaves the database clean or the migration FAILED naming the cancel, no later migration starts, and the
 * lock is released; a wait for the lock ends at once.
 */
class CancelTests {

    @TempDir
    Path folder;

    /** A statement that runs for far longer than the test waits, and that the database can cancel. */
    private static String slowStatement(DatabaseKind kind) {
        return switch (kind) {
            case POSTGRES -> "SELECT pg_sleep(60);";
            // SLEEP() returns 1 when KILL QUERY ends it, without an error: the runner must notice all the same.
            case MARIADB -> "DO SLEEP(60);";
            case H2 -> "SELECT SUM(X) FROM SYSTEM_RANGE(1, 100000000000);";
            case SQLITE -> "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000000) SELECT SUM(x) FROM c;";
        };
    }

    /** Whether a failed migration is rolled back: H2 and MariaDB commit DDL at once, so it is marked FAILED there. */
    private static boolean rolledBack(DatabaseKind kind) {
        return kind == DatabaseKind.POSTGRES || kind == DatabaseKind.SQLITE;
    }

    @ParameterizedTest
    @EnumSource(DatabaseTarget.class)
    void cancelStopsTheRunningStatementAndNoLaterMigrationStarts(DatabaseTarget target) throws Exception {
        DatabaseKind kind = target.kind();
        try (TestDatabase db = TestDatabase.create(target)) {
            MigrationFiles files = new MigrationFiles(folder);
            files.write("V1__data.sql", "CREATE TABLE data (id INT PRIMARY KEY);\nINSERT INTO data VALUES (1);\n");
            files.write("V2__slow.sql", "INSERT INTO data VALUES (2);\n" + slowStatement(kind) + "\n");
            files.table(3);
            CancelledInV2 cancel = cancelInV2(db, files);
            Migrator migrator = cancel.migrator();
            Throwable thrown = catchFailure(cancel.run());
            long tookMs = (System.nanoTime() - cancel.cancelledAt()) / 1_000_000;
            assertThat(tookMs).as("the statement was stopped, not waited for").isLessThan(15_000);
            assertThat(thrown).isInstanceOf(OperationCancelledException.class)
                    .hasMessageStartingWith("Cancelled by a test while V2__slow.sql line 2 ran")
                    .hasMessageContaining("No migration ran after it; the lock is released");
            OperationCancelledException cancelled = (OperationCancelledException) thrown;
            assertThat(cancelled.reason()).isEqualTo("a test");
            assertThat(cancelled.version()).isEqualTo("2");
            assertThat(cancelled.script()).isEqualTo("V2__slow.sql");
            assertThat(migrator.cancel("again")).as("nothing runs any more").isFalse();

            // The data table is as V1 left it (the insert before the slow statement ran in V2's transaction), and V3 never ran.
            assertThat(db.count("SELECT COUNT(*) FROM data")).isEqualTo(1);
            assertThat(db.tableNames()).doesNotContain("t3");
            StatusResult status = migrator.status();
            dev.migrate.LockStatus lock = migrator.lockStatus();
            assertThat(lock.held()).as("lock released: " + lock.describe()).isFalse();
            assertThat(status.inProgress()).as("nothing left RUNNING").isEmpty();
            List<AuditEntry> trail = migrator.history();
            AuditEntry last = trail.get(trail.size() - 1);
            assertThat(last.outcome()).isEqualTo(AuditEntry.FAILURE);
            assertThat(last.version()).isEqualTo("2");
            assertThat(last.details()).startsWith("Cancelled by a test");
            if (rolledBack(kind)) {
                assertThat(cancelled.getMessage()).contains("its transaction was rolled back; nothing of it remains")
                        .contains("Run 'migrate' again to go on");
                assertThat(status.applied()).extracting(AppliedMigration::version).containsExactly("1");
                assertThat(status.failed()).isEmpty();
            } else {
                assertThat(cancelled.getMessage()).contains("V2__slow.sql (version 2) is marked FAILED", "'repair'");
                assertThat(status.failed()).singleElement().satisfies(row -> {
                    assertThat(row.version()).isEqualTo("2");
                    assertThat(row.state()).isEqualTo(MigrationState.FAILED);
                    assertThat(row.error()).startsWith("cancelled by a test: line 2: ");
                });
                assertThatThrownBy(() -> migrator(db, files, b -> { }).migrate()).isInstanceOf(DirtyDatabaseException.class)
                        .hasMessageContaining("repair");
                migrator(db, files, b -> { }).repair();
            }

            files.write("V2__slow.sql", "INSERT INTO data VALUES (2);\n");
            MigrateResult again = migrator(db, files, b -> b.lockTimeout(Duration.ofSeconds(2))).migrate();
            assertThat(again.applied()).extracting(s -> s.version()).containsExactly("2", "3");
            assertThat(db.count("SELECT COUNT(*) FROM data")).isEqualTo(2);
        }
    }

    /**
     * A cancelled down. Where the down runs in a transaction with its DDL (PostgreSQL, SQLite) it is undone. On H2 and
     * MariaDB, where only its data changes are: cancelled after data changes alone, nothing of it stays and 'rollback'
     * runs it again; cancelled after a {@code DROP TABLE}, it stopped part-way and the message says what stays and that
     * 'rollback' refuses it, as its FAILED row and a failed down's message do.
     */
    @ParameterizedTest
    @EnumSource(DatabaseTarget.class)
    void aCancelledDownSaysWhatOfItStays(DatabaseTarget target) throws Exception {
        DatabaseKind kind = target.kind();
        for (boolean partWay : new boolean[] {false, true}) {
            try (TestDatabase db = TestDatabase.create(target)) {
                MigrationFiles files = new MigrationFiles(folder.resolve(partWay ? "part-way" : "data-only"));
                files.write("V1__data.sql", "CREATE TABLE data (id INT PRIMARY KEY);\nINSERT INTO data VALUES (1);\n"
                        + "CREATE TABLE knob (n BIGINT);\nINSERT INTO knob VALUES (60);\n");
                // The slow statement's length comes from a table, so that the down can be made quick without editing it.
                String slow = switch (kind) {
                    case POSTGRES -> "SELECT pg_sleep((SELECT n FROM knob));";
                    case MARIADB -> "DO SLEEP((SELECT n FROM knob));";
                    case H2 -> "SELECT SUM(X) FROM SYSTEM_RANGE(1, (SELECT n * 1000000000 FROM knob));";
                    case SQLITE -> "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < (SELECT n * 1000000000"
                            + " FROM knob)) SELECT SUM(x) FROM c;";
                };
                String down = partWay
                        ? "DROP TABLE t2;\n" + slow + "\nDELETE FROM data WHERE id = 2;\n"
                        : "DELETE FROM data WHERE id = 2;\n" + slow + "\nDROP TABLE t2;\n";
                files.write("V2__t2.sql", "CREATE TABLE t2 (id INT);\nINSERT INTO data VALUES (2);\n-- migrate:down\n" + down);
                CountDownLatch downStarted = new CountDownLatch(1);
                Migrator migrator = migrator(db, files, b -> b.listener(new MigrationListener() {
                    @Override
                    public void migrationStarted(MigrationEvent event) {
                        if (event.direction() == dev.migrate.Direction.DOWN) {
                            downStarted.countDown();
                        }
                    }
                }));
                migrator.migrate();
                CompletableFuture<?> run = CompletableFuture.supplyAsync(() -> migrator.rollback(dev.migrate.RollbackRequest.last()));
                assertThat(downStarted.await(30, TimeUnit.SECONDS)).as("V2's down started").isTrue();
                Thread.sleep(1500);   // into its slow statement
                assertThat(run).as(() -> "still running: " + run.handle((r, e) -> r + " " + e).join()).isNotDone();
                assertThat(migrator.cancel("a test")).isTrue();
                Throwable thrown = catchFailure(run);
                assertThat(thrown).as(partWay ? "part-way" : "data only").isInstanceOf(OperationCancelledException.class)
                        .hasMessageStartingWith("Cancelled by a test while V2__t2.sql line 5 (rollback) ran");
                String message = thrown.getMessage();
                assertThat(db.count("SELECT COUNT(*) FROM data")).as("the down's delete did not stay").isEqualTo(2);
                if (rolledBack(kind)) {
                    assertThat(message).contains("its rollback was undone: V2__t2.sql (version 2) is still applied")
                            .doesNotContain("FAILED");
                    assertThat(db.tableNames()).contains("t2");
                    assertThat(migrator.status().failed()).isEmpty();
                } else if (!partWay) {
                    assertThat(message).contains("V2__t2.sql (version 2) is marked FAILED, and nothing of its down stays: the data"
                            + " changes that ran before were undone with its transaction. 'rollback' runs the down again from its"
                            + " start.").endsWith("Run 'rollback' again to go on.").doesNotContain("partly");
                    assertThat(db.tableNames()).contains("t2");
                    assertThat(migrator.status().failed()).singleElement().extracting(row -> row.error()).asString()
                            .startsWith("rollback failed: cancelled by a test: line 5: ");
                } else {
                    assertThat(message).contains("V2__t2.sql (version 2) is marked FAILED: its down stopped part-way; line 4 of"
                            + " V2__t2.sql ran before it and stays done", "'rollback' will not run the down again",
                            "the down from line 5 of V2__t2.sql on", "'mark-applied --target 2'")
                            .doesNotContain("Run 'rollback' again");
                    assertThat(db.tableNames()).doesNotContain("t2");
                    assertThat(migrator.status().failed()).singleElement().extracting(row -> row.error()).asString()
                            .startsWith("rollback failed part-way: line 4 of V2__t2.sql ran before it; cancelled by a test: line 5: ");
                    assertThatThrownBy(() -> migrator(db, files, b -> { }).rollback(dev.migrate.RollbackRequest.last()))
                            .isInstanceOf(dev.migrate.IrreversibleMigrationException.class);
                    continue;
                }
                // Nothing of the down stays: with its slow statement made quick, 'rollback' runs it again and V2 is gone.
                db.execute("UPDATE knob SET n = 0");
                assertThat(migrator(db, files, b -> b.lockTimeout(Duration.ofSeconds(2))).rollback(dev.migrate.RollbackRequest.last()).rolledBack())
                        .extracting(s -> s.version()).containsExactly("2");
                assertThat(db.count("SELECT COUNT(*) FROM data")).isEqualTo(1);
                assertThat(db.tableNames()).doesNotContain("t2");
            }
        }
    }

    /** Adds 1 to {@code n} of every row of {@code data}, two rows a batch, pausing in each batch; optionally slow in SQL. */
    @MigrationInfo(version = "2", description = "count rows")
    public static class CountRows implements JavaMigration {
        final CountDownLatch firstBatch = new CountDownLatch(1);
        volatile String slowCondition;

        @Override
        public void up(MigrationContext context) throws Exception {
            context.batches("data", "id").size(2).forEach(batch -> {
                String slow = slowCondition;
                batch.update("UPDATE data SET n = n + 1 WHERE id BETWEEN ? AND ?" + (slow == null ? "" : " AND " + slow));
                firstBatch.countDown();
                Thread.sleep(50);
            });
        }
    }

    /** The same loop outside the migration's transaction: each batch commits with its progress mark. */
    @MigrationInfo(version = "2", description = "count rows", transactional = false)
    public static class CountRowsInBatches extends CountRows {
    }

    /** 200 rows, the loops above take 100 batches, at least 5 seconds. */
    private static MigrationFiles hundredBatches(Path folder) throws Exception {
        MigrationFiles files = new MigrationFiles(folder);
        StringBuilder rows = new StringBuilder("CREATE TABLE data (id INT PRIMARY KEY, n INT NOT NULL);\nINSERT INTO data VALUES ");
        for (int i = 1; i <= 200; i++) {
            rows.append(i == 1 ? "" : ", ").append('(').append(i).append(", 0)");
        }
        files.write("V1__data.sql", rows.append(";\n").toString());
        return files;
    }

    /**
     * Inside the migration's transaction no batch commits, so nothing checked the cancel: the loop ran to its last batch
     * and the migration was recorded as applied. It stops between two batches now, and its transaction is rolled back.
     */
    @ParameterizedTest
    @EnumSource(DatabaseTarget.class)
    void cancelStopsABatchLoopInsideTheMigrationsTransactionBetweenTwoBatches(DatabaseTarget target) throws Exception {
        try (TestDatabase db = TestDatabase.create(target)) {
            MigrationFiles files = hundredBatches(folder);
            CountRows migration = new CountRows();
            Migrator migrator = migrator(db, files, b -> b.javaMigration(migration));
            CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(migrator::migrate);
            assertThat(migration.firstBatch.await(30, TimeUnit.SECONDS)).as("the loop started").isTrue();
            Thread.sleep(300);
            long cancelledAt = System.nanoTime();
            assertThat(migrator.cancel("a test")).isTrue();

            Throwable thrown = catchFailure(run);
            assertThat((System.nanoTime() - cancelledAt) / 1_000_000).as("stopped at the next batch, not at the last")
                    .isLessThan(3_000);
            assertThat(thrown).isInstanceOf(OperationCancelledException.class)
                    .hasMessageStartingWith("Cancelled by a test while " + CountRows.class.getName() + " ran");
            assertThat(db.count("SELECT COUNT(*) FROM data WHERE n <> 0")).as("the loop's transaction was rolled back").isZero();
            StatusResult status = migrator.status();
            assertThat(status.applied()).filteredOn(row -> row.state() == MigrationState.SUCCESS)
                    .extracting(AppliedMigration::version).containsExactly("1");
            if (!status.failed().isEmpty()) {
                // H2 and MariaDB: DDL the code may have run committed at once, so the row is FAILED for 'repair'.
                assertThat(thrown.getMessage()).contains("is marked FAILED", "'repair'");
                migrator(db, files, b -> { }).repair();
            }
            assertThat(migrator(db, files, b -> b.javaMigration(new CountRows())).migrate().applied())
                    .extracting(s -> s.version()).containsExactly("2");
            assertThat(db.count("SELECT COUNT(*) FROM data WHERE n = 1")).isEqualTo(200);
        }
    }

    /**
     * A cancel stops the statement a batch runs ({@code batch.update}), where it used to run to its end, and names the
     * batch; outside the migration's transaction the loop then resumes after its last committed batch.
     */
    @ParameterizedTest
    @EnumSource(DatabaseTarget.class)
    void cancelStopsTheStatementOfABatchAndTheLoopResumesAfterItsLastCommittedBatch(DatabaseTarget target) throws Exception {
        DatabaseKind kind = target.kind();
        try (TestDatabase db = TestDatabase.create(target)) {
            MigrationFiles files = hundredBatches(folder);
            CountRowsInBatches migration = new CountRowsInBatches();
            Migrator migrator = migrator(db, files, b -> b.javaMigration(migration));
            CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(migrator::migrate);
            assertThat(migration.firstBatch.await(30, TimeUnit.SECONDS)).as("the loop started").isTrue();
            migration.slowCondition = switch (kind) {
                case POSTGRES -> "(SELECT COUNT(*) FROM pg_sleep(60)) = 1";
                case MARIADB -> "SLEEP(60) = 0";
                case H2 -> "(SELECT SUM(X) FROM SYSTEM_RANGE(1, 100000000000)) > 0";
                case SQLITE -> "(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000000)"
                        + " SELECT SUM(x) FROM c) > 0";
            };
            Thread.sleep(1500);   // into the slow statement of a batch
            long cancelledAt = System.nanoTime();
            assertThat(migrator.cancel("a test")).isTrue();

            Throwable thrown = catchFailure(run);
            assertThat((System.nanoTime() - cancelledAt) / 1_000_000).as("the statement was stopped").isLessThan(15_000);
            assertThat(thrown).isInstanceOf(OperationCancelledException.class)
                    .hasMessageMatching("(?s)Cancelled by a test while " + java.util.regex.Pattern.quote(CountRowsInBatches.class.getName())
                            + " ran, in batch loop data\\.id, batch \\d+ \\(keys \\d+ to \\d+, 2 rows\\): .*")
                    .hasMessageContaining("'migrate' runs it again without 'repair'");
            long done = db.count("SELECT COUNT(*) FROM data WHERE n = 1");
            assertThat(done).as("the batches before the cancelled one committed").isPositive().isLessThan(200);

            CountRowsInBatches again = new CountRowsInBatches();
            assertThat(migrator(db, files, b -> b.javaMigration(again)).migrate().applied())
                    .extracting(s -> s.version()).containsExactly("2");
            assertThat(db.count("SELECT COUNT(*) FROM data WHERE n = 1")).as("every row once").isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseTarget.class)
    void cancelEndsAWaitForTheLockAtOnce(DatabaseTarget target) throws Exception {
        DatabaseKind kind = target.kind();
        try (TestDatabase db = TestDatabase.create(target)) {
            MigrationFiles files = new MigrationFiles(folder);
            files.table(1);
            MigratorConfig config = MigratorConfig.builder().locations(files.location()).build();
            try (java.sql.Connection c = db.connect()) {
                dev.migrate.dialect.Dialect dialect = dev.migrate.dialect.Dialects.detect(c);
                dev.migrate.lock.DatabaseLock held = dev.migrate.internal.Engine.lockFor(c, db.dataSource(), dialect, config);
                CountDownLatch holding = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                Thread holder = new Thread(() -> held.withLock(Duration.ofSeconds(10), () -> {
                    holding.countDown();
                    try {
                        release.await(90, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }));
                holder.start();
                try {
                    assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
                    Migrator waiter = migrator(db, files, b -> b.lockTimeout(Duration.ofSeconds(60)));
                    CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(waiter::migrate);
                    Thread.sleep(2000);   // into its wait
                    assertThat(run).as("still waiting for the lock").isNotDone();
                    long cancelledAt = System.nanoTime();
                    assertThat(waiter.cancel("a test")).isTrue();
                    Throwable thrown = catchFailure(run);
                    assertThat((System.nanoTime() - cancelledAt) / 1_000_000).as("the wait ended at once").isLessThan(5_000);
                    assertThat(thrown).isInstanceOf(OperationCancelledException.class)
                            .hasMessageStartingWith("Cancelled by a test while waiting for the migration lock")
                            .hasMessageEndingWith("nothing was run or changed");
                } finally {
                    release.countDown();
                    holder.join(60_000);
                }
            }
            assertThat(db.tableNames()).doesNotContain("t1");
            assertThat(migrator(db, files, b -> b.lockTimeout(Duration.ofSeconds(5))).migrate().applied())
                    .extracting(s -> s.version()).containsExactly("1");
        }
    }

    /**
     * A script cancelled after DDL that the database committed at once (H2, MariaDB) names what of it stays, in the
     * exception, the FAILED row and the next run's refusal, as a script that fails part-way does; it said only that
     * the migration "may be partly applied".
     */
    @ParameterizedTest
    @EnumSource(value = DatabaseTarget.class, names = {"H2", "MARIADB"})
    void aCancelledScriptNamesTheStatementsOfItThatStay(DatabaseTarget target) throws Exception {
        DatabaseKind kind = target.kind();
        try (TestDatabase db = TestDatabase.create(target)) {
            MigrationFiles files = new MigrationFiles(folder);
            files.write("V1__data.sql", "CREATE TABLE data (id INT PRIMARY KEY);\n");
            files.write("V2__slow.sql", "CREATE TABLE kept (id INT);\nINSERT INTO data VALUES (2);\n" + slowStatement(kind) + "\n");
            CancelledInV2 cancel = cancelInV2(db, files);
            Migrator migrator = cancel.migrator();
            Throwable thrown = catchFailure(cancel.run());
            assertThat(thrown).isInstanceOf(OperationCancelledException.class)
                    .hasMessageStartingWith("Cancelled by a test while V2__slow.sql line 3 ran")
                    .hasMessageContaining("V2__slow.sql (version 2) is marked FAILED and partly applied: line 1 of V2__slow.sql ran"
                            + " before it and stays (" + (kind == DatabaseKind.H2 ? "H2" : "MySQL/MariaDB") + " commits DDL at once)")
                    .hasMessageContaining("'repair'").hasMessageNotContaining("may be partly");
            assertThat(db.tableNames()).contains("kept");
            assertThat(db.count("SELECT COUNT(*) FROM data")).as("the insert after the DDL went with the transaction").isZero();
            assertThat(migrator.status().failed()).singleElement().satisfies(row -> assertThat(row.error())
                    .startsWith("cancelled by a test: line 3: ").endsWith("; ran before it and stays: line 1 of V2__slow.sql"));
            assertThatThrownBy(() -> migrator(db, files, b -> { }).migrate()).isInstanceOf(DirtyDatabaseException.class)
                    .hasMessageContaining("ran before it and stays: line 1 of V2__slow.sql. It is partly applied.");
        }
    }

    /** A migrate started on another thread, and when {@link #cancelInV2} cancelled it. */
    private record CancelledInV2(Migrator migrator, CompletableFuture<MigrateResult> run, long cancelledAt) {
    }

    /** Starts migrate on another thread and cancels it ("a test") 1.5 s into V2, its slow statement by then running. */
    private static CancelledInV2 cancelInV2(TestDatabase db, MigrationFiles files) throws InterruptedException {
        CountDownLatch slowStarted = new CountDownLatch(1);
        Migrator migrator = migrator(db, files, b -> b.listener(new MigrationListener() {
            @Override
            public void migrationStarted(MigrationEvent event) {
                if ("2".equals(event.version())) {
                    slowStarted.countDown();
                }
            }
        }));
        CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(migrator::migrate);
        assertThat(slowStarted.await(30, TimeUnit.SECONDS)).as("V2 started").isTrue();
        Thread.sleep(1500);   // into its slow statement
        long cancelledAt = System.nanoTime();
        assertThat(migrator.cancel("a test")).as("a write was running").isTrue();
        return new CancelledInV2(migrator, run, cancelledAt);
    }

    private static Migrator migrator(TestDatabase db, MigrationFiles files, Consumer<MigratorConfig.Builder> customizer) {
        MigratorConfig.Builder builder = MigratorConfig.builder().locations(files.location()).environment("dev");
        customizer.accept(builder);
        return Migrator.create(db.dataSource(), builder.build());
    }

    private static Throwable catchFailure(CompletableFuture<?> run) throws Exception {
        try {
            run.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the operation ended without a failure");
    }
}
