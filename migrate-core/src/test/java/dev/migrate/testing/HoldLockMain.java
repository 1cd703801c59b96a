package dev.migrate.testing;

import dev.migrate.JavaMigration;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.internal.DriverDataSource;

/**
 * Run in a separate JVM by lock tests: starts a migration that prints {@code HOLDING} once it
 * runs (so the lock is held) and then sleeps, waiting to be killed.
 * Arguments: url, user (or "-"), password (or "-").
 */
public final class HoldLockMain {

    /** Version 1: holds the lock until the process dies. */
    @MigrationInfo(version = "1", description = "sleeps")
    public static final class Sleeps implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            context.execute("CREATE TABLE half_done (id INT)");
            System.out.println("HOLDING");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    private HoldLockMain() {
    }

    public static void main(String[] args) {
        String user = "-".equals(args[1]) ? null : args[1];
        String password = "-".equals(args[2]) ? null : args[2];
        Migrator.create(new DriverDataSource(args[0], user, password),
                MigratorConfig.builder().locations("filesystem:/nonexistent").javaMigration(new Sleeps()).build()).migrate();
    }
}
