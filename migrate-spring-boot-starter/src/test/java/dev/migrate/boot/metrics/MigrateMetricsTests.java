package dev.migrate.boot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.JavaMigration;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.RollbackRequest;
import dev.migrate.boot.autoconfigure.MigrateAutoConfiguration;
import dev.migrate.boot.autoconfigure.MigrateMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MigrateMetricsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class,
                    MigrateMetricsAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true");

    @Test
    void timesEachMigrationAppliedAtStartupWithItsTags() {
        runner.withUserConfiguration(Registries.class).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            for (String version : List.of("1", "2", "3", "R__book_titles.sql")) {
                Timer timer = registry.find(MigrateMetrics.MIGRATION_TIMER)
                        .tags("version", version, "direction", "up", "outcome", "success").timer();
                assertThat(timer).as("timer of %s", version).isNotNull();
                assertThat(timer.count()).isEqualTo(1);
            }
            assertThat(registry.find(MigrateMetrics.MIGRATION_TIMER).timers()).hasSize(4);
            assertThat(registry.get(MigrateMetrics.RUN_TIMER).tags("operation", "migrate", "outcome", "success").timer().count())
                    .isEqualTo(1);
        });
    }

    @Test
    void countsTheRowsOfBatchedDataMigrations() {
        runner.withUserConfiguration(Registries.class, BatchedMigration.class).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(MigrateMetrics.DATA_ROWS_COUNTER).tags("version", "4", "task", "numbers.n").counter().count())
                    .isEqualTo(2500);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class BatchedMigration {

        @Bean
        JavaMigration numbers() {
            return new Numbers();
        }
    }

    /** Fills a table, then walks it in batches of 1,000. */
    @MigrationInfo(version = "4", description = "numbers", transactional = false)
    static class Numbers implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            context.execute("CREATE TABLE numbers (n INT PRIMARY KEY, twice INT)");
            context.execute("INSERT INTO numbers (n) SELECT X FROM SYSTEM_RANGE(1, 2500)");
            context.batches("numbers", "n").size(1000)
                    .forEach(batch -> batch.update("UPDATE numbers SET twice = n * 2 WHERE n BETWEEN ? AND ?"));
        }
    }

    @Test
    void timesRollbacksAsDirectionDown() {
        runner.withUserConfiguration(Registries.class).run(context -> {
            context.getBean(Migrator.class).rollback(RollbackRequest.last());
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(MigrateMetrics.MIGRATION_TIMER).tags("version", "3", "direction", "down", "outcome", "success")
                    .timer().count()).isEqualTo(1);
            assertThat(registry.get(MigrateMetrics.RUN_TIMER).tags("operation", "rollback").timer().count()).isEqualTo(1);
        });
    }

    @Test
    void recordsFailuresWithOutcomeFailure() {
        runner.withUserConfiguration(Registries.class)
                .withPropertyValues("migrate.locations=classpath:migrations/failing", "migrate.on-startup=none").run(context -> {
            try {
                context.getBean(Migrator.class).migrate();
            } catch (RuntimeException expected) {
                // the failure is what is measured
            }
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(MigrateMetrics.MIGRATION_TIMER).tags("version", "2", "outcome", "failure").timer().count())
                    .isEqualTo(1);
            assertThat(registry.get(MigrateMetrics.RUN_TIMER).tags("operation", "migrate", "outcome", "failure").timer().count())
                    .isEqualTo(1);
            assertThat(registry.get(MigrateMetrics.FAILED_GAUGE).gauge().value()).isEqualTo(1);
        });
    }

    @Test
    void gaugesCountPendingAppliedAndFailedMigrations() {
        runner.withUserConfiguration(Registries.class).withPropertyValues("migrate.on-startup=none").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(MigrateMetrics.PENDING_GAUGE).gauge().value()).isEqualTo(4);
            assertThat(registry.get(MigrateMetrics.APPLIED_GAUGE).gauge().value()).isZero();
            context.getBean(Migrator.class).migrate("2");
            assertThat(registry.get(MigrateMetrics.PENDING_GAUGE).gauge().value()).isEqualTo(2);
            assertThat(registry.get(MigrateMetrics.APPLIED_GAUGE).gauge().value()).isEqualTo(2);
            assertThat(registry.get(MigrateMetrics.FAILED_GAUGE).gauge().value()).isZero();
        });
    }

    @Test
    void observesEachMigrationStep() {
        runner.withUserConfiguration(Registries.class).run(context -> {
            List<Observation.Context> observed = context.getBean(Registries.class).stopped;
            assertThat(observed).extracting(Observation.Context::getName).containsOnly(MigrateObservations.NAME);
            assertThat(observed).extracting(Observation.Context::getContextualName)
                    .containsExactly("migrate up 1", "migrate up 2", "migrate up 3", "migrate up R__book_titles.sql");
            assertThat(observed.get(0).getLowCardinalityKeyValue("direction").getValue()).isEqualTo("up");
        });
    }

    @Test
    void backsOffWithoutAMeterRegistry() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MigrateMetrics.class)
                        .doesNotHaveBean(MigrateObservations.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class Registries {

        final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        ObservationRegistry observationRegistry() {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new ObservationHandler<>() {
                @Override
                public void onStop(Observation.Context context) {
                    stopped.add(context);
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            });
            return registry;
        }
    }
}
