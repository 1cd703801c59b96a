package dev.migrate.boot.autoconfigure;

import dev.migrate.ConfigurationException;
import dev.migrate.JavaMigration;
import dev.migrate.MigrationListener;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of Migrate: a {@link Migrator} built from {@code migrate.*} properties and the
 * environment preset, and a {@link MigrateInitializer} that runs it at startup, before any bean that
 * uses the database.
 *
 * <p>Override points: every bean is {@code @ConditionalOnMissingBean}; {@link MigrateCustomizer}
 * beans change the configuration; a {@link MigrateStrategy} bean replaces what happens at startup;
 * {@link JavaMigration} and {@link MigrationListener} beans are registered; a {@code DataSource}
 * qualified {@link MigrateDataSource @MigrateDataSource} is used instead of the primary one.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(Migrator.class)
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "migrate.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MigrateProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class MigrateAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MigrateSettings migrateSettings(MigrateProperties properties, Environment environment) {
        return MigrateSettings.resolve(properties, environment);
    }

    @Bean
    @ConditionalOnMissingBean
    Migrator migrator(MigrateProperties properties, MigrateSettings settings, ObjectProvider<DataSource> dataSource,
            @MigrateDataSource ObjectProvider<DataSource> migrateDataSource, ObjectProvider<JavaMigration> javaMigrations,
            ObjectProvider<MigrationListener> listeners, ObjectProvider<MigrateCustomizer> customizers,
            ResourceLoader resourceLoader) {
        DataSource source = dataSourceToMigrate(dataSource, migrateDataSource);
        MigratorConfig.Builder builder = MigratorConfig.builder()
                .locations(properties.getLocations())
                .table(properties.getTable())
                .auditTable(properties.getAuditTable())
                .lockTable(properties.getLockTable())
                .progressTable(properties.getProgressTable())
                .schema(properties.getSchema())
                .lockTimeout(properties.getLockTimeout())
                .lockLease(properties.getLockLease())
                .outOfOrder(properties.isOutOfOrder())
                .ignoreFutureMigrations(properties.isIgnoreFutureMigrations())
                .validateOnMigrate(properties.isValidateOnMigrate())
                .baselineOnMigrate(properties.isBaselineOnMigrate())
                .baselineVersion(properties.getBaselineVersion())
                .cleanAllowed(settings.cleanAllowed())
                .logSql(settings.logSql())
                .placeholders(properties.getPlaceholders())
                .environment(settings.environment().label())
                .installedBy(properties.getInstalledBy())
                .onFailure(properties.getOnFailure())
                .javaMigrations(javaMigrations.orderedStream().toList())
                .listeners(listeners.orderedStream().toList())
                .classLoader(resourceLoader.getClassLoader());
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return Migrator.create(source, builder.build());
    }

    /** The {@code @MigrateDataSource} one, else the primary (or only) one. */
    static DataSource dataSourceToMigrate(ObjectProvider<DataSource> dataSource, ObjectProvider<DataSource> migrateDataSource) {
        DataSource source = migrateDataSource.getIfAvailable(dataSource::getIfUnique);
        if (source == null) {
            throw new ConfigurationException("Migrate found several DataSource beans and none is @Primary: mark the one"
                    + " to migrate with @MigrateDataSource, or one of them @Primary");
        }
        return source;
    }

    @Bean
    @ConditionalOnMissingBean
    MigrateProgressLog migrateProgressLog() {
        return new MigrateProgressLog();
    }

    @Bean
    @ConditionalOnMissingBean
    MigrateInitializer migrateInitializer(Migrator migrator, MigrateSettings settings, ObjectProvider<MigrateStrategy> strategy) {
        return new MigrateInitializer(migrator, settings, strategy.getIfAvailable());
    }
}
