package dev.migrate.boot.autoconfigure;

import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import dev.migrate.ValidationException;
import dev.migrate.ValidationResult;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanNameAware;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.Ordered;

/**
 * Runs the migrations when the application starts: the {@link MigrateStrategy} if there is one,
 * else what {@code migrate.on-startup} says. Beans that use the database (JPA's
 * {@code EntityManagerFactory}, {@code JdbcTemplate}, {@code JdbcClient}, beans annotated
 * {@code @DependsOnDatabaseInitialization}) are created only after this bean, through Spring Boot's
 * database-initializer detection. When the JVM shuts down (SIGTERM) during the migration, it is cancelled
 * ({@link CancelOnShutdown}) and the start fails with the {@code OperationCancelledException}.
 *
 * <p>The starter defines one for the only {@code Migrator} bean, or the {@code @Primary} one. To migrate several
 * databases at startup, declare one for each {@code Migrator} (they run as Spring creates them; {@code @DependsOn}
 * makes one wait for another):
 *
 * <pre>{@code
 * @Bean
 * MigrateInitializer reportsMigrateInitializer(@Qualifier("reportsMigrator") Migrator reports) {
 *     return new MigrateInitializer(reports);
 * }
 * }</pre>
 */
public class MigrateInitializer implements InitializingBean, BeanNameAware, Ordered {

    private static final Logger log = LoggerFactory.getLogger(MigrateInitializer.class);

    private final Migrator migrator;
    private final MigrateSettings settings;
    private final MigrateStrategy strategy;
    private final String target;
    private int order;
    private String beanName;
    private Duration shutdownTimeout = CancelOnShutdown.DEFAULT_TIMEOUT;

    /**
     * Migrates everything pending at startup, whatever {@code migrate.on-startup} says. To follow it (and a
     * {@link MigrateStrategy}), pass the {@link MigrateSettings} bean with
     * {@link #MigrateInitializer(Migrator, MigrateSettings, MigrateStrategy, String)}.
     */
    public MigrateInitializer(Migrator migrator) {
        this(migrator, null, null, null);
    }

    /**
     * @param settings the {@link MigrateSettings} bean, whose {@code on-startup} says what to run
     * @param strategy what to run instead of {@code on-startup}, or null
     */
    public MigrateInitializer(Migrator migrator, MigrateSettings settings, MigrateStrategy strategy) {
        this(migrator, settings, strategy, null);
    }

    /**
     * @param settings the {@link MigrateSettings} bean, whose {@code on-startup} says what to run; null to migrate
     * @param strategy what to run instead of {@code on-startup}, or null
     * @param target   the version {@code on-startup=migrate} migrates up to ({@code migrate.target}), or null for all
     */
    public MigrateInitializer(Migrator migrator, MigrateSettings settings, MigrateStrategy strategy, String target) {
        if (migrator == null) {
            throw new IllegalArgumentException("MigrateInitializer needs the Migrator to run");
        }
        this.migrator = migrator;
        this.settings = settings;
        this.strategy = strategy;
        this.target = target;
    }

    @Override
    public void afterPropertiesSet() {
        String of = of();
        if (settings != null) {
            log.info(settings.describe());
        }
        if (strategy != null) {
            log.info("Running the MigrateStrategy bean {}{} instead of on-startup={}", strategy.getClass().getName(), of,
                    onStartup().name().toLowerCase(java.util.Locale.ROOT));
            CancelOnShutdown.runAtStartup(migrator, shutdownTimeout, "the MigrateStrategy" + of, () -> {
                strategy.run(migrator);
                return null;
            });
            return;
        }
        switch (onStartup()) {
            case MIGRATE -> {
                MigrateResult result = CancelOnShutdown.runAtStartup(migrator, shutdownTimeout, "the startup migration" + of,
                        () -> migrator.migrate(target));
                if (!result.nothingToDo()) {
                    log.info("Applied {} migration(s) in batch {} in {} ms: now at version {}{}{}", result.applied().size(),
                            result.batch(), result.durationMs(), result.toVersion(),
                            target == null ? "" : " (migrate.target=" + target + ")", of);
                }
            }
            case VALIDATE -> {
                ValidationResult result = migrator.validate();
                result.warnings().forEach(w -> log.warn("Migrate{}: {}", of, w));
                if (!result.isValid()) {
                    throw new ValidationException(result.errors());
                }
                log.info("Migrations validated (migrate.on-startup=validate): nothing applied{}", of);
            }
            case NONE -> log.info("Migrations not run at startup (migrate.on-startup=none){}", of);
        }
    }

    private OnStartup onStartup() {
        return settings == null ? OnStartup.MIGRATE : settings.onStartup();
    }

    /** Which initializer logs, where the application declares its own (one per database): " (reportsMigrateInitializer)". */
    private String of() {
        return beanName == null || beanName.equals("migrateInitializer") ? "" : " (" + beanName + ")";
    }

    @Override
    public void setBeanName(String name) {
        this.beanName = name;
    }

    public Migrator getMigrator() {
        return migrator;
    }

    /**
     * How long the JVM's shutdown (or the context's close) waits for a migration it cancels ({@link CancelOnShutdown});
     * zero to let the migration run on instead. The auto-configured initializer takes {@code migrate.shutdown-timeout}.
     */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    public int getOrder() {
        return order;
    }

    public void setOrder(int order) {
        this.order = order;
    }
}
