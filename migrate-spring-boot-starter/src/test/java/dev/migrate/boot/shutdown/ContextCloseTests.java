package dev.migrate.boot.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.boot.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application context closed while the JVM runs on ({@code POST /actuator/shutdown}, a test, an embedding
 * application, a DevTools restart) during a {@code POST /actuator/migrations} migrate, in this JVM with a real web
 * server: the starter cancels the write before the web server and the pool stop, so the close returns within seconds,
 * far under the migration's sleep, the caller gets 503 naming the cancel, the history is as after a SIGTERM
 * ({@link ShutdownTests}: rolled back on PostgreSQL, FAILED naming the cancel on H2 and MariaDB), the audit table
 * records it, and the lock is free.
 */
@ExtendWith(OutputCaptureExtension.class)
class ContextCloseTests {

    /** Far longer than the test may take: a migration that ran on would show. */
    private static final Duration SLEEP = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRES", "H2", "MARIADB"})
    void closingTheContextDuringAnEndpointMigrationCancelsIt(TestDatabase.Kind kind, CapturedOutput output) throws Exception {
        try (Db db = Db.create(kind, work)) {
            Path dir = Db.slowMigrations(kind, work, SLEEP);
            Closed closed = closeDuring(kind, db, dir, "migrate");
            long closeMs = closed.closeMs();
            HttpResponse<String> answer = closed.answer();
            assertThat(closeMs).as("closed well within the migration's sleep").isLessThan(5_000);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.body()).contains("Cancelled by application shutdown while V2__slow.sql line 2 ran");
            assertThat(output).contains("The application context is closing while Actuator migrate runs: cancelled it");

            assertThat(db.rows("SELECT COUNT(*) FROM data")).as("V2's insert went with it").containsExactly("1");
            List<String> history = db.rows("SELECT CONCAT(version, ' ', state) FROM migrate_history ORDER BY installed_rank");
            if (kind == TestDatabase.Kind.POSTGRES) {
                assertThat(history).containsExactly("1 SUCCESS");
            } else {
                assertThat(history).containsExactly("1 SUCCESS", "2 FAILED");
                assertThat(db.rows("SELECT error FROM migrate_history WHERE version = '2'")).singleElement().asString()
                        .startsWith("cancelled by application shutdown");
            }
            assertThat(db.rows("SELECT details FROM migrate_audit WHERE outcome = 'FAILURE' AND version = '2'")).singleElement()
                    .asString().startsWith("Cancelled by application shutdown");

            // The lock is free: within a timeout shorter than H2's lease, a new Migrator (after 'repair' where V2 is
            // FAILED) applies V2, made quick, and V3.
            Files.writeString(dir.resolve("V2__slow.sql"), "INSERT INTO data VALUES (2);\n");
            Migrator next = Migrator.create(db.dataSource(), MigratorConfig.builder().locations("filesystem:" + dir)
                    .lockTimeout(Duration.ofSeconds(3)).build());
            if (kind != TestDatabase.Kind.POSTGRES) {
                next.repair();
            }
            MigrateResult result = next.migrate();
            assertThat(result.applied()).hasSize(2);
            assertThat(db.rows("SELECT COUNT(*) FROM data")).containsExactly("2");
        }
    }

    /**
     * A rollback through the endpoint takes the same way: V2's down, deleting its row and then running a statement far
     * longer than the test, is cancelled by the close; its delete is undone on every database (on H2 and MariaDB the
     * down's data changes run in a transaction too): V2 stays applied on PostgreSQL, and on H2 and MariaDB is FAILED with
     * nothing of its down done, for 'rollback' to run again.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRES", "H2", "MARIADB"})
    void closingTheContextDuringAnEndpointRollbackCancelsIt(TestDatabase.Kind kind, CapturedOutput output) throws Exception {
        try (Db db = Db.create(kind, work)) {
            Path dir = Db.slowMigrations(kind, work, SLEEP);
            String slow = Files.readAllLines(dir.resolve("V2__slow.sql")).get(1);
            Files.writeString(dir.resolve("V2__slow.sql"), "INSERT INTO data VALUES (2);\n-- migrate:down\n"
                    + "DELETE FROM data WHERE id = 2;\n" + slow + "\n");
            Files.delete(dir.resolve("V3__t3.sql"));
            Migrator.create(db.dataSource(), MigratorConfig.builder().locations("filesystem:" + dir).build()).migrate();
            Closed closed = closeDuring(kind, db, dir, "rollback");
            long closeMs = closed.closeMs();
            HttpResponse<String> answer = closed.answer();
            assertThat(closeMs).as("closed well within the down's sleep").isLessThan(5_000);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.body()).contains("Cancelled by application shutdown while V2__slow.sql line 4 (rollback) ran");
            assertThat(output).contains("The application context is closing while Actuator rollback last runs: cancelled it");

            assertThat(db.rows("SELECT COUNT(*) FROM data")).as("the down's delete went with it").containsExactly("2");
            List<String> history = db.rows("SELECT CONCAT(version, ' ', state) FROM migrate_history ORDER BY installed_rank");
            if (kind == TestDatabase.Kind.POSTGRES) {
                assertThat(answer.body()).contains("its rollback was undone: V2__slow.sql (version 2) is still applied");
                assertThat(history).containsExactly("1 SUCCESS", "2 SUCCESS");
            } else {
                assertThat(answer.body()).contains("V2__slow.sql (version 2) is marked FAILED, and nothing of its down stays");
                assertThat(history).containsExactly("1 SUCCESS", "2 FAILED");
                assertThat(db.rows("SELECT error FROM migrate_history WHERE version = '2'")).singleElement().asString()
                        .startsWith("rollback failed: cancelled by application shutdown: line 4: ");
            }
            assertThat(db.rows("SELECT details FROM migrate_audit WHERE operation = 'ROLLBACK' AND outcome = 'FAILURE'"))
                    .singleElement().asString().startsWith("Cancelled by application shutdown while V2__slow.sql line 4 (rollback)");
        }
    }

    /** The close's duration and the endpoint's answer to the write it cancelled. */
    private record Closed(long closeMs, HttpResponse<String> answer) {
    }

    /**
     * Starts the application on {@code db} with the migrations in {@code dir}, posts {@code operation} to the endpoint,
     * closes the context once the database runs V2's slow statement, and returns how long the close took and the answer.
     */
    private static Closed closeDuring(TestDatabase.Kind kind, Db db, Path dir, String operation) throws Exception {
        List<String> args = new ArrayList<>(db.args(dir));
        args.addAll(List.of("--spring.main.banner-mode=off", "--server.port=0", "--migrate.on-startup=none",
                "--management.endpoints.web.exposure.include=migrations",
                "--management.endpoint.migrations.access=unrestricted"));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ShutdownTestApplication.class)
                .main(ShutdownTestApplication.class).registerShutdownHook(false).run(args.toArray(String[]::new));
        try {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            CompletableFuture<HttpResponse<String>> call = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/migrations"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"operation\": \"" + operation + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            awaitSlowStatement(kind, db, call);
            long closing = System.nanoTime();
            context.close();
            long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
            return new Closed(closeMs, call.get(10, TimeUnit.SECONDS));
        } finally {
            context.close();
        }
    }

    /** Waits until the database runs V2's slow statement, as the request's thread executes it. */
    private static void awaitSlowStatement(TestDatabase.Kind kind, Db db, CompletableFuture<?> call) throws Exception {
        // Each pattern is anchored at the start, so that the query looking for it does not find itself.
        String running = switch (kind) {
            case POSTGRES -> "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'"
                    + " AND query LIKE 'SELECT pg_sleep%'";
            case MARIADB -> "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE 'SELECT SLEEP%'";
            case H2 -> "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE EXECUTING_STATEMENT LIKE 'SELECT SUM(X)%'";
        };
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!db.rows(running).equals(List.of("1"))) {
            if (call.isDone()) {
                throw new AssertionError("The migrate ended before its slow statement ran: " + call.get());
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("V2's slow statement did not start within 30 s");
            }
            Thread.sleep(50);
        }
        Thread.sleep(300);   // into it
    }
}
