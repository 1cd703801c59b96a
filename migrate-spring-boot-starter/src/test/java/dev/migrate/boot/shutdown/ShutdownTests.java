package dev.migrate.boot.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.boot.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SIGTERM to an application while it migrates, at startup and from the Actuator endpoint, on PostgreSQL and an H2 file,
 * each application in a JVM of its own: the starter cancels the running migration ({@code Migrator.cancel}) rather than
 * letting it run on until the platform kills the process. The JVM ends within seconds of the signal, far under the
 * migration's sleep; on PostgreSQL the migration is rolled back and the history does not name it; on H2, whose DDL
 * commits at once, it is FAILED (not RUNNING) naming the cancel, and the next start names 'repair'. Either way the audit
 * table records the cancel and, once repaired where needed, the next start migrates.
 */
class ShutdownTests {

    /** Far longer than any test here may take: a migration that ran on would show. */
    private static final Duration SLEEP = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRES", "H2"})
    void sigtermDuringTheStartupMigrationCancelsItAndTheStartFails(TestDatabase.Kind kind) throws Exception {
        try (Db db = Db.create(kind, work)) {
            Path dir = migrations(kind);
            List<String> args = with(db.args(dir), "--spring.main.web-application-type=none");
            ChildApp app = ChildApp.start(work, args);
            int exit;
            long stoppedMs;
            try (app) {
                app.awaitLine(line -> line.contains("V2__slow.sql line 2:"), Duration.ofSeconds(60));
                Thread.sleep(500);   // into its slow statement
                long signalledAt = System.nanoTime();
                app.terminate();
                exit = app.await(SLEEP.plusSeconds(30));
                stoppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalledAt);
            }
            String output = app.output();
            assertThat(stoppedMs).as("stopped well within the migration's sleep:\n" + output).isLessThan(10_000);
            assertThat(exit).as(output).isEqualTo(143);
            assertThat(output).contains("APPLICATION FAILED TO START", "Cancelled by application shutdown while V2__slow.sql line 2 ran")
                    .doesNotContain("V3__t3.sql line");
            assertCancelled(kind, db);

            recoverAndStartAgain(kind, db, dir, args);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRES", "H2"})
    void sigtermDuringAnEndpointMigrationCancelsIt(TestDatabase.Kind kind) throws Exception {
        try (Db db = Db.create(kind, work)) {
            Path dir = migrations(kind);
            List<String> args = db.args(dir);
            ChildApp app = ChildApp.start(work, with(args, "--server.port=0", "--migrate.on-startup=none",
                    "--management.endpoints.web.exposure.include=migrations", "--management.endpoint.migrations.access=unrestricted"));
            int exit;
            long stoppedMs;
            HttpResponse<String> answer;
            try (app) {
                Matcher port = Pattern.compile("Tomcat started on port (\\d+)")
                        .matcher(app.awaitLine(line -> line.contains("Tomcat started on port"), Duration.ofSeconds(60)));
                assertThat(port.find()).isTrue();
                CompletableFuture<HttpResponse<String>> call = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port.group(1) + "/actuator/migrations"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"operation\": \"migrate\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                app.awaitLine(line -> line.contains("V2__slow.sql line 2:"), Duration.ofSeconds(30));
                Thread.sleep(500);   // into its slow statement
                long signalledAt = System.nanoTime();
                app.terminate();
                exit = app.await(SLEEP.plusSeconds(30));
                stoppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalledAt);
                answer = call.get(10, TimeUnit.SECONDS);
            }
            String output = app.output();
            assertThat(stoppedMs).as("stopped well within the migration's sleep:\n" + output).isLessThan(10_000);
            assertThat(exit).as(output).isEqualTo(143);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.body()).contains("Cancelled by application shutdown while V2__slow.sql line 2 ran");
            assertCancelled(kind, db);

            recoverAndStartAgain(kind, db, dir, with(args, "--spring.main.web-application-type=none"));
        }
    }

    /** What the cancel leaves: V1 applied, V2 rolled back (PostgreSQL) or FAILED naming the cancel (H2), V3 not run. */
    private static void assertCancelled(TestDatabase.Kind kind, Db db) throws SQLException {
        assertThat(db.rows("SELECT COUNT(*) FROM data")).as("V2's insert went with it").containsExactly("1");
        if (kind == TestDatabase.Kind.POSTGRES) {
            assertThat(db.rows("SELECT version || ' ' || state FROM migrate_history ORDER BY installed_rank")).containsExactly("1 SUCCESS");
        } else {
            assertThat(db.rows("SELECT version || ' ' || state FROM migrate_history ORDER BY installed_rank"))
                    .containsExactly("1 SUCCESS", "2 FAILED");
            assertThat(db.rows("SELECT error FROM migrate_history WHERE version = '2'")).singleElement().asString()
                    .startsWith("cancelled by application shutdown: line 2: ");
        }
        assertThat(db.rows("SELECT details FROM migrate_audit WHERE outcome = 'FAILURE' AND version = '2'")).singleElement()
                .asString().startsWith("Cancelled by application shutdown");
    }

    /** The next start, with V2 made quick: on H2 refused naming 'repair' until repaired; then it applies V2 and V3. */
    private void recoverAndStartAgain(TestDatabase.Kind kind, Db db, Path dir, List<String> args) throws Exception {
        Files.writeString(dir.resolve("V2__slow.sql"), "INSERT INTO data VALUES (2);\n");
        // Shorter than H2's lock lease (10 s): the lock was released, not left to run out.
        List<String> next = with(args, "--migrate.lock-timeout=3s");
        if (kind == TestDatabase.Kind.H2) {
            try (ChildApp dirty = ChildApp.start(work, next)) {
                assertThat(dirty.await(Duration.ofSeconds(60))).as(dirty.output()).isNotZero();
                assertThat(dirty.output()).contains("APPLICATION FAILED TO START", "V2__slow.sql", "repair");
            }
            Migrator.create(db.dataSource(), MigratorConfig.builder().locations("filesystem:" + dir).build()).repair();
        }
        try (ChildApp again = ChildApp.start(work, next)) {
            assertThat(again.await(Duration.ofSeconds(60))).as(again.output()).isZero();
            assertThat(again.output()).contains("Applied 2 migration(s)");
        }
        assertThat(db.rows("SELECT COUNT(*) FROM data")).containsExactly("2");
    }

    private Path migrations(TestDatabase.Kind kind) throws IOException {
        return Db.slowMigrations(kind, work, SLEEP);
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }
}
