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
    void aNegativeOrZeroHistoryLimitIsRefusedBeforeConnecting() {
        Migrator migrator = Migrator.create(new DriverDataSource("jdbc:h2:mem:never-opened", "sa", ""),
                MigratorConfig.builder().build());
        for (int limit : new int[] {0, -1}) {
            assertThatThrownBy(() -> migrator.history(limit)).isInstanceOf(ConfigurationException.class)
                    .hasMessage("history(" + limit + "): the number of audit entries must be at least 1; call history() for all"
                            + " of them");
        }
    }

    @Test
    void theEnvironmentIsTakenWithoutSurroundingSpaces() {
        assertThat(MigratorConfig.builder().environment(" staging\t").build().environment()).isEqualTo("staging");
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

    /**
     * Migrate's four tables share a schema: with one name for two of them, H2 and SQLite wrote the lock row into the
     * history table ("The database user may not write Migrate's history table ...: Column STATE not found").
     */
    @Test
    void twoOfMigratesTablesWithOneNameAreRefusedNamingBoth() {
        assertThatThrownBy(() -> MigratorConfig.builder().table("app_history").lockTable("APP_HISTORY").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("lock-table 'APP_HISTORY' is also the table: each of Migrate's tables (table, audit-table,"
                        + " lock-table, progress-table) needs a name of its own");
        assertThatThrownBy(() -> MigratorConfig.builder().auditTable("x").progressTable("x").build())
                .hasMessageContaining("progress-table 'x' is also the audit-table");
        assertThatThrownBy(() -> MigratorConfig.builder().table("migrate_audit").build())
                .hasMessageContaining("audit-table 'migrate_audit' is also the table");
        assertThatThrownBy(() -> MigratorConfig.builder().progressTable(MigratorConfig.DEFAULT_LOCK_TABLE).build())
                .hasMessageContaining("progress-table 'migrate_lock' is also the lock-table");
        assertThat(MigratorConfig.builder().table("h").auditTable("a").lockTable("l").progressTable("p").build().lockTable()).isEqualTo("l");
    }

    /** Nulls given to the builder are named by build(), not met later as a NullPointerException without a name. */
    @Test
    void nullSettingsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> MigratorConfig.builder().listener(null).javaMigration(null).callback(null).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("listeners must not hold null: call MigratorConfig.Builder.listener(...) only with one")
                .hasMessageContaining("java-migrations must not hold null")
                .hasMessageContaining("callbacks must not hold null");
        assertThatThrownBy(() -> MigratorConfig.builder().listeners(null).javaMigrations(null).callbacks(null).placeholders(null)
                .ignoreMigrationPatterns((java.util.List<String>) null).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("listeners must be a list, not null: leave it unset for none")
                .hasMessageContaining("java-migrations must be a list, not null")
                .hasMessageContaining("callbacks must be a list, not null")
                .hasMessageContaining("placeholders must be a map, not null")
                .hasMessageContaining("ignore-migration-patterns must be a list, not null");
        assertThatThrownBy(() -> MigratorConfig.builder().locations((java.util.List<String>) null).initSql((java.util.List<String>) null)
                .sqlMigrationSuffixes(java.util.Arrays.asList(".sql", null)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("locations must name at least one location")
                .hasMessageContaining("init-sql must not hold an empty statement")
                .hasMessageContaining("sql-migration-suffixes must not hold null");
        assertThatThrownBy(() -> MigratorConfig.builder().locations("classpath:db/migration", null).initSql("SET x = 1", null).build())
                .hasMessageContaining("locations must not contain an empty entry")
                .hasMessageContaining("init-sql must not hold an empty statement");
        assertThat(MigratorConfig.builder().placeholders(null).placeholder("owner", "app").build().placeholders())
                .containsEntry("owner", "app");
    }

    /**
     * A "wait forever" lock timeout ({@code ChronoUnit.FOREVER}) passed build() and failed every writing operation with
     * an ArithmeticException ("long overflow") after connecting.
     */
    @Test
    void durationsPastAYearAreRefusedNamingTheSetting() {
        Duration forever = java.time.temporal.ChronoUnit.FOREVER.getDuration();
        assertThatThrownBy(() -> MigratorConfig.builder().lockTimeout(forever).lockLease(Duration.ofDays(366))
                .connectRetriesInterval(Duration.ofSeconds(Long.MAX_VALUE)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("lock-timeout must be at most 365 days, not " + forever)
                .hasMessageContaining("lock-lease must be at most 365 days")
                .hasMessageContaining("connect-retries-interval must be at most 365 days");
        MigratorConfig longest = MigratorConfig.builder().lockTimeout(MigratorConfig.MAX_DURATION).lockLease(MigratorConfig.MAX_DURATION)
                .connectRetriesInterval(MigratorConfig.MAX_DURATION).build();
        assertThat(longest.lockTimeout()).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void aBlankInstalledByMeansTheDatabaseUser() {
        assertThat(MigratorConfig.builder().installedBy("  ").build().installedBy()).isNull();
        assertThat(MigratorConfig.builder().installedBy("deploy").build().installedBy()).isEqualTo("deploy");
    }

    /**
     * rollback(null) rolled back nothing and reported it as done; a malformed version in a request was an
     * IllegalArgumentException, where every error of the API is a MigrateException.
     */
    @Test
    void aMissingOrMalformedRollbackRequestIsRefusedBeforeConnecting() {
        Migrator migrator = Migrator.create(new DriverDataSource("jdbc:h2:mem:unused", "sa", ""), MigratorConfig.builder().build());
        assertThatThrownBy(() -> migrator.rollback(null)).isInstanceOf(ConfigurationException.class)
                .hasMessage("Name what to roll back: RollbackRequest.last() (the last migration), steps(n), lastBatch(),"
                        + " toVersion(\"V\"), only(\"V\") or base()");
        assertThatThrownBy(() -> migrator.rollback(null, "fingerprint")).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> migrator.planRollback(null)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Name what to roll back");
        assertThatThrownBy(() -> RollbackRequest.only("v3")).isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid rollback only version: 'v3' is not a migration version: use numbers separated by '.' or '_',"
                        + " such as 1, 1.2 or 20240126100000");
        assertThatThrownBy(() -> RollbackRequest.toVersion(null)).isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid rollback target version: A migration version must not be empty");
        assertThatThrownBy(() -> new RollbackRequest.Only(null)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("rollback only needs the version");
        assertThatThrownBy(() -> new RollbackRequest.ToVersion(null)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("RollbackRequest.base() rolls back everything");
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
