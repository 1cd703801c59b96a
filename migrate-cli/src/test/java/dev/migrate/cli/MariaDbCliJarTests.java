package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built jar against MariaDB (MIGRATE_TEST_MARIADB_URL). */
class MariaDbCliJarTests extends CliJarContract {

    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.MARIADB;
    }

    @Override
    String longStatement() {
        return "SELECT SLEEP(600)";
    }

    /**
     * Without default-schema, migrate puts back the connection's database after a migration that makes another one
     * current: the script puts back by name the database it was made for, and stops before its first step in another.
     * It puts back MariaDB's transaction characteristics and statement time limit as migrate does: left read-only, the
     * client's session refused the next step's table.
     */
    @Test
    void aPlanScriptPutsBackTheDatabaseAStepLeavesWithoutADefaultSchema() throws Exception {
        Path dir = Files.createDirectories(work.resolve("use"));
        write(dir, "V1__elsewhere.sql", "CREATE TABLE t1 (a INT);\nSET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY;\n"
                + "SET max_statement_time = 2.5;\nUSE information_schema;\n");
        write(dir, "V2__t2.sql", "CREATE TABLE t2 AS SELECT DATABASE() AS db, @@tx_isolation AS iso, @@max_statement_time AS mst;\n");
        List<String> common = List.of("--locations", dir.toString());

        JarRunner.Result plan = jar(cli(common, "plan", "--sql"));
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        Path script = work.resolve("release.sql");
        Files.writeString(script, plan.out());
        try (TestDb other = TestDb.create(kind())) {
            TestDb.ClientRun elsewhere = runClient(other, script);
            assertThat(elsewhere.exitCode()).as(elsewhere.output()).isNotZero();
            assertThat(elsewhere.output()).contains("Subquery returns more than 1 row");
            assertThat(other.count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"))
                    .as("nothing ran there").isZero();
        }
        runWithTheDatabasesClient(script);
        assertThat(db.rows("SELECT db, DATABASE() FROM t2")).as("V2 ran in the script's database:\n" + plan.out())
                .singleElement().satisfies(row -> assertThat(row.split("\\|")[0]).isEqualTo(row.split("\\|")[1]));
        assertThat(db.rows("SELECT iso, mst FROM t2")).containsExactly(db.rows("SELECT @@GLOBAL.tx_isolation, @@GLOBAL.max_statement_time")
                .get(0));
        JarRunner.Result marked = jar(cli(common, "mark-applied", "--script", scriptId(plan.out())));
        assertThat(marked.exitCode()).as(marked.toString()).isZero();
    }

    /**
     * What the script makes is what migrate makes: a procedure's body keeps its comments (the client runs with --comments,
     * as the header says) and records the sql_mode of migrate's connection, whose IGNORE_SPACE (asked for by the driver)
     * also lets a script write a function name before a space; a time is read in the time zone the URL gives migrate's
     * connection.
     */
    @Test
    void aPlanScriptMakesWhatMigrateMakes() throws Exception {
        Path dir = Files.createDirectories(work.resolve("routines"));
        write(dir, "V1__count.sql", """
                CREATE TABLE r_items (id INT, at TIMESTAMP NULL);
                INSERT INTO r_items VALUES (1, '2024-01-01 10:00:00');
                CREATE PROCEDURE r_count()
                BEGIN
                  -- how many there are
                  SELECT COUNT (*) FROM r_items; /* a space before the parenthesis */
                END;
                """);
        String zone = "timezone=UTC+09:00&forceConnectionTimeZoneToSession=true";
        List<String> common = List.of("--locations", dir.toString());
        JarRunner.Result plan = jar(with(with(List.of("--url", db.url() + (db.url().contains("?") ? "&" : "?") + zone),
                common.toArray(String[]::new)), "plan", "--sql"));
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("mariadb --comments DATABASE < FILE").contains("SET time_zone = '+09:00';");
        Path script = work.resolve("release.sql");
        Files.writeString(script, plan.out());
        runWithTheDatabasesClient(script);
        String routine = "SELECT routine_definition, sql_mode FROM information_schema.routines WHERE routine_schema = DATABASE()";
        String instant = "SELECT UNIX_TIMESTAMP(at) FROM r_items";
        assertThat(db.rows(routine)).singleElement().asString().contains("-- how many there are").contains("IGNORE_SPACE");
        assertThat(db.rows(instant)).containsExactly("1704070800");
        try (TestDb other = TestDb.create(kind())) {
            JarRunner.Result migrate = jar(with(with(List.of("--url", other.url() + (other.url().contains("?") ? "&" : "?") + zone),
                    common.toArray(String[]::new)), "migrate"));
            assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
            assertThat(other.rows(routine)).as("migrate makes the same").isEqualTo(db.rows(routine));
            assertThat(other.rows(instant)).containsExactly("1704070800");
        }
    }

    /**
     * A mariadb-dump file's trigger, inside its /*!50003 ... *{@literal /} comments and DELIMITER ;;, is written with a
     * DELIMITER of its own: the client reads the comment's text as SQL and would cut the body at its first semicolon.
     */
    @Test
    void aPlanScriptOfADumpKeepsItsTriggerWhole() throws Exception {
        Path dir = Files.createDirectories(work.resolve("dump"));
        write(dir, "V1__baseline.sql", """
                CREATE TABLE d_items (id INT, note VARCHAR(50));
                CREATE TABLE d_log (msg VARCHAR(50));
                DELIMITER ;;
                /*!50003 CREATE*/ /*!50003 TRIGGER d_items_ai AFTER INSERT ON d_items FOR EACH ROW
                BEGIN
                  INSERT INTO d_log VALUES (CONCAT('added; ', NEW.note));
                  INSERT INTO d_log VALUES ('*/ second');
                END */;;
                DELIMITER ;
                """);
        List<String> common = List.of("--locations", dir.toString());
        JarRunner.Result plan = jar(cli(common, "plan", "--sql"));
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        Path script = work.resolve("release.sql");
        Files.writeString(script, plan.out());
        runWithTheDatabasesClient(script);
        db.execute("INSERT INTO d_items VALUES (1, 'x')");
        assertThat(db.rows("SELECT msg FROM d_log")).as(plan.out()).containsExactlyInAnyOrder("added; x", "*/ second");
    }

    /**
     * plan --sql in a session whose init SQL sets NO_BACKSLASH_ESCAPES (for the session only): the DSL's literals and
     * its sql(...) are written as that session reads them, and the script, run by the mariadb client (which follows the
     * session's mode too), stores each value with the backslash it was given. Run in-process: the DSL class is a test class.
     */
    @Test
    void aPlanScriptWritesTheDslsStringLiteralsAsTheSessionsSqlModeReadsThem() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = MigrateCli.run(new String[] {"--url", db.url(), "--locations", "classpath:dev/migrate/cli/dslbackslash",
            "--init-sql", "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')", "plan", "--sql"},
                new CliContext(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                        new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of(), work, false));
        String plan = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(exit).as(plan + err).isZero();
        assertThat(plan).contains("DEFAULT 'C:\\'").contains("INSERT INTO paths (id, dir) VALUES (1, 'D:\\');\n");
        Path script = work.resolve("release.sql");
        Files.writeString(script, plan);
        TestDb.ClientRun run = runClient(script);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM paths WHERE id = 1 AND dir = CONCAT('D:', CHAR(92))")).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM paths WHERE id = 2 AND dir = CONCAT('C:', CHAR(92))")).isEqualTo(1);
    }

    /** MySQL users write jdbc:mysql:, which the bundled MariaDB driver takes only when told to. */
    @Test
    void aMysqlUrlWorksWithTheBundledDriver() throws IOException {
        Path dir = Files.createDirectories(work.resolve("mysql"));
        write(dir, "V1__create_tags.sql", "CREATE TABLE my_tags (id INT);\n");
        String url = db.url().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:");
        List<String> args = List.of("--url", url, "--locations", dir.toString(), "--table", "my_history");

        JarRunner.Result migrate = runner().run(with(args, "migrate"));
        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(migrate.out()).contains("V1__create_tags.sql");
        JarRunner.Result status = runner().run(with(args, "status"));
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).as("the URL as the user wrote it").contains("Database:    " + url + "\n").contains("Version:     1");
        assertThat(db.count("SELECT COUNT(*) FROM my_tags")).isZero();
    }
}
