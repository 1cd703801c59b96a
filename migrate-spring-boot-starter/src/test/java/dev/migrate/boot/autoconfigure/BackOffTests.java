package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import dev.migrate.boot.actuate.MigrationsEndpoint;
import dev.migrate.boot.actuate.MigrationsEndpointWebExtension;
import dev.migrate.boot.actuate.PlanLedger;
import dev.migrate.boot.health.MigrationsHealthIndicator;
import dev.migrate.boot.metrics.MigrateMetrics;
import dev.migrate.boot.metrics.MigrateObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every auto-configured bean backs off when the application defines one of its own. The
 * {@code Migrator}, the initializer and the endpoint have their own tests in
 * {@link MigrateAutoConfigurationTests} and {@link MigrateEndpointAutoConfigurationTests}.
 */
class BackOffTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class,
                    MigrateEndpointAutoConfiguration.class, MigrateHealthAutoConfiguration.class, MigrateMetricsAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true", "management.endpoints.web.exposure.include=migrations")
            .withUserConfiguration(Registries.class);

    static Stream<Arguments> beans() {
        return Stream.of(
                Arguments.of(MigrateSettings.class, UserSettings.class),
                Arguments.of(MigrateProgressLog.class, UserProgressLog.class),
                Arguments.of(PlanLedger.class, UserPlanLedger.class),
                Arguments.of(MigrationsEndpointWebExtension.class, UserWebExtension.class),
                Arguments.of(MigrationsHealthIndicator.class, UserHealthIndicator.class),
                Arguments.of(MigrateMetrics.class, UserMetrics.class),
                Arguments.of(MigrateObservations.class, UserObservations.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("beans")
    void backsOffWhenTheUserDefinesOne(Class<?> type, Class<?> userConfiguration) {
        runner.withUserConfiguration(userConfiguration).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeanNamesForType(type)).as("beans of type %s", type.getSimpleName())
                    .containsExactly("user" + type.getSimpleName());
        });
    }

    @Test
    void withoutUserBeansEachIsAutoConfigured() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            beans().map(arguments -> (Class<?>) arguments.get()[0])
                    .forEach(type -> assertThat(context).as(type.getSimpleName()).hasSingleBean(type));
        });
    }

    @Test
    void healthIndicatorBacksOffForAnyBeanNamedMigrationsHealthIndicator() {
        runner.withUserConfiguration(NamedHealthIndicator.class).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(MigrationsHealthIndicator.class);
            assertThat(context.getBean("migrationsHealthIndicator", HealthIndicator.class).health().getDetails())
                    .containsEntry("own", true);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Registries {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        ObservationRegistry observationRegistry() {
            return ObservationRegistry.create();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserSettings {

        @Bean
        MigrateSettings userMigrateSettings() {
            return new MigrateSettings(MigrateEnvironment.DEV, "user bean", OnStartup.MIGRATE, true, false, true, false, false,
                    Duration.ofMinutes(5));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserProgressLog {

        @Bean
        MigrateProgressLog userMigrateProgressLog() {
            return new MigrateProgressLog();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserPlanLedger {

        @Bean
        PlanLedger userPlanLedger(DataSource dataSource, Migrator migrator) {
            return new PlanLedger(dataSource, migrator.config());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserWebExtension {

        @Bean
        MigrationsEndpointWebExtension userMigrationsEndpointWebExtension(MigrationsEndpoint endpoint) {
            return new MigrationsEndpointWebExtension(endpoint);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserHealthIndicator {

        @Bean
        MigrationsHealthIndicator userMigrationsHealthIndicator(Migrator migrator) {
            return new MigrationsHealthIndicator(migrator);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NamedHealthIndicator {

        @Bean
        HealthIndicator migrationsHealthIndicator() {
            return () -> Health.up().withDetail("own", true).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserMetrics {

        @Bean
        MigrateMetrics userMigrateMetrics(MeterRegistry registry, ObjectProvider<Migrator> migrator) {
            return new MigrateMetrics(registry, migrator::getObject);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserObservations {

        @Bean
        MigrateObservations userMigrateObservations(ObservationRegistry registry) {
            return new MigrateObservations(registry);
        }
    }
}
