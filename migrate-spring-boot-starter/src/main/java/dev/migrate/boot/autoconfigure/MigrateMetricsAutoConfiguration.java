package dev.migrate.boot.autoconfigure;

import dev.migrate.Migrator;
import dev.migrate.boot.metrics.MigrateMetrics;
import dev.migrate.boot.metrics.MigrateObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of Migrate's Micrometer meters ({@link MigrateMetrics}) where a
 * {@link MeterRegistry} bean exists, and of an Observation per migration step
 * ({@link MigrateObservations}) where an {@link ObservationRegistry} bean exists. Both are
 * {@code MigrationListener} beans, which the {@code Migrator} registers.
 */
@AutoConfiguration(after = MigrateAutoConfiguration.class,
        afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
                "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass(Migrator.class)
@ConditionalOnBean(Migrator.class)
public final class MigrateMetricsAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static final class MeterConfiguration {

        @Bean
        @ConditionalOnMissingBean
        MigrateMetrics migrateMetrics(MeterRegistry registry, ObjectProvider<Migrator> migrator) {
            return new MigrateMetrics(registry, migrator::getObject);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    @ConditionalOnBean(ObservationRegistry.class)
    static final class ObservationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        MigrateObservations migrateObservations(ObservationRegistry registry) {
            return new MigrateObservations(registry);
        }
    }
}
