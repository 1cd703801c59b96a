package dev.migrate.boot.autoconfigure;

import dev.migrate.Migrator;
import dev.migrate.boot.health.MigrationsHealthIndicator;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code migrations} health indicator ({@link MigrationsHealthIndicator}; with several
 * {@code Migrator} beans, one per bean under {@code migrations}), switched off with {@code management.health.migrations.enabled=false}.
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

        /**
         * One indicator for the {@code Migrator} bean, or, with several, a composite of one per bean, named after it, so that
         * every database is reported. Backs off for a bean of this type, or any bean with one of these names (Boot's
         * convention for health contributors).
         */
        @Bean
        @ConditionalOnMissingBean(value = MigrationsHealthIndicator.class,
                name = { "migrationsHealthIndicator", "migrationsHealthContributor" })
        HealthContributor migrationsHealthIndicator(ListableBeanFactory beanFactory) {
            Map<String, Migrator> migrators = beanFactory.getBeansOfType(Migrator.class);
            if (migrators.size() == 1) {
                return new MigrationsHealthIndicator(migrators.values().iterator().next());
            }
            return CompositeHealthContributor.fromMap(migrators, MigrationsHealthIndicator::new);
        }
    }
}
