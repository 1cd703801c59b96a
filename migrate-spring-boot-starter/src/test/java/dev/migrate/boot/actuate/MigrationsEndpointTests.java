package dev.migrate.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.migrate.AuditEntry;
import dev.migrate.Migrator;
import dev.migrate.RollbackRequest;
import dev.migrate.boot.metrics.MigrateMetrics;
import dev.migrate.boot.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code /actuator/migrations} over real HTTP in {@code prod} with Actuator rollback enabled, which
 * requires a {@code planId} for every write. Run on H2, PostgreSQL and MariaDB by the subclasses, each
 * on a new database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = EndpointTestApplication.class, properties = {
        "management.endpoints.web.exposure.include=migrations,health",
        "management.endpoint.migrations.access=unrestricted",
        "management.endpoint.health.show-details=always",
        "migrate.environment=prod",
        "migrate.rollback.enabled=true",
        "migrate.lock-timeout=20s",
        "spring.datasource.hikari.maximum-pool-size=4" })
@DirtiesContext
abstract class MigrationsEndpointTests {

    static TestDatabase database;

    @LocalServerPort
    int port;

    @Autowired
    Migrator migrator;

    @Autowired
    MeterRegistry meterRegistry;

    Http http;

    @DynamicPropertySource
    static void dataSource(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> database.url());
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    @BeforeEach
    void migrated() {
        http = new Http(port);
        if (!"3".equals(migrator.status().current())) {
            migrator.migrate();
        }
    }

    @Test
    void statusHasTheSharedJsonShape() {
        Http.Response response = http.get("/actuator/migrations");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).contains("json");
        assertThat((String) response.read("$.environment")).isEqualTo("prod");
        assertThat((String) response.read("$.current")).isEqualTo("3");
        assertThat((Integer) response.read("$.lastBatch")).isGreaterThanOrEqualTo(1);
        assertThat((List<String>) response.read("$.applied[*].script"))
                .containsExactlyInAnyOrder("V1__create_books.sql", "2_add_isbn.up.sql", "V3__seed_books.sql", "R__book_titles.sql");
        Map<String, Object> first = response.read("$.applied[0]");
        assertThat(first).containsKeys("version", "description", "type", "script", "checksum", "state", "batch", "installedBy",
                "installedOn", "executionTimeMs", "reversible");
        assertThat(first).containsEntry("version", "1").containsEntry("description", "create books").containsEntry("type", "SQL")
                .containsEntry("state", "SUCCESS").containsEntry("reversible", true);
        assertThat((String) first.get("installedOn")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat((List<?>) response.read("$.pending")).isEmpty();
        assertThat((List<?>) response.read("$.failed")).isEmpty();
        assertThat((List<?>) response.read("$.problems")).isEmpty();
        assertThat((List<?>) response.read("$.otherEnvironments")).isEmpty();
        assertThat((List<?>) response.read("$.inProgress")).isEmpty();
        assertThat(((Map<String, Object>) response.read("$")).get("lock")).as("read only with a RUNNING row").isNull();
        assertThat((Boolean) response.read("$.settings['confirmation.required']")).isTrue();
        assertThat((Boolean) response.read("$.settings['rollback.enabled']")).isTrue();
    }

    @Test
    void detailsShowStateTimingsAndSql() {
        Http.Response response = http.get("/actuator/migrations/1");
        assertThat(response.status()).isEqualTo(200);
        assertThat((String) response.read("$.script")).isEqualTo("V1__create_books.sql");
        assertThat((String) response.read("$.state")).isEqualTo("SUCCESS");
        assertThat((Integer) response.read("$.batch")).isEqualTo(1);
        assertThat((Object) response.read("$.executionTimeMs")).isNotNull();
        assertThat((List<String>) response.read("$.up[*].sql")).anySatisfy(sql -> assertThat(sql).contains("CREATE TABLE books"));
        assertThat((Integer) response.read("$.up[0].line")).isEqualTo(1);
        assertThat((List<String>) response.read("$.down[*].sql")).contains("DROP TABLE books");

        Http.Response sections = http.get("/actuator/migrations/3");
        assertThat((List<String>) sections.read("$.up[*].sql")).allSatisfy(sql -> assertThat(sql).startsWith("INSERT"));
        assertThat((List<String>) sections.read("$.down[*].sql")).allSatisfy(sql -> assertThat(sql).startsWith("DELETE"));
    }

    @Test
    void unknownVersionIsNotFoundAndMalformedVersionIsBadRequest() {
        Http.Response unknown = http.get("/actuator/migrations/99");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat((String) unknown.read("$.message")).contains("No migration has version or name '99'");
        Http.Response malformed = http.get("/actuator/migrations/not-a-version");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat((String) malformed.read("$.message")).startsWith("Invalid version: ")
                .endsWith("nor is it the script or description of a repeatable migration in the locations (such as"
                        + " R__book_titles.sql or book titles)");
    }

    /** A repeatable migration has no version: it is described by its script's file name or its description. */
    @Test
    void aRepeatableMigrationIsDescribedByItsScriptOrDescription() {
        for (String name : List.of("R__book_titles.sql", "book%20titles", "book_titles")) {
            Http.Response response = http.get("/actuator/migrations/" + name);
            assertThat(response.status()).as(name + ": " + response.body()).isEqualTo(200);
            assertThat((Object) response.read("$.version")).as(name).isNull();
            assertThat((String) response.read("$.description")).isEqualTo("book titles");
            assertThat((String) response.read("$.type")).isEqualTo("REPEATABLE");
            assertThat((String) response.read("$.script")).isEqualTo("R__book_titles.sql");
            assertThat((String) response.read("$.state")).isEqualTo("SUCCESS");
            assertThat((Boolean) response.read("$.pending")).isFalse();
            assertThat((Boolean) response.read("$.reversible")).isFalse();
            assertThat((Integer) response.read("$.checksum")).isNotNull();
            assertThat((List<String>) response.read("$.up[*].sql"))
                    .containsExactly("CREATE OR REPLACE VIEW book_titles AS SELECT id, title FROM books");
            assertThat((List<?>) response.read("$.down")).isEmpty();
        }
        Http.Response unknown = http.get("/actuator/migrations/R__no_such_view.sql");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat((String) unknown.read("$.message")).isEqualTo("No migration has version or name 'R__no_such_view.sql': no file"
                + " in the locations and no row in the history. A repeatable migration, which has no version, is named by its script"
                + " (R__book_titles.sql) or its description (book titles, or book_titles)");
    }

    /** Each refusal is a REFUSED audit row naming the caller, the request and why, apart from a FAILURE of a run. */
    @Test
    void writesWithoutPlanIdAreRefusedInProdAndAudited() {
        Http.Response rollback = http.post("/actuator/migrations", "{\"operation\": \"rollback\", \"steps\": 2}", "alice");
        assertThat(rollback.status()).isEqualTo(428);
        assertThat((String) rollback.read("$.message")).contains("requires confirmation").contains("\"operation\": \"plan\"");
        Http.Response migrate = http.post("/actuator/migrations", "{\"operation\": \"migrate\"}");
        assertThat(migrate.status()).isEqualTo(428);
        assertThat(migrator.status().current()).isEqualTo("3");

        List<AuditEntry> refused = lastRefusals(2);
        assertThat(refused).extracting(AuditEntry::operation, AuditEntry::version, AuditEntry::description, AuditEntry::performedBy,
                AuditEntry::environment).containsExactly(tuple("ROLLBACK", null, "rollback steps=2", "alice", "prod"),
                        tuple("MIGRATE", null, "migrate", migrator.status().applied().get(0).installedBy(), "prod"));
        assertThat(refused.get(0).details()).startsWith("Actuator endpoint refused rollback steps=2 (428): The prod environment"
                + " requires confirmation");
        assertThat(refused.get(1).details()).startsWith("Actuator endpoint refused migrate (428): ");
    }

    /**
     * A write's answer goes out whole, with its length, before the request ends: graceful shutdown, which takes a
     * request for done once the servlet returns, stopped the server under the last chunk of a 503 that a cancel by
     * application shutdown answered (the caller saw the connection close instead). A read is left to stream.
     */
    @Test
    void aWritesAnswerIsSentWholeWithItsLength() {
        Http.Response plan = http.post("/actuator/migrations", "{\"operation\": \"plan\", \"of\": \"rollback\"}");
        assertThat(plan.status()).isEqualTo(200);
        assertThat(plan.contentLength()).as("Content-Length of the plan").isEqualTo(plan.body().getBytes(StandardCharsets.UTF_8).length);
        Http.Response refused = http.post("/actuator/migrations", "{\"operation\": \"migrate\"}");
        assertThat(refused.status()).isEqualTo(428);
        assertThat(refused.contentLength()).isEqualTo(refused.body().getBytes(StandardCharsets.UTF_8).length);
    }

    /** The newest {@code count} REFUSED audit rows, oldest first. */
    private List<AuditEntry> lastRefusals(int count) {
        List<AuditEntry> refused = migrator.history().stream().filter(e -> AuditEntry.REFUSED.equals(e.outcome())).toList();
        assertThat(refused).as("REFUSED rows in the audit table").hasSizeGreaterThanOrEqualTo(count);
        return refused.subList(refused.size() - count, refused.size());
    }

    @Test
    void rollbackAndMigrateConfirmedWithThePlanId() {
        Http.Response plan = http.post("/actuator/migrations", "{\"operation\": \"plan\", \"of\": \"rollback\"}");
        assertThat(plan.status()).isEqualTo(200);
        assertThat((String) plan.read("$.request")).isEqualTo("rollback last");
        assertThat((List<String>) plan.read("$.steps[*].version")).containsExactly("3");
        assertThat((String) plan.read("$.steps[0].direction")).isEqualTo("down");
        assertThat((List<String>) plan.read("$.steps[0].statements[*].sql")).allSatisfy(sql -> assertThat(sql).startsWith("DELETE"));
        assertThat(migrator.status().current()).as("a plan changes nothing").isEqualTo("3");
        String planId = plan.read("$.planId");
        long downBefore = timerCount("3", "down");

        Http.Response rollback = http.post("/actuator/migrations",
                "{\"operation\": \"rollback\", \"planId\": \"" + planId + "\"}", "alice");
        assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
        assertThat((String) rollback.read("$.fromVersion")).isEqualTo("3");
        assertThat((String) rollback.read("$.toVersion")).isEqualTo("2");
        assertThat((String) rollback.read("$.performedBy")).isEqualTo("alice");
        assertThat(migrator.status().current()).isEqualTo("2");
        List<String> rolledBack = rollback.read("$.steps[*].version");
        assertThat(rolledBack).containsExactly("3");
        assertThat((List<String>) rollback.read("$.steps[*].script")).as("a down section: the one file").containsExactly("V3__seed_books.sql");
        assertThat(timerCount("3", "down")).as("one direction=down sample per migration rolled back")
                .isEqualTo(downBefore + rolledBack.size());
        assertThat(lastAuditRow("3", "ROLLBACK").performedBy()).isEqualTo("alice");

        Http.Response planMigrate = http.post("/actuator/migrations", "{\"operation\": \"plan\"}");
        assertThat((List<String>) planMigrate.read("$.steps[*].version")).containsExactly("3");
        long upBefore = timerCount("3", "up");
        Http.Response migrate = http.post("/actuator/migrations",
                "{\"operation\": \"migrate\", \"planId\": \"" + planMigrate.read("$.planId") + "\"}", "bob");
        assertThat(migrate.status()).as(migrate.body()).isEqualTo(200);
        assertThat((String) migrate.read("$.toVersion")).isEqualTo("3");
        assertThat((String) migrate.read("$.performedBy")).isEqualTo("bob");
        assertThat((List<String>) migrate.read("$.steps[*].version")).containsExactly("3");
        assertThat((Integer) migrate.read("$.batch")).isPositive();
        assertThat(migrator.status().current()).isEqualTo("3");
        assertThat(timerCount("3", "up")).isEqualTo(upBefore + 1);
        assertThat(lastAuditRow("3", "APPLY").performedBy()).isEqualTo("bob");
        assertThat(migrator.status().applied()).filteredOn(a -> "3".equals(a.version())).singleElement()
                .satisfies(a -> assertThat(a.installedBy()).isEqualTo("bob"));

        Http.Response planNothing = http.post("/actuator/migrations", "{\"operation\": \"plan\"}");
        assertThat((List<String>) planNothing.read("$.steps")).isEmpty();
        Http.Response nothing = http.post("/actuator/migrations",
                "{\"operation\": \"migrate\", \"planId\": \"" + planNothing.read("$.planId") + "\"}", "bob");
        assertThat(nothing.status()).as(nothing.body()).isEqualTo(200);
        assertThat((List<String>) nothing.read("$.steps")).isEmpty();
        assertThat((Object) nothing.read("$.batch")).as("no batch was made: " + nothing.body()).isNull();
    }

    /** Samples of the migration timer for one version and direction, 0 before the first. */
    private long timerCount(String version, String direction) {
        var timer = meterRegistry.find(MigrateMetrics.MIGRATION_TIMER)
                .tags("version", version, "direction", direction, "outcome", "success").timer();
        return timer == null ? 0 : timer.count();
    }

    private AuditEntry lastAuditRow(String version, String operation) {
        List<AuditEntry> rows = migrator.history().stream()
                .filter(e -> version.equals(e.version()) && operation.equals(e.operation())).toList();
        assertThat(rows).as("%s rows of version %s in the audit table", operation, version).isNotEmpty();
        return rows.get(rows.size() - 1);
    }

    @Test
    void aUsedPlanIdIsRefusedEvenWhenTheHistoryCameBack() {
        migrator.rollback(RollbackRequest.last());
        String migratePlan = http.post("/actuator/migrations", "{\"operation\": \"plan\"}").read("$.planId");
        String confirmMigrate = "{\"operation\": \"migrate\", \"planId\": \"" + migratePlan + "\"}";
        Http.Response migrate = http.post("/actuator/migrations", confirmMigrate, "bob");
        assertThat(migrate.status()).as(migrate.body()).isEqualTo(200);
        assertThat((String) migrate.read("$.toVersion")).isEqualTo("3");

        String rollbackPlan = http.post("/actuator/migrations", "{\"operation\": \"plan\", \"of\": \"rollback\"}").read("$.planId");
        Http.Response rollback = http.post("/actuator/migrations", "{\"operation\": \"rollback\", \"planId\": \"" + rollbackPlan + "\"}",
                "alice");
        assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
        assertThat((String) rollback.read("$.toVersion")).isEqualTo("2");

        // The history is as it was when the migrate plan was made: only its single use stops a replay.
        Http.Response replay = http.post("/actuator/migrations", confirmMigrate, "mallory");
        assertThat(replay.status()).as(replay.body()).isEqualTo(409);
        assertThat((String) replay.read("$.message")).contains("already used").contains("new plan");
        assertThat(migrator.status().current()).isEqualTo("2");
        assertThat(lastRefusals(1)).singleElement().satisfies(e -> {
            assertThat(e.performedBy()).isEqualTo("mallory");
            assertThat(e.description()).isEqualTo("migrate");
            assertThat(e.details()).startsWith("Actuator endpoint refused migrate (409): This planId was already used");
        });
        assertThat(migrator.history()).filteredOn(e -> PlanLedger.OPERATION.equals(e.operation()))
                .extracting(AuditEntry::details, AuditEntry::performedBy)
                .containsSubsequence(tuple(migratePlan, "bob"), tuple(rollbackPlan, "alice"))
                .doesNotContain(tuple(migratePlan, "mallory"));
    }

    /** Without a principal, the CONFIRM row names the caller as the run's own rows do (installed-by, else the database user). */
    @Test
    void aConfirmationWithoutAPrincipalNamesTheCallerAsTheRunsRowsDo() {
        String planId = http.post("/actuator/migrations", "{\"operation\": \"plan\", \"of\": \"rollback\"}").read("$.planId");
        Http.Response rollback = http.post("/actuator/migrations", "{\"operation\": \"rollback\", \"planId\": \"" + planId + "\"}");
        assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
        List<AuditEntry> trail = migrator.history();
        AuditEntry confirm = trail.stream().filter(e -> planId.equals(e.details())).findFirst().orElseThrow();
        AuditEntry rolledBack = trail.stream().filter(e -> "ROLLBACK".equals(e.operation())).reduce((a, b) -> b).orElseThrow();
        assertThat(confirm.performedBy()).isEqualTo(rolledBack.performedBy())
                .isEqualTo(migrator.status().applied().get(0).installedBy());
    }

    @Test
    void stalePlanIsRefused() {
        String planId = http.post("/actuator/migrations", "{\"operation\": \"plan\", \"of\": \"rollback\", \"steps\": 1}")
                .read("$.planId");
        migrator.rollback(RollbackRequest.last());
        Http.Response response = http.post("/actuator/migrations", "{\"operation\": \"rollback\", \"planId\": \"" + planId + "\"}");
        assertThat(response.status()).isEqualTo(409);
        assertThat((String) response.read("$.message")).contains("The database changed since the plan was made");
        assertThat(migrator.status().current()).isEqualTo("2");
        assertThat(lastRefusals(1)).singleElement().satisfies(e -> {
            assertThat(e.description()).as("the plan's request").isEqualTo("rollback steps=1");
            assertThat(e.details()).startsWith("Actuator endpoint refused rollback steps=1 (409): The database changed since the plan");
        });
    }

    @Test
    void aPlanOfTheNextVersionIsConfirmedWithItsPlanId() {
        // Version 3 only: the timer test counts one startup sample of versions 1 and 2.
        migrator.rollback(RollbackRequest.last());
        Http.Response plan = http.post("/actuator/migrations", "{\"operation\": \"plan\", \"target\": \" NEXT \"}");
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        assertThat((String) plan.read("$.request")).isEqualTo("migrate target=next");
        assertThat((List<String>) plan.read("$.steps[*].version")).containsExactly("3");

        Http.Response migrate = http.post("/actuator/migrations",
                "{\"operation\": \"migrate\", \"target\": \"next\", \"planId\": \"" + plan.read("$.planId") + "\"}");
        assertThat(migrate.status()).as(migrate.body()).isEqualTo(200);
        assertThat((List<String>) migrate.read("$.steps[*].version")).containsExactly("3");
        assertThat(migrator.status().current()).isEqualTo("3");
    }

    /** A down step names the file its statements and lines come from: the .down.sql of a pair, the U file of a V file. */
    @Test
    void aPlannedDownNamesTheFileOfItsStatements() {
        Http.Response plan = http.post("/actuator/migrations", "{\"operation\": \"plan\", \"of\": \"rollback\", \"all\": true}");
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        assertThat((List<String>) plan.read("$.steps[*].script"))
                .containsExactly("V3__seed_books.sql", "2_add_isbn.down.sql", "U1__create_books.sql");
        assertThat((Integer) plan.read("$.steps[1].statements[0].line")).isEqualTo(1);
        assertThat(migrator.status().current()).as("a plan changes nothing").isEqualTo("3");
    }

    @Test
    void invalidRequestsAreRejectedWith400() {
        long refusalsBefore = migrator.history().stream().filter(e -> AuditEntry.REFUSED.equals(e.outcome())).count();
        Http.Response target = http.post("/actuator/migrations", "{\"operation\": \"plan\", \"target\": \"not-a-version\"}");
        assertThat(target.status()).isEqualTo(400);
        assertThat((String) target.read("$.message")).contains("Invalid target");
        Http.Response rollbackTarget = http.post("/actuator/migrations",
                "{\"operation\": \"plan\", \"of\": \"rollback\", \"target\": \"1..2\"}");
        assertThat(rollbackTarget.status()).isEqualTo(400);
        Http.Response operation = http.post("/actuator/migrations", "{\"operation\": \"drop-everything\"}");
        assertThat(operation.status()).isEqualTo(400);
        assertThat((String) operation.read("$.message")).contains("operation must be plan, migrate or rollback");
        Http.Response empty = http.post("/actuator/migrations", "{}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat((String) empty.read("$.message")).contains("The body needs an operation");
        Http.Response planId = http.post("/actuator/migrations", "{\"operation\": \"migrate\", \"planId\": \"forged\"}", "eve");
        assertThat(planId.status()).isEqualTo(400);
        assertThat(planId.body()).doesNotContain("\tat ", "Exception:", "trace");
        // Only the forged planId is a refusal worth an audit row: the others asked for no write that could run.
        assertThat(migrator.history()).filteredOn(e -> AuditEntry.REFUSED.equals(e.outcome())).hasSize((int) refusalsBefore + 1);
        assertThat(lastRefusals(1)).singleElement().satisfies(e -> {
            assertThat(e.performedBy()).isEqualTo("eve");
            assertThat(e.details()).startsWith("Actuator endpoint refused migrate (400): planId 'forged' is not one this endpoint made");
        });
    }

    @Test
    void unknownFieldsAndWronglyTypedValuesAreRefusedBeforeAnythingRuns() {
        String planId = http.post("/actuator/migrations", "{\"operation\": \"plan\", \"of\": \"rollback\"}").read("$.planId");
        int auditRows = migrator.history().size();

        Map<String, String> refused = Map.of(
                "\"stepz\": 2", "Unknown field 'stepz': the body takes operation, of, target, steps, batch, all, only, planId",
                "\"steps\": 2.5", "'steps' must be a whole number from 1 to 2147483647, such as \"steps\": 2, not '2.5'",
                "\"steps\": 9999999999", "'steps' must be a whole number from 1 to 2147483647",
                "\"steps\": true", "'steps' must be a whole number",
                "\"batch\": \"maybe\"", "'batch' must be true or false, not 'maybe'",
                "\"all\": 1", "'all' must be true or false, not '1'");
        refused.forEach((field, message) -> {
            Http.Response response = http.post("/actuator/migrations",
                    "{\"operation\": \"rollback\", \"planId\": \"" + planId + "\", " + field + "}");
            assertThat(response.status()).as(field + ": " + response.body()).isEqualTo(400);
            assertThat((String) response.read("$.message")).as(field).contains(message).endsWith("Nothing was run");
        });
        assertThat(migrator.status().current()).isEqualTo("3");
        assertThat(migrator.history()).as("no audit row, no CONFIRM").hasSize(auditRows);

        // Refused requests did not use the planId; fields of the right type in any of the accepted forms still work.
        Http.Response rollback = http.post("/actuator/migrations",
                "{\"operation\": \"rollback\", \"planId\": \"" + planId + "\", \"batch\": null}");
        assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
        assertThat(migrator.status().current()).isEqualTo("2");
        Http.Response stepsAsText = http.post("/actuator/migrations", "{\"operation\": \"plan\", \"of\": \"rollback\", \"steps\": \"1\"}");
        assertThat(stepsAsText.status()).as(stepsAsText.body()).isEqualTo(200);
        assertThat((String) stepsAsText.read("$.request")).isEqualTo("rollback steps=1");
        Http.Response targetAsNumber = http.post("/actuator/migrations", "{\"operation\": \"plan\", \"target\": 3, \"of\": \"migrate\"}");
        assertThat(targetAsNumber.status()).as(targetAsNumber.body()).isEqualTo(200);
        assertThat((String) targetAsNumber.read("$.request")).isEqualTo("migrate target=3");
        Http.Response batchAsText = http.post("/actuator/migrations", "{\"operation\": \"plan\", \"of\": \"rollback\", \"batch\": \"TRUE\"}");
        assertThat(batchAsText.status()).as(batchAsText.body()).isEqualTo(200);
        assertThat((String) batchAsText.read("$.request")).isEqualTo("rollback batch");
    }

    @Test
    void timerHasOneSamplePerMigrationAppliedAtStartup() {
        assertThat(meterRegistry.get(MigrateMetrics.MIGRATION_TIMER).tags("version", "1", "direction", "up", "outcome", "success")
                .timer().count()).isEqualTo(1);
        assertThat(meterRegistry.get(MigrateMetrics.MIGRATION_TIMER).tags("version", "2", "direction", "up", "outcome", "success")
                .timer().count()).isEqualTo(1);
        assertThat(meterRegistry.find(MigrateMetrics.MIGRATION_TIMER).tags("version", "R__book_titles.sql").timer()).isNotNull();
    }

    @Test
    void healthIsUpWithCurrentVersionAndPendingCount() {
        Http.Response response = http.get("/actuator/health/migrations");
        assertThat(response.status()).isEqualTo(200);
        assertThat((String) response.read("$.status")).isEqualTo("UP");
        assertThat((String) response.read("$.details.current")).isEqualTo("3");
        assertThat((Integer) response.read("$.details.pending")).isZero();
    }
}
