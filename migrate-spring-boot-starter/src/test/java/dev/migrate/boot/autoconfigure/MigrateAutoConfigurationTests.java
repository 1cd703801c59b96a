package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.JavaMigration;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationEvent;
import dev.migrate.MigrationInfo;
import dev.migrate.MigrationCallback;
import dev.migrate.MigrationListener;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.StatusResult;
import dev.migrate.boot.testing.TestDatabase;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

class MigrateAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true", "migrate.lock-timeout=10s");

    @Test
    void backsOffWithoutDataSource() {
        runner.withClassLoader(new FilteredClassLoader("org.h2", "com.zaxxer.hikari"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DataSource.class).doesNotHaveBean(Migrator.class)
                        .doesNotHaveBean(MigrateInitializer.class));
    }

    @Test
    void backsOffWhenDisabled() {
        runner.withPropertyValues("migrate.enabled=false").run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(DataSource.class).doesNotHaveBean(Migrator.class).doesNotHaveBean(MigrateProperties.class));
    }

    @Test
    void migratesWithoutActuatorHealthOrMicrometerOnTheClassPath() {
        // Those dependencies are optional: an application without Actuator still migrates, and the
        // endpoint, health and metrics auto-configurations back off.
        runner.withConfiguration(AutoConfigurations.of(MigrateEndpointAutoConfiguration.class, MigrateHealthAutoConfiguration.class,
                        MigrateMetricsAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health",
                        "org.springframework.boot.micrometer", "io.micrometer"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Migrator.class)
                            .doesNotHaveBean(dev.migrate.boot.actuate.MigrationsEndpoint.class)
                            .doesNotHaveBean(dev.migrate.boot.health.MigrationsHealthIndicator.class)
                            .doesNotHaveBean(dev.migrate.boot.metrics.MigrateMetrics.class)
                            .doesNotHaveBean(dev.migrate.boot.metrics.MigrateObservations.class);
                    assertThat(context.getBean(Migrator.class).status().current()).isEqualTo("3");
                });
    }

    @Test
    void appliesPendingMigrationsAtStartup() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Migrator.class).hasSingleBean(MigrateInitializer.class);
            StatusResult status = context.getBean(Migrator.class).status();
            assertThat(status.current()).isEqualTo("3");
            assertThat(status.pending()).isEmpty();
            assertThat(status.applied()).extracting(a -> a.script())
                    .containsExactly("V1__create_books.sql", "2_add_isbn.up.sql", "V3__seed_books.sql", "R__book_titles.sql");
            assertThat(count(context.getBean(DataSource.class), "SELECT COUNT(*) FROM book_titles")).isEqualTo(1);
        });
    }

    @Test
    void mapsPropertiesOntoTheMigratorConfig() {
        runner.withPropertyValues("migrate.locations=classpath:migrations/single", "migrate.table=app_history",
                "migrate.audit-table=app_audit", "migrate.lock-timeout=42s", "migrate.out-of-order=true",
                "migrate.placeholders.owner=app", "migrate.installed-by=deployer", "migrate.on-failure=rollback-run")
                .run(context -> {
                    MigratorConfig config = context.getBean(Migrator.class).config();
                    assertThat(config.locations()).containsExactly("classpath:migrations/single");
                    assertThat(config.table()).isEqualTo("app_history");
                    assertThat(config.auditTable()).isEqualTo("app_audit");
                    assertThat(config.lockTimeout()).isEqualTo(Duration.ofSeconds(42));
                    assertThat(config.outOfOrder()).isTrue();
                    assertThat(config.placeholders()).containsEntry("owner", "app");
                    assertThat(config.installedBy()).isEqualTo("deployer");
                    assertThat(config.onFailure()).isEqualTo(MigratorConfig.OnFailure.ROLLBACK_RUN);
                    assertThat(tables(context.getBean(DataSource.class))).contains("app_history", "app_audit", "notes")
                            .doesNotContain("migrate_history");
                });
    }

    @Test
    void failsStartupNamingAnInvalidSetting() {
        runner.withPropertyValues("migrate.table=not a table").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("table 'not a table' is not a plain SQL identifier"));
    }

    @Test
    void failsStartupWhenAMigrationFails() {
        runner.withPropertyValues("migrate.locations=classpath:migrations/failing").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("MigrationFailedException").hasStackTraceContaining("V2__broken.sql"));
    }

    /**
     * An application whose database was made before Migrate (here the tables of V1): the start is
     * refused with what was found and the properties that adopt it, and nothing is created; with
     * baseline-on-migrate the start records the baseline and applies only the later migrations.
     */
    @Test
    void adoptsADatabaseMadeBeforeMigrateOnlyWithBaselineOnMigrate() throws Exception {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (var c = java.sql.DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE authors (id INT PRIMARY KEY, name VARCHAR(200) NOT NULL)");
            s.execute("CREATE TABLE books (id INT PRIMARY KEY, title VARCHAR(200) NOT NULL, author_id INT REFERENCES authors (id))");
        }
        ApplicationContextRunner existing = runner.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=sa");
        existing.run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("already holds 2 tables or views (AUTHORS, BOOKS)")
                .hasMessageContaining("migrate.baseline-on-migrate=true"));
        assertThat(tables(DataSourceBuilder.create().url(url).username("sa").build())).as("nothing created")
                .containsExactlyInAnyOrder("authors", "books");
        existing.withPropertyValues("migrate.baseline-on-migrate=true", "migrate.baseline-version=1").run(context -> {
            assertThat(context).hasNotFailed();
            StatusResult status = context.getBean(Migrator.class).status();
            assertThat(status.applied()).extracting(a -> a.script())
                    .containsExactly("<< baseline >>", "2_add_isbn.up.sql", "V3__seed_books.sql", "R__book_titles.sql");
            assertThat(count(context.getBean(DataSource.class), "SELECT COUNT(*) FROM books WHERE isbn IS NOT NULL")).isEqualTo(1);
        });
    }

    @Test
    void usesTheDataSourceQualifiedMigrateDataSource() {
        runner.withUserConfiguration(TwoDataSources.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(tables(context.getBean("migrationDataSource", DataSource.class))).contains("migrate_history", "books");
            assertThat(tables(context.getBean("appDataSource", DataSource.class))).doesNotContain("migrate_history", "books");
        });
    }

    /**
     * An application without a DataSource of its own (its data through R2DBC, say) whose only one is the
     * {@code @MigrateDataSource}, declared {@code defaultCandidate = false} as the docs say: Boot's bean
     * conditions do not count it, and the database was not migrated at all, without a word.
     */
    @Test
    void migratesTheMigrateDataSourceWhenItIsTheOnlyOneAndNoDefaultCandidate() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MigrateAutoConfiguration.class))
                .withUserConfiguration(OnlyMigrateDataSource.class).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Migrator.class);
                    assertThat(tables(context.getBean("migrationDataSource", DataSource.class))).contains("migrate_history", "books");
                });
        // Still nothing to migrate, and no failure, where there is no DataSource at all.
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MigrateAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Migrator.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OnlyMigrateDataSource {

        @Bean(defaultCandidate = false)
        @MigrateDataSource
        DataSource migrationDataSource() {
            return h2();
        }
    }

    @Test
    void appliesCustomizersInOrder() {
        runner.withUserConfiguration(Customizers.class).run(context -> {
            MigratorConfig config = context.getBean(Migrator.class).config();
            assertThat(config.table()).isEqualTo("second_history");
            assertThat(config.placeholders()).containsEntry("from", "first");
            assertThat(tables(context.getBean(DataSource.class))).contains("second_history");
        });
    }

    @Test
    void strategyReplacesTheStartupMigration() {
        runner.withUserConfiguration(RecordingStrategy.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RecordingStrategy.class).called.get()).isSameAs(context.getBean(Migrator.class));
            assertThat(context.getBean(Migrator.class).status().pending()).hasSize(4);
        });
    }

    @Test
    void onStartupValidateChangesNothing() {
        runner.withPropertyValues("migrate.on-startup=validate").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Migrator.class).status().applied()).isEmpty();
        });
    }

    @Test
    void onStartupNoneChangesNothing() {
        runner.withPropertyValues("migrate.on-startup=none").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(tables(context.getBean(DataSource.class))).doesNotContain("migrate_history");
        });
    }

    @Test
    void runsJavaMigrationBeansThatInjectOtherBeans() {
        runner.withUserConfiguration(JavaMigrationBeans.class).run(context -> {
            assertThat(context).hasNotFailed();
            StatusResult status = context.getBean(Migrator.class).status();
            assertThat(status.current()).isEqualTo("4");
            assertThat(status.applied()).anySatisfy(a -> assertThat(a.type().name()).isEqualTo("JAVA"));
            assertThat(count(context.getBean(DataSource.class),
                    "SELECT COUNT(*) FROM books WHERE title = 'A WIZARD OF EARTHSEA'")).isEqualTo(1);
        });
    }

    @Test
    void registersMigrationListenerBeans() {
        runner.withUserConfiguration(RecordingListener.class).run(context -> {
            assertThat(context.getBean(RecordingListener.class).finished).containsExactly("1 up", "2 up", "3 up", "null up");
        });
    }

    @Test
    void registersMigrationCallbackBeansInTheirOrder() {
        runner.withUserConfiguration(OrderedCallbacks.class).run(context -> {
            assertThat(context).hasNotFailed();
            long rows = count(context.getBean(DataSource.class), "SELECT COUNT(*) FROM books");
            assertThat(rows).as("after V3's seed rows").isPositive();
            assertThat(context.getBean(OrderedCallbacks.class).ran).containsExactly("first: books has " + rows + " rows",
                    "second: books has " + rows + " rows");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedCallbacks {

        final List<String> ran = new ArrayList<>();

        @Bean
        @org.springframework.core.annotation.Order(2)
        MigrationCallback second() {
            return callback("second");
        }

        @Bean
        @org.springframework.core.annotation.Order(1)
        MigrationCallback first() {
            return callback("first");
        }

        private MigrationCallback callback(String name) {
            return new MigrationCallback() {
                @Override
                public boolean supports(Event event) {
                    return event == Event.AFTER_MIGRATE;
                }

                @Override
                public void handle(Event event, dev.migrate.CallbackContext context) throws Exception {
                    try (java.sql.Statement st = context.connection().createStatement();
                            java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM books")) {
                        rs.next();
                        ran.add(name + ": books has " + rs.getInt(1) + " rows");
                    }
                }
            };
        }
    }

    @Test
    void backsOffWhenTheUserDefinesAMigrator() {
        runner.withUserConfiguration(UserMigrator.class).run(context -> {
            assertThat(context).hasSingleBean(Migrator.class);
            assertThat(context.getBean(Migrator.class).config().table()).isEqualTo("user_history");
            assertThat(tables(context.getBean(DataSource.class))).contains("user_history");
        });
    }

    @Test
    void backsOffWhenTheUserDefinesAnInitializer() {
        runner.withUserConfiguration(UserInitializer.class).run(context -> {
            assertThat(context).hasSingleBean(MigrateInitializer.class);
            assertThat(tables(context.getBean(DataSource.class))).doesNotContain("migrate_history");
        });
    }

    @Test
    void jdbcTemplateAndJdbcClientUsersStartAfterTheMigrations() {
        runner.withConfiguration(AutoConfigurations.of(JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class))
                .withUserConfiguration(EarlyReaders.class).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(EarlyReaders.class).templateCount.get()).isEqualTo(1);
                    assertThat(context.getBean(EarlyReaders.class).clientCount.get()).isEqualTo(1);
                });
    }

    /**
     * spring.main.lazy-initialization=true: the migrations still run at startup, although no bean created at
     * startup uses the database, and a failing one still stops the start.
     */
    @Test
    void lazyInitializationStillMigratesAtStartup() throws Exception {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        org.springframework.boot.SpringApplication application = new org.springframework.boot.SpringApplication(PlainApplication.class);
        application.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
        try (var context = application.run("--spring.main.lazy-initialization=true", "--spring.datasource.url=" + url,
                "--spring.datasource.username=sa")) {
            // Neither the DataSource nor the Migrator waits for the migrations: they ran before these were asked for.
            assertThat(tables(context.getBean(DataSource.class))).contains("migrate_history", "books");
            assertThat(context.getBean(Migrator.class).status().current()).isEqualTo("3");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> application.run("--spring.main.lazy-initialization=true",
                "--spring.datasource.generate-unique-name=true", "--migrate.locations=classpath:migrations/failing").close())
                .hasStackTraceContaining("V2__broken.sql");
    }

    @Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.ImportAutoConfiguration({ DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class })
    static class PlainApplication {
    }

    static long count(DataSource dataSource, String sql) throws Exception {
        try (var c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<String> tables(DataSource dataSource) throws Exception {
        List<String> names = new ArrayList<>();
        try (var c = dataSource.getConnection(); ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", null)) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static DataSource h2() {
        return DataSourceBuilder.create().url("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1").username("sa").build();
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoDataSources {

        @Bean
        @Primary
        DataSource appDataSource() {
            return h2();
        }

        @Bean(defaultCandidate = false)
        @MigrateDataSource
        DataSource migrationDataSource() {
            return h2();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {

        @Bean
        @org.springframework.core.annotation.Order(1)
        MigrateCustomizer first() {
            return builder -> builder.table("first_history").placeholder("from", "first");
        }

        @Bean
        @org.springframework.core.annotation.Order(2)
        MigrateCustomizer second() {
            return builder -> builder.table("second_history");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RecordingStrategy implements MigrateStrategy {

        final AtomicReference<Migrator> called = new AtomicReference<>();

        @Override
        public void run(Migrator migrator) {
            called.set(migrator);
        }
    }

    /** A service a Java migration bean injects. */
    static class TitleFormatter {

        String format(String title) {
            return title.toUpperCase(Locale.ROOT);
        }
    }

    @MigrationInfo(version = "4", description = "upper-case titles")
    static class UpperCaseTitles implements JavaMigration {

        private final TitleFormatter formatter;

        UpperCaseTitles(TitleFormatter formatter) {
            this.formatter = formatter;
        }

        @Override
        public void up(MigrationContext context) throws Exception {
            List<String[]> rows = new ArrayList<>();
            try (Statement s = context.connection().createStatement(); ResultSet rs = s.executeQuery("SELECT id, title FROM books")) {
                while (rs.next()) {
                    rows.add(new String[] { rs.getString(1), rs.getString(2) });
                }
            }
            for (String[] row : rows) {
                try (var update = context.connection().prepareStatement("UPDATE books SET title = ? WHERE id = ?")) {
                    update.setString(1, formatter.format(row[1]));
                    update.setInt(2, Integer.parseInt(row[0]));
                    update.executeUpdate();
                }
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class JavaMigrationBeans {

        @Bean
        TitleFormatter titleFormatter() {
            return new TitleFormatter();
        }

        @Bean
        UpperCaseTitles upperCaseTitles(TitleFormatter formatter) {
            return new UpperCaseTitles(formatter);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RecordingListener implements MigrationListener {

        final List<String> finished = new ArrayList<>();

        @Override
        public void migrationFinished(MigrationEvent event, Duration duration, Throwable failure) {
            finished.add(event.version() + " " + event.direction().tag());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserMigrator {

        @Bean
        Migrator userMigrator(DataSource dataSource) {
            return Migrator.create(dataSource, MigratorConfig.builder().table("user_history").build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserInitializer {

        @Bean
        MigrateInitializer userInitializer(Migrator migrator, MigrateSettings settings) {
            return new MigrateInitializer(migrator, settings, m -> {
            });
        }
    }

    /** Reads the migrated tables as soon as it is created, as a repository would. */
    @Configuration(proxyBeanMethods = false)
    static class EarlyReaders {

        final AtomicReference<Integer> templateCount = new AtomicReference<>();
        final AtomicReference<Integer> clientCount = new AtomicReference<>();

        @Bean
        Object templateUser(JdbcTemplate template) {
            templateCount.set(template.queryForObject("SELECT COUNT(*) FROM books", Integer.class));
            return new Object();
        }

        @Bean
        Object clientUser(JdbcClient client) {
            clientCount.set(client.sql("SELECT COUNT(*) FROM authors").query(Integer.class).single());
            return new Object();
        }
    }

    @Test
    void migrateTargetStopsTheStartupMigrationAtThatVersion() {
        runner.withPropertyValues("migrate.target=2").run(context -> {
            assertThat(context).hasNotFailed();
            StatusResult status = context.getBean(Migrator.class).status();
            assertThat(status.current()).isEqualTo("2");
            assertThat(status.pending()).extracting(p -> p.version()).contains("3");
        });
        runner.withPropertyValues("migrate.target=latest").run(context -> {
            assertThat(context).hasNotFailed();
            StatusResult status = context.getBean(Migrator.class).status();
            assertThat(status.current()).isEqualTo("3");
            assertThat(status.pending()).isEmpty();
        });
    }

    @Test
    void migrateTargetTakesFlywaysOtherForms() {
        runner.withPropertyValues("migrate.target=next").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Migrator.class).status().current()).isEqualTo("1");
        });
        runner.withPropertyValues("migrate.target=2.5?").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Migrator.class).status().current()).isEqualTo("2");
        });
        runner.withPropertyValues("migrate.target=current").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Migrator.class).status().current()).isNull();
        });
    }

    @Test
    void aMigrateTargetThatIsNotATargetFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("migrate.target=v2-final").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(dev.migrate.ConfigurationException.class)
                    .hasMessageContaining("Invalid migrate.target 'v2-final': 'v2-final' is not a migration version")
                    .hasMessageContaining("or give latest (every pending migration), current, next");
        });
        runner.withPropertyValues("migrate.target=9").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("Target version 9 matches no migration");
        });
    }
}
