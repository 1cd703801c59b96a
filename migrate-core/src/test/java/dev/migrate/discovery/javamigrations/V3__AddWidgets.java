package dev.migrate.discovery.javamigrations;

import dev.migrate.JavaMigration;
import dev.migrate.MigrationContext;

/** Found by scanning the classpath location {@code classpath:dev/migrate/discovery/javamigrations}. */
public class V3__AddWidgets implements JavaMigration {

    @Override
    public void up(MigrationContext context) throws Exception {
        context.execute("CREATE TABLE widgets (id INT)");
    }
}
