package dev.migrate.boot.autoconfigure;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Spring Boot that {@link MigrateInitializer} beans initialize the database, so that beans
 * depending on database initialization (JPA, {@code JdbcTemplate}, {@code JdbcClient}) wait for them.
 * Registered in {@code META-INF/spring.factories}.
 */
final class MigrateDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    /** Before script-based initialization ({@code schema.sql}, {@code data.sql}), which may use the migrated tables. */
    static final int ORDER = 1;

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(MigrateInitializer.class);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
