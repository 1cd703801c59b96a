package dev.migrate.boot.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.boot.autoconfigure.MigrateAutoConfiguration;
import dev.migrate.boot.autoconfigure.MigrateHealthAutoConfiguration;
import dev.migrate.boot.autoconfigure.MigrateMetricsAutoConfiguration;
import dev.migrate.boot.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * PostgreSQL refusing the application's connections after it started: the health indicator answers DOWN within the
 * pool's connection timeout (not after migrate.connect-retries), naming the cause, the gauges read NaN, and the indicator
 * is UP again once the database takes connections.
 */
class DatabaseDownAfterStartTests {

    @Test
    void healthIsDownAndGaugesNaNWhileTheDatabaseRefusesConnections() {
        TestDatabase.requireServer(TestDatabase.Kind.POSTGRES);
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRES)) {
            String name = database.url().substring(database.url().lastIndexOf('/') + 1, database.url().indexOf('?'));
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class,
                            MigrateHealthAutoConfiguration.class, MigrateMetricsAutoConfiguration.class))
                    .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                    .withPropertyValues("spring.datasource.url=" + database.url(), "spring.datasource.hikari.connection-timeout=2000",
                            "spring.datasource.hikari.maximum-pool-size=2", "migrate.connect-retries=5")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        MigrationsHealthIndicator indicator = context.getBean(MigrationsHealthIndicator.class);
                        MeterRegistry registry = context.getBean(MeterRegistry.class);
                        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
                        try {
                            admin(database, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
                            admin(database, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
                            long start = System.nanoTime();
                            Health health = indicator.health();
                            long millis = (System.nanoTime() - start) / 1_000_000;
                            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                            assertThat(health.getDetails()).containsKey("error");
                            assertThat(millis).isLessThan(10_000);
                            double pending = registry.get("migrate.migrations.pending").gauge().value();
                            assertThat(pending).isNaN();
                        } finally {
                            admin(database, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
                        }
                        // Read first while the database is down, the gauges are not cached from before; health is never cached.
                        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
                    });
        }
    }

    private static void admin(TestDatabase database, String sql) throws Exception {
        String admin = System.getenv("MIGRATE_TEST_POSTGRES_URL");
        try (var c = java.sql.DriverManager.getConnection(admin); var s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
