package dev.migrate.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.DirtyDatabaseException;
import dev.migrate.JavaMigration;
import dev.migrate.LockStatus;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.StatusResult;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.DatabaseTarget;
import dev.migrate.testing.HoldLockMain;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A process killed with SIGKILL while it holds the lock in the middle of a migration must never
 * block the next start. H2 is left out: an H2 file database is opened by one process at a time.
 */
class KilledHolderTests {

    /** The same version 1 as the killed process, but quick. */
    @MigrationInfo(version = "1", description = "sleeps")
    public static final class Quick implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            context.execute("CREATE TABLE half_done (id INT)");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseTarget.class, names = {"POSTGRES", "MARIADB", "MARIADB_CONNECTOR_J", "SQLITE"})
    void killedHolderDoesNotBlockTheNextRun(DatabaseTarget target) throws Exception {
        DatabaseKind kind = target.kind();
        try (TestDatabase db = TestDatabase.create(target)) {
            Process holder = HoldLockMain.startHolding(db.url(), db.user(), db.password());
            try {
                if (kind != DatabaseKind.SQLITE) { // whose holder may keep the file from readers: its lock may read UNKNOWN
                    Migrator looking = Migrator.create(db.dataSource(),
                            MigratorConfig.builder().locations("filesystem:/nonexistent").build());
                    assertThat(looking.lockStatus().holder())
                            .startsWith(kind == DatabaseKind.POSTGRES ? "PostgreSQL backend pid " : "connection ");
                    if (kind == DatabaseKind.MARIADB) {
                        assertThat(looking.status().inProgress()).extracting(a -> a.version()).containsExactly("1");
                    }
                }
            } finally {
                holder.destroyForcibly();
                assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            long killedAt = System.nanoTime();
            Migrator next = Migrator.create(db.dataSource(), MigratorConfig.builder().locations("filesystem:/nonexistent")
                    .javaMigration(new Quick()).lockTimeout(Duration.ofSeconds(30)).build());
            if (kind == DatabaseKind.MARIADB) {
                // No transactional DDL: the killed migration left a RUNNING row, reported at once. Once the server has
                // seen the session end (it frees the lock then), status calls the row interrupted, not in progress.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (next.lockStatus().held() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                StatusResult status = next.status();
                assertThat(status.lock().state()).isEqualTo(LockStatus.State.FREE);
                assertThat(status.failed()).extracting(a -> a.version()).containsExactly("1");
                assertThat(status.inProgress()).isEmpty();
                try {
                    next.migrate();
                    throw new AssertionError("expected the interrupted migration to be reported");
                } catch (DirtyDatabaseException e) {
                    assertThat(e.getMessage()).contains("was left RUNNING").contains("died or lost its connection").contains("'repair'")
                            .doesNotContain("paused");
                }
                db.execute("DROP TABLE half_done");
                next.repair();
            }
            assertThat(next.migrate().applied()).hasSize(1);
            long waitedMs = (System.nanoTime() - killedAt) / 1_000_000;
            long limit = kind == DatabaseKind.SQLITE ? MigratorConfig.DEFAULT_LOCK_LEASE.toMillis() + 5_000 : 5_000;
            assertThat(waitedMs).as("time to get the lock after the kill").isLessThan(limit);
            assertThat(next.status().applied()).extracting(a -> a.version()).isEqualTo(List.of("1"));
        }
    }
}
