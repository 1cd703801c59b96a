package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.dialect.Dialects;
import dev.migrate.internal.DriverDataSource;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Messages for bad input name the culprit and say how to fix it. */
class ErrorMessageTests {

    @Test
    void unknownDatabaseListsTheSupportedOnes() {
        assertThatThrownBy(() -> Dialects.forProduct("Oracle"))
                .isInstanceOf(UnsupportedDatabaseException.class)
                .hasMessage("Unsupported database 'Oracle': Migrate supports PostgreSQL, MySQL, MariaDB, H2, SQLite."
                        + " Point the JDBC URL at one of those.");
    }

    @Test
    void invalidSettingsAreNamedAllAtOnce() {
        assertThatThrownBy(() -> MigratorConfig.builder().table("bad table").lockTimeout(Duration.ofSeconds(-1))
                .locations("ftp:somewhere").encoding("latin-9000").defaultSchema("app;x").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("table 'bad table' is not a plain SQL identifier")
                .hasMessageContaining("encoding 'latin-9000' is not a character set this Java knows: such as UTF-8, ISO-8859-1")
                .hasMessageContaining("default-schema 'app;x' is not a plain SQL identifier")
                .hasMessageContaining("lock-timeout must be zero or positive")
                .hasMessageContaining("location 'ftp:somewhere' has an unknown prefix: use classpath: or filesystem:");
    }

    @Test
    void invalidTargetVersionIsNamed() {
        Migrator migrator = Migrator.create(new DriverDataSource("jdbc:h2:mem:unused", "sa", ""), MigratorConfig.builder().build());
        assertThatThrownBy(() -> migrator.migrate("1.x")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Invalid target '1.x': '1.x' is not a migration version")
                .hasMessageContaining("use numbers separated by '.' or '_', such as 1, 1.2 or 20240126100000");
    }

    @Test
    void baselineVersionTooLongForTheHistoryIsRefusedBeforeConnecting() {
        Migrator migrator = Migrator.create(new DriverDataSource("jdbc:h2:mem:unused", "sa", ""), MigratorConfig.builder().build());
        String tooLong = "9".repeat(MigrationVersion.MAX_LENGTH + 1);
        assertThatThrownBy(() -> migrator.baseline(tooLong)).isInstanceOf(ConfigurationException.class)
                .hasMessage("Baseline version " + tooLong + " is longer than the 50 characters the history table stores:"
                        + " give a shorter version");
    }

    @Test
    void baselineDescriptionTooLongOrEmptyIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> MigratorConfig.builder().baselineDescription("x".repeat(201)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("baseline-description is 201 characters long; the history table keeps 200: shorten it");
        assertThatThrownBy(() -> MigratorConfig.builder().baselineDescription(" ").build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("baseline-description must not be empty: leave it unset for '<< baseline >>'");
        assertThat(MigratorConfig.builder().baselineDescription("y".repeat(200)).build().baselineDescription()).hasSize(200);
    }

    /** PostgreSQL cuts a longer name to 63 characters without a word, and would then not find its own table. */
    @Test
    void aTableNameLongerThanEveryDatabaseKeepsIsRefusedNamingTheSetting() {
        String seventy = "h".repeat(70);
        assertThatThrownBy(() -> MigratorConfig.builder().table(seventy).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("table '" + seventy + "' is 70 characters long; PostgreSQL keeps 63 (MySQL and MariaDB 64):"
                        + " shorten it");
        assertThatThrownBy(() -> MigratorConfig.builder().defaultSchema("s".repeat(64)).build())
                .hasMessageContaining("default-schema").hasMessageContaining("is 64 characters long");
        assertThat(MigratorConfig.builder().table("t".repeat(63)).build().table()).hasSize(63);
    }

    @Test
    void wrongPasswordSaysWhatToCheck() {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.MARIADB)) {
            Migrator migrator = Migrator.create(new DriverDataSource(db.url(), "root", "certainly-wrong"),
                    MigratorConfig.builder().build());
            assertThatThrownBy(migrator::status).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("Could not connect to the database")
                    .hasMessageContaining("Access denied")
                    .hasMessageContaining("Check the URL, user and password");
        }
    }
}
