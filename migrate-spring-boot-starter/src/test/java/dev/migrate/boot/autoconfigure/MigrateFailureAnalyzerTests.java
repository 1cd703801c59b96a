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

    /** A file changed after it was applied: the action says how to run repair, as it does for a failed migration. */
    @Test
    void aChangedAppliedFileSaysHowToRunRepair(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("V1__create_notes.sql");
        java.nio.file.Files.writeString(file, "CREATE TABLE notes (id INT);\n");
        String url = "jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        ApplicationContextRunner app = runner.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=sa",
                "migrate.locations=filesystem:" + dir);
        app.run(context -> assertThat(context).hasNotFailed());
        java.nio.file.Files.writeString(file, "CREATE TABLE notes (id INT, body VARCHAR(100));\n");
        app.run(context -> {
            FailureAnalysis analysis = new MigrateFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("V1__create_notes.sql").contains("was changed after it was applied");
            assertThat(analysis.getAction()).contains("run 'repair' (migrate.jar repair) to realign its checksum, then restart");
        });
    }

    @Test
    void aDatabaseMadeBeforeMigratePointsAtBaselineOnMigrate() throws Exception {
        String url = "jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (var c = java.sql.DriverManager.getConnection(url, "sa", ""); var s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INT)");
        }
        runner.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=sa").run(context -> {
            FailureAnalysis analysis = new MigrateFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("the table or view CUSTOMERS but has no migration history");
            assertThat(analysis.getAction()).contains("migrate.baseline-on-migrate=true").contains("spring.datasource.url")
                    .doesNotContain("out-of-order");
        });
    }

    @Test
    void invalidSettingAsksToCorrectIt() {
        runner.withPropertyValues("migrate.lock-timeout=-1s").run(context -> {
            FailureAnalysis analysis = new MigrateFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("lock-timeout must be zero or positive");
            assertThat(analysis.getAction()).isEqualTo("Correct migrate.lock-timeout (in application.properties or .yaml, or the"
                    + " environment; or in the MigrateCustomizer bean that sets it, if one does).");
        });
    }

    /** Each refused setting is named by its property, also where the core's name for it differs (init-sql). */
    @Test
    void everyRefusedSettingIsNamedByItsProperty() {
        runner.withPropertyValues("migrate.lock-lease=0s", "migrate.init-sqls[0]= ", "migrate.schema=not a name").run(context -> {
            FailureAnalysis analysis = new MigrateFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getAction()).startsWith("Correct migrate.schema, migrate.init-sqls and migrate.lock-lease (")
                    .endsWith("or in the MigrateCustomizer bean that sets them, if one does).");
        });
        runner.withPropertyValues("migrate.password=Owner-Pass-1").run(context -> assertThat(new MigrateFailureAnalyzer()
                .analyze(context.getStartupFailure()).getAction()).startsWith("Correct the setting named above"));
    }

    /**
     * A database that is down: the description is the core's message in whole sentences (PostgreSQL's driver ends its
     * own with a period), and the action names the starter's properties, migrate.connect-retries among them.
     */
    @Test
    void aDatabaseThatIsDownNamesTheStartersSettings() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:" + port + "/shop", "spring.datasource.username=app")
                .run(context -> {
                    FailureAnalysis analysis = new MigrateFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).startsWith("Migrate could not prepare the database: Could not connect to the"
                            + " database: Connection to 127.0.0.1:" + port + " refused.").doesNotContain("..")
                            .endsWith("connections. Check the URL, user and password, or let Migrate wait for a database that is still"
                                    + " starting with connect-retries (migrate.connect-retries, --connect-retries)");
                    assertThat(analysis.getAction()).isEqualTo("Check that the database is running and reachable at"
                            + " spring.datasource.url (or migrate.url, or the @MigrateDataSource), and the user and password"
                            + " (spring.datasource.username and password, or migrate.user and migrate.password). For a database"
                            + " that starts with the application, set migrate.connect-retries (such as 10) to wait for it.");
                });
    }

    /** A refused login is not cured by waiting: the action does not offer migrate.connect-retries. */
    @Test
    void aRefusedLoginDoesNotOfferToWait() throws Exception {
        String url = "jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (var keeper = java.sql.DriverManager.getConnection(url, "sa", "Right-Pass-1")) {
            runner.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=sa",
                    "spring.datasource.password=Wrong-Pass-2").run(context -> {
                        FailureAnalysis analysis = new MigrateFailureAnalyzer().analyze(context.getStartupFailure());
                        assertThat(analysis.getDescription()).contains("Check the URL, user and password").doesNotContain("..")
                                .doesNotContain("connect-retries");
                        assertThat(analysis.getAction()).startsWith("Check that the database is running")
                                .endsWith("or migrate.user and migrate.password).");
                    });
        }
    }
}
