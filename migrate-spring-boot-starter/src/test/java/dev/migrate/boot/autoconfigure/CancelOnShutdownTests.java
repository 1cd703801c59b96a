package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.OperationCancelledException;
import dev.migrate.boot.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the context's close ({@link CancelOnContextClose}) asks of {@link CancelOnShutdown}: to cancel and wait for the
 * writes of the context's own Migrators only, and none run with a zero timeout, on an H2 database running a long query.
 */
class CancelOnShutdownTests {

    @TempDir
    Path work;

    private TestDatabase database;
    private HikariDataSource dataSource;
    private Migrator migrator;

    @BeforeEach
    void slowMigration() throws Exception {
        database = TestDatabase.create(TestDatabase.Kind.H2);
        dataSource = database.dataSource();
        Files.writeString(work.resolve("V1__slow.sql"), "CREATE TABLE data (id INT);\nSELECT SUM(X) FROM SYSTEM_RANGE(1, 100000000000);\n");
        migrator = Migrator.create(dataSource, MigratorConfig.builder().locations("filesystem:" + work).build());
    }

    @AfterEach
    void close() {
        dataSource.close();
        database.close();
    }

    @Test
    void cancelsAndAwaitsTheWritesOfTheGivenMigratorsOnly() throws Exception {
        CompletableFuture<MigrateResult> write = CompletableFuture.supplyAsync(
                () -> CancelOnShutdown.run(migrator, Duration.ofSeconds(20), "the test's migration", migrator::migrate));
        awaitSlowQuery(write);
        Migrator another = Migrator.create(dataSource, MigratorConfig.builder().locations("filesystem:" + work).build());

        assertThat(CancelOnShutdown.cancelRunning(List.of(another))).as("another context's Migrator").isZero();
        Thread.sleep(200);
        assertThat(write).isNotDone();

        long closing = System.nanoTime();
        assertThat(CancelOnShutdown.cancelRunning(List.of(another, migrator))).isOne();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing)).isLessThan(5_000);
        // Ended when cancelRunning returned: the future only has to take the exception over.
        assertThatThrownBy(() -> write.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(OperationCancelledException.class).hasMessageStartingWith("Cancelled by application shutdown while");
        assertThat(CancelOnShutdown.cancelRunning(List.of(migrator))).as("nothing runs any more").isZero();
    }

    @Test
    void leavesAWriteWithAZeroTimeoutAlone() throws Exception {
        CompletableFuture<MigrateResult> write = CompletableFuture.supplyAsync(
                () -> CancelOnShutdown.run(migrator, Duration.ZERO, "the test's migration", migrator::migrate));
        awaitSlowQuery(write);

        assertThat(CancelOnShutdown.cancelRunning(List.of(migrator))).isZero();
        Thread.sleep(300);
        assertThat(write).isNotDone();

        assertThat(migrator.cancel("the test")).isTrue();
        assertThatThrownBy(() -> write.get(20, TimeUnit.SECONDS)).cause().isInstanceOf(OperationCancelledException.class)
                .hasMessageStartingWith("Cancelled by the test");
    }

    private void awaitSlowQuery(CompletableFuture<?> write) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // Anchored at the start, so that this query does not find itself.
        while (database.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE EXECUTING_STATEMENT LIKE 'SELECT SUM(X)%'") == 0) {
            assertThat(write).as("the migration ended before its slow query").isNotDone();
            assertThat(System.nanoTime() - deadline).as("the slow query did not start within 30 s").isNegative();
            Thread.sleep(20);
        }
    }
}
