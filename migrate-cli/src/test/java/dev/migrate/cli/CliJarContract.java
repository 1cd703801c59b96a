package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the built jar must do against each database, run as a separate process ({@code java -jar
 * target/migrate.jar}) exactly as a CI job would. Each subclass runs it against one kind of database,
 * each test on a database of its own: Migrate refuses to migrate a schema that already holds another
 * test's tables but no history of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CliJarContract {

    static final JsonMapper JSON = JsonMapper.builder().build();

    TestDb db;

    @TempDir
    Path work;

    abstract TestDb.Kind kind();

    /**
     * A migration that runs for minutes (longer than any test waits), for a process that must hold
     * the lock: a sleep that PostgreSQL and MariaDB can cancel, on H2 and SQLite one that the test
     * ends by killing the process.
     */
    abstract String longStatement();

    /** A database for each test; without a server, each test is reported as skipped with the message saying how to enable it. */
    @BeforeEach
    void createDatabase() {
        db = TestDb.create(kind());
    }

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.close();
            db = null;
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void migratesReportsPlansAndRollsBack() throws IOException {
        Path dir = Files.createDirectories(work.resolve("migrations"));
        write(dir, "V1__create_books.sql", "CREATE TABLE books (id INT PRIMARY KEY, title VARCHAR(200) NOT NULL);\n");
        write(dir, "U1__create_books.sql", "DROP TABLE books;\n");
        write(dir, "V2__add_author.sql", """
                -- migrate:up
                ALTER TABLE books ADD COLUMN author VARCHAR(100);
                -- migrate:down
                ALTER TABLE books DROP COLUMN author;
                """);
        write(dir, "3_seed_books.up.sql", "INSERT INTO books (id, title) VALUES (1, 'Dune');\n");
        write(dir, "3_seed_books.down.sql", "DELETE FROM books WHERE id = 1;\n");

        // Options before the command; the location is a bare path relative to the working directory.
        JarRunner.Result first = jar(cli("--locations", "migrations", "migrate", "--target", "2"));
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).as(first.toString())
                .contains("[1/2] apply  V1__create_books.sql ... done")
                .contains("[2/2] apply  V2__add_author.sql ... done")
                .contains("Migrated from version <none> to 2: 2 migrations applied in batch 1");
        assertThat(first.err()).as("quiet by default: " + first).isEmpty();

        // Options after the command.
        JarRunner.Result second = jar(cli("migrate", "--json", "--locations", "migrations"));
        assertThat(second.exitCode()).as(second.toString()).isZero();
        JsonNode migrated = json(second);
        assertThat(migrated.get("batch").asInt()).isEqualTo(2);
        assertThat(migrated.get("fromVersion").asString()).isEqualTo("2");
        assertThat(migrated.get("toVersion").asString()).isEqualTo("3");
        assertThat(versions(migrated.get("applied"))).containsExactly("3");

        JarRunner.Result statusJson = jar(cli("status", "--locations", "migrations", "--json"));
        assertThat(statusJson.exitCode()).as(statusJson.toString()).isZero();
        JsonNode status = json(statusJson);
        assertThat(names(status)).containsExactly("environment", "current", "lastBatch", "applied", "pending", "failed", "problems",
                "otherEnvironments", "inProgress", "lock");
        assertThat(status.get("environment").asString()).isEqualTo("prod");
        assertThat(status.get("current").asString()).isEqualTo("3");
        assertThat(status.get("lastBatch").asInt()).isEqualTo(2);
        assertThat(versions(status.get("applied"))).containsExactly("1", "2", "3");
        JsonNode v1 = status.get("applied").get(0);
        assertThat(names(v1)).startsWith("version", "description", "type", "script", "checksum", "state", "batch", "installedBy",
                "installedOn", "executionTimeMs", "reversible");
        assertThat(v1.get("description").asString()).isEqualTo("create books");
        assertThat(v1.get("type").asString()).isEqualTo("SQL");
        assertThat(v1.get("script").asString()).isEqualTo("V1__create_books.sql");
        assertThat(v1.get("checksum").isInt()).isTrue();
        assertThat(v1.get("state").asString()).isEqualTo("SUCCESS");
        assertThat(v1.get("reversible").asBoolean()).isTrue();
        assertThat(Instant.parse(v1.get("installedOn").asString())).isBefore(Instant.now().plusSeconds(60));
        assertThat(StreamSupport.stream(status.get("applied").spliterator(), false).map(a -> a.get("batch").asInt()))
                .containsExactly(1, 1, 2);
        assertThat(status.get("pending").isEmpty()).isTrue();
        assertThat(status.get("failed").isEmpty()).isTrue();
        assertThat(status.get("problems").isEmpty()).isTrue();

        JarRunner.Result table = jar(cli("--locations", "migrations", "info"));
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).contains("Version:     3 (last batch 2)").contains("Pending:     none");
        assertAligned(table.out(), "Version", "State", "create books", "add author", "seed books");

        JarRunner.Result plan = jar(cli("--locations", "migrations", "--json", "plan", "rollback", "--batch"));
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        JsonNode planned = json(plan);
        assertThat(planned.get("operation").asString()).isEqualTo("rollback");
        assertThat(planned.get("steps")).hasSize(1);
        JsonNode step = planned.get("steps").get(0);
        assertThat(step.get("version").asString()).isEqualTo("3");
        assertThat(step.get("direction").asString()).isEqualTo("down");
        assertThat(step.get("script").asString()).as("the file of its statements").isEqualTo("3_seed_books.down.sql");
        assertThat(step.get("statements").get(0).get("sql").asString()).isEqualTo("DELETE FROM books WHERE id = 1");
        assertThat(step.get("statements").get(0).get("line").asInt()).isEqualTo(1);

        JarRunner.Result rollbackBatch = jar(cli("--locations", "migrations", "rollback", "--batch"));
        assertThat(rollbackBatch.exitCode()).as(rollbackBatch.toString()).isZero();
        assertThat(rollbackBatch.out()).as(rollbackBatch.toString())
                .contains("[1/1] revert 3_seed_books.down.sql ... done")
                .contains("Rolled back 1 migration: version 3 -> 2");   // so the plan changed nothing

        JarRunner.Result rollbackTarget = jar(cli("--locations", "migrations", "--json", "rollback", "--target", "1"));
        assertThat(rollbackTarget.exitCode()).as(rollbackTarget.toString()).isZero();
        JsonNode rolledBack = json(rollbackTarget);
        assertThat(versions(rolledBack.get("rolledBack"))).containsExactly("2");
        assertThat(rolledBack.get("toVersion").asString()).isEqualTo("1");

        JarRunner.Result history = jar(cli("--locations", "migrations", "history", "--json"));
        assertThat(history.exitCode()).as(history.toString()).isZero();
        List<String> trail = new ArrayList<>();
        for (JsonNode e : json(history).get("entries")) {
            if (e.get("version").isString()) {
                trail.add(e.get("operation").asString() + " " + e.get("version").asString() + " " + e.get("outcome").asString());
            }
        }
        assertThat(trail).containsSubsequence("APPLY 1 SUCCESS", "APPLY 2 SUCCESS", "APPLY 3 SUCCESS", "ROLLBACK 3 SUCCESS",
                "ROLLBACK 2 SUCCESS");

    }

    @Test
    void planShowsThePendingStepsAndTheirSqlAndChangesNothing() throws IOException {
        Path dir = Files.createDirectories(work.resolve("p"));
        write(dir, "V1__create_shelves.sql", """
                CREATE TABLE p_shelves (id INT PRIMARY KEY, label VARCHAR(50));
                INSERT INTO p_shelves (id, label) VALUES (1, 'fiction');
                """);
        write(dir, "U1__create_shelves.sql", "DROP TABLE p_shelves;\n");
        write(dir, "V2__add_floor.sql", "-- which floor the shelf is on\nALTER TABLE p_shelves ADD COLUMN floor INT;\n");
        List<String> common = List.of("--locations", dir.toString(), "--table", "p_history");

        JarRunner.Result plan = jar(cli(common, "plan"));
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.err()).as(plan.toString()).isEmpty();
        assertThat(plan.out()).as(plan.toString())
                .contains("Plan: migrate, 2 steps (dry run: nothing was changed)")
                .contains("1. apply  V1__create_shelves.sql  version 1, create shelves, ")
                .contains("   1 | CREATE TABLE p_shelves (id INT PRIMARY KEY, label VARCHAR(50));")
                .contains("   2 | INSERT INTO p_shelves (id, label) VALUES (1, 'fiction');")
                .contains("2. apply  V2__add_floor.sql  version 2, add floor, ")
                .contains("   2 | ALTER TABLE p_shelves ADD COLUMN floor INT;");
        assertThat(plan.out().indexOf("V1__create_shelves.sql")).isLessThan(plan.out().indexOf("V2__add_floor.sql"));

        JarRunner.Result upToOne = jar(cli(common, "plan", "migrate", "--target", "1"));
        assertThat(upToOne.exitCode()).as(upToOne.toString()).isZero();
        assertThat(upToOne.out()).as(upToOne.toString()).contains("Plan: migrate, 1 step").contains("V1__create_shelves.sql")
                .doesNotContain("V2__add_floor.sql");

        JarRunner.Result planMigrate = jar(cli(common, "--json", "plan", "migrate"));
        assertThat(planMigrate.exitCode()).as(planMigrate.toString()).isZero();
        JsonNode planned = json(planMigrate);
        assertThat(names(planned)).containsExactly("operation", "fingerprint", "steps", "warnings", "notes");
        assertThat(planned.get("operation").asString()).isEqualTo("migrate");
        assertThat(planned.get("fingerprint").asString()).isNotBlank();
        assertThat(versions(planned.get("steps"))).containsExactly("1", "2");
        JsonNode first = planned.get("steps").get(0);
        assertThat(names(first)).containsExactly("direction", "version", "description", "type", "script", "transactional",
                "statements", "notes", "down");
        assertThat(first.get("down").isArray()).as("a SQL step's down is only shown for DSL migrations").isTrue();
        assertThat(first.get("down")).isEmpty();
        assertThat(first.get("direction").asString()).isEqualTo("up");
        assertThat(first.get("description").asString()).isEqualTo("create shelves");
        assertThat(first.get("type").asString()).isEqualTo("SQL");
        assertThat(first.get("script").asString()).isEqualTo("V1__create_shelves.sql");
        assertThat(first.get("transactional").isBoolean()).isTrue();
        JsonNode statements = first.get("statements");
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).get("line").asInt()).isEqualTo(1);
        assertThat(statements.get(0).get("sql").asString()).isEqualTo("CREATE TABLE p_shelves (id INT PRIMARY KEY, label VARCHAR(50))");
        assertThat(statements.get(1).get("line").asInt()).isEqualTo(2);
        assertThat(statements.get(1).get("sql").asString()).isEqualTo("INSERT INTO p_shelves (id, label) VALUES (1, 'fiction')");
        assertThat(planned.get("steps").get(1).get("statements").get(0).get("line").asInt()).as("after the comment line").isEqualTo(2);

        JarRunner.Result planAlone = jar(cli(common, "plan", "--json"));
        assertThat(planAlone.exitCode()).as(planAlone.toString()).isZero();
        assertThat(json(planAlone)).as("plan alone is plan migrate").isEqualTo(planned);

        // Nothing was changed: no table of the migrations, no history table, everything still pending.
        assertThatThrownBy(() -> db.count("SELECT COUNT(*) FROM p_shelves")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> db.count("SELECT COUNT(*) FROM p_history")).isInstanceOf(IllegalStateException.class);
        JarRunner.Result status = jar(cli(common, "--json", "status"));
        assertThat(versions(json(status).get("pending"))).containsExactly("1", "2");

        assertThat(jar(cli(common, "migrate")).exitCode()).isZero();
        JarRunner.Result nothing = jar(cli(common, "plan"));
        assertThat(nothing.exitCode()).as(nothing.toString()).isZero();
        assertThat(nothing.out()).contains("Nothing to migrate: the schema is up to date.");
        JarRunner.Result nothingJson = jar(cli(common, "--json", "plan", "migrate"));
        assertThat(json(nothingJson).get("steps").isEmpty()).as(nothingJson.toString()).isTrue();
    }

    /** plan --sql, run by the database's own client as a DBA would, then mark-applied: nothing is left pending. */
    @Test
    void aPlanScriptRunByTheDatabasesClientThenMarkedAppliedLeavesTheSchemaUpToDate() throws Exception {
        Path dir = Files.createDirectories(work.resolve("s"));
        write(dir, "V1__create_notes.sql", """
                CREATE TABLE s_notes (id INT PRIMARY KEY, body VARCHAR(50));
                INSERT INTO s_notes (id, body) VALUES (1, 'first; with a semicolon'); -- and a comment
                """);
        write(dir, "V2__add_author.sql", "ALTER TABLE s_notes ADD COLUMN author VARCHAR(50)\n-- the last line is a comment\n");
        List<String> common = List.of("--locations", dir.toString());

        JarRunner.Result plan = jar(cli(common, "plan", "--sql"));
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).as(plan.toString()).startsWith("-- Migrate: the SQL that 'migrate' would run, 2 steps")
                .contains("-- 1. V1__create_notes.sql: version 1, create notes").contains("migrate mark-applied --script ");
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("mark-applied --script ([0-9a-f]+)").matcher(plan.out());
        assertThat(id.find()).isTrue();
        Path script = work.resolve("release.sql");
        Files.writeString(script, plan.out());
        runWithTheDatabasesClient(script);
        assertThat(db.count("SELECT COUNT(*) FROM s_notes WHERE body = 'first; with a semicolon' AND author IS NULL")).isEqualTo(1);

        // A file changed since the script was made: mark-applied with the script's id refuses, and marks nothing.
        write(dir, "V2__add_author.sql", "ALTER TABLE s_notes ADD COLUMN author VARCHAR(60)\n");
        JarRunner.Result refused = jar(cli(common, "mark-applied", "--script", id.group(1)));
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.err()).contains("are not those of script " + id.group(1));
        assertThat(json(jar(cli(common, "--json", "status"))).get("pending")).hasSize(2);
        write(dir, "V2__add_author.sql", "ALTER TABLE s_notes ADD COLUMN author VARCHAR(50)\n-- the last line is a comment\n");

        JarRunner.Result marked = jar(cli(common, "mark-applied", "--script", id.group(1)));
        assertThat(marked.exitCode()).as(marked.toString()).isZero();
        JsonNode status = json(jar(cli(common, "--json", "status")));
        assertThat(status.get("current").asString()).isEqualTo("2");
        assertThat(status.get("pending")).isEmpty();
        assertThat(jar(cli(common, "plan", "--sql")).out()).isEqualTo("-- Migrate: nothing to migrate, the schema is up to date.\n");
    }

    /**
     * Reserved words as the names of Migrate's schemas and tables: the script of plan --sql creates the schemas and makes
     * the default one current with their names quoted as migrate's statements write them ({@code CREATE SCHEMA IF NOT
     * EXISTS order} was a syntax error on PostgreSQL and H2), and mark-applied records it. Schemas where each test has a
     * database of its own (PostgreSQL, H2).
     */
    @Test
    void aPlanScriptCreatesAndUsesSchemasNamedWithReservedWords() throws Exception {
        Path dir = Files.createDirectories(work.resolve("reserved"));
        write(dir, "V1__items.sql", "CREATE TABLE items (id INT PRIMARY KEY);\n");
        boolean schemas = kind() == TestDb.Kind.POSTGRES || kind() == TestDb.Kind.H2;
        List<String> common = new ArrayList<>(List.of("--locations", dir.toString(), "--table", "user", "--audit-table", "group",
                "--lock-table", "table", "--progress-table", "check"));
        if (schemas) {
            common.addAll(List.of("--schemas", "Order,select"));
        }
        JarRunner.Result plan = jar(cli(common, "plan", "--sql"));
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        Path script = work.resolve("reserved.sql");
        Files.writeString(script, plan.out());
        runWithTheDatabasesClient(script);
        String stored = kind() == TestDb.Kind.H2 ? "ORDER" : "order";
        assertThat(db.count("SELECT COUNT(*) FROM " + (schemas ? "\"" + stored + "\"." : "") + "items")).as(plan.out()).isZero();
        if (schemas) {
            assertThat(db.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = '"
                    + (kind() == TestDb.Kind.H2 ? "SELECT" : "select") + "'")).as(plan.out()).isEqualTo(1);
        }

        JarRunner.Result marked = jar(cli(common, "mark-applied"));
        assertThat(marked.exitCode()).as(marked.toString()).isZero();
        JsonNode status = json(jar(cli(common, "--json", "status")));
        assertThat(status.get("current").asString()).isEqualTo("1");
        assertThat(status.get("pending")).isEmpty();
        assertThat(status.get("problems")).isEmpty();
    }

    /**
     * migrate puts the session back after each migration, so a pg_dump file's empty search_path (or a
     * USE, SET SCHEMA, SET ROLE, SET left behind) does not reach the next one: the script, run by the
     * database's client, gives the next step the session migrate gives it.
     */
    @Test
    void aPlanScriptPutsTheSessionBackAfterEachStepAsMigrateDoes() throws Exception {
        Path dir = Files.createDirectories(work.resolve("session"));
        List<String> common = List.of("--locations", dir.toString());
        String seen;
        switch (kind()) {
            case POSTGRES -> {
                write(dir, "V1__dump.sql", """
                        SET lock_timeout = '5s';
                        SET client_min_messages = warning;
                        SELECT pg_catalog.set_config('search_path', '', false);
                        CREATE TABLE public.t1 (a int);
                        SET ROLE pg_read_all_data;
                        """);
                write(dir, "V2__t2.sql", "CREATE TABLE t2 AS SELECT current_setting('search_path') AS path, current_user::text AS who,"
                        + " current_setting('lock_timeout') AS lock_timeout, current_setting('client_min_messages') AS messages;\n");
                seen = "SELECT COUNT(*) FROM public.t2 WHERE path = '\"$user\", public' AND who = current_user AND lock_timeout = '0'"
                        + " AND messages = 'notice'";
            }
            case MARIADB -> {
                // The script knows the database only where it made it current itself: with default-schema.
                common = List.of("--locations", dir.toString(), "--default-schema", db.url().replaceAll("^.*/([^/?]+)(\\?.*)?$", "$1"));
                write(dir, "V1__dump.sql", """
                        SET FOREIGN_KEY_CHECKS = 0;
                        SET SQL_MODE = 'ANSI_QUOTES';
                        CREATE TABLE t1 (a INT);
                        USE information_schema;
                        """);
                write(dir, "V2__t2.sql", "CREATE TABLE t2 AS SELECT DATABASE() AS db, @@foreign_key_checks AS fkc, @@sql_mode AS mode;\n");
                seen = "SELECT COUNT(*) FROM t2 WHERE db = DATABASE() AND fkc = 1 AND mode NOT LIKE '%ANSI_QUOTES%'";
            }
            case H2 -> {
                write(dir, "V1__other.sql", "CREATE SCHEMA other;\nSET SCHEMA other;\nCREATE TABLE t1 (a INT);\n");
                write(dir, "V2__t2.sql", "CREATE TABLE t2 (a INT);\n");
                seen = "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'T2'";
            }
            default -> {
                // SQLite: foreign keys enforced by the URL (sqlite3 starts without), turned off by a step outside a
                // transaction, where a PRAGMA takes effect; migrate puts the connection's setting back.
                write(dir, "V1__fk_off.sql", "-- migrate:no-transaction\nPRAGMA foreign_keys = OFF;\nCREATE TABLE t1 (a INT);\n");
                write(dir, "V2__t2.sql", "CREATE TABLE t2 AS SELECT foreign_keys AS fk FROM pragma_foreign_keys;\n");
                seen = "SELECT COUNT(*) FROM t2 WHERE fk = 1";
            }
        }
        // SQLite: the URL's own setting, which the script must give the steps as migrate's connection has it.
        String parameter = kind() == TestDb.Kind.SQLITE ? "?foreign_keys=true" : "";

        List<String> own = new ArrayList<>(db.connectionArgs());
        own.set(own.indexOf("--url") + 1, db.url() + parameter);
        own.addAll(common);
        JarRunner.Result plan = jar(with(own, "plan", "--sql"));
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        Path script = work.resolve("release.sql");
        Files.writeString(script, plan.out());
        runWithTheDatabasesClient(script);
        assertThat(db.count(seen)).as("V2 ran in the session the script started with:\n" + plan.out()).isEqualTo(1);

        try (TestDb other = TestDb.create(kind())) {
            List<String> args = new ArrayList<>(other.connectionArgs());
            args.set(args.indexOf("--url") + 1, other.url() + parameter);
            args.addAll(common);
            if (kind() == TestDb.Kind.MARIADB) {
                args.set(args.size() - 1, other.url().replaceAll("^.*/([^/?]+)(\\?.*)?$", "$1"));
            }
            JarRunner.Result migrate = jar(with(args, "migrate"));
            assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
            assertThat(other.count(seen)).as("migrate gives V2 the same session").isEqualTo(1);
        }
    }

    /**
     * With group, migrate runs all the migrations of a run in one transaction, all of them or none: a
     * script whose second step fails leaves nothing of the first, as the client stops at the error. A
     * database that commits DDL by itself gets no such script, as migrate refuses the group there.
     */
    @Test
    void aGroupPlanScriptRunsAllItsStepsInOneTransaction() throws Exception {
        Path dir = Files.createDirectories(work.resolve("group"));
        write(dir, "V1__create_items.sql", "CREATE TABLE g_items (id INT);\nINSERT INTO g_items (id) VALUES (1);\n");
        write(dir, "V2__fill.sql", "INSERT INTO g_missing (id) VALUES (2);\n");
        List<String> common = List.of("--locations", dir.toString(), "--group");

        JarRunner.Result plan = jar(cli(common, "plan", "--sql"));
        if (kind() == TestDb.Kind.MARIADB || kind() == TestDb.Kind.H2) {
            assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(plan.err()).contains("group is on, but").contains("commits each DDL statement by itself");
            return;
        }
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("-- Note: group: the 2 steps run in one transaction, all of them or none");
        Path script = work.resolve("release.sql");
        Files.writeString(script, plan.out());
        TestDb.ClientRun failed = runClient(script);
        assertThat(failed.exitCode()).as(failed.output()).isNotZero();
        assertThat(failed.output()).contains("g_missing");
        assertThat(db.count("SELECT COUNT(*) FROM " + (kind() == TestDb.Kind.SQLITE ? "sqlite_master WHERE type = 'table' AND name"
                : "information_schema.tables WHERE table_name") + " = 'g_items'")).as("V1 rolled back with V2").isZero();

        write(dir, "V2__fill.sql", "INSERT INTO g_items (id) VALUES (2);\n");
        plan = jar(cli(common, "plan", "--sql"));
        Files.writeString(script, plan.out());
        runWithTheDatabasesClient(script);
        assertThat(db.count("SELECT COUNT(*) FROM g_items")).isEqualTo(2);
    }

    /**
     * The script runs what migrate runs with the steps: the SQL callbacks (beforeMigrate first, beforeEachMigrate and
     * afterEachMigrate as part of each step, afterMigrate last), placeholders replaced. Run by the database's client
     * and marked applied, it leaves the rows migrate leaves on another database.
     */
    @Test
    void aPlanScriptRunsTheCallbacksMigrateRunsWithTheSteps() throws Exception {
        Path dir = Files.createDirectories(work.resolve("callbacks"));
        write(dir, "V1__create_items.sql", "CREATE TABLE cb_items (id INT PRIMARY KEY, owner VARCHAR(50));\n"
                + "INSERT INTO cb_items (id, owner) VALUES (1, '${owner}');\n");
        write(dir, "V2__more.sql", "-- migrate:no-transaction\nINSERT INTO cb_items (id, owner) VALUES (2, '${migrate:filename}');\n");
        write(dir, "R__items_view.sql", "CREATE VIEW cb_items_view AS SELECT id FROM cb_items;\n");
        write(dir, "beforeMigrate.sql", "CREATE TABLE cb_log (seq INT, event VARCHAR(60));\n" + logCallback("before ${owner}"));
        write(dir, "beforeEachMigrate.sql", logCallback("before each"));
        write(dir, "afterEachMigrate.sql", logCallback("after each"));
        write(dir, "afterMigrate__grants.sql", logCallback("after"));
        List<String> common = List.of("--locations", dir.toString(), "-P", "owner=ops");

        JarRunner.Result plan = jar(cli(common, "plan", "--sql"));
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        Path script = work.resolve("release.sql");
        Files.writeString(script, plan.out());
        runWithTheDatabasesClient(script);
        JarRunner.Result marked = jar(cli(common, "mark-applied", "--script", scriptId(plan.out())));
        assertThat(marked.exitCode()).as(marked.toString()).isZero();

        List<String> events = List.of("before ops", "before each", "after each", "before each", "after each", "before each",
                "after each", "after");
        assertThat(db.rows("SELECT event FROM cb_log ORDER BY seq")).as(plan.out()).isEqualTo(events);
        assertThat(db.rows("SELECT id, owner FROM cb_items ORDER BY id")).containsExactly("1|ops", "2|V2__more.sql");
        assertThat(db.count("SELECT COUNT(*) FROM cb_items_view")).isEqualTo(2);
        try (TestDb other = TestDb.create(kind())) {
            JarRunner.Result migrate = jar(with(with(other.connectionArgs(), common.toArray(String[]::new)), "migrate"));
            assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
            assertThat(other.rows("SELECT event FROM cb_log ORDER BY seq")).as("migrate runs the same").isEqualTo(events);
            assertThat(other.rows("SELECT id, owner FROM cb_items ORDER BY id")).containsExactly("1|ops", "2|V2__more.sql");
        }
    }

    /**
     * The script holds the migrations' text as migrate sends it: written as UTF-8 whatever the platform's encoding (a
     * C locale, where Java 17 writes ASCII), with the client told so, and not blanked where it holds the connection's
     * password (as a placeholder's value may), which the redaction of the CLI's messages would do.
     */
    @Test
    void aPlanScriptKeepsTheMigrationsTextWhateverTheLocaleAndThePassword() throws Exception {
        List<String> connection = db.connectionArgs();
        String text = "Grüße ✓ 😀" + (connection.contains("--password") ? " " + connection.get(connection.indexOf("--password") + 1) : "");
        Path dir = Files.createDirectories(work.resolve("text"));
        write(dir, "V1__text.sql", "CREATE TABLE enc (s VARCHAR(100))" + (kind() == TestDb.Kind.MARIADB ? " CHARACTER SET utf8mb4" : "")
                + ";\nINSERT INTO enc (s) VALUES ('" + text + "');\n");
        List<String> common = List.of("--locations", dir.toString());

        JarRunner.Result plan = runner().env("LC_ALL", "C").env("LANG", "C").run(cli(common, "plan", "--sql"));
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains(text);
        Path script = work.resolve("release.sql");
        Files.writeString(script, plan.out());
        runWithTheDatabasesClient(script);
        assertThat(db.rows("SELECT s FROM enc")).containsExactly(text);
        try (TestDb other = TestDb.create(kind())) {
            JarRunner.Result migrate = jar(with(with(other.connectionArgs(), common.toArray(String[]::new)), "migrate"));
            assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
            assertThat(other.rows("SELECT s FROM enc")).as("migrate stores the same").containsExactly(text);
        }
    }

    /**
     * With schemas (and no default-schema), migrate runs the migrations in the first and creates the others first: so
     * does the script. SQLite's schemas are attached databases, which neither creates.
     */
    @Test
    void aPlanScriptRunsInTheFirstOfTheSchemasAndCreatesTheOthersAsMigrateDoes() throws Exception {
        if (kind() == TestDb.Kind.SQLITE) {
            return;
        }
        // MariaDB's schemas are databases beside the test's own: named after it, and dropped at the end.
        String prefix = kind() == TestDb.Kind.MARIADB ? db.url().replaceAll("^.*/([^/?]+)(\\?.*)?$", "$1") + "_" : "";
        String app = prefix + "s_app";
        String other = prefix + "s_other";
        Path dir = Files.createDirectories(work.resolve("schemas"));
        write(dir, "V1__tables.sql", "CREATE TABLE s_here (a INT);\nCREATE TABLE " + other + ".s_there (a INT);\n");
        List<String> common = List.of("--locations", dir.toString(), "--schemas", app + "," + other);
        try {
            JarRunner.Result plan = jar(cli(common, "plan", "--sql"));
            assertThat(plan.exitCode()).as(plan.toString()).isZero();
            Path script = work.resolve("release.sql");
            Files.writeString(script, plan.out());
            runWithTheDatabasesClient(script);
            JarRunner.Result marked = jar(cli(common, "mark-applied", "--script", scriptId(plan.out())));
            assertThat(marked.exitCode()).as(marked.toString()).isZero();
            assertThat(db.count("SELECT COUNT(*) FROM " + app + ".s_here") + db.count("SELECT COUNT(*) FROM " + other + ".s_there"))
                    .as("both tables where migrate puts them:\n" + plan.out()).isZero();
            assertThat(json(jar(cli(common, "--json", "status"))).get("current").asString()).isEqualTo("1");
        } finally {
            if (kind() == TestDb.Kind.MARIADB) {
                db.execute("DROP DATABASE IF EXISTS " + app);
                db.execute("DROP DATABASE IF EXISTS " + other);
            }
        }
    }

    /**
     * A step whose second statement fails leaves none of its data, as with migrate: on MySQL/MariaDB and H2, whose DDL
     * commits at once, the script still runs the step in a transaction, as migrate does.
     */
    @Test
    void aPlanScriptStepThatFailsLeavesNoneOfItsDataAsMigrateDoes() throws Exception {
        Path dir = Files.createDirectories(work.resolve("half"));
        write(dir, "V1__create_keys.sql", "CREATE TABLE h_keys (id INT PRIMARY KEY);\n");
        write(dir, "V2__fill.sql", "INSERT INTO h_keys (id) VALUES (1);\nINSERT INTO h_keys (id) VALUES (1);\n");
        List<String> common = List.of("--locations", dir.toString());

        JarRunner.Result plan = jar(cli(common, "plan", "--sql"));
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        Path script = work.resolve("release.sql");
        Files.writeString(script, plan.out());
        TestDb.ClientRun failed = runClient(script);
        assertThat(failed.exitCode()).as(failed.output()).isNotZero();
        assertThat(db.count("SELECT COUNT(*) FROM h_keys")).as("V2's first row went with it:\n" + plan.out()).isZero();
        try (TestDb other = TestDb.create(kind())) {
            JarRunner.Result migrate = jar(with(with(other.connectionArgs(), common.toArray(String[]::new)), "migrate"));
            assertThat(migrate.exitCode()).as(migrate.toString()).isEqualTo(ExitCodes.MIGRATION_FAILED);
            assertThat(other.count("SELECT COUNT(*) FROM h_keys")).as("migrate leaves the same").isZero();
        }
    }

    /** A callback that logs {@code event} in cb_log. */
    private static String logCallback(String event) {
        return "INSERT INTO cb_log (seq, event) SELECT COUNT(*) + 1, '" + event + "' FROM cb_log;\n";
    }

    /** The id a plan script's header gives for mark-applied. */
    static String scriptId(String script) {
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("mark-applied (?:--target \\S+ )?--script ([0-9a-f]+)").matcher(script);
        assertThat(id.find()).as(script).isTrue();
        return id.group(1);
    }

    /** Runs a SQL script as a DBA would, which must succeed. */
    void runWithTheDatabasesClient(Path script) throws Exception {
        TestDb.ClientRun run = runClient(script);
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    /** Runs a SQL script as a DBA would: psql, mariadb and sqlite3 (.ci/run requires them), H2's own RUNSCRIPT. */
    TestDb.ClientRun runClient(Path script) throws Exception {
        return db.runScript(script);
    }

    /** Runs a SQL script as a DBA would on {@code target}. */
    TestDb.ClientRun runClient(TestDb target, Path script) throws Exception {
        return target.runScript(script);
    }

    @Test
    void validateFailsWithExitCode3UntilRepaired() throws IOException {
        Path dir = Files.createDirectories(work.resolve("v"));
        write(dir, "V1__create_items.sql", "CREATE TABLE v_items (id INT);\n");
        List<String> common = List.of("--locations", dir.toString(), "--table", "v_history");
        assertThat(jar(cli(common, "migrate")).exitCode()).isZero();

        write(dir, "V1__create_items.sql", "CREATE TABLE v_items (id INT, name VARCHAR(10));\n");
        JarRunner.Result invalid = jar(cli(common, "--json", "validate"));
        assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(3);
        JsonNode result = json(invalid);
        assertThat(result.get("valid").asBoolean()).isFalse();
        assertThat(result.get("errors").get(0).asString()).contains("V1__create_items.sql").contains("repair");
        assertThat(invalid.errLines()).as(invalid.toString()).hasSize(1);
        assertThat(invalid.errLines().get(0)).startsWith("Error: validation failed").contains("V1__create_items.sql");


        JarRunner.Result repair = jar(cli(common, "repair"));
        assertThat(repair.exitCode()).as(repair.toString()).isZero();
        assertThat(repair.out()).contains("realigned checksum").contains("V1__create_items.sql");

        JarRunner.Result valid = jar(cli(common, "validate"));
        assertThat(valid.exitCode()).as(valid.toString()).isZero();
        assertThat(valid.out()).contains("Validation passed");
    }

    @Test
    void migrateExitsWith3WhenAnAppliedFileWasChanged() throws IOException {
        Path dir = Files.createDirectories(work.resolve("c3"));
        write(dir, "V1__create_c3_items.sql", "CREATE TABLE c3_items (id INT);\n");
        List<String> common = List.of("--locations", dir.toString(), "--table", "c3_history");
        assertThat(jar(cli(common, "migrate")).exitCode()).isZero();

        write(dir, "V1__create_c3_items.sql", "CREATE TABLE c3_items (id INT, name VARCHAR(10));\n");
        write(dir, "V2__create_c3_tags.sql", "CREATE TABLE c3_tags (id INT);\n");
        JarRunner.Result changed = jar(cli(common, "migrate"));
        assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(3);
        assertThat(changed.errLines()).as(changed.toString()).hasSize(1);
        assertThat(changed.errLines().get(0)).startsWith("Error: ").contains("V1__create_c3_items.sql").contains("repair");
        assertThat(changed.err()).doesNotContain("\tat ");

        JarRunner.Result json = jar(cli(common, "--json", "migrate"));
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(3);
        JsonNode error = json(json).get("error");
        assertThat(error.get("kind").asString()).isEqualTo("validation");
        assertThat(error.get("exitCode").asInt()).isEqualTo(3);
        assertThat(error.get("problems").get(0).asString()).contains("V1__create_c3_items.sql");
        assertThatThrownBy(() -> db.count("SELECT COUNT(*) FROM c3_tags")).as("nothing was applied").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aDirtyDatabaseExitsWith1UntilRepaired() throws IOException {
        Path dir = Files.createDirectories(work.resolve("d"));
        // Outside a transaction, the table stays when the second statement fails: a FAILED row on every database.
        write(dir, "V1__create_d_items.sql", """
                -- migrate:no-transaction
                CREATE TABLE d_items (id INT);
                INSERT INTO d_missing (id) VALUES (1);
                """);
        List<String> common = List.of("--locations", dir.toString(), "--table", "d_history");
        JarRunner.Result failed = jar(cli(common, "migrate"));
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.errLines().get(0)).contains("V1__create_d_items.sql line 3 failed");

        JarRunner.Result dirty = jar(cli(common, "migrate"));
        assertThat(dirty.exitCode()).as(dirty.toString()).isEqualTo(1);
        assertThat(dirty.errLines()).as(dirty.toString()).hasSize(1);
        assertThat(dirty.errLines().get(0)).as(dirty.toString()).contains("dirty").contains("V1__create_d_items.sql").contains("repair");
        assertThat(dirty.err()).doesNotContain("\tat ");
        JarRunner.Result dirtyJson = jar(cli(common, "--json", "migrate"));
        assertThat(dirtyJson.exitCode()).as(dirtyJson.toString()).isEqualTo(1);
        JsonNode error = json(dirtyJson).get("error");
        assertThat(error.get("kind").asString()).isEqualTo("dirty");
        assertThat(error.get("exitCode").asInt()).isEqualTo(1);
        assertThat(error.get("version").asString()).isEqualTo("1");
        assertThat(error.get("script").asString()).isEqualTo("V1__create_d_items.sql");

        JarRunner.Result status = jar(cli(common, "--json", "status"));
        assertThat(status.exitCode()).as("status still reports: " + status).isZero();
        assertThat(json(status).get("failed")).hasSize(1);
        assertThat(json(status).get("failed").get(0).get("state").asString()).isEqualTo("FAILED");
        // Nothing is pending, yet the schema is not up to date: V1 failed part-way.
        JarRunner.Result human = jar(cli(common, "status"));
        assertThat(human.out()).as(human.toString()).contains("Pending:     none\n").contains("Failed:      1 migration")
                .doesNotContain("up to date");

        write(dir, "V1__create_d_items.sql", """
                -- migrate:no-transaction
                CREATE TABLE IF NOT EXISTS d_items (id INT);
                INSERT INTO d_items (id) VALUES (1);
                """);
        JarRunner.Result repair = jar(cli(common, "repair"));
        assertThat(repair.exitCode()).as(repair.toString()).isZero();
        JarRunner.Result again = jar(cli(common, "migrate"));
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM d_items")).isEqualTo(1);
    }

    @Test
    void aDownThatStopsPartWayIsRefusedUntilFinishedByHandAndRepaired() throws IOException {
        Path dir = Files.createDirectories(work.resolve("pw"));
        write(dir, "V1__create_pw.sql", "CREATE TABLE pw_a (id INT);\nCREATE TABLE pw_b (id INT);\n");
        // Outside a transaction the first DROP stays when the second fails: part-way on every database.
        write(dir, "U1__create_pw.sql", "-- migrate:no-transaction\nDROP TABLE pw_a;\nDROP TABLE pw_missing;\nDROP TABLE pw_b;\n");
        List<String> common = List.of("--locations", dir.toString(), "--table", "pw_history");
        assertThat(jar(cli(common, "migrate")).exitCode()).isZero();

        JarRunner.Result failed = jar(cli(common, "rollback"));
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.err()).as(failed.toString()).contains("U1__create_pw.sql line 3 (rollback) failed")
                .contains("line 2 of U1__create_pw.sql ran before it").contains("'rollback' will not run the down again");
        JarRunner.Result status = jar(cli(common, "status"));
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).as(status.toString()).contains("a down stopped part-way; finish or undo it by hand, then run 'repair'")
                .doesNotContain("or 'rollback'");

        JarRunner.Result again = jar(cli(common, "rollback"));
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(3);
        assertThat(again.errLines()).as(again.toString()).hasSize(1);
        assertThat(again.errLines().get(0)).contains("its down stopped part-way").contains("Nothing was rolled back");
        assertThat(db.count("SELECT COUNT(*) FROM pw_b")).as("the down did not run again").isZero();

        db.execute("DROP TABLE pw_b");
        assertThat(jar(cli(common, "repair")).exitCode()).isZero();
        assertThat(json(jar(cli(common, "--json", "status"))).get("pending")).hasSize(1);
    }

    @Test
    void rollingBackAFailedMigrationSaysTheVersionStays() throws IOException {
        Path dir = Files.createDirectories(work.resolve("rf"));
        write(dir, "V1__create_rf_items.sql", "CREATE TABLE rf_items (id INT);\n");
        write(dir, "V2__half.sql", """
                -- migrate:no-transaction
                -- migrate:up
                CREATE TABLE rf_half (id INT);
                INSERT INTO rf_missing (id) VALUES (1);
                -- migrate:down
                DROP TABLE rf_half;
                """);
        List<String> common = List.of("--locations", dir.toString(), "--table", "rf_history");
        assertThat(jar(cli(common, "migrate")).exitCode()).isEqualTo(1);

        JarRunner.Result rollback = jar(cli(common, "rollback"));
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).contains("revert V2__half.sql").contains("Rolled back 1 migration: the version stays 1 (");
        assertThatThrownBy(() -> db.count("SELECT COUNT(*) FROM rf_half")).as("the down ran").isInstanceOf(IllegalStateException.class);
        assertThat(db.count("SELECT COUNT(*) FROM rf_items")).isZero();
    }

    @Test
    void failingMigrationPrintsOneLineWithFileAndLineAndNoStackTrace() throws IOException {
        Path dir = Files.createDirectories(work.resolve("f"));
        write(dir, "V1__broken.sql", """
                -- creates a table, then writes to one that does not exist
                CREATE TABLE f_items (id INT);
                INSERT INTO f_missing (id) VALUES (1);
                """);
        List<String> common = List.of("--locations", dir.toString(), "--table", "f_history");

        JarRunner.Result failed = jar(cli(common, "migrate"));
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.out()).contains("[1/1] apply  V1__broken.sql ... FAILED");
        assertThat(failed.errLines()).as(failed.toString()).hasSize(1);
        assertThat(failed.errLines().get(0)).startsWith("Error: Migration ").contains("V1__broken.sql line 3 failed");
        assertThat(failed.err()).doesNotContain("\tat ").doesNotContain("Exception");

        JarRunner.Result verbose = jar(cli(common, "--verbose", "migrate"));
        assertThat(verbose.exitCode()).as(verbose.toString()).isEqualTo(1);
        assertThat(verbose.err()).as("--verbose shows the stack trace").contains("\tat dev.migrate.");
    }

    @Test
    void lockTimeoutExitsWith4WhileAnotherProcessHoldsTheLock() throws Exception {
        // A database of its own, so that a holder killed at the end leaves nothing for the other tests.
        try (TestDb own = TestDb.createShared(kind())) {
            Path dir = Files.createDirectories(work.resolve("l"));
            write(dir, "V1__slow.sql", longStatement() + ";\n");
            List<String> common = with(own.connectionArgs(), "--locations", dir.toString());
            // A real second process holds the lock while its migration runs.
            JarRunner.Background holder = runner().background(with(common, "migrate"));
            try {
                holder.awaitOutput("[1/1] apply  V1__slow.sql", Duration.ofSeconds(60));
                JarRunner.Result blocked = runner().run(with(common, "--json", "migrate", "--lock-timeout", "1s"));
                assertThat(holder.isAlive()).as("the holder was still migrating when the waiter gave up: " + holder).isTrue();
                assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(4);
                assertThat(blocked.errLines()).as(blocked.toString()).hasSize(1);
                assertThat(blocked.errLines().get(0)).contains("Could not acquire the migration lock within 1s")
                        .contains("held by").contains("lock-timeout");
                JsonNode error = json(blocked).get("error");
                assertThat(error.get("kind").asString()).isEqualTo("lock-timeout");
                assertThat(error.get("exitCode").asInt()).isEqualTo(4);
                assertThat(error.get("timeoutMs").asInt()).isEqualTo(1000);
                assertThat("Error: " + error.get("message").asString()).as("JSON and text say the same").isEqualTo(blocked.errLines().get(0));
                assertThat(error.get("holder").asString()).isNotBlank();
                if (kind() == TestDb.Kind.H2 || kind() == TestDb.Kind.SQLITE) {
                    // The lease row names its owner's process: the holder started above, not a row the test wrote.
                    assertThat(error.get("holder").asString()).startsWith("pid " + holder.pid() + " on host ");
                }
                if (kind() == TestDb.Kind.POSTGRES || kind() == TestDb.Kind.MARIADB) {
                    // The sleep is cancelled so the holder ends by itself and lets the lock go.
                    cancelSleep(own);
                    JarRunner.Result held = holder.await();
                    assertThat(held.exitCode()).as(held.toString()).isIn(0, 1);
                }
                // H2 and SQLite cannot cancel another process's statement: the holder is killed below.
            } finally {
                holder.kill();
            }
        }
    }

    /** Cancels the sleeping statement of the lock holder (PostgreSQL, MariaDB), so it ends and lets the lock go. */
    private void cancelSleep(TestDb own) throws Exception {
        String find = kind() == TestDb.Kind.POSTGRES
                ? "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep%'"
                        + " AND pid <> pg_backend_pid()"
                : "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE '%SLEEP(%'"
                        + " AND ID <> CONNECTION_ID()";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (Connection c = own.connect(); Statement st = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = st.executeQuery(find)) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                if (!ids.isEmpty()) {
                    for (long id : ids) {
                        st.execute(kind() == TestDb.Kind.POSTGRES ? "SELECT pg_cancel_backend(" + id + ")" : "KILL QUERY " + id);
                    }
                    return;
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the lock holder's sleeping statement was not found");
    }

    @Test
    void everyTemplateMigratesAndRollsBackCleanly() throws IOException {
        Path dir = work.resolve("t");
        create(dir, "placeholder", "--template", "sql");
        create(dir, "create_customers", "--template", "create-table", "--column", "name:string", "--not-null", "--timestamps",
                "--soft-delete");
        create(dir, "create_orders", "--template", "create-table", "--column", "customer_id:bigint", "--column", "status:varchar(20)");
        create(dir, "add_note_to_orders", "--template", "add-column");
        create(dir, "index_order_status", "--template", "add-index", "--on", "orders", "--column", "status");
        create(dir, "order_customer", "--template", "add-foreign-key", "--on", "orders", "--column", "customer_id",
                "--references", "customers(id)");
        create(dir, "rename_note", "--template", "rename-column", "--on", "orders", "--column", "note", "--new-name", "remark");
        create(dir, "status_not_empty", "--template", "add-check", "--on", "orders", "--check", "status <> ''");
        create(dir, "new_orders_pending", "--template", "data", "--on", "orders", "--column", "status", "--from", "new", "--to",
                "pending");
        create(dir, "seed_nothing", "--template", "updown");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).contains("V1__placeholder.sql", "U1__placeholder.sql",
                    "V2__create_customers.sql", "U9__new_orders_pending.sql", "10_seed_nothing.up.sql", "10_seed_nothing.down.sql");
        }
        List<String> common = List.of("--locations", dir.toString(), "--table", "t_history");

        JarRunner.Result up = jar(cli(common, "--json", "migrate", "--target", "8"));
        assertThat(up.exitCode()).as(up.toString()).isZero();
        assertThat(json(up).get("applied")).hasSize(8);
        // Rows for the data migration (V9, 'new' -> 'pending') to change, and one it must leave alone.
        db.execute("INSERT INTO customers (name) VALUES ('Ada')");
        db.execute("INSERT INTO customers (name) VALUES ('Grace')");
        db.execute("INSERT INTO orders (customer_id, status) SELECT id, 'new' FROM customers");
        db.execute("INSERT INTO orders (customer_id, status) SELECT id, 'shipped' FROM customers WHERE name = 'Ada'");

        JarRunner.Result data = jar(cli(common, "--json", "migrate"));
        assertThat(data.exitCode()).as(data.toString()).isZero();
        assertThat(versions(json(data).get("applied"))).containsExactly("9", "10");
        assertThat(statusCounts()).as("the update changed the 'new' rows only").isEqualTo(Map.of("pending", 2L, "shipped", 1L));
        // The foreign key and the check are enforced (by triggers on SQLite).
        assertThatThrownBy(() -> db.execute("INSERT INTO orders (customer_id, status) VALUES (424242, 'new')"))
                .as("foreign key").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> db.execute("UPDATE orders SET status = ''")).as("check").isInstanceOf(IllegalStateException.class);

        JarRunner.Result undoData = jar(cli(common, "--json", "rollback", "--steps", "2"));
        assertThat(undoData.exitCode()).as(undoData.toString()).isZero();
        assertThat(versions(json(undoData).get("rolledBack"))).containsExactly("10", "9");
        assertThat(statusCounts()).as("the reverse update set them back").isEqualTo(Map.of("new", 2L, "shipped", 1L));

        JarRunner.Result down = jar(cli(common, "--json", "rollback", "--all"));
        assertThat(down.exitCode()).as(down.toString()).isZero();
        assertThat(json(down).get("rolledBack")).hasSize(8);
        assertThat(json(down).get("toVersion").isNull()).isTrue();

        JarRunner.Result again = jar(cli(common, "migrate"));
        assertThat(again.exitCode()).as("the downs left nothing behind: " + again).isZero();
        assertThat(again.out()).contains("10 migrations applied");
    }

    @Test
    void cleanIsRefusedOutsideDevAndDropsEverythingInDev() throws IOException {
        try (TestDb own = TestDb.create(kind())) {
            Path dir = Files.createDirectories(work.resolve("c"));
            write(dir, "V1__create_things.sql", "CREATE TABLE c_things (id INT);\n");
            List<String> common = new ArrayList<>(own.connectionArgs());
            common.addAll(List.of("--locations", dir.toString()));
            assertThat(runner().run(with(common, "migrate")).exitCode()).isZero();

            JarRunner.Result refused = runner().run(with(common, "clean"));
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
            assertThat(refused.errLines()).hasSize(1);
            assertThat(refused.errLines().get(0)).contains("clean").contains("clean-allowed");

            JarRunner.Result cleaned = runner().env("MIGRATE_ENVIRONMENT", "dev").run(with(common, "--json", "clean"));
            assertThat(cleaned.exitCode()).as(cleaned.toString()).isZero();
            assertThat(json(cleaned).get("dropped").toString()).containsIgnoringCase("c_things");
            assertThatThrownBy(() -> own.count("SELECT COUNT(*) FROM c_things")).as("c_things was dropped")
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    /** How many rows of {@code orders} have each status. */
    private Map<String, Long> statusCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (String status : List.of("new", "pending", "shipped")) {
            long n = db.count("SELECT COUNT(*) FROM orders WHERE status = '" + status + "'");
            if (n > 0) {
                counts.put(status, n);
            }
        }
        return counts;
    }

    // ------------------------------------------------------------------ helpers

    JarRunner runner() {
        return new JarRunner(work);
    }

    JarRunner.Result jar(List<String> args) {
        return runner().run(args);
    }

    /** The connection options of this class's database, then {@code args}. */
    List<String> cli(String... args) {
        return cli(List.of(), args);
    }

    List<String> cli(List<String> common, String... args) {
        List<String> all = new ArrayList<>(db.connectionArgs());
        all.addAll(common);
        all.addAll(Arrays.asList(args));
        return all;
    }

    static List<String> with(List<String> common, String... args) {
        List<String> all = new ArrayList<>(common);
        all.addAll(Arrays.asList(args));
        return all;
    }

    /** Runs {@code create} in this JVM (it needs no database), rendering for this class's database from its URL. */
    void create(Path dir, String name, String... options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--url", db.url(), "create", name, "--dir", dir.toString()));
        args.addAll(Arrays.asList(options));
        int code = MigrateCli.run(args.toArray(String[]::new), new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), work, false));
        assertThat(code).as("create " + args + "\n" + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
                .isZero();
    }

    static void write(Path dir, String name, String content) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), content);
    }

    static JsonNode json(JarRunner.Result result) {
        try {
            return JSON.readTree(result.out());
        } catch (RuntimeException e) {
            throw new AssertionError("stdout is not JSON: " + result, e);
        }
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    static List<String> versions(JsonNode array) {
        List<String> versions = new ArrayList<>();
        array.forEach(n -> versions.add(n.get("version").asString()));
        return versions;
    }

    /**
     * Checks that {@code column} starts at the same position in the header line (found by
     * {@code header}) and in every line containing one of {@code rows}.
     */
    static void assertAligned(String text, String header, String column, String... rows) {
        List<String> lines = text.lines().toList();
        String headerLine = lines.stream().filter(l -> l.startsWith(header + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no header line starting with " + header + " in\n" + text));
        int position = headerLine.indexOf(column);
        assertThat(position).as("column " + column + " in " + headerLine).isPositive();
        for (String row : rows) {
            List<String> matching = lines.stream().filter(l -> l.contains(row) && l != headerLine).toList();
            assertThat(matching).as("rows containing " + row + " in\n" + text).isNotEmpty();
            for (String line : matching) {
                assertThat(line.length()).as(line).isGreaterThan(position);
                assertThat(line.charAt(position - 1)).as("blank before the " + column + " column in\n" + text).isEqualTo(' ');
                assertThat(line.charAt(position)).as("the " + column + " column starts at " + position + " in\n" + text).isNotEqualTo(' ');
            }
        }
    }
}
