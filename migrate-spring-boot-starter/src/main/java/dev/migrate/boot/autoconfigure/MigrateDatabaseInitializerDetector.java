package dev.migrate.boot.autoconfigure;

import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;

/**
 * Tells Spring Boot that {@link MigrateInitializer} beans initialize the database, so that beans
 * depending on database initialization (JPA, {@code JdbcTemplate}, {@code JdbcClient}) wait for them.
 * Registered in {@code META-INF/spring.factories}.
 */
final class MigrateDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    /** Before script-based initialization ({@code schema.sql}, {@code data.sql}), which may use the migrated tables. */
    static final int ORDER = 1;

    /** Boot's detector of the {@code EntityManagerFactory} as an initializer, which it is with deferred initialization only. */
    private static final String JPA_DETECTOR = "org.springframework.boot.jpa.JpaDatabaseInitializerDetector";

    private static final Logger log = LoggerFactory.getLogger(MigrateDatabaseInitializerDetector.class);

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(MigrateInitializer.class);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /**
     * Called by Boot once every detector has found its initializers. With
     * {@code spring.jpa.defer-datasource-initialization=true} Boot builds the {@code EntityManagerFactory} before every
     * other initializer, this one's too: Hibernate then sees the schema before the migrations ran, and
     * {@code ddl-auto=validate} fails naming a missing table, not the setting. Says which setting it is.
     */
    @Override
    public void detectionComplete(ConfigurableListableBeanFactory beanFactory, Set<String> dataSourceInitializerNames) {
        boolean migrate = false;
        boolean deferredJpa = false;
        for (String name : dataSourceInitializerNames) {
            Object detector = beanFactory.getBeanDefinition(name).getAttribute(DatabaseInitializerDetector.class.getName());
            migrate |= getClass().getName().equals(detector);
            deferredJpa |= JPA_DETECTOR.equals(detector);
        }
        if (migrate && deferredJpa) {
            log.warn("spring.jpa.defer-datasource-initialization=true makes Spring Boot build the EntityManagerFactory before"
                    + " Migrate runs the migrations, so Hibernate sees the schema as it was before them (ddl-auto=validate fails"
                    + " on a missing table or column). Remove the setting: without it Migrate runs first, then schema.sql and"
                    + " data.sql, then Hibernate");
        }
    }
}
