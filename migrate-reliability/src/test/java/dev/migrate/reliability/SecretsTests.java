package dev.migrate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue item 6: no password appears in logs, endpoint output, exceptions or the audit table. The CLI
 * jar and the sample app get a password (a MariaDB user made for the test, an H2 file created with
 * one, a PostgreSQL role on a server of the test's own for the CLI, and for the sample app any password
 * on the local PostgreSQL, which trusts every login), given as an option,
 * inside the URL, in the environment and in a properties file, are made to log as much as they can
 * and to fail, and everything they print or answer, and every row of Migrate's tables, is searched
 * for it.
 */
// Beside the crash tests, which mostly wait, where -Dreliability.parallel=true (the short profile): about 40 s less.
@Execution(ExecutionMode.CONCURRENT)
class SecretsTests {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void cliNeverPrintsNorStoresThePasswordOnMariaDb() throws Exception {
        try (Db db = Db.create(Db.Kind.MARIADB)) {
            String secret = secret();
            String user = db.createUser(secret);
            Path scripts = scriptsWithAFailure();
            List<String> connection = List.of("--url", db.urlWithoutUser(), "--user", user, "--password", secret);
            List<Cli.Result> results = runEverything(connection, scripts);

            // The same password in the URL, in MIGRATE_PASSWORD and in migrate.properties.
            String inUrl = db.urlWithoutUser() + "?user=" + user + "&password=" + secret;
            results.add(Cli.run(List.of("--url", inUrl, "--locations", "filesystem:" + scripts, "--verbose", "status")));
            results.add(Cli.run(List.of("--url", inUrl + "x", "--locations", "filesystem:" + scripts, "--verbose", "status")));
            results.add(Cli.run(List.of("--url", db.urlWithoutUser(), "--user", user, "--locations", "filesystem:" + scripts, "--verbose",
                    "history"), Map.of("MIGRATE_PASSWORD", secret)));
            Path properties = Scripts.folder("config-").resolve("migrate.properties");
            Files.writeString(properties, "url=" + db.urlWithoutUser() + "\nuser=" + user + "\npassword=" + secret + "\n");
            results.add(Cli.run(List.of("--config", properties.toString(), "--locations", "filesystem:" + scripts, "--verbose", "status")));
            // A wrong one, which drivers like to quote back.
            results.add(Cli.run(List.of("--url", db.urlWithoutUser(), "--user", user, "--password", secret + "-wrong", "--locations",
                    "filesystem:" + scripts, "--verbose", "migrate")));

            assertNoSecret(results, secret);
            assertNoSecretInTables(db, secret);
            assertThat(results.get(0).exitCode()).as("the failing migrate: %s", results.get(0)).isEqualTo(1);
        }
    }

    @Test
    void cliNeverPrintsNorStoresThePasswordOnH2() throws Exception {
        try (Db db = Db.create(Db.Kind.H2)) {
            Path scripts = scriptsWithAFailure();
            List<Cli.Result> results = runEverything(db.cliArgs(), scripts);
            results.add(Cli.run(List.of("--url", db.url() + ";USER=" + db.user() + ";PASSWORD=" + db.password(), "--locations",
                    "filesystem:" + scripts, "--verbose", "status")));
            results.add(Cli.run(List.of("--url", db.url(), "--user", db.user(), "--password", db.password() + "-wrong", "--locations",
                    "filesystem:" + scripts, "--verbose", "status")));
            assertNoSecret(results, db.password());
            assertNoSecretInTables(db, db.password());
        }
    }

    /**
     * On a PostgreSQL server of the test's own that asks for the password (the shared one trusts every
     * local login, see {@link PasswordPostgres}), so every run below that connects used it.
     */
    @Test
    void cliNeverPrintsNorStoresThePasswordOnPostgres() throws Exception {
        try (PasswordPostgres server = PasswordPostgres.start()) {
            String secret = secret();
            Db db = server.createDatabase(secret);
            Path scripts = scriptsWithAFailure();
            List<Cli.Result> results = runEverything(List.of("--url", db.url(), "--password", secret), scripts);
            String inUrl = db.url() + "&password=" + secret;
            results.addAll(runEverything(List.of("--url", inUrl), scriptsWithAFailure()));
            // A server that does not answer, with the password in the URL: the error quotes the URL.
            results.add(Cli.run(List.of("--url", inUrl.replace(":" + server.port() + "/", ":1/"),
                    "--locations", "filesystem:" + scripts, "--verbose", "status")));
            // A wrong one, which drivers like to quote back.
            results.add(Cli.run(List.of("--url", db.url(), "--password", secret + "-wrong", "--locations", "filesystem:" + scripts,
                    "--verbose", "migrate")));
            assertThat(results.get(results.size() - 1).err()).contains("password authentication failed");
            results.add(Cli.run(List.of("--url", db.url(), "--locations", "filesystem:" + scripts, "--verbose", "history"),
                    Map.of("MIGRATE_PASSWORD", secret)));
            Path properties = Scripts.folder("config-").resolve("migrate.properties");
            Files.writeString(properties, "url=" + db.url() + "\npassword=" + secret + "\n");
            results.add(Cli.run(List.of("--config", properties.toString(), "--locations", "filesystem:" + scripts, "--verbose", "status")));

            assertNoSecret(results, secret);
            assertNoSecretInTables(db, secret);
            assertThat(results.get(0).exitCode()).as("the failing migrate: %s", results.get(0)).isEqualTo(1);
            assertThat(results.get(1).exitCode()).as("status after it: %s", results.get(1)).isZero();
        }
    }

    @Test
    void sampleAppNeverShowsTheDatasourcePassword() throws Exception {
        try (Db db = Db.create(Db.Kind.MARIADB)) {
            String secret = secret();
            String user = db.createUser(secret);
            Path scripts = Scripts.exactlyOnce(1000, 3);
            Scripts.write(scripts, "U1002__table_1002.sql", "DROP TABLE t_1002;\nDELETE FROM applied_log WHERE version = 1002;\n");
            Proc app = App.start("app-secrets", Db.Kind.MARIADB, db.urlWithoutUser(), Map.of("DATABASE_USER", user, "DATABASE_PASSWORD",
                    secret), List.of("--server.port=0", "--logging.level.dev.migrate=DEBUG", "--logging.level.com.zaxxer.hikari=DEBUG",
                    "--migrate.locations=classpath:db/migration,filesystem:" + scripts));
            List<String> answers;
            try {
                answers = exercise(App.port(app));
            } finally {
                app.terminate(Duration.ofMinutes(1));
            }
            String log = app.output();
            assertThat(log).as("the app started and migrated").contains("Started SampleApplication");
            for (String s : List.of(secret, App.READER_PASSWORD, App.OPERATOR_PASSWORD)) {
                assertThat(log).as("the application's log").doesNotContain(s);
                assertThat(answers).as("the endpoint's answers").noneMatch(a -> a.contains(s));
            }
            assertNoSecretInTables(db, secret);
            assertThat(db.strings("SELECT performed_by FROM migrate_audit WHERE operation = 'ROLLBACK'")).contains("operator");

            // A start that fails on the password: Boot's failure report and the logs must not quote it.
            Proc refused = App.start("app-wrong-password", Db.Kind.MARIADB, db.urlWithoutUser(), Map.of("DATABASE_USER", user,
                    "DATABASE_PASSWORD", secret + "-wrong"), List.of("--spring.main.web-application-type=none",
                    "--migrate.locations=classpath:db/migration,filesystem:" + scripts));
            assertThat(refused.await(Duration.ofMinutes(3))).as(refused.output()).isNotZero();
            assertThat(refused.output()).contains("Access denied").doesNotContain(secret);
        }
    }

    /**
     * {@code DATABASE_URL} with the user and the password in it, as platforms that hand out one
     * connection string do; on MariaDB the password is checked (a wrong one fails the start), on the
     * local PostgreSQL it is not, but it must stay hidden just the same.
     */
    @ParameterizedTest
    @EnumSource(value = Db.Kind.class, names = {"POSTGRES", "MARIADB"})
    void sampleAppNeverShowsAPasswordInsideDatabaseUrl(Db.Kind kind) throws Exception {
        try (Db db = Db.create(kind)) {
            String secret = secret();
            String user = kind == Db.Kind.MARIADB ? db.createUser(secret) : "postgres";
            String base = db.urlWithoutUser();
            String url = base + (base.contains("?") ? "&" : "?") + "user=" + user + "&password=" + secret;
            Path scripts = Scripts.exactlyOnce(1000, 3);
            Scripts.write(scripts, "U1002__table_1002.sql", "DROP TABLE t_1002;\nDELETE FROM applied_log WHERE version = 1002;\n");
            Proc app = App.start("app-url-secret", kind, url, Map.of(), List.of("--server.port=0", "--logging.level.dev.migrate=DEBUG",
                    "--logging.level.com.zaxxer.hikari=DEBUG", "--migrate.locations=classpath:db/migration,filesystem:" + scripts));
            List<String> answers;
            try {
                answers = exercise(App.port(app));
            } finally {
                app.terminate(Duration.ofMinutes(1));
            }
            String log = app.output();
            assertThat(log).as("the app started and migrated").contains("Started SampleApplication");
            assertThat(log).as("the application's log").doesNotContain(secret);
            assertThat(answers).as("the endpoint's answers").noneMatch(a -> a.contains(secret));
            assertNoSecretInTables(db, secret);
            assertThat(db.strings("SELECT performed_by FROM migrate_audit WHERE operation = 'ROLLBACK'")).contains("operator");

            if (kind == Db.Kind.MARIADB) {
                Proc refused = App.start("app-url-wrong-password", kind, url.replace(secret, secret + "-wrong"), Map.of(),
                        List.of("--spring.main.web-application-type=none", "--migrate.locations=classpath:db/migration,filesystem:"
                                + scripts));
                assertThat(refused.await(Duration.ofMinutes(3))).as(refused.output()).isNotZero();
                assertThat(refused.output()).contains("Access denied").doesNotContain(secret);
            }
        }
    }

    /**
     * Reads everything the endpoint shows and makes it plan, refuse and perform a rollback (the last
     * migration needs a down); returns every answer.
     */
    private static List<String> exercise(int port) throws IOException, InterruptedException {
        List<String> answers = new ArrayList<>();
        String reader = basic("reader", App.READER_PASSWORD);
        String operator = basic("operator", App.OPERATOR_PASSWORD);
        answers.add(get(port, "/actuator/migrations", reader, 200));
        answers.add(get(port, "/actuator/migrations/1", reader, 200));
        answers.add(get(port, "/actuator/migrations/1002", reader, 200));
        answers.add(get(port, "/actuator/health", null, 200));
        answers.add(get(port, "/actuator/metrics/migrate.run", reader, 200));
        answers.add(get(port, "/actuator", reader, 200));
        answers.add(post(port, "{\"operation\": \"plan\", \"of\": \"rollback\"}", operator, 200));
        answers.add(post(port, "{\"operation\": \"rollback\"}", operator, 428));
        answers.add(post(port, "{\"operation\": \"rollback\", \"planId\": \"p1.bm90LWEtcGxhbg\"}", operator, 400));
        answers.add(post(port, "{\"operation\": \"plan\", \"target\": \"9999\"}", operator, 400));
        String planId = post(port, "{\"operation\": \"plan\", \"of\": \"rollback\"}", operator, 200).replaceAll(
                "(?s).*\"planId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        answers.add(post(port, "{\"operation\": \"rollback\", \"planId\": \"" + planId + "\"}", operator, 200));
        answers.add(get(port, "/actuator/migrations", reader, 200));
        return answers;
    }

    /** V1 and V2 apply; V3 fails, so the error path (message, audit row, FAILED history row) runs too. */
    private static Path scriptsWithAFailure() {
        Path scripts = Scripts.folder("secrets-");
        Scripts.write(scripts, "V1__one.sql", "CREATE TABLE one (id INT);\n");
        Scripts.write(scripts, "V2__two.sql", "INSERT INTO one (id) VALUES (2);\n");
        Scripts.write(scripts, "V3__broken.sql", "INSERT INTO one (id) VALUES (3);\nINSERT INTO nowhere (id) VALUES (3);\n");
        return scripts;
    }

    /** Every command, verbose, plain and JSON, the failing migrate first. */
    private static List<Cli.Result> runEverything(List<String> connection, Path scripts) throws InterruptedException {
        List<Cli.Result> results = new ArrayList<>();
        List<List<String>> commands = List.of(List.of("migrate"), List.of("status"), List.of("--json", "status"), List.of("history"),
                List.of("--json", "history"), List.of("plan"), List.of("--json", "plan"), List.of("validate"), List.of("--json", "migrate"),
                List.of("repair"), List.of("rollback", "--all"), List.of("--json", "rollback"), List.of("info"));
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(connection);
            args.addAll(List.of("--locations", "filesystem:" + scripts, "--verbose"));
            args.addAll(command);
            results.add(Cli.run(args));
        }
        return results;
    }

    private static void assertNoSecret(List<Cli.Result> results, String secret) {
        for (Cli.Result result : results) {
            assertThat(result.all()).as("output of migrate %s", result.args().stream().map(a -> a.contains(secret) ? "<secret>" : a)
                    .toList()).doesNotContain(secret);
        }
    }

    /** No row of the history, audit, lock or progress table holds the password. */
    private static void assertNoSecretInTables(Db db, String secret) {
        for (String table : db.tables()) {
            if (table.startsWith("migrate_")) {
                for (List<String> row : db.rows("SELECT * FROM " + table)) {
                    assertThat(String.join("|", row.stream().map(String::valueOf).toList())).as("a row of %s", table)
                            .doesNotContain(secret);
                }
            }
        }
        assertThat(db.tables()).contains("migrate_history", "migrate_audit");
        assertThat(db.count("SELECT COUNT(*) FROM migrate_audit")).isPositive();
    }

    private static String secret() {
        return "Pw-" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String get(int port, String path, String authorization, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        return send(request, authorization, expected);
    }

    private static String post(int port, String json, String authorization, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/migrations"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        return send(request, authorization, expected);
    }

    private static String send(HttpRequest.Builder request, String authorization, int expected) throws IOException, InterruptedException {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return response.body();
    }
}
