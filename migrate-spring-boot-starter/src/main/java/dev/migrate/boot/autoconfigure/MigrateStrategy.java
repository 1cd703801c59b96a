package dev.migrate.boot.autoconfigure;

import dev.migrate.Migrator;

/**
 * Replaces what happens at startup. Without a bean of this type the {@link MigrateInitializer}
 * follows {@code migrate.on-startup}; with one, it calls {@link #run(Migrator)} instead and
 * {@code on-startup} is ignored.
 *
 * <pre>{@code
 * @Bean
 * MigrateStrategy validateThenMigrate() {
 *     return migrator -> {
 *         migrator.validate();
 *         migrator.migrate();
 *     };
 * }
 * }</pre>
 */
@FunctionalInterface
public interface MigrateStrategy {

    /**
     * Called once at startup, before JPA, {@code JdbcTemplate} and {@code JdbcClient} users are
     * created. An exception thrown here fails the application's startup.
     */
    void run(Migrator migrator);
}
