package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * An application switched from Flyway, its spring-boot-starter-flyway removed, its spring.flyway.* properties kept: nothing
 * reads them any more. The start says which migrate.* property to write for each.
 */
@ExtendWith(OutputCaptureExtension.class)
class FlywayLeftoversTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true");

    @Test
    void leftoverFlywayPropertiesAreNamedWithTheirMigrateEquivalents(CapturedOutput output) {
        runner.withClassLoader(new FilteredClassLoader(FlywayAutoConfiguration.class))
                .withPropertyValues("spring.flyway.locations=classpath:db/migration", "spring.flyway.clean-disabled=false",
                        "spring.flyway.lockRetryCount=10", "spring.flyway.placeholders.owner=app", "spring.flyway.table=history",
                        "spring.flyway.skip-default-callbacks=true")
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                        "systemEnvironment", Map.of("SPRING_FLYWAY_BASELINEONMIGRATE", "true"))))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Migrator.class);
                    assertThat(output).contains("nothing reads the spring.flyway.* properties")
                            .contains("spring.flyway.locations: write migrate.locations")
                            .contains("spring.flyway.baseline-on-migrate: write migrate.baseline-on-migrate")
                            .contains("spring.flyway.clean-disabled: write migrate.clean-allowed, the other way round")
                            .contains("spring.flyway.lock-retry-count: write migrate.lock-timeout")
                            .contains("spring.flyway.placeholders.*: write migrate.placeholders.*")
                            .contains("spring.flyway.table: migrate.table names Migrate's own history table")
                            .contains("spring.flyway.skip-default-callbacks: Migrate has no such setting");
                    assertThat(output.toString().lines().filter(l -> l.contains("spring.flyway.placeholders")).count()).isEqualTo(1);
                });
    }

    @Test
    void nothingIsSaidWithoutThemOrWhereBootsFlywayIsThere(CapturedOutput output) {
        runner.withClassLoader(new FilteredClassLoader(FlywayAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed());
        // Flyway switched off before it was taken out: nothing to tell.
        runner.withClassLoader(new FilteredClassLoader(FlywayAutoConfiguration.class)).withPropertyValues("spring.flyway.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Migrator.class));
        runner.withPropertyValues("spring.flyway.enabled=false", "spring.flyway.locations=classpath:db/migration")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).doesNotContain("spring.flyway.");
    }
}
