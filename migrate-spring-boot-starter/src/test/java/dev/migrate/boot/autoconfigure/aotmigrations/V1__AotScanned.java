package dev.migrate.boot.autoconfigure.aotmigrations;

import dev.migrate.JavaMigration;
import dev.migrate.MigrationContext;

/** A Java migration found by scanning {@code classpath:dev/migrate/boot/autoconfigure/aotmigrations}, not a bean. */
public class V1__AotScanned implements JavaMigration {

    @Override
    public void up(MigrationContext context) {
    }
}
