package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.migrate.JavaMigration;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationFailedException;
import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.RollbackRequest;
import dev.migrate.StatusResult;
import dev.migrate.boot.actuate.MigrationsDescriptors;
import dev.migrate.boot.actuate.MigrationsDescriptors.PlanResponse;
import dev.migrate.boot.actuate.MigrationsEndpoint;
import dev.migrate.boot.actuate.MigrationsEndpointException;
import dev.migrate.boot.autoconfigure.jpa.Book;
import dev.migrate.boot.health.MigrationsHealthIndicator;
import dev.migrate.boot.metrics.MigrateMetrics;
import dev.migrate.boot.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.persistence.EntityManagerFactory;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Startup migration before JPA, metrics, health and the endpoint's prod rules on each real database,
 * not only H2. The HTTP endpoint suite runs on each of them too ({@code *MigrationsEndpointTests}).
 */
class ServerDatabaseTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, TransactionAutoConfiguration.class,
                    HibernateJpaAutoConfiguration.class, MigrateAutoConfiguration.class, MigrateHealthAutoConfiguration.class,
                    MigrateMetricsAutoConfiguration.class))
            .withUserConfiguration(Config.class)
            .withPropertyValues("spring.jpa.hibernate.ddl-auto=validate", "spring.datasource.hikari.maximum-pool-size=3");

    /** Without JPA, for migrations that do not create the entity's table. */
    private final ApplicationContextRunner servers = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class,
                    MigrateHealthAutoConfiguration.class, MigrateMetricsAutoConfiguration.class))
            .withUserConfiguration(Config.class)
            .withPropertyValues("spring.datasource.hikari.maximum-pool-size=3");

    /** The auto-configured endpoint in prod, with its presets: no Actuator rollback, writes need a planId. */
    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class,
                    MigrateEndpointAutoConfiguration.class))
            .withPropertyValues("spring.datasource.hikari.maximum-pool-size=3", "management.endpoints.web.exposure.include=migrations",
                    "migrate.environment=prod");

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void migratesBeforeJpaAndReportsHealthAndMetrics(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind)) {
            runner.withPropertyValues("spring.datasource.url=" + database.url()).run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(EntityManagerFactory.class);
                var entityManager = context.getBean(EntityManagerFactory.class).createEntityManager();
                try {
                    assertThat(entityManager.find(Book.class, 1).getIsbn()).isEqualTo("9780547773742");
                } finally {
                    entityManager.close();
                }
                assertThat(context.getBean(Migrator.class).status().current()).isEqualTo("3");
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.get(MigrateMetrics.MIGRATION_TIMER).tags("direction", "up", "outcome", "success").timers())
                        .hasSize(4).allSatisfy(timer -> assertThat(timer.count()).as(timer.getId().toString()).isEqualTo(1));
                MigrationsHealthIndicator health = context.getBean(MigrationsHealthIndicator.class);
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                database.execute("UPDATE migrate_history SET checksum = checksum + 1 WHERE version = '2'");
                assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void timesARollbackWithOneDownSample(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind)) {
            servers.withPropertyValues("spring.datasource.url=" + database.url()).run(context -> {
                assertThat(context).hasNotFailed();
                context.getBean(Migrator.class).rollback(RollbackRequest.last());
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.get(MigrateMetrics.MIGRATION_TIMER).tags("direction", "down").timers()).singleElement()
                        .satisfies(timer -> {
                            assertThat(timer.getId().getTag("version")).isEqualTo("3");
                            assertThat(timer.count()).isEqualTo(1);
                        });
                assertThat(registry.get(MigrateMetrics.MIGRATION_TIMER).tags("version", "3", "direction", "up").timer().count())
                        .isEqualTo(1);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void healthIsDownAfterAMigrationThatFailedOutsideATransaction(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind)) {
            servers.withPropertyValues("spring.datasource.url=" + database.url(), "migrate.on-startup=none",
                    "migrate.locations=classpath:migrations/failing-outside-transaction").run(context -> {
                assertThatThrownBy(() -> context.getBean(Migrator.class).migrate()).isInstanceOf(MigrationFailedException.class);
                Health health = context.getBean(MigrationsHealthIndicator.class).health();
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat((List<?>) health.getDetails().get("failed")).singleElement().asString()
                        .contains("V2__broken.sql is FAILED");
                assertThat(health.getDetails()).containsEntry("current", "1").containsKey("fix");
                assertThat(context.getBean(MeterRegistry.class).get(MigrateMetrics.FAILED_GAUGE).gauge().value()).isEqualTo(1);
            });
        }
    }

    /**
     * A MySQL application's set-up: a {@code jdbc:mysql:} URL, for which Spring Boot picks MySQL's driver, Connector/J,
     * here against the MariaDB server, and a JVM in another time zone than the server's. The start migrates, and the
     * history reads back the moment of each migration, as the server's UTC clock has it.
     */
    @Test
    void startsThroughMySqlsDriverAndReadsInstalledOnInUtc() {
        TimeZone jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.MARIADB)) {
            // Host, port and database only: options meant for MariaDB's driver are not Connector/J's.
            String url = "jdbc:mysql:" + database.url().replaceAll("^jdbc:[a-z]+:|\\?.*$", "");
            servers.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=" + database.user(),
                    "spring.datasource.password=" + database.password()).run(context -> {
                assertThat(context).hasNotFailed();
                var jdbc = new org.springframework.jdbc.core.JdbcTemplate(context.getBean(javax.sql.DataSource.class));
                String driver = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDriverName());
                assertThat(driver).startsWith("MySQL Connector/J");
                Instant serverNow = LocalDateTime.parse(jdbc.queryForObject("SELECT DATE_FORMAT(UTC_TIMESTAMP(3), '%Y-%m-%dT%H:%i:%s.%f')",
                        String.class)).toInstant(ZoneOffset.UTC);
                StatusResult status = context.getBean(Migrator.class).status();
                assertThat(status.current()).isEqualTo("3");
                assertThat(status.applied()).isNotEmpty().allSatisfy(applied -> assertThat(applied.installedOn())
                        .isBetween(serverNow.minusSeconds(60), serverNow.plusSeconds(1)));
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM books", Integer.class)).isPositive();
            });
        } finally {
            TimeZone.setDefault(jvmZone);
        }
    }

    /** Another instance's migration, run outside a transaction so that every database shows its RUNNING row at once. */
    @MigrationInfo(version = "4", description = "slow backfill", transactional = false)
    static final class SlowBackfill implements JavaMigration {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void up(MigrationContext context) throws Exception {
            started.countDown();
            release.await(60, TimeUnit.SECONDS);
        }
    }

    /**
     * A rolling deploy: while a newer instance applies a migration, this one stays UP, naming the migration and who holds
     * the lock. A process killed in the migration leaves the row RUNNING and the lock free: DOWN, with 'repair' as the fix.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void healthIsUpWhileAnotherInstanceMigratesAndDownOnceItsRowIsLeftRunning(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind)) {
            servers.withPropertyValues("spring.datasource.url=" + database.url()).run(context -> {
                assertThat(context).hasNotFailed();
                MigrationsHealthIndicator indicator = context.getBean(MigrationsHealthIndicator.class);
                SlowBackfill backfill = new SlowBackfill();
                HikariDataSource otherPool = database.dataSource();
                Migrator newer = Migrator.create(otherPool,
                        context.getBean(Migrator.class).config().toBuilder().javaMigration(backfill).build());
                Thread other = new Thread(newer::migrate);
                other.start();
                try {
                    assertThat(backfill.started.await(30, TimeUnit.SECONDS)).isTrue();
                    Health health = indicator.health();
                    assertThat(health.getStatus()).as(health.toString()).isEqualTo(Status.UP);
                    assertThat((List<?>) health.getDetails().get("inProgress")).singleElement().asString()
                            .contains("SlowBackfill").contains("started ");
                    assertThat(health.getDetails().get("lock")).asString().startsWith("held by ").contains(switch (kind) {
                        case POSTGRES -> "PostgreSQL backend pid ";
                        case MARIADB -> "connection ";
                        case H2 -> "pid " + ProcessHandle.current().pid() + " on host ";
                    });
                    assertThat(health.getDetails()).doesNotContainKeys("failed", "fix");
                    assertThat(context.getBean(MeterRegistry.class).get(MigrateMetrics.FAILED_GAUGE).gauge().value()).isZero();
                } finally {
                    backfill.release.countDown();
                    other.join(60_000);
                    otherPool.close();
                }
                // What a process killed in the migration leaves: the row RUNNING, the lock free (its session ended).
                database.execute("UPDATE migrate_history SET state = 'RUNNING' WHERE version = '4'");
                Health crashed = indicator.health();
                assertThat(crashed.getStatus()).isEqualTo(Status.DOWN);
                assertThat((List<?>) crashed.getDetails().get("failed")).singleElement().asString().contains("is RUNNING");
                assertThat(crashed.getDetails()).containsEntry("lock", "free").doesNotContainKey("inProgress");
                assertThat(crashed.getDetails().get("fix")).asString().startsWith("no process holds the migration lock")
                        .contains("'repair'");
            });
        }
    }

    /** MariaDB commits DDL at once: a failed script stays as a FAILED row. */
    @Test
    void healthIsDownAfterAFailedMigrationOnMariaDb() {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.MARIADB)) {
            servers.withPropertyValues("spring.datasource.url=" + database.url(), "migrate.on-startup=none",
                    "migrate.locations=classpath:migrations/failing").run(context -> {
                assertThatThrownBy(() -> context.getBean(Migrator.class).migrate()).isInstanceOf(MigrationFailedException.class);
                Health health = context.getBean(MigrationsHealthIndicator.class).health();
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat((List<?>) health.getDetails().get("failed")).singleElement().asString()
                        .contains("V2__broken.sql is FAILED");
            });
        }
    }

    /** PostgreSQL rolls the failed script back with its history row: nothing is dirty, the migration is pending again. */
    @Test
    void healthStaysUpWhenPostgresRolledTheFailedMigrationBack() {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRES)) {
            servers.withPropertyValues("spring.datasource.url=" + database.url(), "migrate.on-startup=none",
                    "migrate.locations=classpath:migrations/failing").run(context -> {
                assertThatThrownBy(() -> context.getBean(Migrator.class).migrate()).isInstanceOf(MigrationFailedException.class);
                Health health = context.getBean(MigrationsHealthIndicator.class).health();
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsEntry("current", "1").containsEntry("pending", 1);
                assertThat(context.getBean(Migrator.class).history()).anySatisfy(e -> {
                    assertThat(e.version()).isEqualTo("2");
                    assertThat(e.outcome()).isEqualTo("FAILURE");
                });
            });
        }
    }

    /** COPY ... FROM STDIN reaches the driver's copy API through the pool's connection proxy. */
    @Test
    void copyFromStdinRunsThroughThePooledConnection() {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRES)) {
            servers.withPropertyValues("spring.datasource.url=" + database.url(), "migrate.locations=classpath:migrations/postgres-copy")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(javax.sql.DataSource.class)).isInstanceOf(com.zaxxer.hikari.HikariDataSource.class);
                        var jdbc = new org.springframework.jdbc.core.JdbcTemplate(context.getBean(javax.sql.DataSource.class));
                        assertThat(jdbc.queryForList("SELECT body FROM notes ORDER BY id", String.class))
                                .containsExactly("first", null);
                    });
        }
    }

    /**
     * The pool's only connection ran the migrations: the application gets it back with its own role and settings,
     * whatever the migrations and the beforeMigrate callback set.
     */
    @Test
    void theApplicationGetsThePooledConnectionWithoutTheRoleAndSettingsAMigrationSet() {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRES)) {
            servers.withPropertyValues("spring.datasource.url=" + database.url(), "spring.datasource.hikari.maximum-pool-size=1",
                    "migrate.locations=classpath:migrations/postgres-session").run(context -> {
                        assertThat(context).hasNotFailed();
                        var jdbc = new org.springframework.jdbc.core.JdbcTemplate(context.getBean(javax.sql.DataSource.class));
                        assertThat(jdbc.queryForObject("SELECT current_user = session_user", Boolean.class)).isTrue();
                        assertThat(jdbc.queryForObject("SELECT current_setting('lock_timeout')", String.class)).isEqualTo("0");
                        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notes", Integer.class)).isZero();
                        // beforeMigrate's setting held for the migrations, V1's role did not reach V2
                        assertThat(jdbc.queryForMap("SELECT * FROM observed")).containsEntry("statement_timeout", "98765ms")
                                .containsEntry("role", jdbc.queryForObject("SELECT session_user::text", String.class));
                        assertThat(jdbc.queryForObject("SELECT current_setting('statement_timeout')", String.class)).isEqualTo("0");
                    });
        }
    }

    /** migrate.init-sqls: the start's migrations run with it; the pool's only connection reaches the application without it. */
    @Test
    void initSqlsHoldForTheStartsMigrationsAndLeaveThePoolsConnectionAsItWas() {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRES)) {
            servers.withPropertyValues("spring.datasource.url=" + database.url(), "spring.datasource.hikari.maximum-pool-size=1",
                    "migrate.locations=classpath:migrations/postgres-init-sql", "migrate.init-sqls=SET application_name = 'migrate-start'")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        var jdbc = new org.springframework.jdbc.core.JdbcTemplate(context.getBean(javax.sql.DataSource.class));
                        assertThat(jdbc.queryForObject("SELECT application_name FROM observed", String.class)).isEqualTo("migrate-start");
                        assertThat(jdbc.queryForObject("SELECT current_setting('application_name')", String.class))
                                .isNotEqualTo("migrate-start");
                    });
        }
    }

    /**
     * A statement given to migrate.init-sqls is one statement, commas and all (Boot would otherwise split a
     * property's value at each comma, and run "pg_catalog" as a statement); a list still gives several.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anInitSqlWithACommaIsOneStatement(TestDatabase.Kind kind) {
        String statement = switch (kind) {
            case POSTGRES -> "SET search_path TO public, pg_catalog";
            case MARIADB -> "SET SESSION sql_mode = REPLACE(@@sql_mode, 'IGNORE_SPACE', '')"; // core.md's advice
            case H2 -> "SET SCHEMA_SEARCH_PATH PUBLIC, INFORMATION_SCHEMA";
        };
        try (TestDatabase database = TestDatabase.create(kind)) {
            servers.withPropertyValues("spring.datasource.url=" + database.url(), "migrate.init-sqls=" + statement).run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(Migrator.class).config().initSql()).containsExactly(statement);
                assertThat(context.getBean(Migrator.class).status().current()).isEqualTo("3");
            });
            servers.withPropertyValues("spring.datasource.url=" + database.url(), "migrate.init-sqls[0]=SELECT 1",
                    "migrate.init-sqls[1]=" + statement).run(context -> assertThat(context.getBean(Migrator.class).config().initSql())
                            .containsExactly("SELECT 1", statement));
        }
    }

    /**
     * migrate.default-schema: the start migrates in that schema through the pool's only connection, which the
     * application then gets back in its own schema; health reads Migrate's tables there.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theStartMigratesInTheDefaultSchemaAndThePoolsConnectionKeepsItsOwn(TestDatabase.Kind kind) {
        String shop = "shop_" + Long.toHexString(System.nanoTime());
        String own = switch (kind) {
            case POSTGRES -> "SELECT current_schema()";
            case MARIADB -> "SELECT DATABASE()";
            case H2 -> "SELECT SCHEMA()";
        };
        try (TestDatabase database = TestDatabase.create(kind)) {
            String before = new org.springframework.jdbc.core.JdbcTemplate(database.dataSource()).queryForObject(own, String.class);
            try {
                servers.withPropertyValues("spring.datasource.url=" + database.url(), "spring.datasource.hikari.maximum-pool-size=1",
                        "migrate.default-schema=" + shop).run(context -> {
                            assertThat(context).hasNotFailed();
                            var jdbc = new org.springframework.jdbc.core.JdbcTemplate(context.getBean(javax.sql.DataSource.class));
                            assertThat(jdbc.queryForObject(own, String.class)).isEqualTo(before);
                            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + shop + ".books", Integer.class)).isPositive();
                            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + shop + ".migrate_history", Integer.class))
                                    .isEqualTo(4);
                            assertThat(context.getBean(Migrator.class).status().current()).isEqualTo("3");
                            assertThat(context.getBean(MigrationsHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
                            assertThat(jdbc.queryForObject(own, String.class)).isEqualTo(before);
                        });
            } finally {
                if (kind == TestDatabase.Kind.MARIADB) {
                    new org.springframework.jdbc.core.JdbcTemplate(database.dataSource()).execute("DROP DATABASE IF EXISTS " + shop);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void prodRefusesActuatorRollbackAndUnconfirmedWrites(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind)) {
            web.withPropertyValues("spring.datasource.url=" + database.url()).run(context -> {
                assertThat(context).hasNotFailed();
                MigrationsEndpoint endpoint = context.getBean(MigrationsEndpoint.class);
                PlanResponse plan = (PlanResponse) endpoint.operate("plan", "rollback", null, null, null, null, null, null,
                        SecurityContext.NONE);
                assertThatThrownBy(() -> endpoint.operate("rollback", null, null, null, null, null, null, plan.planId(),
                        SecurityContext.NONE)).isInstanceOfSatisfying(MigrationsEndpointException.class, e -> {
                            assertThat(e.status()).isEqualTo(403);
                            assertThat(e.getMessage()).contains("migrate.rollback.enabled=true");
                        });
                context.getBean(Migrator.class).rollback(RollbackRequest.last());
                assertThatThrownBy(() -> endpoint.operate("migrate", null, null, null, null, null, null, null, SecurityContext.NONE))
                        .isInstanceOfSatisfying(MigrationsEndpointException.class, e -> assertThat(e.status()).isEqualTo(428));
                assertThat(context.getBean(Migrator.class).status().current()).isEqualTo("2");
            });
        }
    }

    /**
     * Reserved words as the names of Migrate's tables (and schema, where each test has a database of its own): the start
     * migrates, and a write confirmed with its planId runs once and is refused when confirmed again. The check that a planId was not used
     * yet named the audit table unquoted ({@code SELECT COUNT(*) FROM group}), so every confirmed write failed with "Could
     * not check whether planId ... was already used" once the audit table existed.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void reservedWordsAsTheNamesOfMigratesTablesWorkForTheStartAndAConfirmedWrite(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind)) {
            List<String> names = new java.util.ArrayList<>(List.of("spring.datasource.url=" + database.url(), "migrate.table=user",
                    "migrate.audit-table=group", "migrate.lock-table=table", "migrate.progress-table=check"));
            if (kind != TestDatabase.Kind.MARIADB) {
                names.add("migrate.schema=order");
            }
            web.withPropertyValues(names.toArray(String[]::new)).run(context -> {
                assertThat(context).hasNotFailed();
                Migrator migrator = context.getBean(Migrator.class);
                assertThat(migrator.status().current()).isEqualTo("3");
                migrator.rollback(RollbackRequest.last());
                MigrationsEndpoint endpoint = context.getBean(MigrationsEndpoint.class);
                PlanResponse plan = (PlanResponse) endpoint.operate("plan", null, null, null, null, null, null, null,
                        SecurityContext.NONE);
                Object run = endpoint.operate("migrate", null, null, null, null, null, null, plan.planId(), SecurityContext.NONE);
                assertThat(run).isInstanceOfSatisfying(MigrationsDescriptors.RunResponse.class,
                        r -> assertThat(r.toVersion()).isEqualTo("3"));
                migrator.rollback(RollbackRequest.last());
                assertThatThrownBy(() -> endpoint.operate("migrate", null, null, null, null, null, null, plan.planId(),
                        SecurityContext.NONE)).isInstanceOfSatisfying(MigrationsEndpointException.class, e -> {
                            assertThat(e.status()).isEqualTo(409);
                            assertThat(e.getMessage()).contains("already used");
                        });
                assertThat(migrator.history()).filteredOn(e -> "CONFIRM".equals(e.operation()))
                        .extracting(dev.migrate.AuditEntry::details).containsExactly(plan.planId());
            });
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = Book.class)
    static class Config {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
