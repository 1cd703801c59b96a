package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The command line run in-process: parsing, help, exit codes, {@code create}'s files. */
class MigrateCliTests {

    @TempDir
    Path work;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return MigrateCli.run(args, new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, work, false));
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "info", "migrate", "rollback", "plan", "history", "validate", "baseline", "repair", "create",
        "clean"})
    void everyCommandHasHelpWithExamples(String command) {
        assertThat(run(command, "--help")).isZero();
        String name = command.equals("info") ? "status" : command; // info is an alias
        assertThat(out()).contains("Usage: migrate " + name).contains("Examples:").contains("--url=JDBC_URL").contains("--json");
    }

    @Test
    void createHelpListsEveryTemplate() {
        assertThat(run("create", "--help")).isZero();
        int start = out().indexOf("Templates:");
        String templates = out().substring(start, out().indexOf("  NAME", start)).replaceAll("\\s+", " ");
        for (String template : new String[] {"sql", "updown", "create-table", "add-column", "add-index", "add-foreign-key",
            "rename-column", "add-check", "data", "java-dsl"}) {
            assertThat(templates).as(out()).containsPattern(" " + template + "[ ,(.]");
        }
    }

    @Test
    void helpFootersAreNotWrappedMidLine() {
        // Footers are laid out by hand (tables of settings, exit codes, examples); picocli wraps any line
        // longer than the usage width, which splits words such as migrate.properties.
        CommandLine cli = new CommandLine(new MigrateCli());
        List<CommandLine> commands = new ArrayList<>(List.of(cli));
        for (int i = 0; i < commands.size(); i++) {
            commands.addAll(commands.get(i).getSubcommands().values());
        }
        for (CommandLine command : commands) {
            int width = command.getCommandSpec().usageMessage().width();
            for (String line : command.getCommandSpec().usageMessage().footer()) {
                assertThat(line.length()).as("footer line of '%s' is longer than %d: %s", command.getCommandName(), width, line)
                        .isLessThanOrEqualTo(width);
            }
        }
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("migrate.properties");
    }

    @Test
    void planSubcommandsHaveHelp() {
        assertThat(run("plan", "rollback", "--help")).isZero();
        assertThat(out()).contains("Usage: migrate plan rollback").contains("--batch").contains("--target");
    }

    @Test
    void noCommandPrintsUsageAndExitsWith2() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("Usage: migrate");
        assertThat(out()).isEmpty();
    }

    @Test
    void noCommandWithJsonIsAJsonUsageError() {
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("MIGRATE_JSON", "true"))) {
            assertThat(run(env, env.isEmpty() ? new String[] {"--json"} : new String[0])).isEqualTo(2);
            JsonNode error = JsonMapper.builder().build().readTree(out()).get("error");
            assertThat(error.get("kind").asString()).as(out()).isEqualTo("usage");
            assertThat(error.get("exitCode").asInt()).isEqualTo(2);
            assertThat(error.get("message").asString()).contains("No command");
            assertThat(err()).contains("Usage: migrate");
        }
    }

    @Test
    void rollbackAlternativesAreExclusive() {
        assertThat(run("--url", "jdbc:h2:mem:x", "rollback", "--steps", "2", "--batch")).isEqualTo(2);
        assertThat(err().lines().toList()).hasSize(1);
        assertThat(err()).contains("alternatives");
    }

    @Test
    void jsonUsageErrorsAreJsonToo() {
        assertThat(run("--json", "migrate", "--targte", "3")).isEqualTo(2);
        JsonNode error = JsonMapper.builder().build().readTree(out()).get("error");
        assertThat(error.get("kind").asString()).isEqualTo("usage");
        assertThat(error.get("exitCode").asInt()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--pasword", "--passwd", "--pass", "--pw", "--pwd", "-p"})
    void aMistypedPasswordOptionDoesNotEchoItsValue(String option) {
        assertThat(run("--url", "jdbc:h2:mem:x", option, "Typo-Secret-1", "status")).isEqualTo(2);
        assertThat(err()).contains("Unknown option").doesNotContain("Typo-Secret-1");
        assertThat(run("--url", "jdbc:h2:mem:x", option + "=Typo-Secret-2", "status")).isEqualTo(2);
        assertThat(err()).contains("Unknown option").doesNotContain("Typo-Secret-2");
        assertThat(run("--json", "--url", "jdbc:h2:mem:x", option, "Typo-Secret-3", "status")).isEqualTo(2);
        assertThat(out() + err()).contains("usage").doesNotContain("Typo-Secret-3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--pasword", "--pw", "-p"})
    void aMistypedPasswordOptionDoesNotEchoAValueThatStartsWithADash(String option) {
        assertThat(run("--url", "jdbc:h2:mem:x", option, "-Typo-Secret-5", "status")).isEqualTo(2);
        assertThat(err()).contains("Unknown option").doesNotContain("Typo-Secret-5");
        assertThat(run("--url", "jdbc:h2:mem:x", option, "--verbose", "status")).isEqualTo(2);
        assertThat(err()).as("an option of ours after it is not taken for its value")
                .contains("Unknown option").doesNotContain("***");
    }

    @Test
    void aPasswordAttachedToMinusPIsNotEchoed() {
        assertThat(run("--url", "jdbc:h2:mem:x", "-pTypo-Secret-4", "status")).isEqualTo(2);
        assertThat(err()).contains("Unknown option").doesNotContain("Typo-Secret-4");
    }

    @Test
    void aShortPasswordIsNeverPrinted() throws IOException {
        Path sql = Files.createDirectories(work.resolve("short"));
        Files.writeString(sql.resolve("V1__fails.sql"), "INSERT INTO no_such_table (note) VALUES ('q7!');\n");
        String url = "jdbc:h2:file:" + work.resolve("short-db").toAbsolutePath();
        assertThat(run("--url", url, "--user", "sa", "--password", "q7!", "--locations", "short", "migrate")).isEqualTo(1);
        assertThat(err()).as("the driver's message quotes the statement").contains("NO_SUCH_TABLE").contains("'***'")
                .doesNotContain("q7!");
        assertThat(run("--url", url, "--user", "sa", "--password", "q7!", "--locations", "short", "--json", "migrate")).isEqualTo(1);
        assertThat(out() + err()).contains("'***'").doesNotContain("q7!");
    }

    @Test
    void statusNamesTheMigrationsLeftOutInThisEnvironment() throws IOException {
        Path sql = Files.createDirectories(work.resolve("envs"));
        Files.writeString(sql.resolve("V1__books.sql"), "CREATE TABLE books (id INT);\n");
        Files.writeString(sql.resolve("V2__sample_books.sql"), "-- migrate:environments dev\nINSERT INTO books VALUES (1);\n");
        String url = "jdbc:h2:file:" + work.resolve("envs-db").toAbsolutePath();
        assertThat(run("--url", url, "--locations", "envs", "-e", "prod", "migrate")).as(err()).isZero();

        assertThat(run("--url", url, "--locations", "envs", "-e", "prod", "status")).as(err()).isZero();
        assertThat(out()).contains("Pending:     none")
                .contains("Not applied in prod (-- migrate:environments names others): V2__sample_books.sql (dev)");
        assertThat(run("--url", url, "--locations", "envs", "-e", "prod", "--json", "status")).as(err()).isZero();
        assertThat(JsonMapper.builder().build().readTree(out()).get("otherEnvironments").get(0).asString())
                .isEqualTo("V2__sample_books.sql (dev)");
        assertThat(run("--url", url, "--locations", "envs", "-e", "dev", "status")).as(err()).isZero();
        assertThat(out()).contains("Pending:     1 migration").doesNotContain("Not applied in");
    }

    /**
     * A RUNNING row while another process holds the lock (here its lease row, as H2 keeps it) is in progress, not failed;
     * once the lease has run out with the row still RUNNING, it is an interrupted migration to repair.
     */
    @Test
    void statusTellsAMigrationInProgressFromAnInterruptedOne() throws Exception {
        Path sql = Files.createDirectories(work.resolve("running"));
        Files.writeString(sql.resolve("V1__books.sql"), "CREATE TABLE books (id INT);\n");
        String url = "jdbc:h2:file:" + work.resolve("running-db").toAbsolutePath();
        assertThat(run("--url", url, "--locations", "running", "migrate")).as(err()).isZero();
        execute(url, "UPDATE migrate_history SET state = 'RUNNING' WHERE version = '1'",
                "UPDATE migrate_lock SET owner = 'pid 1 on host web-2 [0000abcd]', expires_at = 4102444800000 WHERE id = 1");

        assertThat(run("--url", url, "--locations", "running", "status")).as(err()).isZero();
        assertThat(out()).contains("Running:     1 migration in progress, lock held by pid 1 on host web-2, lease expires in ")
                .doesNotContain("Failed:");
        assertThat(run("--url", url, "--locations", "running", "--json", "status")).as(err()).isZero();
        JsonNode running = JsonMapper.builder().build().readTree(out());
        assertThat(running.get("inProgress").get(0).get("version").asString()).isEqualTo("1");
        assertThat(running.get("failed")).isEmpty();
        assertThat(running.get("lock").get("state").asString()).isEqualTo("HELD");

        execute(url, "UPDATE migrate_lock SET expires_at = 1000 WHERE id = 1");
        assertThat(run("--url", url, "--locations", "running", "status")).as(err()).isZero();
        assertThat(out()).contains("Failed:      1 migration: a RUNNING one was interrupted (no process holds the lock)")
                .doesNotContain("Running:");
        assertThat(run("--url", url, "--locations", "running", "--json", "status")).as(err()).isZero();
        JsonNode interrupted = JsonMapper.builder().build().readTree(out());
        assertThat(interrupted.get("failed").get(0).get("version").asString()).isEqualTo("1");
        assertThat(interrupted.get("inProgress")).isEmpty();
        assertThat(interrupted.get("lock").get("state").asString()).isEqualTo("FREE");
        assertThat(interrupted.get("lock").get("holder").asString()).startsWith("pid 1 on host web-2, whose lease ran out ");
    }

    private static void execute(String url, String... statements) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url); java.sql.Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.executeUpdate(statement);
            }
        }
    }

    /** The starter's other names of an environment (its Spring profiles) mean the same in the CLI. */
    @Test
    void environmentNamesTheStarterMapsMeanTheSameEnvironment() throws IOException {
        Path sql = Files.createDirectories(work.resolve("aliases"));
        Files.writeString(sql.resolve("V1__books.sql"), "CREATE TABLE books (id INT);\n");
        Files.writeString(sql.resolve("V2__sample_books.sql"), "-- migrate:environments dev\nINSERT INTO books VALUES (1);\n");
        String url = "jdbc:h2:file:" + work.resolve("aliases-db").toAbsolutePath();
        assertThat(run("--url", url, "--locations", "aliases", "-e", "Local", "migrate")).as(err()).isZero();
        assertThat(out()).contains("V2__sample_books.sql");
        assertThat(run("--url", url, "--locations", "aliases", "-e", "development", "--json", "status")).as(err()).isZero();
        assertThat(JsonMapper.builder().build().readTree(out()).get("otherEnvironments")).isEmpty();
        assertThat(run("--url", url, "--locations", "aliases", "-e", "production", "clean")).isEqualTo(2);
        assertThat(err()).contains("clean is refused in the production environment");
        assertThat(run("--url", url, "--locations", "aliases", "-e", "local", "clean")).as(err()).isZero();
        assertThat(out()).contains("Cleaned: dropped");
    }

    /** In dev an explicit clean-allowed=false refuses clean; the error named "run in the dev environment" as the way out. */
    @Test
    void cleanAllowedFalseRefusesCleanInDevAndSaysWhichSettingDoes() throws IOException {
        Path sql = Files.createDirectories(work.resolve("devoff"));
        Files.writeString(sql.resolve("V1__books.sql"), "CREATE TABLE books (id INT);\n");
        String url = "jdbc:h2:file:" + work.resolve("devoff-db").toAbsolutePath();
        assertThat(run("--url", url, "--locations", "devoff", "-e", "dev", "migrate")).as(err()).isZero();
        assertThat(run("--url", url, "--locations", "devoff", "-e", "dev", "--clean-allowed=false", "clean")).isEqualTo(2);
        assertThat(err()).contains("clean is refused: clean-allowed is set to false").doesNotContain("run in the dev environment");
        assertThat(run(Map.of("MIGRATE_CLEAN_ALLOWED", "false"), "--url", url, "--locations", "devoff", "-e", "local", "clean"))
                .isEqualTo(2);
        assertThat(err()).contains("which wins over the local environment's default");
        assertThat(run("--url", url, "--locations", "devoff", "--json", "status")).as(err()).isZero();
        assertThat(out()).as("nothing was dropped").contains("V1__books.sql");
    }

    @Test
    void jsonFromTheEnvironmentOrMigrateProperties() throws IOException {
        Map<String, String> env = Map.of("MIGRATE_URL", "jdbc:h2:file:" + work.resolve("j").toAbsolutePath(), "MIGRATE_JSON", "true");
        assertThat(run(env, "--locations", "none", "status")).as(err()).isZero();
        assertThat(JsonMapper.builder().build().readTree(out()).get("pending").isArray()).isTrue();
        assertThat(run(env, "--locations", "none", "status", "--json=false")).as(err()).isZero();
        assertThat(out()).as("--json=false wins over MIGRATE_JSON").contains("Version:");
        assertThat(run(env, "--locations", "none", "--json", "false", "status")).as(err()).isZero();
        assertThat(out()).contains("Version:");

        assertThat(run(env, "status", "--stepz")).isEqualTo(2);
        assertThat(JsonMapper.builder().build().readTree(out()).get("error").get("kind").asString())
                .as("a usage error follows MIGRATE_JSON too").isEqualTo("usage");

        Files.writeString(work.resolve("migrate.properties"), "url=jdbc:h2:file:" + work.resolve("p").toAbsolutePath()
                + "\njson=true\nlocations=none\n");
        assertThat(run("status")).as(err()).isZero();
        assertThat(JsonMapper.builder().build().readTree(out()).get("current")).as(out()).isNotNull();
        assertThat(run("--url", "jdbc:h2:mem:x", "--lock-timeout", "soon", "status")).isEqualTo(2);
        assertThat(JsonMapper.builder().build().readTree(out()).get("error").get("message").asString())
                .as("a configuration error of a run with json=true is JSON").contains("lock-timeout 'soon'");
    }

    @Test
    void verboseFromTheEnvironmentOrMigratePropertiesShowsStackTraces() throws IOException {
        assertThat(run(Map.of("MIGRATE_VERBOSE", "true"), "--url", "jdbc:h2:mem:x", "--lock-timeout", "soon", "status")).isEqualTo(2);
        assertThat(err()).contains("lock-timeout 'soon'").contains("\tat dev.migrate.");
        assertThat(run(Map.of("MIGRATE_VERBOSE", "true"), "--url", "jdbc:h2:mem:x", "--lock-timeout", "soon", "-v=false", "status"))
                .isEqualTo(2);
        assertThat(err()).doesNotContain("\tat ");

        Files.writeString(work.resolve("migrate.properties"), "verbose=true\nlock-timeout=soon\nurl=jdbc:h2:mem:x\n");
        assertThat(run("status")).isEqualTo(2);
        assertThat(err()).as("the file's own error follows its verbose=true").contains("lock-timeout 'soon'").contains("\tat dev.migrate.");
        Files.writeString(work.resolve("migrate.properties"), "verbose=true\nurl=jdbc:h2:mem:x\nlocations=nowhere:sql\n");
        assertThat(run("status")).isEqualTo(2);
        assertThat(err()).contains("nowhere:sql").contains("\tat dev.migrate.");
    }

    @Test
    void badLockTimeoutNamesTheSetting() {
        assertThat(run("--url", "jdbc:h2:mem:x", "--lock-timeout", "soon", "status")).isEqualTo(2);
        assertThat(err()).contains("lock-timeout 'soon' is not a duration");
    }

    @Test
    void unknownMigrateVariablesGetAWarningNamingTheClosestSetting() {
        Map<String, String> env = Map.of("MIGRATE_URLL", "jdbc:h2:mem:x", "MIGRATE_LOCK_TIMOUT", "soon",
                "MIGRATE_PLACEHOLDER_OWNER", "app", "MIGRATE_PLACEHOLDERS_OWNER", "app", "MIGRATE_CONFIG", "",
                "MIGRATE_JSON", "true", "MIGRATE_DEPLOY_TOKEN", "s3cr3t-value");
        assertThat(run(env, "status")).isEqualTo(2);
        assertThat(JsonMapper.builder().build().readTree(out()).get("error").get("message").asString()).contains("No database URL");
        List<String> warnings = err().lines().filter(l -> l.startsWith("[WARN]")).toList();
        assertThat(warnings).hasSize(4);
        assertThat(err()).contains("MIGRATE_URLL is not a Migrate setting, so it is ignored: did you mean MIGRATE_URL?")
                .contains("MIGRATE_LOCK_TIMOUT is not a Migrate setting, so it is ignored: did you mean MIGRATE_LOCK_TIMEOUT?")
                .contains("MIGRATE_PLACEHOLDER_OWNER is not a Migrate setting, so it is ignored: did you mean MIGRATE_PLACEHOLDERS_OWNER?")
                .contains("MIGRATE_DEPLOY_TOKEN is not a Migrate setting, so it is ignored")
                .doesNotContain("s3cr3t-value").doesNotContain("soon");
        assertThat(run(Map.of("MIGRATE_URL", "jdbc:h2:mem:x", "MIGRATE_PLACEHOLDERS_OWNER", "app"), "--locations", "none", "status"))
                .as(err()).isZero();
        assertThat(err()).doesNotContain("[WARN]");
    }

    @Test
    void unknownPropertiesAreRefusedSoATypoIsNotIgnored() throws IOException {
        Files.writeString(work.resolve("migrate.properties"), "url=jdbc:h2:mem:x\nlokations=sql\n");
        assertThat(run("status")).isEqualTo(2);
        assertThat(err()).contains("Unknown setting lokations (did you mean locations?)");
        Files.writeString(work.resolve("migrate.properties"), "url=jdbc:h2:mem:x\nmigrate.lock-timout=5s\nplaceholder.owner=app\n"
                + "deploy-token=x\n");
        assertThat(run("status")).isEqualTo(2);
        assertThat(err()).contains("Unknown settings deploy-token, migrate.lock-timout (did you mean migrate.lock-timeout?),"
                + " placeholder.owner (did you mean placeholders.owner?) in ").doesNotContain("deploy-token (did you mean");
    }

    @Test
    void createWritesTheNextVersionInTheFirstLocation() throws IOException {
        Path dir = Files.createDirectories(work.resolve("db/migration"));
        Files.writeString(dir.resolve("V007__create_books.sql"), "CREATE TABLE books (id INT);");
        Files.writeString(dir.resolve("V008__add_isbn.sql"), "SELECT 1;");

        assertThat(run("--locations", "db/migration", "create", "Add email to users")).isZero();
        assertThat(dir.resolve("V009__add_email_to_users.sql")).exists();
        assertThat(dir.resolve("U009__add_email_to_users.sql")).content().contains("Write the reverse of V009__add_email_to_users.sql");
        assertThat(out()).contains("Created version 9");
    }

    @Test
    void createRendersForTheDialectOfTheUrl() throws IOException {
        assertThat(run(Map.of("MIGRATE_URL", "jdbc:mariadb://db/app"), "--locations", "sql", "--json", "create", "index_users_email",
                "--template", "add-index", "--on", "users", "--column", "email", "--unique")).as(err()).isZero();
        JsonNode created = JsonMapper.builder().build().readTree(out());
        assertThat(created.get("dialect").asString()).isEqualTo("MySQL/MariaDB");
        assertThat(created.get("version").asString()).isEqualTo("1");
        assertThat(work.resolve("sql/V1__index_users_email.sql")).content()
                .contains("CREATE UNIQUE INDEX users_email_idx ON users (email);");
        assertThat(work.resolve("sql/U1__index_users_email.sql")).content().contains("DROP INDEX users_email_idx ON users;");
    }

    @Test
    void createFollowsTheFolderLayoutAndSingleFileSections() throws IOException {
        Path dir = Files.createDirectories(work.resolve("m"));
        Files.writeString(dir.resolve("000001_init.up.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("000001_init.down.sql"), "SELECT 1;");

        assertThat(run("--locations", "m", "create", "add_age_to_people", "--template", "add-column", "--column", "age:int",
                "--dialect", "postgres")).as(err()).isZero();
        assertThat(dir.resolve("000002_add_age_to_people.up.sql")).content().contains("ALTER TABLE people ADD COLUMN age INTEGER;");
        assertThat(dir.resolve("000002_add_age_to_people.down.sql")).content().contains("ALTER TABLE people DROP COLUMN age;");

        assertThat(run("--locations", "m", "create", "notes", "--template", "create-table", "--format", "single", "--dialect", "h2"))
                .as(err()).isZero();
        assertThat(dir.resolve("V000003__notes.sql")).content().contains("-- migrate:up\nCREATE TABLE notes (")
                .contains("-- migrate:down\nDROP TABLE notes;");
    }

    @Test
    void softDeleteHelpSaysWhatTheTemplateWrites() throws IOException {
        assertThat(run("create", "--help")).isZero();
        String option = out().lines().filter(l -> l.contains("--soft-delete")).findFirst().orElseThrow();
        assertThat(option).contains("deleted_at").doesNotContainIgnoringCase("index");

        for (String dialect : new String[] {"postgres", "mysql", "h2", "sqlite"}) {
            Path dir = work.resolve("soft-" + dialect);
            assertThat(run("create", "create_notes", "--template", "create-table", "--soft-delete", "--dir", dir.toString(), "--dialect",
                    dialect)).as(err()).isZero();
            assertThat(dir.resolve("V1__create_notes.sql")).content().contains("deleted_at").doesNotContainIgnoringCase("index");
        }
    }

    @Test
    void createNeedsADialectForRenderedTemplates() {
        assertThat(run("--locations", "m", "create", "x", "--template", "add-check", "--on", "t", "--check", "a > 0")).isEqualTo(2);
        assertThat(err()).contains("pass --dialect");
    }

    /** Without --template the empty sql pair was written and --column dropped without a word. */
    @Test
    void createRefusesOptionsTheTemplateDoesNotUse() {
        assertThat(run("--locations", "m", "create", "add_phone_to_users", "--column", "phone:varchar(30)")).isEqualTo(2);
        assertThat(err()).contains("The sql template (the default) does not use --column (read by create-table, add-column,")
                .contains("Name the template to fill with --template");
        assertThat(work.resolve("m")).doesNotExist();

        assertThat(run("--locations", "m", "create", "x", "--template", "add-index", "--on", "t", "--column", "a", "--timestamps",
                "--default", "0", "--dialect", "h2")).isEqualTo(2);
        assertThat(err()).contains("The add-index template does not use --default (read by add-column); --timestamps (read by"
                + " create-table)").contains("leave the options out");
        assertThat(work.resolve("m")).doesNotExist();

        assertThat(run("--locations", "m", "create", "x", "--template", "add-index", "--on", "t", "--column", "a", "--constraint",
                "t_a", "--dialect", "h2")).as(err()).isZero();
    }

    @Test
    void createAsksForTheFolderWhenTheFirstLocationIsAFolderPerDatabase() throws IOException {
        assertThat(run("--locations", "db/{vendor},common", "create", "x")).isEqualTo(2);
        assertThat(err()).contains("names a folder per database ({vendor}): give the folder to write to with --dir");
        assertThat(work.resolve("db")).doesNotExist();
    }

    /** Flyway's naming settings, from migrate.properties: create writes such names, migrate and rollback read them. */
    @Test
    void aProjectWithItsOwnFileNamesCreatesMigratesAndRollsBackWithThem() throws IOException {
        Path dir = Files.createDirectories(work.resolve("named"));
        Files.writeString(dir.resolve("M007-create_books.pgsql"), "CREATE TABLE books (id INT);\n");
        Files.writeString(dir.resolve("Undo007-create_books.pgsql"), "DROP TABLE books;\n");
        Files.writeString(dir.resolve("Rep-book_ids.pgsql"), "CREATE OR REPLACE VIEW book_ids AS SELECT id FROM books;\n");
        Files.writeString(dir.resolve("afterMigrate-note.pgsql"), "CREATE TABLE IF NOT EXISTS after_ran (id INT);\n");
        Files.writeString(work.resolve("migrate.properties"), "url=jdbc:h2:file:" + work.resolve("named-h2").toAbsolutePath()
                + "\nlocations=named\nsql-migration-prefix=M\nundo-sql-migration-prefix=Undo\nrepeatable-sql-migration-prefix=Rep\n"
                + "sql-migration-separator=-\nsql-migration-suffixes=.pgsql, .sql\n");

        assertThat(run("create", "add_isbn", "--template", "add-column", "--on", "books", "--column", "isbn:varchar(20)")).as(err())
                .isZero();
        assertThat(dir.resolve("M008-add_isbn.pgsql")).content().contains("ALTER TABLE books ADD COLUMN isbn VARCHAR(20);");
        assertThat(dir.resolve("Undo008-add_isbn.pgsql")).content().contains("ALTER TABLE books DROP COLUMN isbn;");
        assertThat(run("migrate")).as(err()).isZero();
        assertThat(out()).contains("Migrated from version <none> to 8: 3 migrations applied in batch 1");
        assertThat(run("status")).as(err()).isZero();
        assertThat(out()).contains("create books").contains("book ids").contains("add isbn").contains("Version:     8");
        assertThat(run("--json", "status")).as(err()).isZero();
        assertThat(out()).contains("M007-create_books.pgsql").contains("Rep-book_ids.pgsql");
        assertThat(run("rollback")).as(err()).isZero();
        assertThat(out()).contains("revert Undo008-add_isbn.pgsql ... done").contains("version 8 -> 7");

        Files.writeString(dir.resolve("V9__default_name.sql"), "SELECT 1;\n");
        assertThat(run("validate")).isEqualTo(3);
        assertThat(err() + out()).contains("V9__default_name.sql is not a migration name: name it M<version>-<description>.pgsql");
        assertThat(run("--sql-migration-separator", "x", "status")).isEqualTo(2);
        assertThat(err()).contains("sql-migration-separator 'x' must be made of punctuation");
    }

    /** rollback says what it did beside the downs: a repeatable depending on a reverted version is applied again by migrate. */
    @Test
    void rollbackNotesTheRepeatablesItTakesOutOfTheHistory() throws IOException {
        Path dir = Files.createDirectories(work.resolve("deps"));
        Files.writeString(dir.resolve("V1__t1.sql"), "CREATE TABLE t1 (id INT);\n");
        Files.writeString(dir.resolve("V2__t2.sql"), "CREATE TABLE t2 (id INT);\n");
        Files.writeString(dir.resolve("U2__t2.sql"), "DROP VIEW IF EXISTS v2;\nDROP TABLE t2;\n");
        Files.writeString(dir.resolve("R__v2.sql"), "-- migrate:depends-on 2\nCREATE VIEW v2 AS SELECT id FROM t2;\n");
        String url = "jdbc:h2:file:" + work.resolve("deps-h2").toAbsolutePath();
        assertThat(run("--url", url, "--locations", "deps", "migrate")).as(err()).isZero();

        assertThat(run("--url", url, "--locations", "deps", "plan", "rollback", "--only", "2")).as(err()).isZero();
        assertThat(out()).contains("Note: R__v2.sql depends on version 2: the next migrate applies it again");
        assertThat(run("--url", url, "--locations", "deps", "rollback", "--only", "2")).as(err()).isZero();
        assertThat(out()).contains("Rolled back 1 migration").contains("Note: R__v2.sql depends on version 2: the next migrate applies"
                + " it again");
        assertThat(run("--url", url, "--locations", "deps", "migrate")).as(err()).isZero();
        assertThat(run("--url", url, "--locations", "deps", "--json", "rollback", "--only", "2")).as(err()).isZero();
        assertThat(JsonMapper.builder().build().readTree(out()).get("notes").get(0).asString())
                .isEqualTo("R__v2.sql depends on version 2: the next migrate applies it again");
    }

    /** After rollback --only with newer versions applied, both the rollback and the refused migrate point to --out-of-order. */
    @Test
    void rollbackOfOneVersionBelowTheCurrentPointsToOutOfOrder() throws IOException {
        Path dir = Files.createDirectories(work.resolve("only"));
        for (int v = 1; v <= 3; v++) {
            Files.writeString(dir.resolve("V" + v + "__t" + v + ".sql"), "CREATE TABLE t" + v + " (id INT);\n");
            Files.writeString(dir.resolve("U" + v + "__t" + v + ".sql"), "DROP TABLE t" + v + ";\n");
        }
        String url = "jdbc:h2:file:" + work.resolve("only-h2").toAbsolutePath();
        assertThat(run("--url", url, "--locations", "only", "migrate")).as(err()).isZero();
        assertThat(run("--url", url, "--locations", "only", "rollback", "--only", "2")).as(err()).isZero();
        assertThat(out()).contains("Note: Version 2 was rolled back while version 3 stays applied: migrate applies it again only out"
                + " of order, with outOfOrder (--out-of-order on the command line");
        assertThat(run("--url", url, "--locations", "only", "migrate")).isEqualTo(3);
        assertThat(err()).contains("(version 2) was rolled back while newer versions stayed applied").contains("--out-of-order")
                .doesNotContain("higher version");
        assertThat(run("--url", url, "--locations", "only", "migrate", "--out-of-order")).as(err()).isZero();
        assertThat(out()).contains("1 migration applied");
    }

    /** Settings the starter had and the command line lacked: on-failure, the audit table of a second history. */
    @Test
    void onFailureRollbackRunAndASecondHistoryWithItsOwnAuditTable() throws Exception {
        Path sql = Files.createDirectories(work.resolve("runs"));
        Files.writeString(sql.resolve("V1__a.sql"), "CREATE TABLE a (id INT);\n");
        Files.writeString(sql.resolve("U1__a.sql"), "DROP TABLE a;\n");
        Files.writeString(sql.resolve("V2__broken.sql"), "CREATE TABLE b (id INT);\nNOT SQL;\n");
        String url = "jdbc:h2:file:" + work.resolve("runs-h2").toAbsolutePath();
        Map<String, String> env = Map.of("MIGRATE_URL", url, "MIGRATE_USER", "sa", "MIGRATE_LOCATIONS", "runs", "MIGRATE_ON_FAILURE",
                "rollback-run");

        assertThat(run(env, "migrate")).isEqualTo(1);
        assertThat(err()).contains("on-failure=rollback-run: undid V1__a.sql");
        try (var c = java.sql.DriverManager.getConnection(url, "sa", ""); var rs = c.getMetaData().getTables(null, null, "A", null)) {
            assertThat(rs.next()).as("V1's table, undone with the run").isFalse();
        }
        // history shows the automatic undo and a refusal (as the Actuator endpoint records one) among the other rows.
        org.h2.jdbcx.JdbcDataSource dataSource = new org.h2.jdbcx.JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        assertThat(dev.migrate.Migrator.create(dataSource, dev.migrate.MigratorConfig.builder().build()).performedBy("mallory")
                .recordRefusal(dev.migrate.Operation.ROLLBACK, "rollback last", "Actuator endpoint refused rollback last (428): no planId"))
                .isTrue();
        assertThat(run(env, "history")).as(err()).isZero();
        assertThat(out()).contains("applied in batch 1; automatic undo of the run (on-failure=rollback-run)")
                .contains("REFUSED").contains("mallory");
        assertThat(run(env, "--json", "history")).as(err()).isZero();
        JsonNode entries = JsonMapper.builder().build().readTree(out()).get("entries");
        JsonNode refused = entries.get(entries.size() - 1);
        assertThat(refused.get("outcome").asString()).isEqualTo("REFUSED");
        assertThat(refused.get("operation").asString()).isEqualTo("ROLLBACK");
        assertThat(refused.get("description").asString()).isEqualTo("rollback last");
        assertThat(refused.get("performedBy").asString()).isEqualTo("mallory");

        Path billing = Files.createDirectories(work.resolve("billing"));
        Files.writeString(billing.resolve("V1__invoices.sql"), "CREATE TABLE invoices (id INT);\n");
        assertThat(run(Map.of("MIGRATE_URL", url, "MIGRATE_USER", "sa", "MIGRATE_LOCATIONS", "billing"), "--table", "billing_history", "--audit-table",
                "billing_audit", "--baseline-on-migrate", "--baseline-version", "0", "migrate")).as(err()).isZero();
        assertThat(run(Map.of("MIGRATE_URL", url, "MIGRATE_USER", "sa", "MIGRATE_LOCATIONS", "billing"), "--table", "billing_history", "--audit-table",
                "billing_audit", "history")).as(err()).isZero();
        assertThat(out()).contains("V1__invoices.sql").doesNotContain("V2__broken.sql").doesNotContain("V1__a.sql");

        assertThat(run(env, "--on-failure", "retry", "status")).isEqualTo(2);
        assertThat(err()).contains("on-failure 'retry' is not stop or rollback-run");
    }

    @Test
    void createRefusesAnExistingVersion() throws IOException {
        Path dir = Files.createDirectories(work.resolve("m"));
        Files.writeString(dir.resolve("V1__a.sql"), "SELECT 1;");
        assertThat(run("--locations", "m", "create", "b", "--version", "1")).isEqualTo(2);
        assertThat(err()).contains("Version 1 already exists");
    }

    @Test
    void aMigrateThatLeavesTheVersionWhereItWasSaysSo() throws IOException {
        Path sql = Files.createDirectories(work.resolve("ooo"));
        Files.writeString(sql.resolve("V2__b.sql"), "CREATE TABLE b (id INT);\n");
        Map<String, String> env = Map.of("MIGRATE_URL", "jdbc:h2:file:" + work.resolve("ooo-h2").toAbsolutePath(), "MIGRATE_LOCATIONS",
                "ooo");
        assertThat(run(env, "migrate")).as(err()).isZero();
        assertThat(out()).contains("Migrated from version <none> to 2: 1 migration applied in batch 1 (");

        Files.writeString(sql.resolve("V1__a.sql"), "CREATE TABLE a (id INT);\n");
        Files.writeString(sql.resolve("R__view.sql"), "CREATE OR REPLACE VIEW v AS SELECT id FROM a;\n");
        assertThat(run(env, "--out-of-order", "migrate")).as(err()).isZero();
        assertThat(out()).contains("Migrated: 2 migrations applied in batch 2; the version stays 2 (");
    }

    /** A database made before Migrate: refused with exit 3, then adopted by --baseline-on-migrate from the environment. */
    @Test
    void baselineOnMigrateAdoptsADatabaseMadeBeforeMigrate() throws Exception {
        Path sql = Files.createDirectories(work.resolve("adopt"));
        Files.writeString(sql.resolve("V1__books.sql"), "CREATE TABLE books (id INT);\n");
        Files.writeString(sql.resolve("V2__title.sql"), "ALTER TABLE books ADD COLUMN title VARCHAR(100);\n");
        String url = "jdbc:h2:file:" + work.resolve("adopt-h2").toAbsolutePath();
        try (var c = java.sql.DriverManager.getConnection(url, "sa", ""); var st = c.createStatement()) {
            st.execute("CREATE TABLE books (id INT)");
        }
        Map<String, String> env = Map.of("MIGRATE_URL", url, "MIGRATE_USER", "sa", "MIGRATE_LOCATIONS", "adopt");

        assertThat(run(env, "migrate")).as(err()).isEqualTo(3);
        assertThat(err()).contains("already holds the table or view BOOKS but has no migration history").contains("--baseline-on-migrate");
        Map<String, String> adopt = new java.util.HashMap<>(env);
        adopt.put("MIGRATE_BASELINE_ON_MIGRATE", "true");
        assertThat(run(adopt, "--baseline-description", "Books before Migrate", "migrate")).as(err()).isZero();
        assertThat(out()).contains("Migrated from version 1 to 2: 1 migration applied in batch 2");
        assertThat(run(env, "status")).as(err()).isZero();
        assertThat(out()).contains("Books before Migrate").doesNotContain("<< baseline >>");
    }

    @Test
    void validateOfflineChecksTheFilesAsTheNamedDatabaseSplitsThemWithoutConnecting() throws IOException {
        Path sql = Files.createDirectories(work.resolve("offline"));
        Files.writeString(sql.resolve("V1__create_a.sql"), "CREATE TABLE a (id INT);\n");
        Files.writeString(sql.resolve("V2__tagged.sql"), "CREATE TABLE b (id INT);\nSELECT $q$ never closed;\n");

        assertThat(run("--locations", "offline", "validate", "--offline", "--dialect", "mysql")).as(err()).isZero();
        assertThat(out()).contains("Checked the files only, as mysql splits them (--offline)").contains("Validation passed.");

        // No server listens on port 1: the URL only names the database, and is never connected to.
        Map<String, String> env = Map.of("MIGRATE_URL", "jdbc:postgresql://127.0.0.1:1/none", "MIGRATE_LOCATIONS", "offline");
        assertThat(run(env, "validate", "--offline")).isEqualTo(3);
        assertThat(out()).contains("as postgresql splits them").contains("V2__tagged.sql line 2: Unterminated dollar-quoted string $q$");
        assertThat(err()).contains("Error: validation failed with 1 problem");
        assertThat(run(env, "--json", "validate", "--offline")).isEqualTo(3);
        assertThat(JsonMapper.builder().build().readTree(out()).get("errors")).hasSize(1);

        assertThat(run("--locations", "offline", "validate", "--offline")).isEqualTo(2);
        assertThat(err()).contains("validate --offline splits the scripts as one database does: pass --dialect postgres");
        assertThat(run("--locations", "offline", "validate", "--offline", "--dialect", "oracle")).isEqualTo(2);
        assertThat(err()).contains("Unknown dialect 'oracle'");
        assertThat(run(env, "validate", "--dialect", "h2")).isEqualTo(2);
        assertThat(err()).contains("--dialect goes with --offline");
    }

    /** A Java callback the CLI makes from its class name: records the run in a table of its own. */
    public static final class MarkingCallback implements dev.migrate.MigrationCallback {
        @Override
        public boolean supports(Event event) {
            return event == Event.AFTER_MIGRATE;
        }

        @Override
        public void handle(Event event, dev.migrate.CallbackContext context) throws Exception {
            try (java.sql.Statement st = context.connection().createStatement()) {
                st.execute("CREATE TABLE callback_ran (environment VARCHAR(20))");
                st.execute("INSERT INTO callback_ran VALUES ('" + context.environment() + "')");
            }
        }
    }

    /** Not a callback Migrate can make: its only constructor takes an argument. */
    public static final class NeedsAnArgument implements dev.migrate.MigrationCallback {
        public NeedsAnArgument(String argument) {
        }

        @Override
        public boolean supports(Event event) {
            return true;
        }

        @Override
        public void handle(Event event, dev.migrate.CallbackContext context) {
        }
    }

    @Test
    void javaCallbacksComeFromClassNamesOnTheClassPath() throws Exception {
        Path sql = Files.createDirectories(work.resolve("cb"));
        Files.writeString(sql.resolve("V1__create_a.sql"), "CREATE TABLE a (id INT);\n");
        String url = "jdbc:h2:file:" + work.resolve("cb-h2").toAbsolutePath();
        Map<String, String> env = Map.of("MIGRATE_URL", url, "MIGRATE_LOCATIONS", "cb");

        assertThat(run(env, "--callbacks", "com.example.Nowhere", "migrate")).isEqualTo(2);
        assertThat(err()).contains("callbacks: class com.example.Nowhere is not on the class path")
                .contains("java -cp migrate.jar:app.jar");
        assertThat(run(env, "--callbacks", "java.lang.String", "migrate")).isEqualTo(2);
        assertThat(err()).contains("callbacks: class java.lang.String does not implement dev.migrate.MigrationCallback");
        assertThat(run(env, "--callbacks", NeedsAnArgument.class.getName(), "migrate")).isEqualTo(2);
        assertThat(err()).contains("could not be made with a public constructor without arguments");

        Files.writeString(work.resolve("migrate.properties"), "callbacks=" + MarkingCallback.class.getName() + "\n");
        assertThat(run(env, "-e", "staging", "plan")).as(err()).isZero();
        assertThat(out()).contains("Note: Callback " + MarkingCallback.class.getName() + " (Java) runs after the last step");
        assertThat(run(env, "-e", "staging", "migrate")).as(err()).isZero();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT environment FROM callback_ran")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("staging");
        }
    }

    @Test
    void everyCommandWorksInProcessOnAnH2File() throws IOException {
        Path sql = Files.createDirectories(work.resolve("sql"));
        Files.writeString(sql.resolve("V1__create_a.sql"), "CREATE TABLE a (id INT);\n");
        Files.writeString(sql.resolve("U1__create_a.sql"), "DROP TABLE a;\n");
        Files.writeString(sql.resolve("V2__create_b.sql"), "-- migrate:irreversible\nCREATE TABLE b (id INT);\n");
        Files.writeString(sql.resolve("afterMigrate.sql"), "SELECT 1;\n");
        Map<String, String> env = Map.of("MIGRATE_URL", "jdbc:h2:file:" + work.resolve("h2").toAbsolutePath(), "MIGRATE_LOCATIONS",
                "sql");

        assertThat(run(env, "plan")).as(err()).isZero();
        assertThat(out()).contains("Plan: migrate, 2 steps").contains("1. apply  V1__create_a.sql").contains("1 | CREATE TABLE a (id INT);")
                .contains("Warning: V2__create_b.sql (version 2) is irreversible")
                .contains("Note: Callback afterMigrate.sql runs after the last step").doesNotContain("Warning: Callback");
        assertThat(run(env, "baseline", "--version", "1")).as(err()).isZero();
        assertThat(out()).contains("Baselined at version 1");
        assertThat(run(env, "migrate")).as(err()).isZero();
        assertThat(out()).contains("Migrated from version 1 to 2");
        assertThat(run(env, "rollback")).isEqualTo(3);
        assertThat(err()).contains("V2__create_b.sql");
        assertThat(run(env, "repair")).as(err()).isZero();
        assertThat(out()).contains("Nothing to repair");
        assertThat(run(env, "validate")).as(err()).isZero();
        assertThat(out()).contains("Validation passed");
        assertThat(run(env, "status")).as(err()).isZero();
        assertThat(out()).contains("<< baseline >>").contains("BASELINE").doesNotContain("\u001B[");
        assertThat(run(env, "history")).as(err()).isZero();
        assertThat(out()).contains("BASELINE").contains("APPLY");
        CliJarContract.assertAligned(out(), "When", "Outcome", "BASELINE", "APPLY");
        assertThat(run(env, "history", "--limit", "1")).as(err()).isZero();
        assertThat(out()).contains("REPAIR").doesNotContain("BASELINE").doesNotContain("APPLY");
        assertThat(run(env, "history", "--limit", "-5")).isEqualTo(2);
        assertThat(err()).contains("--limit must be 1 or more").contains("-5");
        assertThat(run(env, "-e", "dev", "clean")).as(err()).isZero();
        assertThat(out()).contains("Cleaned: dropped");
        assertThat(run(env, "--json", "status")).isZero();
        assertThat(JsonMapper.builder().build().readTree(out()).get("pending")).hasSize(2);
    }

    @Test
    void statusWithoutMigrationsNamesALocationListedTwiceOnce() throws IOException {
        Path sql = Files.createDirectories(work.resolve("sql"));
        Map<String, String> env = Map.of("MIGRATE_URL", "jdbc:h2:file:" + work.resolve("h2").toAbsolutePath());

        assertThat(run(env, "--locations", "sql,./sql", "status")).as(err()).isZero();
        assertThat(out()).contains("No migrations found in filesystem:" + sql.toAbsolutePath() + ".");
        assertThat(out().split("filesystem:", -1)).as(out()).hasSize(2);
    }

    /** One long description does not widen the status table's Description column for every row; --json keeps it whole. */
    @Test
    void statusCutsALongDescriptionInTheTableOnly() throws Exception {
        Path sql = Files.createDirectories(work.resolve("long-desc"));
        String words = "fill the new reporting tables with every order line of the last ten years before the switch over"
                + " to the new ledger and its audit trail";
        Files.writeString(sql.resolve("V1__" + words.replace(' ', '_') + ".sql"), "CREATE TABLE a (id INT);\n");
        Files.writeString(sql.resolve("V2__short.sql"), "CREATE TABLE b (id INT);\n");
        List<String> common = List.of("--url", "jdbc:h2:file:" + work.resolve("long-desc").toAbsolutePath(), "--locations",
                sql.toString());
        assertThat(run(with(common, "migrate", "--target", "1"))).as(err()).isZero();
        assertThat(run(with(common, "status"))).as(err()).isZero();
        String cut = words.substring(0, StatusCommand.DESCRIPTION_WIDTH - 3) + "...";
        assertThat(out()).contains("1        " + cut + "  SQL").doesNotContain(words);
        String pending = out().lines().filter(l -> l.startsWith("2 ")).findFirst().orElseThrow();
        assertThat(pending).as(out()).startsWith("2        short" + " ".repeat(StatusCommand.DESCRIPTION_WIDTH - 5) + "  SQL");
        assertThat(run(with(common, "--json", "status"))).as(err()).isZero();
        assertThat(JsonMapper.builder().build().readTree(out()).get("applied").get(0).get("description").asString()).isEqualTo(words);
    }

    /** A migrate --json that applied nothing made no batch: "batch" is null, as for none elsewhere, not 0. */
    @Test
    void migrateJsonWithNothingToDoHasNoBatch() throws Exception {
        Path sql = Files.createDirectories(work.resolve("sql"));
        Files.writeString(sql.resolve("V1__create_a.sql"), "CREATE TABLE a (id INT);\n");
        Map<String, String> env = Map.of("MIGRATE_URL", "jdbc:h2:file:" + work.resolve("no-batch").toAbsolutePath(), "MIGRATE_LOCATIONS",
                "sql");
        assertThat(run(env, "--json", "migrate")).as(err()).isZero();
        assertThat(JsonMapper.builder().build().readTree(out()).get("batch").asInt()).isEqualTo(1);
        assertThat(run(env, "--json", "migrate")).as(err()).isZero();
        JsonNode nothing = JsonMapper.builder().build().readTree(out());
        assertThat(nothing.get("applied")).isEmpty();
        assertThat(nothing.get("batch").isNull()).as(nothing.toString()).isTrue();
        assertThat(run(env, "--json", "mark-applied")).as(err()).isZero();
        JsonNode marked = JsonMapper.builder().build().readTree(out());
        assertThat(marked.get("batch").isNull()).as(marked.toString()).isTrue();
    }

    @Test
    void markAppliedRecordsPendingMigrationsWithoutRunningThem() throws Exception {
        Path sql = Files.createDirectories(work.resolve("sql"));
        Files.writeString(sql.resolve("V1__create_a.sql"), "CREATE TABLE a (id INT);\n");
        Files.writeString(sql.resolve("V2__create_b.sql"), "CREATE TABLE b (id INT);\n");
        Map<String, String> env = Map.of("MIGRATE_URL", "jdbc:h2:file:" + work.resolve("marked").toAbsolutePath(), "MIGRATE_LOCATIONS",
                "sql");
        assertThat(run(env, "mark-applied", "--target", "1")).as(err()).isZero();
        assertThat(out()).contains("  marked  V1__create_a.sql")
                .contains("Marked 1 migration as applied without running it, in batch 1: now at version 1.");
        assertThat(run(env, "--json", "mark-applied")).as(err()).isZero();
        JsonNode marked = JsonMapper.builder().build().readTree(out());
        assertThat(marked.get("operation").asString()).isEqualTo("mark-applied");
        assertThat(marked.get("applied")).hasSize(1);
        assertThat(marked.get("toVersion").asString()).isEqualTo("2");
        assertThat(run(env, "mark-applied")).as(err()).isZero();
        assertThat(out()).contains("nothing to mark");
        assertThat(run(env, "history")).as(err()).isZero();
        assertThat(out()).contains("MARK_APPLIED");
        assertThat(run(env, "--json", "status")).as(err()).isZero();
        assertThat(JsonMapper.builder().build().readTree(out()).get("current").asString()).isEqualTo("2");
        // Nothing ran: the tables were never created.
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + work.resolve("marked").toAbsolutePath());
                var rs = c.getMetaData().getTables(null, null, "A", null)) {
            assertThat(rs.next()).as("table a").isFalse();
        }
    }

    @Test
    void planShowsTheGeneratedDownOfADslMigrationAsTextAndJson() {
        Map<String, String> env = Map.of("MIGRATE_URL", "jdbc:h2:file:" + work.resolve("dsl").toAbsolutePath(), "MIGRATE_LOCATIONS",
                "classpath:dev/migrate/cli/dslplan");
        assertThat(run(env, "plan")).as(err()).isZero();
        assertThat(out()).contains("1. apply  dev.migrate.cli.dslplan.V1__CreateShelves")
                .contains("| CREATE INDEX shelves_label_idx ON shelves (label);")
                .contains("generated down (run by a rollback):")
                .contains("| DROP INDEX shelves_label_idx;");
        assertThat(out().indexOf("DROP INDEX shelves_label_idx")).isLessThan(out().indexOf("DROP TABLE shelves"));

        assertThat(run(env, "--json", "plan")).as(err()).isZero();
        JsonNode step = JsonMapper.builder().build().readTree(out()).get("steps").get(0);
        assertThat(step.get("statements")).hasSize(2);
        assertThat(step.get("down")).hasSize(2);
        assertThat(step.get("down").get(0).get("sql").asString()).isEqualTo("DROP INDEX shelves_label_idx");
        assertThat(step.get("down").get(1).get("sql").asString()).isEqualTo("DROP TABLE shelves");
        // A generated statement has no line in a file: null, as the endpoint says, where the text leaves it blank.
        assertThat(step.get("statements").get(0).get("line").isNull()).as(step.toString()).isTrue();
        assertThat(step.get("down").get(0).get("line").isNull()).as(step.toString()).isTrue();
    }

    /** A failure with no line in a file (a DSL statement) gives "line": null in the JSON error, as the plan does. */
    @Test
    void aFailedDslStatementHasANullLineInTheJsonError() throws Exception {
        Path dir = Files.createDirectories(work.resolve("dsl-fails-scripts"));
        // An earlier version makes the table V1's DSL creates, so V1's first statement fails.
        Files.writeString(dir.resolve("V0_5__shelves_already.sql"), "CREATE TABLE shelves (id INT);\n");
        Map<String, String> env = Map.of("MIGRATE_URL", "jdbc:h2:file:" + work.resolve("dsl-fails").toAbsolutePath(),
                "MIGRATE_LOCATIONS", "filesystem:" + dir + ",classpath:dev/migrate/cli/dslplan");
        assertThat(run(env, "--json", "migrate")).as(err()).isEqualTo(1);
        JsonNode error = JsonMapper.builder().build().readTree(out()).get("error");
        assertThat(error.get("script").asString()).as(error.toString()).contains("V1__CreateShelves");
        assertThat(error.has("line")).as(error.toString()).isTrue();
        assertThat(error.get("line").isNull()).as(error.toString()).isTrue();
    }

    /**
     * plan --sql, the script run by the database's client, then mark-applied --script, where a DSL migration's SQL
     * restates the table as it is when it runs (a SQLite rebuild, a MySQL MODIFY COLUMN): the script cannot hold it
     * while an earlier step of the script changes that table, so it is refused, naming it; written once those steps are
     * applied, its id still matches after it changed the table, as it does with ${migrate:timestamp} a second later.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = TestDb.Kind.class, names = {"SQLITE", "MARIADB"})
    void aPlanScriptWithADslMigrationThatReadsItsTableIsMarkedAppliedAfterItRan(TestDb.Kind kind) throws Exception {
        try (TestDb db = TestDb.create(kind)) {
            Path dir = Files.createDirectories(work.resolve("dsl-script"));
            Files.writeString(dir.resolve("V1__items.sql"), "CREATE TABLE ds_items (a INT, b INT);\nINSERT INTO ds_items VALUES (1, 2);\n");
            Files.writeString(dir.resolve("V3__stamp.sql"), "CREATE TABLE ds_stamp (at VARCHAR(30));\n"
                    + "INSERT INTO ds_stamp VALUES ('${migrate:timestamp}');\n");
            List<String> common = new ArrayList<>(db.connectionArgs());
            common.addAll(List.of("--locations", dir + ",classpath:dev/migrate/cli/dslscript"));

            assertThat(run(with(common, "plan", "--sql"))).as(out()).isEqualTo(ExitCodes.USAGE);
            assertThat(err()).contains("dev.migrate.cli.dslscript.V2__RequireB (version 2) is a DSL migration with SQL that is written"
                    + " only when it runs").contains("--target");

            if (kind == TestDb.Kind.MARIADB) {
                // MariaDB commits DDL at once: the step's header says its transaction holds its data only; the client is mariadb's.
                assertThat(run(with(common, "plan", "--sql", "--target", "1"))).as(err()).isZero();
                assertThat(out()).contains("(mariadb --comments DATABASE < FILE)").doesNotContain("all the same").contains("""
                        -- 1. V1__items.sql: version 1, items, in a transaction for its data only
                        -- The database commits DDL at once, so BEGIN/COMMIT cover only its data statements""");
                // The plan on screen says the same.
                assertThat(run(with(common, "plan", "--target", "1"))).as(err()).isZero();
                assertThat(out()).contains("version 1, items, in a transaction for its data only").doesNotContain("outside a transaction");
            }
            scriptThenMarkApplied(db, with(common, "plan", "--sql", "--target", "1"), common);
            scriptThenMarkApplied(db, with(common, "plan", "--sql"), common);
            assertThat(run(with(common, "--json", "status"))).as(err()).isZero();
            JsonNode status = JsonMapper.builder().build().readTree(out());
            assertThat(status.get("current").asString()).isEqualTo("3");
            assertThat(status.get("pending")).isEmpty();
            assertThatNullsAreRefused(db);
            assertThat(db.count("SELECT COUNT(*) FROM ds_stamp WHERE at LIKE '2%'")).isEqualTo(1);
        }
    }

    /**
     * A placeholder whose name says it is a secret shows as ****** in plan's statements, text and JSON, and in a failed
     * statement's error; the script of plan --sql, which must run, holds its value.
     */
    @Test
    void aSecretPlaceholderIsMaskedInPlansAndErrorsButNotInTheScriptOfPlanSql() throws IOException {
        Path dir = Files.createDirectories(work.resolve("secret"));
        Files.writeString(dir.resolve("V1__creds.sql"), "CREATE TABLE creds (pw VARCHAR(40));\nINSERT INTO creds VALUES ('${api_token}');\n"
                + "INSERT INTO nowhere VALUES ('${api_token}');\n");
        List<String> common = List.of("--url", "jdbc:sqlite:" + work.resolve("secret.db"), "--locations", dir.toString(),
                "-P", "api_token=Hunter2Secret");

        assertThat(run(with(common, "plan"))).as(err()).isZero();
        assertThat(out()).contains("INSERT INTO creds VALUES ('******');").doesNotContain("Hunter2Secret");
        assertThat(run(with(common, "--json", "plan"))).as(err()).isZero();
        assertThat(out()).contains("INSERT INTO creds VALUES ('******')").doesNotContain("Hunter2Secret");
        assertThat(run(with(common, "plan", "--sql"))).as(err()).isZero();
        assertThat(out()).contains("INSERT INTO creds VALUES ('Hunter2Secret');");
        assertThat(run(with(common, "migrate"))).isEqualTo(ExitCodes.MIGRATION_FAILED);
        assertThat(err()).contains("V1__creds.sql line 3 failed").contains("VALUES ('******')").doesNotContain("Hunter2Secret");
    }

    /** With --group, a step the group's rollback undid says so on its progress line; only the one that failed says FAILED. */
    @Test
    void aGroupedRunThatFailsShowsTheUndoneStepsAsUndone() throws IOException {
        Path dir = Files.createDirectories(work.resolve("grouped"));
        Files.writeString(dir.resolve("V1__a.sql"), "CREATE TABLE a (id INT);\n");
        Files.writeString(dir.resolve("V2__b.sql"), "CREATE TABLE b (id INT);\nINSERT INTO nowhere VALUES (1);\n");
        String db = "jdbc:sqlite:" + work.resolve("grouped.db");

        assertThat(run("--url", db, "--locations", dir.toString(), "--group", "migrate")).isEqualTo(ExitCodes.MIGRATION_FAILED);
        assertThat(out().lines()).contains("[1/2] apply  V1__a.sql undone (rolled back with its group)")
                .anySatisfy(l -> assertThat(l).startsWith("[2/2] apply  V2__b.sql FAILED after "))
                .noneSatisfy(l -> assertThat(l).startsWith("[1/2] apply  V1__a.sql FAILED"));
        assertThat(run("--url", db, "--locations", dir.toString(), "status")).as(err()).isZero();
        assertThat(out()).contains("Pending:     2 migrations").doesNotContain("SUCCESS").doesNotContain("FAILED");
    }

    /** plan's own options written before its subcommand count for plan migrate, and are refused, not dropped, for plan rollback. */
    @Test
    void planOptionsBeforeTheSubcommandAreTakenOrRefusedNeverDropped() throws IOException {
        Path dir = Files.createDirectories(work.resolve("before-sub"));
        Files.writeString(dir.resolve("V1__a.sql"), "CREATE TABLE a (id INT);\n");
        Files.writeString(dir.resolve("V2__b.sql"), "CREATE TABLE b (id INT);\n");
        List<String> common = List.of("--url", "jdbc:sqlite:" + work.resolve("before-sub.db"), "--locations", dir.toString());

        assertThat(run(with(common, "plan", "--target", "1", "migrate"))).as(err()).isZero();
        assertThat(out()).contains("Plan: migrate, 1 step").doesNotContain("V2__b.sql");
        assertThat(run(with(common, "plan", "--sql", "migrate"))).as(err()).isZero();
        assertThat(out()).startsWith("-- Migrate: the SQL that 'migrate' would run, 2 steps");
        assertThat(run(with(common, "plan", "--target", "1", "migrate", "--target", "2"))).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("--target 1 before 'migrate' and --target 2 after it: give one");

        assertThat(run(with(common, "plan", "--sql", "rollback"))).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("--sql writes the script of a migrate plan only");
        assertThat(out()).isEmpty();
        assertThat(run(with(common, "plan", "rollback", "--sql"))).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("--sql writes the script of a migrate plan only").doesNotContain("Unknown option");
        assertThat(out()).isEmpty();
        assertThat(run(with(common, "plan", "--target", "1", "rollback"))).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("write 'migrate plan rollback --target 1'");
    }

    /** Writes the script {@code plan} prints, runs it with the database's client, then marks it applied with its id. */
    private void scriptThenMarkApplied(TestDb db, List<String> plan, List<String> common) throws Exception {
        assertThat(run(plan)).as(err()).isZero();
        String script = out();
        Path file = work.resolve("release.sql");
        Files.writeString(file, script);
        TestDb.ClientRun client = db.runScript(file);
        assertThat(client.exitCode()).as(client.output() + "\n" + script).isZero();
        // Another second: ${migrate:timestamp} differs from the script's.
        Thread.sleep(1100);
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("--script ([0-9a-f]+)").matcher(script);
        assertThat(id.find()).isTrue();
        List<String> mark = new ArrayList<>(with(common, "mark-applied", "--script", id.group(1)));
        if (plan.contains("--target")) {
            mark.addAll(List.of("--target", plan.get(plan.indexOf("--target") + 1)));
        }
        assertThat(run(mark)).as(err() + "\n" + script).isZero();
    }

    private static void assertThatNullsAreRefused(TestDb db) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.execute("INSERT INTO ds_items VALUES (2, NULL)"))
                .as("b is NOT NULL").isInstanceOf(IllegalStateException.class);
        assertThat(db.count("SELECT COUNT(*) FROM ds_items WHERE b = 2")).isEqualTo(1);
    }

    private int run(List<String> args) {
        return run(args.toArray(String[]::new));
    }

    private static List<String> with(List<String> common, String... args) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(args));
        return all;
    }

    @Test
    void colourOnlyOnATerminalAndNeverWithNoColor() throws IOException {
        Map<String, String> env = Map.of("MIGRATE_URL", "jdbc:h2:file:" + work.resolve("c").toAbsolutePath());
        CliContext terminal = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, work, true);
        assertThat(MigrateCli.run(new String[] {"status"}, terminal)).isZero();
        assertThat(out()).contains("\u001B[1m");
        out.reset();
        CliContext noColor = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("MIGRATE_URL", env.get("MIGRATE_URL"), "NO_COLOR", "1"),
                work, true);
        assertThat(MigrateCli.run(new String[] {"status"}, noColor)).isZero();
        assertThat(out()).doesNotContain("\u001B[");
    }
}
