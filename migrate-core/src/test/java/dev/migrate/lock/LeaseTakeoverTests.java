package dev.migrate.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.DirtyDatabaseException;
import dev.migrate.JavaMigration;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationFailedException;
import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.TestDatabase;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A holder of the lease lock (H2, SQLite) whose lease another process took over just after its last
 * renewal, as happens to a process paused right then for longer than the lease, must find out before
 * it runs a migration whose statements commit as they go, not after it has run them beside the new
 * holder.
 */
class LeaseTakeoverTests {

    /**
     * Runs outside a transaction; its {@code check()}, called just before the RUNNING mark, plays the
     * other process: it takes the lock row over, as a waiter does once the lease has run out.
     */
    @MigrationInfo(version = "1", description = "side effect", transactional = false)
    public static final class TakenOverBeforeItRuns implements JavaMigration {
        @Override
        public boolean check(MigrationContext context) throws Exception {
            try (Statement st = context.connection().createStatement()) {
                st.executeUpdate("UPDATE migrate_lock SET owner = 'pid 1 on host other [0000]', acquired_at = 0, expires_at = "
                        + (System.currentTimeMillis() + 600_000) + " WHERE id = 1");
            }
            return true;
        }

        @Override
        public void up(MigrationContext context) throws Exception {
            context.execute("CREATE TABLE side_effect (id INT)");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseKind.class, names = {"H2", "SQLITE"})
    void aHolderWhoseLeaseWasTakenOverRunsNoStatementAndWritesNoRunningMark(DatabaseKind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Migrator migrator = Migrator.create(db.dataSource(), MigratorConfig.builder().locations("filesystem:/nonexistent")
                    .javaMigration(new TakenOverBeforeItRuns()).build());
            assertThatThrownBy(migrator::migrate).isInstanceOf(MigrationFailedException.class)
                    .hasMessageContaining("Lost the migration lock");
            assertThat(db.count("SELECT COUNT(*) FROM migrate_history")).as("history rows written without the lock").isZero();
            assertThat(db.count("SELECT COUNT(*) FROM migrate_lock WHERE owner = 'pid 1 on host other [0000]'"))
                    .as("the new holder's row, left alone").isEqualTo(1);
            assertThat(tableExists(db, "side_effect")).as("the migration's statement, run without the lock").isFalse();
        }
    }

    /**
     * Runs outside a transaction and plays, after its statement, a pause longer than the lease: another process
     * takes the lock over (its lease since run out too), so this one loses it before its SUCCESS mark.
     */
    @MigrationInfo(version = "1", description = "paused", transactional = false)
    public static final class TakenOverWhileItRuns implements JavaMigration {
        private final TestDatabase db;

        TakenOverWhileItRuns(TestDatabase db) {
            this.db = db;
        }

        @Override
        public void up(MigrationContext context) throws Exception {
            context.execute("CREATE TABLE half_done (id INT)");
            if (db != null) {
                db.execute("UPDATE migrate_lock SET owner = 'pid 1 on host other [0000]', acquired_at = 0, expires_at = "
                        + (System.currentTimeMillis() - 40_000) + " WHERE id = 1");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseKind.class, names = {"H2", "SQLITE"})
    void aHolderTakenOverMidMigrationAndTheRunAfterItSayOnlyWhatIsKnown(DatabaseKind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Migrator paused = Migrator.create(db.dataSource(), MigratorConfig.builder().locations("filesystem:/nonexistent")
                    .javaMigration(new TakenOverWhileItRuns(db)).build());

            // The old holder cannot know whether the new one went on or stopped on the RUNNING row it leaves.
            assertThatThrownBy(paused::migrate).isInstanceOf(MigrationFailedException.class)
                    .hasMessageContaining("Lost the migration lock").hasMessageContaining("not even a FAILED mark")
                    .hasMessageContaining("whether it went on with the migrations or stopped is not known here: run 'status'")
                    .hasMessageContaining("is still RUNNING, every run refuses to go on until the row is cleared")
                    .hasMessageContaining("then run 'repair'").hasMessageNotContaining("carries on");
            assertThat(db.count("SELECT COUNT(*) FROM migrate_history WHERE state = 'RUNNING'")).isEqualTo(1);

            // The next run takes the expired lease over and stops on that row: its holder may only have been paused.
            Migrator next = Migrator.create(db.dataSource(), MigratorConfig.builder().locations("filesystem:/nonexistent")
                    .javaMigration(new TakenOverWhileItRuns(null)).build());
            assertThatThrownBy(next::migrate).isInstanceOf(DirtyDatabaseException.class)
                    .hasMessageContaining("migration " + TakenOverWhileItRuns.class.getName())
                    .hasMessageContaining("was left RUNNING")
                    .hasMessageContaining("paused (a long GC, SIGSTOP, a suspended VM) for longer than the lock lease")
                    .hasMessageContaining("this run took the lock over from pid 1 on host other, whose lease ran out")
                    .hasMessageContaining("Make sure that process is gone first").hasMessageContaining("run 'repair'");
            assertThat(db.count("SELECT COUNT(*) FROM migrate_history WHERE state = 'RUNNING'")).as("left for 'repair'").isEqualTo(1);
            // A dry run takes no lock, so it names no holder, but still says the process may only be paused.
            assertThatThrownBy(() -> next.planMigrate(null)).isInstanceOf(DirtyDatabaseException.class)
                    .hasMessageContaining("paused (a long GC, SIGSTOP, a suspended VM)")
                    .hasMessageContaining("Make sure that process is gone")
                    .hasMessageNotContaining("this run took the lock over");
        }
    }

    private static boolean tableExists(TestDatabase db, String table) throws Exception {
        try (var c = db.connect(); var rs = c.getMetaData().getTables(null, null, "%", null)) {
            while (rs.next()) {
                if (rs.getString("TABLE_NAME").equalsIgnoreCase(table)) {
                    return true;
                }
            }
            return false;
        }
    }
}
