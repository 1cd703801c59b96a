package dev.migrate.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.migrate.AuditEntry;
import dev.migrate.JavaMigration;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationFailedException;
import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.RollbackRequest;
import dev.migrate.MigratorConfig;
import dev.migrate.boot.actuate.MigrationsDescriptors.PlanResponse;
import dev.migrate.boot.actuate.MigrationsDescriptors.RunResponse;
import dev.migrate.boot.autoconfigure.MigrateEnvironment;
import dev.migrate.boot.autoconfigure.MigrateSettings;
import dev.migrate.boot.autoconfigure.OnStartup;
import dev.migrate.boot.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SecurityContext;

/**
 * The endpoint's rules per environment, called directly on a real H2 database: which writes need a
 * planId, when rollback is refused, the backup check, expired and mismatched plans.
 */
class MigrationsEndpointRulesTests {

    private TestDatabase database;
    private HikariDataSource dataSource;
    private Migrator migrator;

    @BeforeEach
    void migrate() {
        database = TestDatabase.create(TestDatabase.Kind.H2);
        dataSource = database.dataSource();
        migrator = Migrator.create(dataSource, MigratorConfig.builder().build());
        migrator.migrate();
    }

    @AfterEach
    void drop() {
        dataSource.close();
        database.close();
    }

    @Test
    void devRunsWritesWithoutAPlanId() {
        RunResponse response = (RunResponse) endpoint(MigrateEnvironment.DEV, null).operate("rollback", null, null, null, null, null,
                null, null, SecurityContext.NONE);
        assertThat(response.toVersion()).isEqualTo("2");
        assertThat(response.notes()).isEmpty();
    }

    /** A rollback's notes reach the endpoint's answer: here, what applying the version again needs. */
    @Test
    void rollbackAnswerCarriesItsNotes() {
        RunResponse response = (RunResponse) endpoint(MigrateEnvironment.DEV, null).operate("rollback", null, null, null, null, null,
                "2", null, SecurityContext.NONE);
        assertThat(response.steps()).extracting(MigrationsDescriptors.Ran::version).containsExactly("2");
        assertThat(response.notes()).singleElement().asString().startsWith("Version 2 was rolled back while version 3 stays applied")
                .contains("migrate.out-of-order=true");
    }

    @Test
    void stagingRequiresAPlanIdForRollbackAndMigrate() {
        MigrationsEndpoint endpoint = endpoint(MigrateEnvironment.STAGING, null);
        assertThatThrownBy(() -> endpoint.operate("rollback", null, null, null, null, null, null, null, SecurityContext.NONE))
                .isInstanceOfSatisfying(MigrationsEndpointException.class, e -> assertThat(e.status()).isEqualTo(428));
        assertThatThrownBy(() -> endpoint.operate("migrate", null, null, null, null, null, null, null, SecurityContext.NONE))
                .isInstanceOfSatisfying(MigrationsEndpointException.class, e -> assertThat(e.status()).isEqualTo(428));
    }

    @Test
    void prodRefusesRollbackUnlessEnabled() {
        MigrationsEndpoint endpoint = endpoint(MigrateEnvironment.PROD, null);
        PlanResponse plan = (PlanResponse) endpoint.operate("plan", "rollback", null, null, null, null, null, null, SecurityContext.NONE);
        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("migrate.rollback.enabled=true"));
        assertThatThrownBy(() -> endpoint.operate("rollback", null, null, null, null, null, null, plan.planId(), SecurityContext.NONE))
                .isInstanceOfSatisfying(MigrationsEndpointException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("migrate.rollback.enabled=true");
                });
        assertThat(migrator.status().current()).isEqualTo("3");
        assertRefused("rollback last", JmxCaller.ANONYMOUS, "Actuator endpoint refused rollback last (403): Rollback from Actuator is"
                + " disabled in the prod environment");
    }

    /** The last audit row is the refusal of {@code request}, by {@code caller}, and says why. */
    private void assertRefused(String request, String caller, String detailsStart) {
        assertThat(migrator.history()).last().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEntry.REFUSED);
            assertThat(e.operation()).isEqualTo(request.startsWith("rollback") ? "ROLLBACK" : "MIGRATE");
            assertThat(e.description()).isEqualTo(request);
            assertThat(e.performedBy()).isEqualTo(caller);
            assertThat(e.details()).startsWith(detailsStart);
        });
    }

    /** An audit row that cannot be written does not change the answer: the refusal stands, and is logged instead. */
    @Test
    void aRefusalThatCannotBeAuditedIsAnsweredAsBefore() throws Exception {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("ALTER TABLE migrate_audit DROP COLUMN details");
        }
        MigrationsEndpointWebExtension web = new MigrationsEndpointWebExtension(endpoint(MigrateEnvironment.STAGING, null));
        var refused = web.operate("rollback", null, null, null, null, null, null, null, SecurityContext.NONE);
        assertThat(refused.getStatus()).isEqualTo(428);
        assertThat(refused.getBody().toString()).contains("requires confirmation");
        assertThat(migrator.status().current()).isEqualTo("3");
    }

    @Test
    void prodConsultsTheBackupVerifierBeforeRollingBack() {
        AtomicInteger calls = new AtomicInteger();
        MigrationsEndpoint refusing = endpoint(settings(MigrateEnvironment.PROD, true), plan -> {
            calls.incrementAndGet();
            assertThat(plan.steps()).hasSize(1);
            return BackupVerifier.Check.failed("no backup since yesterday");
        }, Clock.systemUTC());
        String planId = plan(refusing, "rollback");
        assertThatThrownBy(() -> refusing.operate("rollback", null, null, null, null, null, null, planId, SecurityContext.NONE))
                .isInstanceOfSatisfying(MigrationsEndpointException.class, e -> {
                    assertThat(e.status()).isEqualTo(412);
                    assertThat(e.getMessage()).contains("no backup since yesterday");
                });
        assertThat(calls).hasValue(1);
        assertThat(migrator.status().current()).isEqualTo("3");
        assertRefused("rollback last", JmxCaller.ANONYMOUS, "Actuator endpoint refused rollback last (412): Backup check failed,"
                + " rollback refused: no backup since yesterday");

        MigrationsEndpoint passing = endpoint(settings(MigrateEnvironment.PROD, true), plan -> BackupVerifier.Check.passed("ok"),
                Clock.systemUTC());
        RunResponse done = (RunResponse) passing.operate("rollback", null, null, null, null, null, null, plan(passing, "rollback"),
                SecurityContext.NONE);
        assertThat(done.toVersion()).isEqualTo("2");
    }

    @Test
    void expiredPlansAreRefused() {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        MigrationsEndpoint then = endpoint(settings(MigrateEnvironment.STAGING, true), null, Clock.fixed(now, ZoneOffset.UTC));
        String planId = plan(then, "rollback");
        MigrationsEndpoint later = endpoint(settings(MigrateEnvironment.STAGING, true), null,
                Clock.fixed(now.plus(Duration.ofMinutes(16)), ZoneOffset.UTC));
        assertThatThrownBy(() -> later.operate("rollback", null, null, null, null, null, null, planId, SecurityContext.NONE))
                .isInstanceOfSatisfying(MigrationsEndpointException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("expired");
                });
        assertRefused("rollback last", JmxCaller.ANONYMOUS, "Actuator endpoint refused rollback last (409): The plan expired at");
    }

    /** An empty target or only is no "default": refused before anything runs, as is an 'of' outside a plan. */
    @Test
    void emptyArgumentsAndAnOfOutsideAPlanAreBadRequests() {
        MigrationsEndpoint endpoint = endpoint(MigrateEnvironment.DEV, null);
        assertThatThrownBy(() -> endpoint.operate("rollback", null, "", null, null, null, null, null, SecurityContext.NONE))
                .isInstanceOfSatisfying(MigrationsEndpointException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("'target' is empty");
                });
        assertThatThrownBy(() -> endpoint.operate("rollback", null, null, null, null, null, " ", null, SecurityContext.NONE))
                .isInstanceOfSatisfying(MigrationsEndpointException.class, e -> assertThat(e.getMessage()).contains("'only' is empty"));
        assertThatThrownBy(() -> endpoint.operate("migrate", "rollback", null, null, null, null, null, null, SecurityContext.NONE))
                .isInstanceOfSatisfying(MigrationsEndpointException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("'of' says what a plan is of");
                });
        assertThat(migrator.status().current()).isEqualTo("3");
    }

    /** A planId edited to say it was issued later (to outlive its validity), or to a time no clock has, is a bad request. */
    @Test
    void aPlanIdWithAnEditedIssueTimeIsRefused() {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        MigrationsEndpoint then = endpoint(settings(MigrateEnvironment.STAGING, true), null, Clock.fixed(now, ZoneOffset.UTC));
        String planId = plan(then, "rollback");
        MigrationsEndpoint later = endpoint(settings(MigrateEnvironment.STAGING, true), null,
                Clock.fixed(now.plus(Duration.ofMinutes(16)), ZoneOffset.UTC));
        for (String issuedAt : List.of(String.valueOf(now.plus(Duration.ofHours(1)).getEpochSecond()), "99999999999999999")) {
            String edited = withIssuedAt(planId, issuedAt);
            assertThatThrownBy(() -> later.operate("rollback", null, null, null, null, null, null, edited, SecurityContext.NONE))
                    .as(issuedAt).isInstanceOfSatisfying(MigrationsEndpointException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.getMessage()).contains("not").contains("this endpoint");
                    });
        }
        assertThat(migrator.status().current()).isEqualTo("3");
    }

    private static String withIssuedAt(String planId, String issuedAt) {
        String text = new String(java.util.Base64.getUrlDecoder().decode(planId.substring(3)), java.nio.charset.StandardCharsets.UTF_8);
        String[] parts = text.split("\n", -1);
        parts[3] = issuedAt;
        return "p2." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                String.join("\n", parts).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aPlanIdConfirmsOnlyTheRequestItWasMadeFor() {
        MigrationsEndpoint endpoint = endpoint(MigrateEnvironment.STAGING, null);
        String rollbackLast = plan(endpoint, "rollback");
        assertThatThrownBy(() -> endpoint.operate("migrate", null, null, null, null, null, null, rollbackLast, SecurityContext.NONE))
                .isInstanceOfSatisfying(MigrationsEndpointException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> endpoint.operate("rollback", null, null, 2, null, null, null, rollbackLast, SecurityContext.NONE))
                .isInstanceOfSatisfying(MigrationsEndpointException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("'rollback last'").contains("'rollback steps=2'");
                });
    }

    @Test
    void planIdCarriesTheRequestSoTheConfirmationNeedsNothingElse() {
        MigrationsEndpoint endpoint = endpoint(MigrateEnvironment.STAGING, null);
        PlanResponse plan = (PlanResponse) endpoint.operate("plan", "rollback", null, 2, null, null, null, null, SecurityContext.NONE);
        assertThat(plan.request()).isEqualTo("rollback steps=2");
        assertThat(plan.confirm()).containsEntry("operation", "rollback").containsEntry("planId", plan.planId());
        RunResponse done = (RunResponse) endpoint.operate("rollback", null, null, null, null, null, null, plan.planId(),
                SecurityContext.NONE);
        assertThat(done.request()).isEqualTo("rollback steps=2");
        assertThat(done.toVersion()).isEqualTo("1");
    }

    @Test
    void aUsedPlanIdIsRefusedByEveryInstanceEvenWhenTheHistoryCameBack() {
        // Two endpoints, each with its own ledger: two instances of the application on one database.
        MigrationsEndpoint first = endpoint(MigrateEnvironment.STAGING, null);
        MigrationsEndpoint second = endpoint(MigrateEnvironment.STAGING, null);
        migrator.rollback(RollbackRequest.last());
        String planId = plan(first, "migrate");
        RunResponse migrated = (RunResponse) first.operate("migrate", null, null, null, null, null, null, planId, SecurityContext.NONE);
        assertThat(migrated.toVersion()).isEqualTo("3");
        migrator.rollback(RollbackRequest.last());
        assertThat(migrator.planMigrate(null).fingerprint()).as("the history is back where the plan was made")
                .isEqualTo(PlanId.decode(planId).fingerprint());

        for (MigrationsEndpoint instance : List.of(first, second)) {
            assertThatThrownBy(() -> instance.operate("migrate", null, null, null, null, null, null, planId, SecurityContext.NONE))
                    .isInstanceOfSatisfying(MigrationsEndpointException.class, e -> {
                        assertThat(e.status()).isEqualTo(409);
                        assertThat(e.getMessage()).contains("already used").contains("\"operation\": \"plan\"");
                    });
        }
        assertThat(migrator.status().current()).isEqualTo("2");
        assertThat(migrator.history()).filteredOn(e -> PlanLedger.OPERATION.equals(e.operation())).singleElement()
                .satisfies(e -> {
                    assertThat(e.details()).isEqualTo(planId);
                    assertThat(e.description()).isEqualTo("migrate");
                    assertThat(e.environment()).isEqualTo("prod");
                });
        RunResponse again = (RunResponse) second.operate("migrate", null, null, null, null, null, null, plan(second, "migrate"),
                SecurityContext.NONE);
        assertThat(again.toVersion()).as("a new plan of the same request has its own planId").isEqualTo("3");
    }

    @Test
    void aPlanIdIsUsedEvenWhenItsWriteFailedAndChangedNothing() {
        Migrator refusing = Migrator.create(dataSource, MigratorConfig.builder().javaMigration(new RefusedByCheck()).build());
        MigrationsEndpoint endpoint = new MigrationsEndpoint(refusing, settings(MigrateEnvironment.STAGING, true), List.of(),
                new PlanLedger(dataSource, refusing.config()));
        String planId = plan(endpoint, "migrate");
        assertThatThrownBy(() -> endpoint.operate("migrate", null, null, null, null, null, null, planId, SecurityContext.NONE))
                .isInstanceOf(MigrationFailedException.class);
        assertThat(refusing.planMigrate(null).fingerprint()).as("the failed check left no history row")
                .isEqualTo(PlanId.decode(planId).fingerprint());
        assertThatThrownBy(() -> endpoint.operate("migrate", null, null, null, null, null, null, planId, SecurityContext.NONE))
                .isInstanceOfSatisfying(MigrationsEndpointException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("already used");
                });
    }

    @Test
    void aPlanIdUsedOnAFreshDatabaseIsRecordedOnceTheAuditTableExists() {
        try (TestDatabase fresh = TestDatabase.create(TestDatabase.Kind.H2); HikariDataSource freshSource = fresh.dataSource()) {
            Migrator empty = Migrator.create(freshSource, MigratorConfig.builder().build());
            MigrationsEndpoint endpoint = new MigrationsEndpoint(empty, settings(MigrateEnvironment.STAGING, true), List.of(),
                    new PlanLedger(freshSource, empty.config()));
            String planId = plan(endpoint, "migrate");
            RunResponse done = (RunResponse) endpoint.operate("migrate", null, null, null, null, null, null, planId,
                    SecurityContext.NONE);
            assertThat(done.toVersion()).isEqualTo("3");
            assertThat(empty.history()).filteredOn(e -> PlanLedger.OPERATION.equals(e.operation()))
                    .extracting(AuditEntry::details).containsExactly(planId);
        }
    }

    /** A Java migration whose check refuses to run, before any change. */
    @MigrationInfo(version = "4", description = "refused by its check")
    static final class RefusedByCheck implements JavaMigration {

        @Override
        public boolean check(MigrationContext context) {
            return false;
        }

        @Override
        public void up(MigrationContext context) {
            throw new AssertionError("up must not run when check() refuses");
        }
    }

    @Test
    void rollbackArgumentsAreExclusive() {
        MigrationsEndpoint endpoint = endpoint(MigrateEnvironment.DEV, null);
        assertThatThrownBy(() -> endpoint.operate("rollback", null, "1", 2, null, null, null, null, SecurityContext.NONE))
                .isInstanceOfSatisfying(MigrationsEndpointException.class, e -> assertThat(e.getMessage())
                        .contains("at most one of target, steps, batch, all and only"));
        assertThatThrownBy(() -> endpoint.operate("migrate", null, null, 2, null, null, null, null, SecurityContext.NONE))
                .isInstanceOfSatisfying(MigrationsEndpointException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void aMigratePlanListsTheCallbacksThatWouldRunAsNotesNotWarnings(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("V9__more.sql"), "CREATE TABLE more_rows (id INT);\n");
        java.nio.file.Files.writeString(dir.resolve("afterMigrate__grants.sql"), "SELECT 1;\n");
        migrator = Migrator.create(dataSource, MigratorConfig.builder()
                .locations("classpath:db/migration", "filesystem:" + dir).build());
        PlanResponse plan = (PlanResponse) endpoint(MigrateEnvironment.DEV, null)
                .operate("plan", "migrate", null, null, null, null, null, null, SecurityContext.NONE);
        assertThat(plan.steps()).extracting(MigrationsDescriptors.Step::version).containsExactly("9");
        assertThat(plan.notes()).containsExactly("Callback afterMigrate__grants.sql runs after the last step");
        assertThat(plan.warnings()).as("a callback is information, not a warning").noneMatch(w -> w.contains("Callback"))
                .anySatisfy(w -> assertThat(w).contains("V9__more.sql (version 9) is irreversible"));
    }

    /**
     * The endpoint shows planned statements with their placeholders replaced: the value of a placeholder whose name says
     * it is a secret is shown as ******, in the plan and in a migration's details alike.
     */
    @Test
    void aSecretPlaceholdersValueIsMaskedInThePlanAndTheDetails(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("V9__role.sql"),
                "CREATE TABLE creds (owner VARCHAR(20), pw VARCHAR(40));\nINSERT INTO creds VALUES ('${owner}', '${db_password}');\n");
        migrator = Migrator.create(dataSource, MigratorConfig.builder().locations("classpath:db/migration", "filesystem:" + dir)
                .placeholder("owner", "alice").placeholder("db_password", "Hunter2Secret").build());
        PlanResponse plan = (PlanResponse) endpoint(MigrateEnvironment.DEV, null)
                .operate("plan", "migrate", null, null, null, null, null, null, SecurityContext.NONE);
        assertThat(plan.steps()).singleElement().satisfies(step -> assertThat(step.statements())
                .extracting(MigrationsDescriptors.Statement::sql)
                .contains("INSERT INTO creds VALUES ('alice', '******')").noneMatch(sql -> sql.contains("Hunter2Secret")));
        MigrationsDescriptors.Details details = endpoint(MigrateEnvironment.DEV, null).migration("9");
        assertThat(details.up()).extracting(MigrationsDescriptors.Statement::sql)
                .contains("INSERT INTO creds VALUES ('alice', '******')").noneMatch(sql -> sql.contains("Hunter2Secret"));
        migrator.migrate();
        assertThat(migrator.config().masked("x Hunter2Secret y")).isEqualTo("x ****** y");
    }

    private static String plan(MigrationsEndpoint endpoint, String of) {
        return ((PlanResponse) endpoint.operate("plan", of, null, null, null, null, null, null, SecurityContext.NONE)).planId();
    }

    /** A database that cannot be reached is 503, not a bad request; a failed callback is 422, not an unreachable database. */
    @Test
    void anUnreachableDatabaseIs503AndAFailedCallbackIs422(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        migrator = Migrator.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                "jdbc:h2:file:" + dir.resolve("missing/db") + ";IFEXISTS=TRUE", "sa", ""), MigratorConfig.builder().build());
        MigrationsEndpointWebExtension web = new MigrationsEndpointWebExtension(endpoint(MigrateEnvironment.DEV, null));
        var unreachable = web.migrations();
        assertThat(unreachable.getStatus()).isEqualTo(503);
        assertThat(unreachable.getBody().toString()).contains("Could not connect to the database");

        java.nio.file.Files.writeString(dir.resolve("V9__later.sql"), "CREATE TABLE later (id INT);\n");
        java.nio.file.Files.writeString(dir.resolve("beforeMigrate.sql"), "SELECT * FROM no_such_table;\n");
        migrator = Migrator.create(dataSource, MigratorConfig.builder().locations("classpath:db/migration", "filesystem:" + dir).build());
        web = new MigrationsEndpointWebExtension(endpoint(MigrateEnvironment.DEV, null));
        var callback = web.operate("migrate", null, null, null, null, null, null, null, SecurityContext.NONE);
        assertThat(callback.getStatus()).isEqualTo(422);
        assertThat(callback.getBody().toString()).contains("Callback beforeMigrate.sql line 1 failed");
    }

    private MigrationsEndpoint endpoint(MigrateEnvironment environment, BackupVerifier verifier) {
        return endpoint(settings(environment, environment.rollbackEnabled()), verifier, Clock.systemUTC());
    }

    private MigrationsEndpoint endpoint(MigrateSettings settings, BackupVerifier verifier, Clock clock) {
        return new MigrationsEndpoint(migrator, settings, verifier == null ? List.of() : List.of(verifier),
                new PlanLedger(dataSource, migrator.config(), clock), clock);
    }

    private static MigrateSettings settings(MigrateEnvironment environment, boolean rollbackEnabled) {
        return new MigrateSettings(environment, "test", OnStartup.MIGRATE, environment.cleanAllowed(), environment.logSql(),
                rollbackEnabled, environment.confirmationRequired(), environment.backupCheck(), Duration.ofMinutes(15));
    }
}
