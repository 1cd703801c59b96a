package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code migrate.locations=db/migration}, as copied from {@code spring.flyway.locations}: Flyway reads it from the class
 * path, Migrate from the file system. On H2, with the migrations on the class path and no such folder: the start says
 * which location to write instead of only that the folder is missing.
 */
@ExtendWith(OutputCaptureExtension.class)
class BareLocationTests {

    private static final String HINT = "Location db/migration does not exist, so no migrations were read from it: a location without"
            + " classpath: or filesystem: is a folder on the file system (relative paths start from the working directory), not the"
            + " class path as in Flyway. The class path has db/migration: write classpath:db/migration to read the migrations there";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true", "migrate.locations=db/migration");

    @Test
    void theStartWarnsWithTheLocationToWrite(CapturedOutput output) {
        assertThat(Files.exists(Path.of("db/migration"))).as("the working directory has no db/migration").isFalse();
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Migrator.class).status().current()).isNull();
            assertThat(output.getOut()).contains("WARN").contains(HINT);
        });
    }

    @Test
    void withFailOnMissingLocationsTheRefusedStartSaysTheSame() {
        runner.withPropertyValues("migrate.fail-on-missing-locations=true").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new MigrateFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains(HINT + " (fail-on-missing-locations is on)");
        });
    }
}
