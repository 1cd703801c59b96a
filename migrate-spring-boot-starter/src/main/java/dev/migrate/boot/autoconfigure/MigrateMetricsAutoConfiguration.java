package dev.migrate.boot.autoconfigure;

import dev.migrate.Migrator;
import dev.migrate.boot.metrics.MigrateMetrics;
import dev.migrate.boot.metrics.MigrateObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ListableBeanFactory;
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

        /**
         * Gauges of the {@code Migrator} bean, or, with several, of each one, tagged with its bean name. The names are read
         * without creating the beans: this bean is a {@code MigrationListener}, which the auto-configured {@code Migrator}
         * takes when it is created.
         */
        @Bean
        @ConditionalOnMissingBean
        MigrateMetrics migrateMetrics(MeterRegistry registry, ObjectProvider<Migrator> migrator, ListableBeanFactory beanFactory) {
            String[] names = beanFactory.getBeanNamesForType(Migrator.class, true, false);
            if (names.length <= 1) {
                return new MigrateMetrics(registry, names.length == 0 ? migrator::getObject
                        : () -> beanFactory.getBean(names[0], Migrator.class));
            }
            Map<String, Supplier<Migrator>> each = new LinkedHashMap<>();
            for (String name : names) {
                each.put(name, () -> beanFactory.getBean(name, Migrator.class));
            }
            return new MigrateMetrics(registry, each);
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
