package dev.migrate.boot.autoconfigure;

import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import dev.migrate.ValidationException;
import dev.migrate.ValidationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.Ordered;

/**
 * Runs the migrations when the application starts: the {@link MigrateStrategy} if there is one,
 * else what {@code migrate.on-startup} says. Beans that use the database (JPA's
 * {@code EntityManagerFactory}, {@code JdbcTemplate}, {@code JdbcClient}, beans annotated
 * {@code @DependsOnDatabaseInitialization}) are created only after this bean, through Spring Boot's
 * database-initializer detection.
 */
public class MigrateInitializer implements InitializingBean, Ordered {

    private static final Logger log = LoggerFactory.getLogger(MigrateInitializer.class);

    private final Migrator migrator;
    private final MigrateSettings settings;
    private final MigrateStrategy strategy;
    private final String target;
    private int order;

    /**
     * @param strategy what to run instead of {@code on-startup}, or null
     */
    public MigrateInitializer(Migrator migrator, MigrateSettings settings, MigrateStrategy strategy) {
        this(migrator, settings, strategy, null);
    }

    /**
     * @param strategy what to run instead of {@code on-startup}, or null
     * @param target   the version {@code on-startup=migrate} migrates up to ({@code migrate.target}), or null for all
     */
    public MigrateInitializer(Migrator migrator, MigrateSettings settings, MigrateStrategy strategy, String target) {
        this.migrator = migrator;
        this.settings = settings;
        this.strategy = strategy;
        this.target = target;
    }

    @Override
    public void afterPropertiesSet() {
        log.info(settings.describe());
        if (strategy != null) {
            log.info("Running the MigrateStrategy bean {} instead of on-startup={}", strategy.getClass().getName(),
                    settings.onStartup().name().toLowerCase(java.util.Locale.ROOT));
            strategy.run(migrator);
            return;
        }
        switch (settings.onStartup()) {
            case MIGRATE -> {
                MigrateResult result = migrator.migrate(target);
                if (!result.nothingToDo()) {
                    log.info("Applied {} migration(s) in batch {} in {} ms: now at version {}{}", result.applied().size(),
                            result.batch(), result.durationMs(), result.toVersion(),
                            target == null ? "" : " (migrate.target=" + target + ")");
                }
            }
            case VALIDATE -> {
                ValidationResult result = migrator.validate();
                result.warnings().forEach(w -> log.warn("Migrate: {}", w));
                if (!result.isValid()) {
                    throw new ValidationException(result.errors());
                }
                log.info("Migrations validated (migrate.on-startup=validate): nothing applied");
            }
            case NONE -> log.info("Migrations not run at startup (migrate.on-startup=none)");
        }
    }

    public Migrator getMigrator() {
        return migrator;
    }

    @Override
    public int getOrder() {
        return order;
    }

    public void setOrder(int order) {
        this.order = order;
    }
}
