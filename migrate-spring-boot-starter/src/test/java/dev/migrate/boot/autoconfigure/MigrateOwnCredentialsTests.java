package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.AuditEntry;
import dev.migrate.ConfigurationException;
import dev.migrate.Migrator;
import dev.migrate.boot.actuate.PlanLedger;
import dev.migrate.boot.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code migrate.user}, {@code migrate.password} and {@code migrate.url}: the application's pool
 * connects as a user without DDL rights, Migrate as the schema's owner, on each real database.
 */
@ExtendWith(OutputCaptureExtension.class)
class MigrateOwnCredentialsTests {

    private static final String APP_PASSWORD = "App-Secret-7f3q";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class))
            .withPropertyValues("spring.datasource.hikari.maximum-pool-size=2");

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void migratesAsMigrateUserWhileTheApplicationConnectsAsARestrictedOne(TestDatabase.Kind kind, CapturedOutput output)
            throws Exception {
        try (TestDatabase database = TestDatabase.create(kind)) {
            String app = createRestrictedUser(database);
            try {
                ApplicationContextRunner asApp = runner.withPropertyValues("spring.datasource.url=" + database.urlWithoutCredentials(),
                        "spring.datasource.username=" + app, "spring.datasource.password=" + APP_PASSWORD);

                // The application's user cannot create the tables: without migrate.user the start fails.
                asApp.run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().message()
                            .containsAnyOf("permission denied", "command denied", "Not enough rights");
                });
                assertThat(database.count(tableCount(database, "books"))).isZero();

                asApp.withPropertyValues("migrate.user=" + database.user(), "migrate.password=" + database.password())
                        .run(context -> assertMigratedAsOwnerWhileTheAppIs(context, database, app));
                assertThat(database.count(tableCount(database, "books"))).isEqualTo(1);
                assertThat(output).doesNotContain(APP_PASSWORD);
            } finally {
                dropUser(database, app);
            }
        }
    }

    /**
     * The application's URL names its user itself ({@code ?user=app&password=...}, as DATABASE_URL often does): the
     * driver would let those win over migrate.user, so Migrate leaves them out of its own URL.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRES", "MARIADB"})
    void migrateUserWinsOverAUserNamedInTheDataSourcesUrl(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind)) {
            String app = createRestrictedUser(database);
            try {
                String base = database.urlWithoutCredentials();
                String appUrl = base + (base.contains("?") ? "&" : "?") + "user=" + app + "&password=" + APP_PASSWORD;
                runner.withPropertyValues("spring.datasource.url=" + appUrl, "migrate.user=" + database.user(),
                        "migrate.password=" + database.password())
                        .run(context -> assertMigratedAsOwnerWhileTheAppIs(context, database, app));
            } finally {
                dropUser(database, app);
            }
        }
    }

    @Test
    void credentialsAreLeftOutOfTheUrlAndEverythingElseStays() {
        assertThat(MigrateAutoConfiguration.withoutCredentials("jdbc:postgresql://db:5432/app?user=app&ssl=true&Password=x"))
                .isEqualTo("jdbc:postgresql://db:5432/app?ssl=true");
        assertThat(MigrateAutoConfiguration.withoutCredentials("jdbc:mariadb://db/app?user=app&password=x"))
                .isEqualTo("jdbc:mariadb://db/app");
        assertThat(MigrateAutoConfiguration.withoutCredentials("jdbc:h2:mem:x;USER=app;DB_CLOSE_DELAY=-1;PASSWORD=x"))
                .isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1");
        assertThat(MigrateAutoConfiguration.withoutCredentials("jdbc:postgresql://db/app?username_hint=a"))
                .isEqualTo("jdbc:postgresql://db/app?username_hint=a");
    }

    /** The start migrated as the database's owner (its user in the audit), while the application's pool connects as {@code app}. */
    private static void assertMigratedAsOwnerWhileTheAppIs(AssertableApplicationContext context, TestDatabase database, String app)
            throws Exception {
        assertThat(context).hasNotFailed();
        Migrator migrator = context.getBean(Migrator.class);
        assertThat(migrator.status().current()).isEqualTo("3");
        assertThat(migrator.history()).extracting(AuditEntry::performedBy).first().asString()
                .satisfies(by -> assertThat(by.toLowerCase(Locale.ROOT)).startsWith(database.user().toLowerCase(Locale.ROOT)));
        assertThat(currentUser(context.getBean(DataSource.class))).isEqualToIgnoringCase(app);
    }

    /** PostgreSQL here trusts local connections, so a wrong password is tried where it is checked. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "MARIADB"})
    void aWrongMigratePasswordFailsTheStartNamingTheUserButNotThePassword(TestDatabase.Kind kind, CapturedOutput output) {
        try (TestDatabase database = TestDatabase.create(kind)) {
            String app = createRestrictedUser(database);
            try {
                runner.withPropertyValues("spring.datasource.url=" + database.urlWithoutCredentials(),
                        "spring.datasource.username=" + database.user(), "spring.datasource.password=" + database.password(),
                        "migrate.user=" + app, "migrate.password=Wrong-Pass-9x2k").run(context -> {
                            assertThat(context).hasFailed();
                            Throwable failure = context.getStartupFailure();
                            StringBuilder messages = new StringBuilder();
                            for (Throwable t = failure; t != null; t = t.getCause()) {
                                messages.append(t.getMessage()).append('\n');
                            }
                            assertThat(messages.toString()).containsIgnoringCase("as '" + app + "'")
                                    .contains("(migrate.url, migrate.user, migrate.password) failed")
                                    .contains("Check the URL, user and password")
                                    .doesNotContain("Wrong-Pass-9x2k");
                        });
                assertThat(output).doesNotContain("Wrong-Pass-9x2k").doesNotContain(APP_PASSWORD);
            } finally {
                dropUser(database, app);
            }
        }
    }

    @Test
    void migrateUrlAloneConnectsToAnotherDatabaseThanTheApplications() {
        try (TestDatabase application = TestDatabase.create(TestDatabase.Kind.H2);
                TestDatabase migrated = TestDatabase.create(TestDatabase.Kind.H2)) {
            runner.withPropertyValues("spring.datasource.url=" + application.url(), "spring.datasource.username=sa",
                    "migrate.url=" + migrated.url()).run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(Migrator.class).status().current()).isEqualTo("3");
                    });
            assertThat(migrated.count(tableCount(migrated, "books"))).isEqualTo(1);
            assertThat(application.count(tableCount(application, "books"))).isZero();
        }
    }

    /**
     * An application without any DataSource bean (its own data through R2DBC, say): migrate.url with migrate.user and
     * migrate.password is the database to migrate, as spring.flyway.url is Flyway's. The endpoint's PlanLedger, which
     * records used planIds, writes to that database too.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void withoutAnyDataSourceBeanMigrateUrlIsTheDatabaseToMigrate(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind)) {
            new WebApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(MigrateAutoConfiguration.class, MigrateEndpointAutoConfiguration.class))
                    .withPropertyValues("migrate.url=" + database.urlWithoutCredentials(), "migrate.user=" + database.user(),
                            "migrate.password=" + database.password(), "management.endpoints.web.exposure.include=migrations")
                    .run(context -> {
                        assertThat(context).hasNotFailed().doesNotHaveBean(DataSource.class).hasSingleBean(Migrator.class)
                                .hasSingleBean(MigrateInitializer.class).hasSingleBean(PlanLedger.class);
                        Migrator migrator = context.getBean(Migrator.class);
                        assertThat(migrator.status().current()).isEqualTo("3");
                        assertThat(migrator.history()).extracting(AuditEntry::performedBy).first().asString()
                                .isEqualToIgnoringCase(database.user());
                    });
            assertThat(database.count(tableCount(database, "books"))).isEqualTo(1);
        }
        // Neither a DataSource nor migrate.url: nothing to migrate, and Migrate stays out of the way.
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MigrateAutoConfiguration.class))
                .withPropertyValues("migrate.user=owner").run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Migrator.class));
    }

    /**
     * migrate.url naming another kind of database than the application's: Migrate connects with that database's
     * driver, not with the application DataSource's (which answers no connection at all for a URL not its own).
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRES", "MARIADB"})
    void migrateUrlOfAnotherKindOfDatabaseConnectsWithItsOwnDriver(TestDatabase.Kind kind) {
        try (TestDatabase application = TestDatabase.create(TestDatabase.Kind.H2); TestDatabase migrated = TestDatabase.create(kind)) {
            runner.withPropertyValues("spring.datasource.url=" + application.url(), "spring.datasource.username=sa",
                    "migrate.url=" + migrated.url()).run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(Migrator.class).status().current()).isEqualTo("3");
                    });
            assertThat(migrated.count(tableCount(migrated, "books"))).isEqualTo(1);
            assertThat(application.count(tableCount(application, "books"))).isZero();
        }
    }

    @Test
    void aMigrateUrlNoDriverAcceptsFailsTheStartNamingTheSettings() {
        try (TestDatabase application = TestDatabase.create(TestDatabase.Kind.H2)) {
            runner.withPropertyValues("spring.datasource.url=" + application.url(), "spring.datasource.username=sa",
                    "migrate.url=jdbc:postgresq://127.0.0.1:5432/shop?password=Typo-Secret-3").run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(context.getStartupFailure()).rootCause().isInstanceOf(java.sql.SQLException.class);
                        assertThat(context.getStartupFailure()).hasStackTraceContaining(
                                "No JDBC driver on the class path accepts migrate.url jdbc:postgresq://127.0.0.1:5432/shop:")
                                .hasStackTraceContaining("migrate.driver-class-name").satisfies(failure -> assertThat(
                                        stackTrace(failure)).doesNotContain("Typo-Secret-3"));
                    });
            // A driver named that does not take the URL: the start says so, where JDBC's answer was no connection at all.
            runner.withPropertyValues("spring.datasource.url=" + application.url(), "spring.datasource.username=sa",
                    "migrate.url=jdbc:postgresql://127.0.0.1:5432/shop", "migrate.driver-class-name=org.h2.Driver").run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(context.getStartupFailure()).hasStackTraceContaining(
                                "the JDBC driver org.h2.Driver does not accept this URL: check migrate.url and migrate.driver-class-name")
                                .hasStackTraceContaining("ConnectionFailedException");
                    });
        }
    }

    private static String stackTrace(Throwable failure) {
        java.io.StringWriter out = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    @Test
    void aPasswordWithoutAUserIsRefusedAsASettingThatWouldDoNothing() {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.H2)) {
            runner.withPropertyValues("spring.datasource.url=" + database.url(), "spring.datasource.username=sa",
                    "migrate.password=Owner-Pass-1").run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ConfigurationException.class)
                                .hasMessageContaining("migrate.password is set, but neither migrate.user nor migrate.url")
                                .hasMessageNotContaining("Owner-Pass-1");
                    });
            assertThat(database.count(tableCount(database, "books"))).isZero();
        }
    }

    /** A user that may connect and read, but not create tables. */
    private static String createRestrictedUser(TestDatabase database) {
        String name = "app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        switch (database.kind()) {
            case H2 -> database.execute("CREATE USER " + name + " PASSWORD '" + APP_PASSWORD + "'");
            case POSTGRES -> {
                database.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
                database.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            }
            case MARIADB -> {
                database.execute("CREATE USER '" + name + "'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'");
                database.execute("CREATE USER '" + name + "'@'localhost' IDENTIFIED BY '" + APP_PASSWORD + "'");
                database.execute("GRANT SELECT ON " + databaseName(database) + ".* TO '" + name + "'@'%'");
                database.execute("GRANT SELECT ON " + databaseName(database) + ".* TO '" + name + "'@'localhost'");
            }
        }
        return name;
    }

    private static void dropUser(TestDatabase database, String name) {
        switch (database.kind()) {
            case H2 -> database.execute("DROP USER " + name);
            case POSTGRES -> {
                database.execute("REASSIGN OWNED BY " + name + " TO CURRENT_USER");
                database.execute("DROP OWNED BY " + name);
                database.execute("DROP ROLE " + name);
            }
            case MARIADB -> {
                database.execute("DROP USER '" + name + "'@'%'");
                database.execute("DROP USER '" + name + "'@'localhost'");
            }
        }
    }

    private static String databaseName(TestDatabase database) {
        String url = database.urlWithoutCredentials();
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String tableCount(TestDatabase database, String table) {
        return "SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) = '" + table.toLowerCase(Locale.ROOT) + "'"
                + (database.kind() == TestDatabase.Kind.MARIADB ? " AND table_schema = DATABASE()" : "");
    }

    private static String currentUser(DataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CURRENT_USER")) {
            rs.next();
            String user = rs.getString(1);
            int at = user.indexOf('@');
            return at < 0 ? user : user.substring(0, at);
        }
    }
}
