package dev.migrate.discovery.javamigrations;

import dev.migrate.JavaMigration;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationInfo;

/** Named by annotation rather than class name. */
@MigrationInfo(version = "4", description = "seed widgets", dependsOn = "3")
public class SeedWidgets implements JavaMigration {

    @Override
    public void up(MigrationContext context) throws Exception {
        context.execute("INSERT INTO widgets VALUES (1)");
    }

    @Override
    public void down(MigrationContext context) throws Exception {
        context.execute("DELETE FROM widgets");
    }
}
