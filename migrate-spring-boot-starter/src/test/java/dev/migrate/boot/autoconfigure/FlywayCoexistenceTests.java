package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * An application switching from Flyway that leaves spring-boot-starter-flyway in its build: Boot's Flyway support then
 * migrates at startup too. On the same database the two refuse each other's schema, or, once Migrate has a baseline,
 * both apply each new script; so the start is refused before either runs anything.
 */
class FlywayCoexistenceTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
                    MigrateAutoConfiguration.class));

    private static String memoryUrl() {
        return "jdbc:h2:mem:flyway_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    }

    @Test
    void bothOnTheApplicationsDatabaseIsRefusedBeforeEitherRuns() throws Exception {
        String url = memoryUrl();
        runner.withPropertyValues("spring.datasource.url=" + url).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            assertThat(failure).isInstanceOf(MigrateDatabaseInitializerDetector.FlywayAlsoMigratesException.class)
                    .hasMessageContaining("'flywayInitializer'").hasMessageContaining("spring.flyway.enabled=false")
                    .hasMessageContaining("would both migrate " + url.substring(0, url.indexOf(';')) + " at startup");
            FailureAnalysis analysis = new MigrateFailureAnalyzer().analyze(failure);
            assertThat(analysis.getAction()).contains("spring-boot-starter-flyway").contains("Nothing was migrated");
        });
        assertThat(tables(url)).isEmpty();
    }

    /** The switch half done: a database Flyway migrated, Migrate told to adopt it; each new script would then run under both. */
    @Test
    void anAdoptedFlywayDatabaseIsRefusedToo() throws Exception {
        String url = memoryUrl();
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:migrations/single").load().migrate();
        runner.withPropertyValues("spring.datasource.url=" + url, "spring.flyway.locations=classpath:migrations/single",
                "migrate.locations=classpath:migrations/single", "migrate.baseline-on-migrate=true")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .isInstanceOf(MigrateDatabaseInitializerDetector.FlywayAlsoMigratesException.class));
        assertThat(tables(url)).doesNotContain("MIGRATE_HISTORY");
    }

    @Test
    void theSameUrlGivenToBothIsRefused() {
        String url = memoryUrl();
        runner.withPropertyValues("spring.datasource.url=" + memoryUrl(), "spring.flyway.url=" + url, "migrate.url=" + url)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .isInstanceOf(MigrateDatabaseInitializerDetector.FlywayAlsoMigratesException.class)
                        .hasMessageContaining("would both migrate " + url.substring(0, url.indexOf(';')) + " at startup"));
        runner.withPropertyValues("spring.datasource.generate-unique-name=true").run(context -> assertThat(context).hasFailed()
                .getFailure().hasMessageContaining("would both migrate the application's DataSource at startup"));
    }

    @Test
    void flywayDisabledLeavesMigrateAlone() throws Exception {
        String url = memoryUrl();
        runner.withPropertyValues("spring.datasource.url=" + url, "spring.flyway.enabled=false")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(tables(url)).contains("MIGRATE_HISTORY", "BOOKS").doesNotContain("flyway_schema_history");
    }

    /** Flyway kept on purpose for another database (spring.flyway.url), or another schema: both run, each on its own. */
    @Test
    void flywayOnAnotherDatabaseOrSchemaIsLeftToIt() throws Exception {
        String app = memoryUrl();
        String other = memoryUrl();
        runner.withPropertyValues("spring.datasource.url=" + app, "spring.flyway.url=" + other, "spring.flyway.user=sa",
                "spring.flyway.locations=classpath:migrations/single").run(context -> assertThat(context).hasNotFailed());
        assertThat(tables(app)).contains("MIGRATE_HISTORY", "BOOKS").doesNotContain("flyway_schema_history");
        assertThat(tables(other)).contains("flyway_schema_history", "NOTES").doesNotContain("MIGRATE_HISTORY");

        String schemas = memoryUrl();
        runner.withPropertyValues("spring.datasource.url=" + schemas, "spring.flyway.schemas=LEGACY",
                "spring.flyway.locations=classpath:migrations/single", "migrate.default-schema=APP")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void flywayWithItsOwnDataSourceBeanIsLeftToIt() throws Exception {
        String app = memoryUrl();
        String other = memoryUrl();
        runner.withPropertyValues("spring.datasource.url=" + app, "spring.flyway.locations=classpath:migrations/single",
                "legacy.url=" + other).withUserConfiguration(LegacyDatabase.class).run(context -> assertThat(context).hasNotFailed());
        assertThat(tables(app)).contains("MIGRATE_HISTORY", "BOOKS").doesNotContain("flyway_schema_history");
        assertThat(tables(other)).contains("flyway_schema_history", "NOTES");
    }

    @Configuration(proxyBeanMethods = false)
    static class LegacyDatabase {

        @Bean(defaultCandidate = false)
        @FlywayDataSource
        DataSource legacyDataSource(Environment environment) {
            return DataSourceBuilder.create().url(environment.getProperty("legacy.url")).username("sa").build();
        }
    }

    private static List<String> tables(String url) throws Exception {
        List<String> tables = new ArrayList<>();
        try (var connection = DriverManager.getConnection(url, "sa", "");
                var rows = connection.createStatement().executeQuery(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema NOT IN ('INFORMATION_SCHEMA')")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }
}
