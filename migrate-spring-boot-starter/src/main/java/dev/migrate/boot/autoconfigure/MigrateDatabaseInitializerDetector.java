package dev.migrate.boot.autoconfigure;

import dev.migrate.ConfigurationException;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

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

    /** Boot's detector of the {@code FlywayMigrationInitializer} its Flyway auto-configuration defines. */
    private static final String FLYWAY_DETECTOR =
            "org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializerDatabaseInitializerDetector";

    private static final String FLYWAY_DATA_SOURCE = "org.springframework.boot.flyway.autoconfigure.FlywayDataSource";

    /** The application's primary {@code DataSource}, where no URL names it. */
    private static final String PRIMARY = "<primary>";

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
        String flyway = null;
        for (String name : dataSourceInitializerNames) {
            Object detector = beanFactory.getBeanDefinition(name).getAttribute(DatabaseInitializerDetector.class.getName());
            migrate |= getClass().getName().equals(detector);
            deferredJpa |= JPA_DETECTOR.equals(detector);
            if (FLYWAY_DETECTOR.equals(detector)) {
                flyway = name;
            }
        }
        if (migrate && flyway != null) {
            refuseFlywayOnTheSameDatabase(beanFactory, flyway);
        }
        if (migrate && deferredJpa) {
            log.warn("spring.jpa.defer-datasource-initialization=true makes Spring Boot build the EntityManagerFactory before"
                    + " Migrate runs the migrations, so Hibernate sees the schema as it was before them (ddl-auto=validate fails"
                    + " on a missing table or column). Remove the setting: without it Migrate runs first, then schema.sql and"
                    + " data.sql, then Hibernate");
        }
    }

    /**
     * Spring Boot's Flyway support left beside the starter (spring-boot-starter-flyway still in the build) migrates at
     * startup too, from the same {@code db/migration} by default: each tool then refuses the schema the other made, or,
     * once Migrate has been given a baseline, both apply every new script, twice. Refused before either runs anything,
     * where both would migrate the same database: neither has a URL or {@code DataSource} of its own, or both the same
     * one, unless both name a schema to run in and the two differ.
     */
    private static void refuseFlywayOnTheSameDatabase(ConfigurableListableBeanFactory beanFactory, String flywayInitializer) {
        if (!(beanFactory.getBean(Environment.class) instanceof ConfigurableEnvironment environment)) {
            return;
        }
        Binder binder = Binder.get(environment);
        String flywayDatabase = database(beanFactory, environment, "spring.flyway.url", FLYWAY_DATA_SOURCE);
        String migrateDatabase = database(beanFactory, environment, "migrate.url", MigrateDataSource.class.getName());
        String flywaySchema = schema(binder, "spring.flyway");
        String migrateSchema = schema(binder, "migrate");
        boolean sameSchema = flywaySchema == null || migrateSchema == null || flywaySchema.equalsIgnoreCase(migrateSchema);
        if (flywayDatabase.equals(migrateDatabase) && sameSchema) {
            String database = flywayDatabase.equals(PRIMARY) ? "the application's DataSource"
                    : MigrateAutoConfiguration.OwnConnections.withoutSecrets(flywayDatabase);
            throw new FlywayAlsoMigratesException("Spring Boot's Flyway support is on the class path too (bean '" + flywayInitializer
                    + "'): Flyway and Migrate would both migrate " + database + " at startup, each refusing the schema the other"
                    + " made, or applying the same scripts twice. Remove spring-boot-starter-flyway (or spring-boot-flyway) from"
                    + " the build, or set spring.flyway.enabled=false; Migrate reads Flyway's scripts as they are, and"
                    + " migrate.baseline-on-migrate with migrate.baseline-version carries on from Flyway's last version. Where"
                    + " Flyway is meant to migrate another database, give it spring.flyway.url or a @FlywayDataSource bean");
        }
    }

    /** Which database a tool migrates: its URL property, else its qualified {@code DataSource} bean, else the primary one. */
    private static String database(ConfigurableListableBeanFactory beanFactory, Environment environment, String urlProperty,
            String qualifier) {
        String url = environment.getProperty(urlProperty);
        if (StringUtils.hasText(url)) {
            return url.strip();
        }
        if (ClassUtils.isPresent(qualifier, beanFactory.getBeanClassLoader())) {
            @SuppressWarnings("unchecked")
            Class<? extends Annotation> annotation = (Class<? extends Annotation>) ClassUtils.resolveClassName(qualifier,
                    beanFactory.getBeanClassLoader());
            for (String name : beanFactory.getBeanNamesForType(DataSource.class, true, false)) {
                if (beanFactory.findAnnotationOnBean(name, annotation, false) != null) {
                    return "DataSource bean '" + name + "'";
                }
            }
        }
        String primary = environment.getProperty("spring.datasource.url");
        return StringUtils.hasText(primary) ? primary.strip() : PRIMARY;
    }

    /** The schema a tool's migrations run in, where set: its {@code default-schema}, else the first of its {@code schemas}. */
    private static String schema(Binder binder, String prefix) {
        String schema = binder.bind(prefix + ".default-schema", String.class).orElse(null);
        if (StringUtils.hasText(schema)) {
            return schema.strip();
        }
        return binder.bind(prefix + ".schemas", Bindable.listOf(String.class)).orElse(List.of()).stream()
                .filter(StringUtils::hasText).map(String::strip).findFirst().orElse(null);
    }

    /** Flyway's auto-configuration would migrate the database Migrate migrates. */
    static final class FlywayAlsoMigratesException extends ConfigurationException {

        private static final long serialVersionUID = 1L;

        FlywayAlsoMigratesException(String message) {
            super(message);
        }
    }
}
