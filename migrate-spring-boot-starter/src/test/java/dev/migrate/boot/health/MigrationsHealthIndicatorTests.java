package dev.migrate.boot.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrationFailedException;
import dev.migrate.Migrator;
import dev.migrate.boot.autoconfigure.MigrateAutoConfiguration;
import dev.migrate.boot.autoconfigure.MigrateHealthAutoConfiguration;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MigrationsHealthIndicatorTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class,
                    MigrateHealthAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true");

    @Test
    void upAfterMigrateWithCurrentVersionAndPendingCount() {
        runner.run(context -> {
            Health health = context.getBean("migrationsHealthIndicator", MigrationsHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("current", "3").containsEntry("pending", 0)
                    .containsEntry("environment", "prod");
        });
    }

    @Test
    void upWithPendingMigrationsCounted() {
        runner.withPropertyValues("migrate.on-startup=none").run(context -> {
            Health health = context.getBean(MigrationsHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("current", "<none>").containsEntry("pending", 4);
        });
    }

    @Test
    void downAfterAFailedMigration() {
        runner.withPropertyValues("migrate.locations=classpath:migrations/failing", "migrate.on-startup=none").run(context -> {
            assertThatThrownBy(() -> context.getBean(Migrator.class).migrate()).isInstanceOf(MigrationFailedException.class);
            Health health = context.getBean(MigrationsHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((List<?>) health.getDetails().get("failed")).singleElement().asString().contains("V2__broken.sql is FAILED");
            assertThat(health.getDetails()).containsEntry("current", "1").containsKey("fix");
        });
    }

    /** A RUNNING row while no process holds the migration lock: a crash left it, so 'repair' is the advice. */
    @Test
    void downWithARunningMigrationThatNoProcessIsApplying() {
        runner.run(context -> {
            try (var c = context.getBean(DataSource.class).getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE migrate_history SET state = 'RUNNING' WHERE version = '3'");
            }
            Health health = context.getBean(MigrationsHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((List<?>) health.getDetails().get("failed")).singleElement().asString().contains("V3__seed_books.sql is RUNNING");
            assertThat(health.getDetails()).containsEntry("lock", "free");
            assertThat(health.getDetails().get("fix")).asString().startsWith("no process holds the migration lock")
                    .contains("'repair'");
        });
    }

    /**
     * A newer build (here a Migrator with one more file) migrated the database this older instance runs on, as during a
     * rolling deploy: UP, naming the migration; a problem besides it is still DOWN.
     */
    @Test
    void upWhenANewerBuildAppliedAMigrationThisBuildHasNot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path newer) {
        runner.run(context -> {
            java.nio.file.Files.writeString(newer.resolve("V9__added_by_the_next_release.sql"), "CREATE TABLE next_release (id INT);\n");
            Migrator next = Migrator.create(context.getBean(DataSource.class), context.getBean(Migrator.class).config().toBuilder()
                    .locations(java.util.List.of("classpath:db/migration", "filesystem:" + newer)).build());
            assertThat(next.migrate().applied()).hasSize(1);

            Health health = context.getBean(MigrationsHealthIndicator.class).health();
            assertThat(health.getStatus()).as(health.getDetails().toString()).isEqualTo(Status.UP);
            assertThat((List<?>) health.getDetails().get("newerBuild")).singleElement().asString()
                    .startsWith("V9__added_by_the_next_release.sql (version 9, applied ");
            assertThat((List<?>) health.getDetails().get("problems")).singleElement().asString()
                    .contains("V9__added_by_the_next_release.sql").contains("newer build");

            try (var c = context.getBean(DataSource.class).getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE migrate_history SET checksum = checksum + 1 WHERE version = '1'");
            }
            assertThat(context.getBean(MigrationsHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void downWhenAnAppliedMigrationsChecksumChanged() {
        runner.run(context -> {
            try (var c = context.getBean(DataSource.class).getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE migrate_history SET checksum = checksum + 1 WHERE version = '1'");
            }
            Health health = context.getBean(MigrationsHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((List<?>) health.getDetails().get("problems")).singleElement().asString().contains("V1__create_books.sql")
                    .contains("repair");
        });
    }

    @Test
    void downWhenTheSchemaHoldsTablesButNoHistoryUntilBaselineOnMigrateAdoptsIt() {
        runner.withPropertyValues("migrate.on-startup=none").run(context -> {
            try (var c = context.getBean(DataSource.class).getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE customers (id INT PRIMARY KEY)");
            }
            Health health = context.getBean(MigrationsHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((List<?>) health.getDetails().get("problems")).singleElement().asString()
                    .contains("CUSTOMERS but has no migration history").contains("migrate.baseline-on-migrate=true");
        });
        runner.withPropertyValues("migrate.on-startup=none", "migrate.baseline-on-migrate=true").run(context -> {
            try (var c = context.getBean(DataSource.class).getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE customers (id INT PRIMARY KEY)");
            }
            assertThat(context.getBean(MigrationsHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("management.health.migrations.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MigrationsHealthIndicator.class));
    }
}
