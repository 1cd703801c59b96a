package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.ConfigurationException;
import dev.migrate.Direction;
import dev.migrate.MigrationCallback;
import dev.migrate.MigrationType;
import dev.migrate.Operation;
import dev.migrate.Plan;
import dev.migrate.PlanStep;
import dev.migrate.PlanStep.PlannedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTests {

    private static PlanStep step(String version, String script, MigrationType type, boolean transactional, PlannedStatement... statements) {
        return new PlanStep(Direction.UP, version, "d" + version, type, script, transactional, List.of(statements), List.of());
    }

    @Test
    void aStepsNotesStandAboveItsStatements() {
        PlanStep step = new PlanStep(Direction.UP, "7", "index", MigrationType.SQL, "V7__index.sql", true,
                List.of(new PlannedStatement("CREATE INDEX i ON books (title)", 2)),
                List.of("decided when it runs: recorded as applied without running if its -- migrate:skip-if query (line 1)"
                        + " returns true or a number other than 0: SELECT COUNT(*) FROM x"));
        String script = SqlScript.of(new Plan(Operation.MIGRATE, List.of(step), "abc", List.of(), List.of()), null, false);
        assertThat(script).contains("""
                -- 1. V7__index.sql: version 7, index
                -- Note: decided when it runs: recorded as applied without running if its -- migrate:skip-if query (line 1)\
                 returns true or a number other than 0: SELECT COUNT(*) FROM x
                BEGIN;
                CREATE INDEX i ON books (title);
                COMMIT;
                """);
    }

    @Test
    void stepsInATransactionAreWrappedAndEveryStatementIsTerminatedOutsideItsComments() {
        Plan plan = new Plan(Operation.MIGRATE, List.of(
                step("1", "V1__books.sql", MigrationType.SQL, true,
                        new PlannedStatement("CREATE TABLE books (id INT)", 1),
                        new PlannedStatement("COPY books (id) FROM STDIN", 2, "1\n2\n"),
                        new PlannedStatement("INSERT INTO books VALUES (3) -- the third", 6)),
                step("2", "V2__index.sql", MigrationType.SQL, false, new PlannedStatement("CREATE INDEX CONCURRENTLY i ON books (id)", 1))),
                "abc123", List.of("V1__books.sql (version 1) is irreversible"), List.of("Callback afterMigrate.sql runs after the migrations"));

        String script = SqlScript.of(plan, "2", false);
        assertThat(SqlScript.of(plan, "2?", false)).as("quoted for the shell")
                .contains("migrate mark-applied --target '2?' --script " + SqlScript.id(plan) + "\n");

        assertThat(script).contains("-- Migrate: the SQL that 'migrate' would run, 2 steps (history fingerprint abc123).")
                .contains("migrate mark-applied --target 2 --script " + SqlScript.id(plan) + "\n")
                .contains("-- Warning: V1__books.sql (version 1) is irreversible\n")
                .contains("-- Note: Callback afterMigrate.sql runs after the migrations\n")
                .contains("""
                        -- 1. V1__books.sql: version 1, d1
                        BEGIN;
                        CREATE TABLE books (id INT);
                        COPY books (id) FROM STDIN;
                        1
                        2
                        \\.
                        INSERT INTO books VALUES (3) -- the third
                        ;
                        COMMIT;

                        -- 2. V2__index.sql: version 2, d2, outside a transaction
                        CREATE INDEX CONCURRENTLY i ON books (id);
                        """);
        assertThat(SqlScript.of(plan, null, false)).contains("migrate mark-applied --script " + SqlScript.id(plan) + "\n");
        // The id follows the history and every statement.
        Plan otherHistory = new Plan(Operation.MIGRATE, plan.steps(), "def456", plan.warnings(), plan.notes());
        Plan otherStatement = new Plan(Operation.MIGRATE, List.of(plan.steps().get(0), step("2", "V2__index.sql", MigrationType.SQL, false,
                new PlannedStatement("CREATE INDEX CONCURRENTLY j ON books (id)", 1))), "abc123", List.of(), List.of());
        assertThat(SqlScript.id(plan)).matches("[0-9a-f]{16}").isNotEqualTo(SqlScript.id(otherHistory))
                .isNotEqualTo(SqlScript.id(otherStatement)).isEqualTo(SqlScript.id(new Plan(Operation.MIGRATE, plan.steps(), "abc123",
                        List.of(), List.of())));
    }

    @Test
    void aMySqlStatementHoldingSemicolonsGetsADelimiterTheClientUnderstands() {
        Plan plan = new Plan(Operation.MIGRATE, List.of(step("1", "V1__proc.sql", MigrationType.SQL, false,
                new PlannedStatement("CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND", 1),
                new PlannedStatement("CREATE PROCEDURE q()\nBEGIN\n  SELECT '$$';\nEND", 6),
                new PlannedStatement("CALL p()", 11))), "f", List.of(), List.of());

        assertThat(SqlScript.of(plan, null, true)).contains("""
                DELIMITER $$
                CREATE PROCEDURE p()
                BEGIN
                  SELECT 1;
                END$$
                DELIMITER ;
                DELIMITER //
                CREATE PROCEDURE q()
                BEGIN
                  SELECT '$$';
                END//
                DELIMITER ;
                CALL p();
                """);
        assertThat(SqlScript.of(plan, null, false)).as("other clients read a procedure body as it is").doesNotContain("DELIMITER");
    }

    @Test
    void aSemicolonInAStringOrACommentNeedsNoDelimiter() {
        assertThat(SqlScript.splitsAtSemicolon("INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`)")).isFalse();
        assertThat(SqlScript.splitsAtSemicolon("INSERT INTO t VALUES ('it\\'s; fine')")).isFalse();
        assertThat(SqlScript.splitsAtSemicolon("INSERT INTO t VALUES ('it''s; fine')")).isFalse();
        assertThat(SqlScript.splitsAtSemicolon("UPDATE t SET a = 1 -- done; really\n WHERE b = 2")).isFalse();
        assertThat(SqlScript.splitsAtSemicolon("UPDATE t SET a = 1 # done; really\n WHERE b = 2")).isFalse();
        assertThat(SqlScript.splitsAtSemicolon("UPDATE t SET a = 1 /* done; really */ WHERE b = 2")).isFalse();
        assertThat(SqlScript.splitsAtSemicolon("SELECT 5--1; ")).as("'--' without a space is minus minus").isTrue();
        assertThat(SqlScript.splitsAtSemicolon("CREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW BEGIN SET @a = 1; END")).isTrue();
        // a backslash as a session in NO_BACKSLASH_ESCAPES reads it, where the only reading that closes the quotes is that one
        assertThat(SqlScript.splitsAtSemicolon("CREATE PROCEDURE p() BEGIN SELECT 'C:\\'; SELECT 1; END")).isTrue();
        assertThat(SqlScript.splitsAtSemicolon("INSERT INTO t VALUES ('C:\\', 'a;b')")).isFalse();
        assertThat(SqlScript.splitsAtSemicolon("SELECT 1; INSERT INTO t VALUES ('never closed")).as("as the default mode reads it").isTrue();
        // the client reads an executable comment's text as SQL: a dump's trigger in /*!50003 ... */ is cut at its semicolons
        assertThat(SqlScript.splitsAtSemicolon("/*!50003 CREATE*/ /*!50003 TRIGGER x AFTER INSERT ON t FOR EACH ROW BEGIN"
                + " SET @a = 1; SET @b = '*/'; END */")).isTrue();
        assertThat(SqlScript.splitsAtSemicolon("/*M!100100 SELECT 1; */")).isTrue();
        assertThat(SqlScript.splitsAtSemicolon("/*!50001 CREATE VIEW `v*/` AS SELECT 'a;b' AS `c;` */")).isFalse();

        Plan plan = new Plan(Operation.MIGRATE, List.of(step("1", "V1__data.sql", MigrationType.SQL, false,
                new PlannedStatement("INSERT INTO notes VALUES ('first; second')", 1))), "f", List.of(), List.of());
        assertThat(SqlScript.of(plan, null, true)).contains("INSERT INTO notes VALUES ('first; second');\n")
                .doesNotContain("DELIMITER");
    }

    /** Run by hand, the script must give the migrations the session Migrate gives them: the init SQL, then the default schema. */
    @Test
    void theScriptStartsWithTheInitSqlAndMakesTheDefaultSchemaCurrentAsMigrateDoes() {
        Plan plan = new Plan(Operation.MIGRATE, List.of(step("1", "V1__a.sql", MigrationType.SQL, true,
                new PlannedStatement("CREATE TABLE a (id INT)", 1))), "f", List.of(), List.of());

        String postgres = SqlScript.of(plan, null, "postgresql", List.of("SET ROLE app_owner"), "shop");
        assertThat(postgres).contains("""
                -- The session Migrate gives the migrations (init SQL, default schema):
                SET ROLE app_owner;
                CREATE SCHEMA IF NOT EXISTS "shop";
                DO $$ BEGIN PERFORM set_config('search_path', concat_ws(', ', 'shop', NULLIF(current_setting('search_path'), '')), false); END $$;

                -- Kept here to be put back after each step""");
        assertThat(SqlScript.of(plan, null, "mysql", List.of(), "shop"))
                .contains("CREATE DATABASE IF NOT EXISTS `shop`;\nUSE `shop`;\n");
        assertThat(SqlScript.of(plan, null, "h2", List.of(), "shop")).contains("CREATE SCHEMA IF NOT EXISTS \"SHOP\";\nSET SCHEMA \"SHOP\";\n");
        assertThat(SqlScript.of(plan, null, "h2", List.of(), null)).doesNotContain("The session Migrate gives");
    }

    /**
     * As migrate puts the session back after each migration, the script does after each step, to what it was
     * at its start (read by the script, in its own session): a pg_dump file's empty search_path must not reach
     * the next step.
     */
    @Test
    void theScriptKeepsTheSessionAtItsStartAndPutsItBackAfterEachStep() {
        Plan plan = new Plan(Operation.MIGRATE, List.of(
                step("1", "V1__dump.sql", MigrationType.SQL, true,
                        new PlannedStatement("SELECT pg_catalog.set_config('search_path', '', false)", 1),
                        new PlannedStatement("CREATE TABLE public.t1 (a int)", 2)),
                step("2", "V2__index.sql", MigrationType.SQL, false, new PlannedStatement("CREATE INDEX CONCURRENTLY i ON t1 (a)", 1))),
                "f", List.of(), List.of());

        String postgres = SqlScript.of(plan, null, "postgresql", List.of("SET ROLE app_owner"), "shop");
        assertThat(postgres).contains("""
                DO $$ BEGIN PERFORM set_config('search_path', concat_ws(', ', 'shop', NULLIF(current_setting('search_path'), '')), false); END $$;

                -- Kept here to be put back after each step, as migrate puts the session back after each migration: the search_path,\
                 the role (SET ROLE) and the settings made with SET:
                DO $$ BEGIN
                  PERFORM set_config('migrate.search_path', current_setting('search_path'), false);
                  PERFORM set_config('migrate.role', current_user, false);""");
        String putBack = postgres.substring(postgres.indexOf("-- The session put back:\n"), postgres.indexOf("END $$;\n",
                postgres.indexOf("-- The session put back:\n")) + "END $$;\n".length());
        assertThat(putBack).contains("PERFORM set_config('search_path', current_setting('migrate.search_path'), false);")
                .contains("RESET ROLE").contains("SET ROLE %I").contains("RESET ").contains("json_each_text(current_setting('migrate.settings')");
        assertThat(postgres).as("in the step's transaction, as migrate puts it back before it commits").contains("""
                CREATE TABLE public.t1 (a int);
                """ + putBack + """
                COMMIT;

                -- 2. V2__index.sql: version 2, d2, outside a transaction
                CREATE INDEX CONCURRENTLY i ON t1 (a);
                """ + putBack);
        assertThat(postgres.indexOf("-- Kept here")).isLessThan(postgres.indexOf("-- 1. V1__dump.sql"))
                .isGreaterThan(postgres.indexOf("CREATE SCHEMA IF NOT EXISTS \"shop\";"));

        String mysql = SqlScript.of(plan, null, "mysql", List.of(), "shop");
        assertThat(mysql).contains("USE `shop`;\n\n-- Kept here to be put back after each step, as migrate puts the session back"
                + " after each migration: the database (USE), the session variables foreign_key_checks, unique_checks, sql_mode,")
                .contains("\nSET @migrate_foreign_key_checks = @@SESSION.foreign_key_checks, @migrate_unique_checks = @@SESSION.unique_checks,")
                .contains("""
                        CREATE INDEX CONCURRENTLY i ON t1 (a);
                        -- The session put back:
                        USE `shop`;
                        SET SESSION foreign_key_checks = @migrate_foreign_key_checks, unique_checks = @migrate_unique_checks,""")
                .contains("character_set_results = @migrate_character_set_results, collation_connection = @migrate_collation_connection;\n");
        assertThat(SqlScript.of(plan, null, "mysql", List.of(), null)).as("without a default schema, the script does not know the database")
                .contains("-- The session put back:\nSET SESSION foreign_key_checks").doesNotContain("USE ");
        assertThat(SqlScript.of(plan, null, "h2", List.of(), null)).contains("SET @migrate_schema = SCHEMA();\n")
                .contains("CREATE INDEX CONCURRENTLY i ON t1 (a);\n-- The session put back:\nSET SCHEMA @migrate_schema;\n");
        assertThat(SqlScript.of(plan, null, "sqlite", List.of(), null)).as("SQLite's foreign_keys, not read from the database")
                .doesNotContain("put back").doesNotContain("Kept here");
        // A PRAGMA takes no value from a query: the connection's setting, read when the script is made, is written in.
        String sqlite = SqlScript.of(plan, null, new SqlScript.Session("sqlite", List.of(), null, List.of(), false, null, true));
        assertThat(sqlite).contains("""
                -- The session Migrate gives the migrations (init SQL, default schema, foreign keys):
                PRAGMA foreign_keys = ON;
                """).contains("""
                CREATE TABLE public.t1 (a int);
                COMMIT;
                """).as("only outside a transaction, where a PRAGMA takes effect").contains("""
                CREATE INDEX CONCURRENTLY i ON t1 (a);
                -- The session put back:
                PRAGMA foreign_keys = ON;
                """);
    }

    /** The sql_mode flags migrate's connection has beyond (or without) the server's global ones are given to the client's session. */
    @Test
    void theSqlModeOfMigratesConnectionIsGivenToTheClientsSession() {
        Plan plan = new Plan(Operation.MIGRATE, List.of(step("1", "V1__a.sql", MigrationType.SQL, false,
                new PlannedStatement("SELECT COUNT (*) FROM a", 1))), "f", List.of(), List.of());
        String script = SqlScript.of(plan, null, new SqlScript.Session("mysql", List.of("SET SESSION wait_timeout = 60"), null, List.of(),
                false, "shop", null, SqlScript.sqlMode(List.of("IGNORE_SPACE"), List.of("ANSI_QUOTES"))));
        assertThat(script).contains("""
                -- What Migrate's JDBC connection gets from its driver and URL, and a client's session lacks:
                SET SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@SESSION.sql_mode, ','), ',ANSI_QUOTES,', ','));
                SET SESSION sql_mode = IF(FIND_IN_SET('IGNORE_SPACE', @@SESSION.sql_mode) > 0, @@SESSION.sql_mode,\
                 CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'IGNORE_SPACE'));

                -- The session Migrate gives the migrations (init SQL, default schema):
                SET SESSION wait_timeout = 60;
                """).contains("(mysql --comments DATABASE < FILE)");
        assertThat(SqlScript.of(plan, null, new SqlScript.Session("mysql", List.of(), null, List.of(), false, "shop", null, List.of(),
                List.of(), true))).as("on MariaDB, its own client").contains("(mariadb --comments DATABASE < FILE)");
        assertThat(SqlScript.of(plan, null, "mysql", List.of(), null)).doesNotContain("What Migrate's JDBC connection gets");
    }

    /** The client reads the script as UTF-8, the text migrate's connection sends, whatever its own settings. */
    @Test
    void theClientIsToldTheScriptIsUtf8() {
        Plan plan = new Plan(Operation.MIGRATE, List.of(step("1", "V1__a.sql", MigrationType.SQL, true,
                new PlannedStatement("INSERT INTO a VALUES ('Grüße')", 1))), "f", List.of(), List.of());
        assertThat(SqlScript.of(plan, null, "postgresql", List.of("SET ROLE app"), null)).contains("""
                -- The script is UTF-8 text, as Migrate's connection sends it: the client is told so.
                SET client_encoding = 'UTF8';

                -- The session Migrate gives the migrations (init SQL, default schema):
                SET ROLE app;
                """);
        assertThat(SqlScript.of(plan, null, "mysql", List.of(), null)).contains("SET NAMES utf8mb4;\n");
        assertThat(SqlScript.of(plan, null, "h2", List.of(), null)).doesNotContain("UTF-8 text");
        assertThat(SqlScript.of(plan, null, "sqlite", List.of(), "main")).as("SQLite has no current schema to set")
                .doesNotContain("UTF-8 text").doesNotContain("SCHEMA");
    }

    /**
     * With schemas, migrate creates each before the migrations run, and runs them in the first unless default-schema
     * names another (the caller passes it as the default schema).
     */
    @Test
    void theOtherSchemasAreCreatedBeforeTheSteps() {
        Plan plan = new Plan(Operation.MIGRATE, List.of(step("1", "V1__a.sql", MigrationType.SQL, true,
                new PlannedStatement("CREATE TABLE a (id INT)", 1))), "f", List.of(), List.of());
        assertThat(SqlScript.of(plan, null, new SqlScript.Session("postgresql", List.of(), "app", List.of("app", "audit"), false, null,
                null))).contains("""
                -- The session Migrate gives the migrations (init SQL, default schema, schemas):
                CREATE SCHEMA IF NOT EXISTS "audit";
                CREATE SCHEMA IF NOT EXISTS "app";
                """);
        assertThat(SqlScript.of(plan, null, new SqlScript.Session("mysql", List.of(), "app", List.of("app", "audit"), false, null,
                null))).contains("CREATE DATABASE IF NOT EXISTS `audit`;\nCREATE DATABASE IF NOT EXISTS `app`;\nUSE `app`;\n");
    }

    /**
     * The schemas are named as migrate's statements name them: quoted, in the case the database stores unquoted names in
     * (PostgreSQL lower case, H2 upper case unless its URL says otherwise), so that a reserved word works ({@code order}).
     */
    @Test
    void theSchemasAreQuotedInTheCaseTheDatabaseStoresThemIn() {
        Plan plan = new Plan(Operation.MIGRATE, List.of(step("1", "V1__a.sql", MigrationType.SQL, true,
                new PlannedStatement("CREATE TABLE a (id INT)", 1))), "f", List.of(), List.of());
        assertThat(SqlScript.of(plan, null, new SqlScript.Session("postgresql", List.of(), "Order", List.of("Order", "select"), false,
                null, null))).contains("""
                CREATE SCHEMA IF NOT EXISTS "select";
                CREATE SCHEMA IF NOT EXISTS "order";
                DO $$ BEGIN PERFORM set_config('search_path', concat_ws(', ', 'Order', NULLIF(current_setting('search_path'), '')), false); END $$;
                """);
        assertThat(SqlScript.of(plan, null, new SqlScript.Session("h2", List.of(), "Order", List.of("Order", "select"), false, null,
                null))).contains("CREATE SCHEMA IF NOT EXISTS \"SELECT\";\nCREATE SCHEMA IF NOT EXISTS \"ORDER\";\nSET SCHEMA \"ORDER\";\n");
        assertThat(SqlScript.of(plan, null, new SqlScript.Session("mysql", List.of(), "Order", List.of("Order", "select"), false, null,
                null))).contains("CREATE DATABASE IF NOT EXISTS `select`;\nCREATE DATABASE IF NOT EXISTS `Order`;\nUSE `Order`;\n");
    }

    /**
     * MySQL's USE takes no variable: where a step changes the database and no default schema names it, the script puts
     * back by name the database it was made for, and first stops when run in another.
     */
    @Test
    void aMySqlStepThatChangesTheDatabaseGetsItPutBackByName() {
        Plan plan = new Plan(Operation.MIGRATE, List.of(step("1", "V1__a.sql", MigrationType.SQL, false,
                new PlannedStatement("CREATE TABLE a (id INT)", 1), new PlannedStatement("use other", 2))), "f", List.of(), List.of());
        String script = SqlScript.of(plan, null, new SqlScript.Session("mysql", List.of(), null, List.of(), false, "sh`op", null));
        assertThat(script).contains("""
                SET @migrate_database_check = (SELECT 1 FROM (SELECT 1 UNION ALL SELECT 2) t WHERE NOT (DATABASE() <=> 'sh`op'));
                """).contains("""
                use other;
                -- The session put back:
                USE `sh``op`;
                SET SESSION foreign_key_checks""");
        assertThat(script.indexOf("@migrate_database_check")).isLessThan(script.indexOf("-- 1. V1__a.sql"));
        Plan noUse = new Plan(Operation.MIGRATE, List.of(step("1", "V1__a.sql", MigrationType.SQL, false,
                new PlannedStatement("CREATE TABLE users (id INT)", 1))), "f", List.of(), List.of());
        assertThat(SqlScript.of(noUse, null, new SqlScript.Session("mysql", List.of(), null, List.of(), false, "shop", null)))
                .as("no step changes the database: the script runs wherever the client points").doesNotContain("USE ")
                .doesNotContain("@migrate_database_check");
    }

    /**
     * The callbacks run where migrate runs them: beforeMigrate first (then the schema context is put back, as migrate does,
     * and what else it changed is kept for the steps), the each-migration ones inside each step, afterMigrate last.
     */
    @Test
    void theCallbacksRunWhereMigrateRunsThem() {
        Plan plan = new Plan(Operation.MIGRATE, List.of(
                step("1", "V1__a.sql", MigrationType.SQL, true, new PlannedStatement("CREATE TABLE a (id INT)", 1)),
                step("2", "V2__b.sql", MigrationType.SQL, true, new PlannedStatement("CREATE TABLE b (id INT)", 1))),
                "f", List.of(), List.of(), List.of(
                        new Plan.Callback(MigrationCallback.Event.BEFORE_MIGRATE, "beforeMigrate.sql", false, true,
                                List.of(new PlannedStatement("SET SCHEMA other", 1))),
                        new Plan.Callback(MigrationCallback.Event.AFTER_MIGRATE, "afterMigrate.sql", false, false,
                                List.of(new PlannedStatement("GRANT SELECT ON a TO reader", 1))),
                        new Plan.Callback(MigrationCallback.Event.AFTER_MIGRATE_ERROR, "afterMigrateError.sql", false, true,
                                List.of(new PlannedStatement("INSERT INTO alarms VALUES (1)", 1))),
                        new Plan.Callback(MigrationCallback.Event.BEFORE_EACH_MIGRATE, "beforeEachMigrate.sql", false, false,
                                List.of(new PlannedStatement("INSERT INTO log VALUES ('before')", 1))),
                        new Plan.Callback(MigrationCallback.Event.AFTER_EACH_MIGRATE, "afterEachMigrate.sql", false, false,
                                List.of(new PlannedStatement("INSERT INTO log VALUES ('after')", 1)))));

        String h2 = SqlScript.of(plan, null, "h2", List.of(), null);
        assertThat(h2).contains("-- Note: afterMigrateError.sql is not in this script: migrate runs it when a step fails;")
                .doesNotContain("INSERT INTO alarms").contains("""
                SET @migrate_schema = SCHEMA();

                -- Callback beforeMigrate.sql (beforeMigrate)
                BEGIN;
                SET SCHEMA other;
                COMMIT;
                -- Its change of the schema context put back, as migrate does:
                SET SCHEMA @migrate_schema;

                -- What beforeMigrate left in the session holds for the migrations: kept again.
                SET @migrate_schema = SCHEMA();

                -- 1. V1__a.sql: version 1, d1
                BEGIN;
                -- Callback beforeEachMigrate.sql (beforeEachMigrate):
                INSERT INTO log VALUES ('before');
                -- V1__a.sql:
                CREATE TABLE a (id INT);
                -- Callback afterEachMigrate.sql (afterEachMigrate):
                INSERT INTO log VALUES ('after');
                -- The session put back:
                SET SCHEMA @migrate_schema;
                COMMIT;
                """).endsWith("""
                COMMIT;

                -- Callback afterMigrate.sql (afterMigrate), outside a transaction
                GRANT SELECT ON a TO reader;
                """);
        assertThat(SqlScript.of(plan, null, "sqlite", List.of(), null, true)).as("the group's transaction holds the steps only")
                .contains("COMMIT;\n\n-- group: all 2 steps in one transaction\nBEGIN;\n")
                .endsWith("INSERT INTO log VALUES ('after');\n\nCOMMIT;\n\n-- Callback afterMigrate.sql (afterMigrate), outside a transaction\n"
                        + "GRANT SELECT ON a TO reader;\n");

        Plan java = new Plan(Operation.MIGRATE, plan.steps(), "f", List.of(), List.of(), List.of(
                new Plan.Callback(MigrationCallback.Event.AFTER_MIGRATE, "com.example.Grants", true, true, List.of()),
                new Plan.Callback(MigrationCallback.Event.AFTER_MIGRATE_ERROR, "com.example.Grants", true, true, List.of())));
        assertThatThrownBy(() -> SqlScript.of(java, null, false)).isInstanceOf(ConfigurationException.class)
                .hasMessage("Callback com.example.Grants (afterMigrate), com.example.Grants (afterMigrateError) are Java code, which migrate"
                        + " runs with the migrations and a SQL script cannot hold: run migrate, or make the script without --callbacks and"
                        + " do by hand what they do");
    }

    /** Where DDL commits by itself, a step migrate still runs in a transaction (for its data) is wrapped all the same. */
    @Test
    void aStepWhoseDataMigrateRunsInATransactionIsWrappedWhereDdlCommitsByItself() {
        PlanStep wrapped = new PlanStep(Direction.UP, "1", "fill", MigrationType.SQL, "V1__fill.sql", false,
                List.of(new PlannedStatement("INSERT INTO a VALUES (1)", 1)), List.of(), List.of(), true);
        PlanStep none = new PlanStep(Direction.UP, "2", "none", MigrationType.SQL, "V2__none.sql", false,
                List.of(new PlannedStatement("INSERT INTO a VALUES (2)", 2)), List.of("runs outside a transaction (-- migrate:no-transaction)"));
        String script = SqlScript.of(new Plan(Operation.MIGRATE, List.of(wrapped, none), "f", List.of(), List.of()), null, "h2",
                List.of(), null);
        assertThat(script).doesNotContain("all the same").contains("""
                -- 1. V1__fill.sql: version 1, fill, in a transaction for its data only
                -- The database commits DDL at once, so BEGIN/COMMIT cover only its data statements, as migrate runs it:\
                 a failure undoes its data changes, not its DDL
                BEGIN;
                INSERT INTO a VALUES (1);
                -- The session put back:
                SET SCHEMA @migrate_schema;
                COMMIT;

                -- 2. V2__none.sql: version 2, none, outside a transaction
                -- Note: runs outside a transaction (-- migrate:no-transaction)
                INSERT INTO a VALUES (2);
                -- The session put back:
                SET SCHEMA @migrate_schema;
                """);
    }

    /** A DSL step whose SQL the plan shows as a comment, since it is written only when the step runs, is refused, naming it. */
    @Test
    void aDslStepWrittenOnlyWhenItRunsIsRefused() {
        Plan plan = new Plan(Operation.MIGRATE, List.of(
                step("1", "V1__a.sql", MigrationType.SQL, true, new PlannedStatement("CREATE TABLE a (id INT, b INT)", 1)),
                step("2", "db.V2__RequireB", MigrationType.DSL, true, new PlannedStatement("-- SQLite: rebuild table a to make b NOT"
                        + " NULL: ...; the statements are written from the table's definition when the migration runs", 0))),
                "f", List.of(), List.of());
        assertThatThrownBy(() -> SqlScript.of(plan, null, false)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("db.V2__RequireB (version 2) is a DSL migration with SQL that is written only when it runs")
                .hasMessageContaining("--target");
        Plan written = new Plan(Operation.MIGRATE, List.of(step("2", "db.V2__RequireB", MigrationType.DSL, true,
                new PlannedStatement("CREATE TABLE a__new (id INT, b INT NOT NULL)", 0))), "f", List.of(), List.of());
        assertThat(SqlScript.of(written, null, false)).contains("CREATE TABLE a__new (id INT, b INT NOT NULL);\n");
    }

    /** With group, migrate runs all the steps in one transaction, all of them or none: so does the script. */
    @Test
    void withAGroupAllTheStepsRunInOneTransaction() {
        Plan plan = new Plan(Operation.MIGRATE, List.of(
                step("1", "V1__a.sql", MigrationType.SQL, true, new PlannedStatement("CREATE TABLE a (id INT)", 1)),
                step("2", "V2__b.sql", MigrationType.SQL, true, new PlannedStatement("CREATE TABLE b (id INT)", 1))),
                "f", List.of(), List.of("group: the 2 steps run in one transaction, all of them or none"));

        String script = SqlScript.of(plan, null, "sqlite", List.of(), null, true);
        assertThat(script).contains("-- Note: group: the 2 steps run in one transaction, all of them or none\n").endsWith("""

                -- group: all 2 steps in one transaction
                BEGIN;

                -- 1. V1__a.sql: version 1, d1
                CREATE TABLE a (id INT);

                -- 2. V2__b.sql: version 2, d2
                CREATE TABLE b (id INT);

                COMMIT;
                """);
        assertThat(script.split("BEGIN;", -1)).hasSize(2);
        assertThat(SqlScript.of(plan, null, "postgresql", List.of(), null, true).split("COMMIT;", -1)).hasSize(2);

        Plan outside = new Plan(Operation.MIGRATE, List.of(plan.steps().get(0),
                step("2", "V2__index.sql", MigrationType.SQL, false, new PlannedStatement("CREATE INDEX CONCURRENTLY i ON a (id)", 1))),
                "f", List.of(), List.of());
        assertThatThrownBy(() -> SqlScript.of(outside, null, "postgresql", List.of(), null, true)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("group is on, but V2__index.sql runs outside a transaction ('migrate plan' says why), so migrate refuses this plan")
                .hasMessageContaining("--group false").hasMessageContaining("--target");
        Plan mysql = new Plan(Operation.MIGRATE, List.of(step("1", "V1__a.sql", MigrationType.SQL, false,
                new PlannedStatement("CREATE TABLE a (id INT)", 1))), "f", List.of(), List.of());
        assertThatThrownBy(() -> SqlScript.of(mysql, null, "mysql", List.of(), null, true))
                .hasMessageContaining("group is on, but MySQL/MariaDB commits each DDL statement by itself");
    }

    @Test
    void aJavaMigrationIsRefusedByNameAndAnEmptyPlanSaysSo() {
        Plan plan = new Plan(Operation.MIGRATE, List.of(step("1", "V1__a.sql", MigrationType.SQL, true, new PlannedStatement("SELECT 1", 1)),
                step("2", "V2__Backfill", MigrationType.JAVA, true, new PlannedStatement("-- Java migration", 0))), "f", List.of(), List.of());
        assertThatThrownBy(() -> SqlScript.of(plan, null, false)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("V2__Backfill (version 2) is a Java migration, whose SQL is known only when it runs")
                .hasMessageContaining("--target");

        assertThat(SqlScript.of(new Plan(Operation.MIGRATE, List.of(), "f", List.of(), List.of()), null, false))
                .isEqualTo("-- Migrate: nothing to migrate, the schema is up to date.\n");
    }
}
