package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import dev.migrate.boot.autoconfigure.jpa.Book;
import dev.migrate.boot.health.MigrationsHealthIndicator;
import dev.migrate.boot.metrics.MigrateMetrics;
import dev.migrate.boot.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Startup migration before JPA, metrics and health on each real database, not only H2. The endpoint
 * suite runs on each of them too ({@code *MigrationsEndpointTests}).
 */
class ServerDatabaseTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, TransactionAutoConfiguration.class,
                    HibernateJpaAutoConfiguration.class, MigrateAutoConfiguration.class, MigrateHealthAutoConfiguration.class,
                    MigrateMetricsAutoConfiguration.class))
            .withUserConfiguration(Config.class)
            .withPropertyValues("spring.jpa.hibernate.ddl-auto=validate", "spring.datasource.hikari.maximum-pool-size=3");

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void migratesBeforeJpaAndReportsHealthAndMetrics(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind)) {
            runner.withPropertyValues("spring.datasource.url=" + database.url()).run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(EntityManagerFactory.class);
                var entityManager = context.getBean(EntityManagerFactory.class).createEntityManager();
                try {
                    assertThat(entityManager.find(Book.class, 1).getIsbn()).isEqualTo("9780547773742");
                } finally {
                    entityManager.close();
                }
                assertThat(context.getBean(Migrator.class).status().current()).isEqualTo("3");
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.get(MigrateMetrics.MIGRATION_TIMER).tags("direction", "up", "outcome", "success").timers())
                        .hasSize(4);
                MigrationsHealthIndicator health = context.getBean(MigrationsHealthIndicator.class);
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                database.execute("UPDATE migrate_history SET checksum = checksum + 1 WHERE version = '2'");
                assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            });
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = Book.class)
    static class Config {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
