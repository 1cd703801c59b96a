package dev.migrate.boot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.migrate.JavaMigration;
import dev.migrate.MigrateException;
import dev.migrate.MigrationFailedException;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.RollbackRequest;
import dev.migrate.boot.autoconfigure.MigrateAutoConfiguration;
import dev.migrate.boot.autoconfigure.MigrateMetricsAutoConfiguration;
import dev.migrate.boot.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
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
            Observation.Context failed = context.getBean(Registries.class).stopped.get(1);
            assertThat(failed.getContextualName()).isEqualTo("migrate up 2");
            assertThat(failed.getError()).isInstanceOf(MigrationFailedException.class);
        });
    }

    @Test
    void recordsARunRefusedBeforeTheLockAsAFailure() {
        runner.withUserConfiguration(Registries.class)
                .withPropertyValues("migrate.locations=classpath:migrations/duplicate", "migrate.on-startup=none").run(context -> {
            Migrator migrator = context.getBean(Migrator.class);
            assertThatThrownBy(migrator::migrate).isInstanceOf(MigrateException.class);
            assertThatThrownBy(() -> migrator.rollback(RollbackRequest.last())).isInstanceOf(MigrateException.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(MigrateMetrics.RUN_TIMER).tags("operation", "migrate", "outcome", "failure").timer().count())
                    .isEqualTo(1);
            assertThat(registry.get(MigrateMetrics.RUN_TIMER).tags("operation", "rollback", "outcome", "failure").timer().count())
                    .isEqualTo(1);
        });
    }

    /**
     * A server that takes connections and never answers, as a database behind a dropped network link does: the
     * driver waits without end (no socket timeout by default). A scrape waits {@link MigrateMetrics#STATUS_WAIT} once,
     * for the three gauges, and the scrapes of the next seconds not at all; one connection is tried, not one per gauge.
     */
    @Test
    void aScrapeDoesNotWaitForADatabaseThatDoesNotAnswer() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try {
                runner.withUserConfiguration(Registries.class).withPropertyValues("migrate.on-startup=none",
                        "migrate.url=jdbc:postgresql://127.0.0.1:" + server.getLocalPort() + "/silent").run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    long start = System.nanoTime();
                    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                        for (int scrape = 0; scrape < 2; scrape++) {
                            for (String gauge : List.of(MigrateMetrics.PENDING_GAUGE, MigrateMetrics.APPLIED_GAUGE,
                                    MigrateMetrics.FAILED_GAUGE)) {
                                assertThat(registry.get(gauge).gauge().value()).as(gauge).isNaN();
                            }
                        }
                    });
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(MigrateMetrics.STATUS_WAIT.plusSeconds(2));
                    assertThat(accepted).hasSize(1);
                });
            } finally {
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }

    /** A registry that outlives the context (a parent context's): the next context's gauges read its own database. */
    @Test
    void gaugesGoWithTheirContext() {
        SimpleMeterRegistry shared = new SimpleMeterRegistry();
        ApplicationContextRunner sharing = runner.withBean(MeterRegistry.class, () -> shared);
        sharing.run(context -> assertThat(shared.get(MigrateMetrics.PENDING_GAUGE).gauge().value()).isZero());
        assertThat(shared.find(MigrateMetrics.PENDING_GAUGE).gauge()).isNull();
        sharing.withPropertyValues("migrate.on-startup=none")
                .run(context -> assertThat(shared.get(MigrateMetrics.PENDING_GAUGE).gauge().value()).isEqualTo(4));
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

    /**
     * With {@code group} the steps' ends are told when the group commits, in order: each ends its own observation, and
     * none is the parent of the next (tracing would show the steps nested one in another).
     */
    @Test
    void observesTheStepsOfAGroupOneAfterAnother() {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRES)) {
            runner.withUserConfiguration(Registries.class)
                    .withPropertyValues("spring.datasource.url=" + database.url(), "migrate.group=true").run(context -> {
                List<Observation.Context> observed = context.getBean(Registries.class).stopped;
                assertThat(observed).extracting(Observation.Context::getContextualName)
                        .containsExactly("migrate up 1", "migrate up 2", "migrate up 3", "migrate up R__book_titles.sql");
                assertThat(observed).allSatisfy(step -> assertThat(step.getParentObservation()).isNull());
            });
        }
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
