package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.migrate.MigrationListener;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.boot.actuate.MigrationsEndpoint;
import dev.migrate.boot.actuate.PlanLedger;
import dev.migrate.boot.health.MigrationsHealthIndicator;
import dev.migrate.boot.metrics.MigrateMetrics;
import dev.migrate.boot.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * An application that migrates two databases with a {@code Migrator} bean for each ({@code orders} on
 * {@code db/migration}, {@code reports} on {@code migrations/single}): the start, the health indicator, the gauges and
 * the endpoint, as docs/spring-boot.md ("Several databases") describes them.
 */
@ExtendWith(OutputCaptureExtension.class)
class SeveralMigratorsTests {

    private static final String HISTORY = "SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) = 'migrate_history'";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MigrateAutoConfiguration.class, MigrateEndpointAutoConfiguration.class,
                    MigrateHealthAutoConfiguration.class, MigrateMetricsAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=migrations")
            .withUserConfiguration(TwoDataSources.class);

    @Test
    void withoutAPrimaryOneOrInitializersTheStartFailsNamingThemBeforeMigratingEither() {
        try (TestDatabase orders = TestDatabase.create(TestDatabase.Kind.H2);
                TestDatabase reports = TestDatabase.create(TestDatabase.Kind.H2)) {
            runner.withUserConfiguration(TwoMigrators.class).withPropertyValues(urls(orders, reports)).run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("Migrate found 2 Migrator beans ('ordersMigrator', 'reportsMigrator') and none is @Primary")
                        .hasMessageContaining("Declare a MigrateInitializer bean for each Migrator")
                        .hasMessageContaining("mark the one to migrate @Primary");
                FailureAnalysis analysis = new MigrateFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis.getAction()).startsWith("Declare a MigrateInitializer bean for each Migrator bean")
                        .endsWith("Nothing was migrated.");
            });
            assertThat(orders.count(HISTORY)).as("orders migrated").isZero();
            assertThat(reports.count(HISTORY)).as("reports migrated").isZero();
        }
    }

    @Test
    void anInitializerPerMigratorMigratesBothAndHealthAndGaugesReportEachByName() {
        try (TestDatabase orders = TestDatabase.create(TestDatabase.Kind.H2);
                TestDatabase reports = TestDatabase.create(TestDatabase.Kind.H2)) {
            runner.withUserConfiguration(TwoMigrators.class, TwoInitializers.class).withPropertyValues(urls(orders, reports))
                    .run(context -> {
                        assertThat(context).hasNotFailed().doesNotHaveBean(MigrationsEndpoint.class).doesNotHaveBean(PlanLedger.class);
                        assertThat(context.getBeanNamesForType(MigrateInitializer.class))
                                .containsExactlyInAnyOrder("ordersMigrateInitializer", "reportsMigrateInitializer");
                        // orders stopped at its initializer's target, reports took everything.
                        assertThat(migrator(context, "ordersMigrator").status().current()).isEqualTo("2");
                        assertThat(migrator(context, "reportsMigrator").status().current()).isEqualTo("1");

                        assertThat(health(context, "ordersMigrator").getDetails()).containsEntry("current", "2")
                                .containsEntry("pending", 2);
                        assertThat(health(context, "reportsMigrator").getStatus()).isEqualTo(Status.UP);
                        reports.execute("UPDATE migrate_history SET checksum = checksum + 1 WHERE version = '1'");
                        assertThat(health(context, "reportsMigrator").getStatus()).isEqualTo(Status.DOWN);
                        assertThat(health(context, "ordersMigrator").getStatus()).isEqualTo(Status.UP);

                        MeterRegistry registry = context.getBean(MeterRegistry.class);
                        assertThat(gauge(registry, MigrateMetrics.PENDING_GAUGE, "ordersMigrator")).isEqualTo(2);
                        assertThat(gauge(registry, MigrateMetrics.APPLIED_GAUGE, "ordersMigrator")).isEqualTo(2);
                        assertThat(gauge(registry, MigrateMetrics.PENDING_GAUGE, "reportsMigrator")).isZero();
                        assertThat(gauge(registry, MigrateMetrics.APPLIED_GAUGE, "reportsMigrator")).isEqualTo(1);
                        assertThat(registry.find(MigrateMetrics.PENDING_GAUGE).gauges()).as("no untagged gauge").hasSize(2);
                        assertThat(registry.get(MigrateMetrics.RUN_TIMER).tags("operation", "migrate", "outcome", "success").timer()
                                .count()).as("one startup run per database").isEqualTo(2);
                    });
        }
    }

    /** The auto-configured initializer, the endpoint and the ledger take the @Primary one; health and gauges report both. */
    @Test
    void thePrimaryMigratorIsMigratedAndServedByTheEndpointAndTheOtherOnPostgresIsReported(CapturedOutput output) {
        try (TestDatabase orders = TestDatabase.create(TestDatabase.Kind.H2);
                TestDatabase reports = TestDatabase.create(TestDatabase.Kind.POSTGRES)) {
            runner.withUserConfiguration(PrimaryOrdersMigrator.class).withPropertyValues(urls(orders, reports)).run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(MigrateInitializer.class).hasSingleBean(PlanLedger.class);
                assertThat(context.getBean(MigrateInitializer.class).getMigrator()).isSameAs(migrator(context, "ordersMigrator"));
                assertThat(orders.count(HISTORY)).isEqualTo(1);
                assertThat(reports.count(HISTORY)).as("reports not migrated at startup").isZero();
                assertThat(output).contains("Migrate migrates the Migrator bean 'ordersMigrator' at startup, not 'reportsMigrator'");

                assertThat(context.getBean(MigrationsEndpoint.class).migrations().current()).isEqualTo("3");

                assertThat(health(context, "ordersMigrator").getDetails()).containsEntry("current", "3").containsEntry("pending", 0);
                assertThat(health(context, "reportsMigrator").getDetails()).containsEntry("current", "<none>")
                        .containsEntry("pending", 1);
                assertThat(gauge(context.getBean(MeterRegistry.class), MigrateMetrics.PENDING_GAUGE, "reportsMigrator")).isEqualTo(1);
            });
        }
    }

    private static String[] urls(TestDatabase orders, TestDatabase reports) {
        return new String[] { "test.orders.url=" + orders.url(), "test.orders.user=" + orders.user(),
                "test.reports.url=" + reports.url(), "test.reports.user=" + reports.user() };
    }

    private static Migrator migrator(AssertableWebApplicationContext context, String name) {
        return context.getBean(name, Migrator.class);
    }

    private static Health health(AssertableWebApplicationContext context, String migrator) {
        CompositeHealthContributor composite = context.getBean("migrationsHealthIndicator", CompositeHealthContributor.class);
        HealthIndicator indicator = (HealthIndicator) composite.getContributor(migrator);
        assertThat(indicator).as("health contributor %s", migrator).isInstanceOf(MigrationsHealthIndicator.class);
        return indicator.health();
    }

    private static double gauge(MeterRegistry registry, String name, String migrator) {
        return registry.get(name).tag(MigrateMetrics.MIGRATOR_TAG, migrator).gauge().value();
    }

    private static HikariDataSource dataSource(Environment environment, String name) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(environment.getRequiredProperty("test." + name + ".url"));
        dataSource.setUsername(environment.getRequiredProperty("test." + name + ".user"));
        dataSource.setMaximumPoolSize(2);
        return dataSource;
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoDataSources {

        @Bean
        @Primary
        HikariDataSource ordersDataSource(Environment environment) {
            return dataSource(environment, "orders");
        }

        @Bean(defaultCandidate = false)
        @Qualifier("reports")
        HikariDataSource reportsDataSource(Environment environment) {
            return dataSource(environment, "reports");
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    /** As docs/spring-boot.md shows them: each with the MigrationListener beans, MigrateMetrics among them. */
    @Configuration(proxyBeanMethods = false)
    static class TwoMigrators {

        @Bean
        Migrator ordersMigrator(DataSource dataSource, ObjectProvider<MigrationListener> listeners) {
            return Migrator.create(dataSource, MigratorConfig.builder().locations("classpath:db/migration")
                    .listeners(listeners.orderedStream().toList()).build());
        }

        @Bean
        Migrator reportsMigrator(@Qualifier("reports") DataSource dataSource, ObjectProvider<MigrationListener> listeners) {
            return Migrator.create(dataSource, MigratorConfig.builder().locations("classpath:migrations/single")
                    .listeners(listeners.orderedStream().toList()).build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PrimaryOrdersMigrator {

        @Bean
        @Primary
        Migrator ordersMigrator(DataSource ordersDataSource) {
            return Migrator.create(ordersDataSource, MigratorConfig.builder().locations("classpath:db/migration").build());
        }

        @Bean
        Migrator reportsMigrator(@Qualifier("reports") DataSource reportsDataSource) {
            return Migrator.create(reportsDataSource, MigratorConfig.builder().locations("classpath:migrations/single").build());
        }
    }

    /** Both forms of the initializer: one that follows migrate.on-startup with a target of its own, one that migrates. */
    @Configuration(proxyBeanMethods = false)
    static class TwoInitializers {

        @Bean
        MigrateInitializer ordersMigrateInitializer(@Qualifier("ordersMigrator") Migrator orders, MigrateSettings settings) {
            return new MigrateInitializer(orders, settings, null, "2");
        }

        @Bean
        @DependsOn("ordersMigrateInitializer")
        MigrateInitializer reportsMigrateInitializer(@Qualifier("reportsMigrator") Migrator reports) {
            return new MigrateInitializer(reports);
        }
    }
}
