package dev.migrate.boot.autoconfigure;

import dev.migrate.Migrator;
import dev.migrate.boot.health.MigrationsHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code migrations} health indicator ({@link MigrationsHealthIndicator}),
 * switched off with {@code management.health.migrations.enabled=false}.
 */
@AutoConfiguration(after = MigrateAutoConfiguration.class)
@ConditionalOnClass(value = Migrator.class, name = { "org.springframework.boot.health.contributor.HealthIndicator",
        "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator" })
@ConditionalOnBean(Migrator.class)
public final class MigrateHealthAutoConfiguration {

    /** Nested, so the health conditions are only read once the health module is known to be there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("migrations")
    static final class HealthConfiguration {

        /** Backs off for a bean of this type, or any bean with this name (Boot's convention for health indicators). */
        @Bean
        @ConditionalOnMissingBean(value = MigrationsHealthIndicator.class, name = "migrationsHealthIndicator")
        MigrationsHealthIndicator migrationsHealthIndicator(Migrator migrator) {
            return new MigrationsHealthIndicator(migrator);
        }
    }
}
