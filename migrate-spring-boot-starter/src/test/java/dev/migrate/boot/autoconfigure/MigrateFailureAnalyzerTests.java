package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MigrateFailureAnalyzerTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true");

    @Test
    void failedMigrationNamesTheScriptAndRepair() {
        runner.withPropertyValues("migrate.locations=classpath:migrations/failing").run(context -> {
            FailureAnalysis analysis = new MigrateFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("V2__broken.sql");
            assertThat(analysis.getAction()).startsWith("Fix V2__broken.sql (line 1)").contains("'repair'");
        });
    }

    @Test
    void invalidSettingAsksToCorrectIt() {
        runner.withPropertyValues("migrate.lock-timeout=-1s").run(context -> {
            FailureAnalysis analysis = new MigrateFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("lock-timeout must be zero or positive");
            assertThat(analysis.getAction()).contains("Correct the setting");
        });
    }
}
