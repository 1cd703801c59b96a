package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The jar's behaviour that needs no database server: usage errors, connection errors, settings, secrets. */
class CliErrorsJarTests {

    @TempDir
    Path work;

    @Test
    void unknownOptionPrintsOneLineAndExitsWith2() {
        JarRunner.Result result = new JarRunner(work).run("rollback", "--stepz", "2");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.errLines()).as(result.toString()).hasSize(1);
        assertThat(result.errLines().get(0)).contains("Unknown option").contains("'--stepz'").contains("migrate rollback --help");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void unreachableDatabasePrintsOneLineExitsWith2AndNeverShowsThePassword() throws IOException {
        Files.createDirectories(work.resolve("db/migration")); // else a warning that the default location does not exist comes first
        JarRunner.Result result = new JarRunner(work).run("--url",
                "jdbc:postgresql://127.0.0.1:1/app?user=app&password=Url-Secret-77&connectTimeout=3", "--password", "Opt-Secret-55",
                "--verbose", "status");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.errLines().get(0)).startsWith("Error: Could not connect to the database")
                .contains("Check the URL, user and password");
        assertThat(result.out() + result.err()).doesNotContain("Url-Secret-77").doesNotContain("Opt-Secret-55");

        JarRunner.Result quiet = new JarRunner(work).env("MIGRATE_PASSWORD", "Env-Secret-33")
                .run("--url", "jdbc:mariadb://127.0.0.1:1/app?user=app&connectTimeout=3000", "migrate");
        assertThat(quiet.exitCode()).as(quiet.toString()).isEqualTo(2);
        assertThat(quiet.errLines()).as("one line without --verbose: " + quiet).hasSize(1);
        assertThat(quiet.out() + quiet.err()).doesNotContain("Env-Secret-33");
    }

    /**
     * With an application's jar on the class path (java -cp migrate.jar:app.jar, for its Java migrations), SLF4J found
     * the application's logging provider beside the CLI's and printed five lines about it at every run, before the
     * CLI's own output on stderr.
     */
    @Test
    void anotherLoggingProviderOnTheClassPathPrintsNothing() throws IOException {
        Path provider = work.resolve("provider.jar");
        try (java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(Files.newOutputStream(provider))) {
            jar.putNextEntry(new java.util.jar.JarEntry("META-INF/services/org.slf4j.spi.SLF4JServiceProvider"));
            jar.write("org.slf4j.helpers.NOP_FallbackServiceProvider\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        Path sql = Files.createDirectories(work.resolve("sql"));
        Files.writeString(sql.resolve("V1__create_a.sql"), "CREATE TABLE a (id INT);\n");
        JarRunner.Result result = new JarRunner(work).classPath(provider)
                .run("--url", "jdbc:h2:mem:providers", "--locations", "sql", "--verbose", "migrate");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).as(result.toString()).doesNotContain("SLF4J").contains("[DEBUG] ");
        assertThat(result.out()).as(result.toString()).contains("1 migration applied");
    }

    /**
     * An in-memory H2 database lives only as long as the command: migrate applied everything, exit 0, and the next
     * command found an empty database. Both forms of the URL say so: without DB_CLOSE_DELAY (the database closes with
     * Migrate's connection) and with it (it goes with the process).
     */
    @Test
    void anInMemoryH2DatabaseIsSaidToGoWithTheCommand() throws IOException {
        Path sql = Files.createDirectories(work.resolve("mem"));
        Files.writeString(sql.resolve("V1__create_a.sql"), "CREATE TABLE a (id INT);\n");
        JarRunner.Result closing = new JarRunner(work).run("--url", "jdbc:h2:mem:closing", "--locations", "mem", "migrate");
        assertThat(closing.exitCode()).as(closing.toString()).isZero();
        assertThat(closing.err()).as(closing.toString()).contains("The in-memory H2 database jdbc:h2:mem:closing has no other"
                + " connection than Migrate's").contains(";DB_CLOSE_DELAY=-1");
        JarRunner.Result kept = new JarRunner(work).run("--url", "jdbc:h2:mem:kept;DB_CLOSE_DELAY=-1", "--locations", "mem", "migrate");
        assertThat(kept.exitCode()).as(kept.toString()).isZero();
        assertThat(kept.err()).as(kept.toString()).contains("The in-memory H2 database of jdbc:h2:mem:kept lives only as long as"
                + " this command, DB_CLOSE_DELAY or not").doesNotContain("has no other connection");
    }

    /** A script larger than the heap: one line that says how much heap it needs, not the JVM's stack trace. */
    @Test
    void runningOutOfHeapSaysHowMuchAScriptNeeds() throws IOException {
        Path dir = Files.createDirectories(work.resolve("big"));
        Files.writeString(dir.resolve("V1__big.sql"), "SELECT 1;\n".repeat(4_000_000));
        JarRunner.Result result = new JarRunner(work).env("JAVA_TOOL_OPTIONS", "-Xmx24m")
                .run("--url", "jdbc:h2:mem:oom", "--locations", dir.toString(), "--json", "migrate");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).as(result.toString()).doesNotContain("Exception in thread").doesNotContain("\tat ")
                .contains("Error: Out of memory: the JVM's heap (at most ").contains("'java -Xmx1g -jar migrate.jar ...'")
                .contains("Migrate keeps the text of every script in the locations while it runs")
                .contains("give the JVM more than the scripts' total size");
        JsonNode error = CliJarContract.json(result).get("error");
        assertThat(error.get("kind").asText()).isEqualTo("out-of-memory");
        assertThat(error.get("exitCode").asInt()).isEqualTo(1);
    }

    /**
     * A statement the embedded H2 runs out of heap parsing (one INSERT of 300,000 rows, 2.5 MB): the migration fails for
     * the heap, and says so, not for its script; the JSON names it as out-of-memory, with the migration and its line.
     */
    @Test
    void aStatementThatRunsTheHeapOutSaysSo() throws IOException {
        Path dir = Files.createDirectories(work.resolve("huge-insert"));
        StringBuilder sql = new StringBuilder("CREATE TABLE t (id INT);\nINSERT INTO t VALUES (0)");
        for (int i = 1; i < 300_000; i++) {
            sql.append(",(").append(i).append(')');
        }
        Files.writeString(dir.resolve("V1__huge_insert.sql"), sql.append(";\n"));
        JarRunner.Result result = new JarRunner(work).env("JAVA_TOOL_OPTIONS", "-Xmx32m")
                .run("--url", "jdbc:h2:mem:oomstatement", "--locations", dir.toString(), "--json", "migrate");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).as(result.toString()).doesNotContain("\tat ")
                .contains("Error: Migration V1__huge_insert.sql line 2 failed: java.lang.OutOfMemoryError")
                .contains("The JVM ran out of heap (at most ").contains("'java -Xmx1g -jar migrate.jar ...'")
                // H2 committed the CREATE TABLE before it: the part that stays is named, and the way on is more heap
                .contains("line 1 of V1__huge_insert.sql ran before it and stays").contains("then run again with more heap.")
                .doesNotContain("then fix the script");
        JsonNode error = CliJarContract.json(result).get("error");
        assertThat(error.get("kind").asText()).isEqualTo("out-of-memory");
        assertThat(error.get("version").asText()).isEqualTo("1");
        assertThat(error.get("line").asInt()).isEqualTo(2);
    }

    /** A database server that starts after the jar: {@code --connect-retries} waits for it, logging each try. */
    @Test
    void connectRetriesWaitForADatabaseThatStartsLater() throws Exception {
        Path sql = Files.createDirectories(work.resolve("sql"));
        Files.writeString(sql.resolve("V1__create_a.sql"), "CREATE TABLE a (id INT);\n");
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        JarRunner.Background waiting = new JarRunner(work).background(List.of("--url", "jdbc:h2:tcp://localhost:" + port + "/./late",
                "--user", "sa", "--locations", "sql", "--connect-retries", "10", "--connect-retries-interval", "1s", "migrate"));
        org.h2.tools.Server server = null;
        try {
            waiting.awaitError("trying again in 1 s (1 of 10 retries)", java.time.Duration.ofSeconds(60));
            server = org.h2.tools.Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists", "-baseDir",
                    work.toString()).start();
            JarRunner.Result result = waiting.await();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).as(result.toString()).contains("Migrated from version <none> to 1");
        } finally {
            waiting.kill();
            if (server != null) {
                server.stop();
            }
        }
    }

    /** A mistyped location: logged by the commands that list no warnings, said once by validate, which lists it. */
    @Test
    void aLocationThatDoesNotExistIsReportedOnce() {
        String url = "jdbc:h2:file:" + work.resolve("typo").toAbsolutePath();
        JarRunner.Result validate = new JarRunner(work).run("--url", url, "--locations", "sqll", "validate");
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat((validate.out() + validate.err()).split("sqll does not exist", -1)).as(validate.toString()).hasSize(2);
        JarRunner.Result status = new JarRunner(work).run("--url", url, "--locations", "sqll", "status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat((status.out() + status.err()).split("sqll does not exist", -1)).as(status.toString()).hasSize(2);
    }

    /**
     * Locations listed twice or inside another: one warning each per run, naming the locations as written (in the
     * option or the file), not the absolute paths the CLI resolves them to.
     */
    @Test
    void locationsListedTwiceOrInsideAnotherAreNamedAsWritten() throws IOException {
        Files.createDirectories(work.resolve("sql/sub"));
        Files.writeString(work.resolve("sql/V1__a.sql"), "CREATE TABLE a (id INT);\n");
        Files.writeString(work.resolve("sql/sub/V2__b.sql"), "CREATE TABLE b (id INT);\n");
        String url = "jdbc:h2:file:" + work.resolve("nested").toAbsolutePath();

        JarRunner.Result migrate = new JarRunner(work).run("--url", url, "--locations", "sql,./sql,sql/sub", "migrate");
        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(migrate.out()).as(migrate.toString()).contains("Migrated from version <none> to 2");
        assertThat(migrate.errLines()).as(migrate.toString()).containsExactly(
                "[WARN] MigrationScanner - Location ./sql is listed twice (as sql too), so it is read once: remove one of them",
                "[WARN] MigrationScanner - Location sql/sub is inside location sql, whose sub-folders are read, so it is not"
                        + " read again: remove it");

        Files.writeString(work.resolve("migrate.properties"), "url=" + url + "\nlocations=filesystem:sql/sub, sql/\n");
        JarRunner.Result status = new JarRunner(work).run("status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.errLines()).as(status.toString()).containsExactly("[WARN] MigrationScanner - Location filesystem:sql/sub is"
                + " inside location sql/, whose sub-folders are read, so it is not read again: remove it");
        assertThat(status.err()).as(status.toString()).doesNotContain(work.toString());
    }

    @Test
    void aPasswordFromMigratePropertiesIsNeverPrinted() throws IOException {
        Path sql = Files.createDirectories(work.resolve("sql"));
        // The driver's error quotes the failing statement, and --verbose logs it: both would show the password.
        Files.writeString(sql.resolve("V1__fails.sql"), "INSERT INTO no_such_table (note) VALUES ('Prop-Secret-12');\n");
        Files.writeString(work.resolve("migrate.properties"), "url=jdbc:h2:file:" + work.resolve("db").toAbsolutePath()
                + "\nuser=sa\npassword=Prop-Secret-12\nlocations=sql\n");

        JarRunner.Result verbose = new JarRunner(work).run("--verbose", "migrate");
        assertThat(verbose.exitCode()).as(verbose.toString()).isEqualTo(1);
        assertThat(verbose.err()).as("the logged statement and the stack trace: " + verbose)
                .contains("V1__fails.sql line 1: INSERT INTO no_such_table (note) VALUES ('***')").contains("\tat ");

        // From here on the database is dirty from that failure; the error still quotes the statement.
        JarRunner.Result quiet = new JarRunner(work).run("migrate");
        assertThat(quiet.exitCode()).as(quiet.toString()).isEqualTo(1);
        assertThat(quiet.errLines()).as(quiet.toString()).hasSize(1);
        assertThat(quiet.err()).as(quiet.toString()).contains("V1__fails.sql").contains("'***'");

        JarRunner.Result json = new JarRunner(work).run("--json", "migrate");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(1);
        assertThat(json.out()).as(json.toString()).contains("\"error\"").contains("'***'");

        JarRunner.Result status = new JarRunner(work).run("--verbose", "status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        for (JarRunner.Result r : List.of(quiet, verbose, json, status)) {
            assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("Prop-Secret-12");
        }
    }

    @Test
    void logLinesOnStderrAreRedacted() throws IOException {
        Path sql = Files.createDirectories(work.resolve("sql"));
        Files.writeString(sql.resolve("V1__create_notes.sql"), "CREATE TABLE notes (body VARCHAR(100) DEFAULT 'Log-Secret-31');\n");
        JarRunner.Result result = new JarRunner(work).run("--url", "jdbc:h2:file:" + work.resolve("db").toAbsolutePath(), "--user",
                "sa", "--password", "Log-Secret-31", "--locations", "sql", "--verbose", "migrate");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).as("Migrate's debug log of the statement: " + result)
                .contains("V1__create_notes.sql line 1: CREATE TABLE notes (body VARCHAR(100) DEFAULT '***')");
        assertThat(result.out() + result.err()).doesNotContain("Log-Secret-31");
    }

    @Test
    void anUnsupportedDatabaseIsNamedWithTheSupportedOnes() {
        for (String[] urlAndProduct : new String[][] {{"jdbc:oracle:thin:@db.internal:1521/ORCL", "Oracle"},
            {"jdbc:sqlserver://db.internal:1433;databaseName=app;password=Url-Secret-66", "SQL Server"},
            {"jdbc:db2://db.internal:50000/app", "Db2"}}) {
            JarRunner.Result result = new JarRunner(work).run("--url", urlAndProduct[0], "status");
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.errLines()).as("one line, no stack trace: " + result).hasSize(1);
            assertThat(result.errLines().get(0)).as(result.toString())
                    .startsWith("Error: Unsupported database '" + urlAndProduct[1] + "'")
                    .contains("PostgreSQL").contains("MySQL").contains("MariaDB").contains("H2").contains("SQLite")
                    .contains(urlAndProduct[0].replace("Url-Secret-66", "***"))
                    .doesNotContain("No suitable driver").doesNotContain("user and password");
            assertThat(result.out() + result.err()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("Url-Secret-66");
        }

        JarRunner.Result json = new JarRunner(work).run("--json", "--url", "jdbc:oracle:thin:@db.internal:1521/ORCL", "migrate");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(2);
        JsonNode error = CliJarContract.json(json).get("error");
        assertThat(error.get("kind").asString()).isEqualTo("unsupported-database");
        assertThat(error.get("exitCode").asInt()).isEqualTo(2);
        assertThat(error.get("product").asString()).isEqualTo("Oracle");

        JarRunner.Result notJdbc = new JarRunner(work).run("--url", "postgres://db.internal/app", "status");
        assertThat(notJdbc.exitCode()).as(notJdbc.toString()).isEqualTo(2);
        assertThat(notJdbc.errLines()).as(notJdbc.toString())
                .containsExactly("Error: The database URL 'postgres://db.internal/app' is not a JDBC URL: write it like"
                        + " jdbc:postgresql://host:5432/db, jdbc:mariadb://host:3306/db, jdbc:h2:file:./db or jdbc:sqlite:app.db");
    }

    @Test
    void missingUrlSaysEveryWayToGiveOne() {
        JarRunner.Result result = new JarRunner(work).run("status");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly(
                "Error: No database URL: pass --url jdbc:..., set MIGRATE_URL, or put url=jdbc:... in migrate.properties");
    }

    @Test
    void settingsComeFromEnvironmentVariablesAndMigrateProperties() throws IOException {
        Path db = work.resolve("db");
        Path sql = Files.createDirectories(work.resolve("sql"));
        Files.writeString(sql.resolve("V1__create_notes.sql"), "CREATE TABLE notes (id INT);\n");
        Files.writeString(work.resolve("migrate.properties"), """
                # read from the working directory
                migrate.locations=filesystem:sql
                environment=staging
                """);
        String url = "jdbc:h2:file:" + db.toAbsolutePath() + ";USER=sa;PASSWORD=Url-Secret-99";

        JarRunner.Result migrate = new JarRunner(work).env("MIGRATE_URL", url).run("migrate");
        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(migrate.out()).contains("V1__create_notes.sql");

        JarRunner.Result status = new JarRunner(work).env("MIGRATE_URL", url).env("MIGRATE_ENVIRONMENT", "dev").run("status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).as("the URL is shown without its password")
                .contains("Database:    jdbc:h2:file:").contains(";PASSWORD=***")
                .contains("Environment: dev")   // the variable wins over the file
                .doesNotContain("Url-Secret-99");
    }

    @Test
    void jsonAndVerboseComeFromEnvironmentVariablesAndMigrateProperties() throws IOException {
        Path sql = Files.createDirectories(work.resolve("sql"));
        Files.writeString(sql.resolve("V1__create_notes.sql"), "CREATE TABLE notes (id INT);\n");
        Files.writeString(sql.resolve("V2__create_tags.sql"), "CREATE TABLE tags (id INT);\n");
        String url = "jdbc:h2:file:" + work.resolve("db").toAbsolutePath();

        JarRunner.Result fromEnv = new JarRunner(work).env("MIGRATE_URL", url).env("MIGRATE_LOCATIONS", "sql")
                .env("MIGRATE_JSON", "true").env("MIGRATE_VERBOSE", "true").run("migrate", "--target", "1");
        assertThat(fromEnv.exitCode()).as(fromEnv.toString()).isZero();
        assertThat(CliJarContract.versions(CliJarContract.json(fromEnv).get("applied"))).containsExactly("1");
        assertThat(fromEnv.err()).as("MIGRATE_VERBOSE turns on the debug log: " + fromEnv)
                .contains("[DEBUG] Engine - V1__create_notes.sql line 1: CREATE TABLE notes (id INT)");

        Files.writeString(work.resolve("migrate.properties"), "url=" + url + "\nlocations=sql\njson=true\nverbose=true\n");
        JarRunner.Result fromFile = new JarRunner(work).run("migrate");
        assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
        assertThat(CliJarContract.versions(CliJarContract.json(fromFile).get("applied"))).containsExactly("2");
        assertThat(fromFile.err()).as("verbose=true turns on the debug log: " + fromFile)
                .contains("[DEBUG] Engine - V2__create_tags.sql line 1: CREATE TABLE tags (id INT)");

        JarRunner.Result optionsWin = new JarRunner(work).run("status", "--json=false", "--verbose=false");
        assertThat(optionsWin.exitCode()).as(optionsWin.toString()).isZero();
        assertThat(optionsWin.out()).startsWith("Database:");
        assertThat(optionsWin.err()).isEmpty();
    }

    @Test
    void helpListsCommandsSettingsAndExitCodes() {
        JarRunner.Result help = new JarRunner(work).run("--help");
        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out()).contains("Usage: migrate").contains("status").contains("rollback").contains("create")
                .contains("MIGRATE_URL").contains("Exit codes:");
    }
}
