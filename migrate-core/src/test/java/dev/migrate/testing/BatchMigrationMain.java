package dev.migrate.testing;

import dev.migrate.JavaMigration;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationInfo;
import dev.migrate.MigrationListener;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.ProgressEvent;
import dev.migrate.internal.DriverDataSource;

/**
 * A batched data migration over table {@code big} (adds 1 to {@code touched} in every row), run by
 * {@code DataMigrationKillTests} in a separate JVM so it can be killed mid-way, and in-process to
 * resume. Prints {@code PROGRESS <rowsDone>} after each committed batch.
 * Arguments: url, user (or "-"), password (or "-"), and optionally {@code two-loops} to run
 * {@link TwoLoops} instead, which prints {@code PROGRESS <task> <rowsDone>}.
 */
public final class BatchMigrationMain {

    /** Version 1: the data migration. */
    @MigrationInfo(version = "1", description = "touch every row", transactional = false)
    public static final class TouchEveryRow implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            context.batches("big", "id").size(10_000)
                    .forEach(batch -> batch.update("UPDATE big SET touched = touched + 1 WHERE id BETWEEN ? AND ?"));
        }
    }

    /** Version 1 as two loops over the same table and key: touched, then second, in every row. */
    @MigrationInfo(version = "1", description = "touch every row twice over", transactional = false)
    public static final class TwoLoops implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            context.batches("big", "id").size(5_000)
                    .forEach(batch -> batch.update("UPDATE big SET touched = touched + 1 WHERE id BETWEEN ? AND ?"));
            context.batches("big", "id").size(5_000)
                    .forEach(batch -> batch.update("UPDATE big SET second = second + 1 WHERE id BETWEEN ? AND ?"));
        }
    }

    private BatchMigrationMain() {
    }

    /** The migrator of {@link TwoLoops}. */
    public static Migrator twoLoops(String url, String user, String password, MigrationListener listener) {
        return Migrator.create(new DriverDataSource(url, user, password), MigratorConfig.builder()
                .locations("filesystem:/nonexistent").javaMigration(new TwoLoops()).listener(listener).build());
    }

    public static Migrator migrator(String url, String user, String password, MigrationListener listener) {
        return Migrator.create(new DriverDataSource(url, user, password), MigratorConfig.builder()
                .locations("filesystem:/nonexistent").javaMigration(new TouchEveryRow()).listener(listener).build());
    }

    public static void main(String[] args) {
        String user = "-".equals(args[1]) ? null : args[1];
        String password = "-".equals(args[2]) ? null : args[2];
        if (args.length > 3 && args[3].equals("two-loops")) {
            twoLoops(args[0], user, password, new MigrationListener() {
                @Override
                public void progress(ProgressEvent event) {
                    System.out.println("PROGRESS " + event.task() + " " + event.rowsDone());
                    System.out.flush();
                }
            }).migrate();
            return;
        }
        migrator(args[0], user, password, new MigrationListener() {
            @Override
            public void progress(ProgressEvent event) {
                System.out.println("PROGRESS " + event.rowsDone());
                System.out.flush();
            }
        }).migrate();
    }
}
