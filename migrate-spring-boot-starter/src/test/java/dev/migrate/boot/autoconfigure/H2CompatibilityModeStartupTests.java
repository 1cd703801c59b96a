package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import dev.migrate.StatusResult;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An embedded H2 in the compatibility mode a test suite uses for its production database, as H2's documentation sets
 * it: the application starts, migrates into the configured schema, and a second start finds the history again.
 */
class H2CompatibilityModeStartupTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class))
            .withPropertyValues("spring.datasource.username=sa", "migrate.lock-timeout=10s",
                    "migrate.locations=classpath:migrations/single", "migrate.schemas=App");

    /** With DATABASE_TO_LOWER the history was not found again: status reported the applied migration as pending. */
    @ParameterizedTest
    @ValueSource(strings = {";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
            ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE", ";DATABASE_TO_UPPER=FALSE"})
    void migratesAtStartupAndFindsTheHistoryOnTheNextStart(String settings) {
        String url = "jdbc:h2:mem:modes_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + settings;
        ApplicationContextRunner app = runner.withPropertyValues("spring.datasource.url=" + url);
        app.run(context -> {
            assertThat(context).hasNotFailed();
            StatusResult status = context.getBean(Migrator.class).status();
            assertThat(status.current()).isEqualTo("1");
            assertThat(status.pending()).isEmpty();
            assertThat(status.problems()).isEmpty();
        });
        app.run(context -> {
            assertThat(context).hasNotFailed();
            StatusResult status = context.getBean(Migrator.class).status();
            assertThat(status.applied()).hasSize(1);
            assertThat(status.lastBatch()).isEqualTo(1);
        });
    }
}
