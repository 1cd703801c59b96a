package dev.migrate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue item 3, the cases the core's contract suite ({@code MigratorContractTests}, which covers
 * malformed names, duplicates, unknown and cyclic dependencies, changed and missing files and
 * out-of-order versions on every database) does not: through the CLI jar, on every database, each
 * giving a clear error that names the culprit, and changing nothing that should not change.
 */
class BadInputTests {

    private static final int STATEMENTS = 80;
    private static final int BROKEN = 40;
    private static final String EIGHTY = "V2__eighty_statements.sql";

    @ParameterizedTest
    @EnumSource(Db.Kind.class)
    void syntaxErrorInStatement40Of80NamesTheLineAndLeavesNothingWhereDdlIsTransactional(Db.Kind kind) throws Exception {
        try (Db db = Db.create(kind)) {
            Path scripts = Scripts.folder("eighty-");
            Scripts.write(scripts, "V1__base.sql", "CREATE TABLE base_rows (id INT PRIMARY KEY);\nINSERT INTO base_rows (id) VALUES (0);\n");
            int brokenLine = writeEighty(scripts, true);
            Scripts.write(scripts, "U2__eighty_statements.sql", eightyDown());

            Cli.Result failed = Cli.run(db, scripts, "migrate");
            assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
            List<String> errors = failed.err().lines().filter(l -> l.startsWith("Error:")).toList();
            assertThat(errors).as(failed.toString()).hasSize(1);
            assertThat(errors.get(0)).as("the one error line names the file and the line of statement %d", BROKEN)
                    .contains(EIGHTY + " line " + brokenLine + " failed");
            assertThat(failed.err()).as("no stack trace without --verbose").doesNotContain("\tat ");
            assertThat(db.strings("SELECT version FROM migrate_history WHERE state = 'SUCCESS'")).containsExactly("1");
            assertThat(db.count("SELECT COUNT(*) FROM migrate_audit WHERE outcome = 'FAILURE' AND version = '2'")).as("audited failure")
                    .isEqualTo(1);

            if (kind.transactionalDdl()) {
                assertThat(errors.get(0)).contains("rolled back");
                assertThat(db.tables()).as("tables after the failed migration").contains("base_rows")
                        .noneMatch(t -> t.startsWith("s_"));
                assertThat(db.strings("SELECT id FROM base_rows")).as("rows inserted by statements 1-39").containsExactly("0");
                assertThat(db.count("SELECT COUNT(*) FROM migrate_history")).isEqualTo(1);
            } else {
                // DDL commits at once: statements 1-39 stay, the migration is marked FAILED until rollback or repair.
                assertThat(errors.get(0)).contains("repair");
                assertThat(db.strings("SELECT state FROM migrate_history WHERE version = '2'")).containsExactly("FAILED");
                assertThat(db.tables()).contains("s_01", "s_39").doesNotContain("s_41");
                Cli.Result refused = Cli.run(db, scripts, "migrate");
                assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
                assertThat(refused.err()).contains(EIGHTY).contains("repair").contains("rollback");
                Cli.Result rollback = Cli.run(db, scripts, "rollback");
                assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
                assertThat(db.tables()).doesNotContain("s_01", "s_39");
                assertThat(db.strings("SELECT id FROM base_rows")).containsExactly("0");
            }

            writeEighty(scripts, false);
            Cli.Result fixed = Cli.run(db, scripts, "migrate");
            assertThat(fixed.exitCode()).as(fixed.toString()).isZero();
            assertThat(db.strings("SELECT state FROM migrate_history ORDER BY installed_rank")).containsExactly("SUCCESS", "SUCCESS");
            assertThat(db.count("SELECT COUNT(*) FROM base_rows")).isEqualTo(1 + STATEMENTS / 2);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.Kind.class)
    void scriptThatIsNotUtf8IsNamedAndNothingIsApplied(Db.Kind kind) throws Exception {
        try (Db db = Db.create(kind)) {
            Path scripts = Scripts.folder("latin1-");
            Scripts.write(scripts, "V1__fine.sql", "CREATE TABLE fine (id INT);\n");
            // "café" and "naïve" saved as ISO-8859-1: 0xE9 and 0xEF are not valid UTF-8 on their own.
            Files.write(scripts.resolve("V2__latin1.sql"), "-- caf\u00e9\nINSERT INTO fine (id) VALUES (1); -- na\u00efve\n"
                    .getBytes(StandardCharsets.ISO_8859_1));

            Cli.Result result = Cli.run(db, scripts, "migrate");
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
            assertThat(result.err()).contains("V2__latin1.sql").contains("UTF-8");
            assertThat(db.tables()).as("nothing applied, not even V1").doesNotContain("fine");
            if (db.tables().contains("migrate_history")) {
                assertThat(db.count("SELECT COUNT(*) FROM migrate_history")).isZero();
            }

            Cli.Result validate = Cli.run(db, scripts, "validate");
            assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(3);
            assertThat(validate.all()).contains("V2__latin1.sql").contains("UTF-8");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Db.Kind.class, names = {"MARIADB", "H2"})
    void wrongPasswordIsReportedWithoutEchoingIt(Db.Kind kind) throws Exception {
        try (Db db = Db.create(kind)) {
            Path scripts = Scripts.exactlyOnce(1, 3);
            String right = "Right-" + UUID.randomUUID().toString().substring(0, 8);
            String wrong = "Wrong-" + UUID.randomUUID().toString().substring(0, 8);
            List<String> base = new ArrayList<>();
            if (kind == Db.Kind.MARIADB) {
                String user = db.createUser(right);
                base.addAll(List.of("--url", db.urlWithoutUser(), "--user", user));
            } else {
                db.execute("CREATE TABLE created_with_the_right_password (id INT)");
                right = db.password();
                base.addAll(List.of("--url", db.url(), "--user", db.user()));
            }
            base.addAll(List.of("--locations", "filesystem:" + scripts));
            assertWrongPasswordRefused(base, wrong, right);
            assertThat(db.tables()).as("nothing created").allMatch(t -> t.equals("created_with_the_right_password"));
        }
    }

    /**
     * The same on PostgreSQL, on a server of the test's own that asks for a password (the shared
     * server trusts every local login, see {@link PasswordPostgres}); then the right password migrates,
     * so the refusal was the password's doing.
     */
    @Test
    void wrongPasswordOnPostgresIsReportedWithoutEchoingIt() throws Exception {
        try (PasswordPostgres server = PasswordPostgres.start()) {
            String right = "Right-" + UUID.randomUUID().toString().substring(0, 8);
            String wrong = "Wrong-" + UUID.randomUUID().toString().substring(0, 8);
            Db db = server.createDatabase(right);
            Path scripts = Scripts.exactlyOnce(1, 3);
            List<String> base = List.of("--url", db.url(), "--locations", "filesystem:" + scripts);
            assertWrongPasswordRefused(base, wrong, right);
            assertThat(db.tables()).as("nothing created").isEmpty();

            Cli.Result result = Cli.run(db, scripts, "migrate");
            assertThat(result.exitCode()).as("the right password migrates: %s", result).isZero();
            assertThat(result.all()).doesNotContain(right);
            assertThat(db.tables()).contains("applied_log", "migrate_history");
        }
    }

    /** {@code migrate} and {@code status} with {@code wrong}: exit 2, a clear message, neither password printed. */
    private static void assertWrongPasswordRefused(List<String> base, String wrong, String right) throws InterruptedException {
        for (String command : List.of("migrate", "status")) {
            List<String> args = new ArrayList<>(base);
            args.addAll(List.of("--password", wrong, command));
            Cli.Result result = Cli.run(args);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).contains("Could not connect to the database").contains("Check the URL, user and password")
                    .containsAnyOf("Access denied", "Wrong user name or password", "password authentication failed");
            assertThat(result.all()).doesNotContain(wrong).doesNotContain(right);
        }
    }

    /**
     * A URL of a database Migrate has no dialect for (and the jar no driver): exit 2, and an error that
     * names the product, apart from the URL (which says "oracle" anyway), and lists the supported ones,
     * as the core's {@code UnsupportedDatabaseException} does once it has a connection.
     */
    @Test
    void urlOfAnUnsupportedDatabaseNamesTheProductAndTheSupportedOnes() throws Exception {
        Path scripts = Scripts.exactlyOnce(1, 2);
        String url = "jdbc:oracle:thin:@127.0.0.1:1521/orcl";
        Cli.Result result = Cli.run(List.of("--url", url, "--user", "scott", "--password", "tiger-Pw-1", "--locations",
                "filesystem:" + scripts, "migrate"));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).as(result.toString()).contains(url).doesNotContain("tiger-Pw-1");
        List<String> errors = result.err().lines().filter(l -> l.startsWith("Error:")).toList();
        assertThat(errors).as(result.toString()).hasSize(1);
        String message = errors.get(0).replace(url, "<url>");
        assertThat(message).as("the error names the product, not only inside the URL: %s", result).containsIgnoringCase("oracle");
        assertThat(message).as("the error lists the supported databases: %s", result)
                .contains("PostgreSQL", "MySQL", "MariaDB", "H2", "SQLite");
    }

    /**
     * Writes V2 with {@value #STATEMENTS} statements, one, two or three lines each, under a comment
     * header; statement {@value #BROKEN} has a syntax error when {@code broken}. Returns the line
     * statement {@value #BROKEN} starts on.
     */
    private static int writeEighty(Path scripts, boolean broken) throws IOException {
        StringBuilder sql = new StringBuilder("-- Eighty statements; number 40 is broken.\n-- Odd ones create a table, even ones insert.\n\n");
        int line = 4;
        int brokenLine = -1;
        for (int i = 1; i <= STATEMENTS; i++) {
            String statement;
            if (i == BROKEN && broken) {
                statement = "INSERT INTO base_rows (id) VALUES (" + i + ",, 'oops');\n";
            } else if (i % 2 == 1) {
                statement = i % 3 == 0 ? String.format("CREATE TABLE s_%02d (%n    id INT%n);%n", i) : String.format("CREATE TABLE s_%02d (id INT);%n", i);
            } else {
                statement = i % 4 == 0 ? "-- row " + i + "\nINSERT INTO base_rows (id)\nVALUES (" + i + ");\n"
                        : "INSERT INTO base_rows (id) VALUES (" + i + ");\n";
            }
            if (i == BROKEN) {
                brokenLine = line + (statement.startsWith("--") ? 1 : 0);
            }
            sql.append(statement);
            line += (int) statement.chars().filter(c -> c == '\n').count();
        }
        Scripts.write(scripts, EIGHTY, sql.toString());
        return brokenLine;
    }

    private static String eightyDown() {
        StringBuilder sql = new StringBuilder("DELETE FROM base_rows WHERE id > 0;\n");
        for (int i = 1; i <= STATEMENTS; i += 2) {
            sql.append(String.format("DROP TABLE IF EXISTS s_%02d;%n", i));
        }
        return sql.toString();
    }
}
