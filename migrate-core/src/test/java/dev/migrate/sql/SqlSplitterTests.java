package dev.migrate.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.migrate.dialect.h2.H2Splitter;
import dev.migrate.dialect.mysql.MySqlSplitter;
import dev.migrate.dialect.postgres.PostgresSplitter;
import dev.migrate.dialect.sqlite.SqliteSplitter;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractListAssert;
import org.assertj.core.api.ObjectAssert;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules every dialect's splitter keeps. Each dialect's test class extends this one and overrides
 * {@link #splitter()}, so that these tests run once per dialect; the scripts here are therefore
 * written in the SQL that all of them read alike (no backslashes, no {@code $}, no {@code #}, no
 * {@code [}). The tests named {@code ansi...} pin the base class's own reading and always use it; those
 * named after a database ({@code postgres...}, {@code mysql...}) pin a shared rule on the dialect whose
 * scripts showed it.
 */
public class SqlSplitterTests {

    private final SqlSplitter ansi = new SqlSplitter();
    private final SqlSplitter postgres = new PostgresSplitter();
    private final SqlSplitter mysql = new MySqlSplitter();
    private final SqlSplitter sqlite = new SqliteSplitter();

    /** Every database's splitter, for the rules that hold for all of them. */
    static Stream<SqlSplitter> databases() {
        return Stream.of(new PostgresSplitter(), new MySqlSplitter(), new H2Splitter(), new SqliteSplitter());
    }

    /** The splitter under test; dialect test classes return theirs. */
    protected SqlSplitter splitter() {
        return ansi;
    }

    /** The statements of {@code script} as (line, sql) tuples, to compare with {@code containsExactly}. */
    protected AbstractListAssert<?, List<? extends Tuple>, Tuple, ObjectAssert<Tuple>> assertSplit(String script) {
        return assertThat(splitter().split(script)).extracting(SqlStatement::line, SqlStatement::sql);
    }

    @Test
    public void splitsAtSemicolonsAndReportsTheLineOfEachFirstToken() {
        assertSplit("""
                CREATE TABLE t (id INT);
                INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);

                UPDATE t
                   SET id = 3
                 WHERE id = 2;
                """).containsExactly(
                tuple(1, "CREATE TABLE t (id INT)"),
                tuple(2, "INSERT INTO t VALUES (1)"),
                tuple(2, "INSERT INTO t VALUES (2)"),
                tuple(4, "UPDATE t\n   SET id = 3\n WHERE id = 2"));
    }

    @Test
    public void semicolonsAndDoubledQuotesInsideStringLiteralsDoNotSplit() {
        assertSplit("""
                INSERT INTO t VALUES ('a;b', 'it''s; fine', '');
                SELECT ';';
                """).containsExactly(
                tuple(1, "INSERT INTO t VALUES ('a;b', 'it''s; fine', '')"),
                tuple(2, "SELECT ';'"));
    }

    @Test
    public void semicolonsInsideDoubleQuotesDoNotSplit() {
        // a quoted identifier in ANSI SQL, a string in MySQL: neither ends at the ;
        assertSplit("""
                CREATE TABLE "odd;""name" (id INT);
                SELECT 1;
                """).containsExactly(
                tuple(1, "CREATE TABLE \"odd;\"\"name\" (id INT)"),
                tuple(2, "SELECT 1"));
    }

    @Test
    public void lineCommentInsideAStatementIsKeptAndItsSemicolonAndQuoteIgnored() {
        assertSplit("""
                SELECT 1 -- it's; not the end
                     , 2;
                SELECT 3;
                """).containsExactly(
                tuple(1, "SELECT 1 -- it's; not the end\n     , 2"),
                tuple(3, "SELECT 3"));
    }

    @Test
    public void blockCommentInsideAStatementIsKeptAndItsSemicolonAndQuoteIgnored() {
        assertSplit("""
                SELECT /* one; 'two
                   three; */ 4;
                SELECT 5;
                """).containsExactly(
                tuple(1, "SELECT /* one; 'two\n   three; */ 4"),
                tuple(3, "SELECT 5"));
    }

    @Test
    public void commentOpenersInsideStringsAndQuotesAreText() {
        assertSplit("""
                SELECT '-- not a comment;', '/* nor this;', "-- nor; this";
                SELECT 2;
                """).containsExactly(
                tuple(1, "SELECT '-- not a comment;', '/* nor this;', \"-- nor; this\""),
                tuple(2, "SELECT 2"));
    }

    @Test
    public void commentsBeforeAStatementAreNotPartOfIt() {
        assertSplit("""
                -- V1: first table;
                /* written by 'someone';
                   on two lines */

                  CREATE TABLE a (id INT);
                -- and a second one
                CREATE TABLE b (id INT);
                """).containsExactly(
                tuple(5, "CREATE TABLE a (id INT)"),
                tuple(7, "CREATE TABLE b (id INT)"));
    }

    @Test
    public void commentsBetweenTheLastTokenAndTheDelimiterAreLeftOut() {
        assertSplit("""
                SELECT 1 -- trailing
                ;
                SELECT 2 /* trailing */ ;
                """).containsExactly(
                tuple(1, "SELECT 1"),
                tuple(3, "SELECT 2"));
    }

    @Test
    public void emptyStatementsYieldNothing() {
        assertSplit(";;SELECT 1;;\n;\n; ;SELECT 2;;").containsExactly(
                tuple(1, "SELECT 1"),
                tuple(3, "SELECT 2"));
    }

    @Test
    public void lastStatementNeedsNoDelimiter() {
        assertSplit("SELECT 1;\nSELECT 2\n  ").containsExactly(
                tuple(1, "SELECT 1"),
                tuple(2, "SELECT 2"));
    }

    @Test
    public void lastStatementWithoutDelimiterEndsBeforeTrailingComments() {
        assertSplit("SELECT 1\n-- the end\n").containsExactly(tuple(1, "SELECT 1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  \n\t\r\n", "-- only a comment", "/* only\n a comment */\n", ";", " ; ;\n;"})
    public void emptyOrCommentOnlyScriptYieldsNoStatement(String script) {
        assertThat(splitter().split(script)).isEmpty();
    }

    @Test
    public void commentsAndWhitespaceAfterTheLastStatementYieldNothing() {
        assertSplit("SELECT 1;\n\n-- done;\n/* really; */\n\n").containsExactly(tuple(1, "SELECT 1"));
    }

    @Test
    public void countsCrLfLineEndingsOnce() {
        assertSplit("SELECT 1;\r\n\r\n-- comment\r\nSELECT\r\n  2;\r\nSELECT 3").containsExactly(
                tuple(1, "SELECT 1"),
                tuple(4, "SELECT\r\n  2"),
                tuple(6, "SELECT 3"));
    }

    @Test
    public void countsOldMacLineEndings() {
        assertSplit("SELECT 1;\r\rSELECT 2;\r/* a\r b */ SELECT 3;").containsExactly(
                tuple(1, "SELECT 1"),
                tuple(3, "SELECT 2"),
                tuple(5, "SELECT 3"));
    }

    @Test
    public void countsLinesInsideStringsAndComments() {
        assertSplit("SELECT 'a\nb\r\nc';\n/* x\n y */ SELECT 2;").containsExactly(
                tuple(1, "SELECT 'a\nb\r\nc'"),
                tuple(5, "SELECT 2"));
    }

    @Test
    public void skipsALeadingByteOrderMark() {
        assertSplit("\uFEFFSELECT 1;\nSELECT 2;").containsExactly(
                tuple(1, "SELECT 1"),
                tuple(2, "SELECT 2"));
    }

    @Test
    public void aSyntaxErrorMovedDownGivesTheFilesLineInItsMessage() {
        SqlSyntaxException inSection = org.assertj.core.api.Assertions.catchThrowableOfType(SqlSyntaxException.class,
                () -> splitter().split("SELECT 1;\n'never closed\n"));
        SqlSyntaxException inFile = inSection.movedDown(4);
        assertThat(inFile.line()).isEqualTo(6);
        assertThat(inFile).hasMessageStartingWith("Unterminated string literal opened on line 6;").hasCause(inSection);
        assertThat(inSection.movedDown(0)).isSameAs(inSection);
    }

    @Test
    public void unterminatedStringReportsTheLineWhereItOpened() {
        assertThatThrownBy(() -> splitter().split("SELECT 1;\r\nSELECT 'abc;\r\nSELECT 3;\r\n"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageStartingWith("Unterminated string literal opened on line 2;");
    }

    @Test
    public void unterminatedDoubleQuoteReportsTheLineWhereItOpened() {
        assertThatThrownBy(() -> splitter().split("SELECT 1;\n\nSELECT \"abc;\nSELECT 3;"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageStartingWith("Unterminated ")
                .hasMessageContaining(" opened on line 3;");
    }

    /**
     * Whether every block comment never closed is refused; SQLite's test class says no (it runs to the end there,
     * and is refused only when it hides SQL).
     */
    protected boolean refusesUnclosedBlockComment() {
        return true;
    }

    @Test
    public void unterminatedBlockCommentReportsTheLineWhereItOpened() {
        String script = "SELECT 1;\n/* to be\ncontinued;\nSELECT 2;";
        assertThatThrownBy(() -> splitter().split(script))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageStartingWith("Unterminated block comment opened on line 2;")
                // on SQLite, because it hides a statement; elsewhere because it is never closed
                .hasMessageContaining(refusesUnclosedBlockComment() ? "close it with */" : "it hides SQL (SELECT 2)");
        if (refusesUnclosedBlockComment()) {
            assertThatThrownBy(() -> splitter().split("SELECT 1;\n/* only text, never closed\n"))
                    .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2));
        }
    }

    @Test
    public void transactionControlStatementsStandAlone() {
        List<SqlStatement> statements = splitter().split("""
                BEGIN;
                INSERT INTO t VALUES (1);
                SAVEPOINT s;
                ROLLBACK TO SAVEPOINT s;
                COMMIT;
                """);

        assertThat(statements).extracting(SqlStatement::line, SqlStatement::sql).containsExactly(
                tuple(1, "BEGIN"),
                tuple(2, "INSERT INTO t VALUES (1)"),
                tuple(3, "SAVEPOINT s"),
                tuple(4, "ROLLBACK TO SAVEPOINT s"),
                tuple(5, "COMMIT"));
        assertThat(statements).extracting(SqlStatement::controlsTransaction)
                .containsExactly(true, false, false, true, true);
    }

    @Test
    public void caseExpressionDoesNotHoldTheDelimiter() {
        assertSplit("""
                SELECT CASE WHEN id > 0 THEN 'pos;' ELSE 'neg' END AS sign FROM t;
                SELECT 2;
                """).containsExactly(
                tuple(1, "SELECT CASE WHEN id > 0 THEN 'pos;' ELSE 'neg' END AS sign FROM t"),
                tuple(2, "SELECT 2"));
    }

    @Test
    public void blockWordsOutsideStoredProgramsDoNotHoldTheDelimiter() {
        // an unclosed BEGIN in an ordinary statement (a column name) must not swallow the script
        assertSplit("""
                CREATE TABLE event (begin INT, status INT);
                SELECT begin FROM t;
                SELECT 3;
                """).containsExactly(
                tuple(1, "CREATE TABLE event (begin INT, status INT)"),
                tuple(2, "SELECT begin FROM t"),
                tuple(3, "SELECT 3"));
    }

    @Test
    public void postgresParameterNamedBeginOpensNoBlock() {
        // as pg_dump writes the signature; psql counts BEGIN only outside parentheses
        assertThat(postgres.split("""
                CREATE FUNCTION in_range(begin timestamptz, finish timestamptz) RETURNS SETOF booking
                LANGUAGE sql STABLE AS $$
                  SELECT * FROM booking WHERE starts >= begin AND starts < finish
                $$;
                CREATE TABLE after_fn (id int);
                INSERT INTO after_fn VALUES (1);
                """)).extracting(SqlStatement::line).containsExactly(1, 5, 6);
    }

    @Test
    public void sqliteTriggerReadingAColumnNamedBeginIsOneStatement() {
        String trigger = """
                CREATE TRIGGER shift_hours AFTER INSERT ON shift
                BEGIN
                  UPDATE shift SET hours = (julianday('now') - julianday(NEW.begin)) * 24 WHERE id = NEW.id;
                  UPDATE shift SET note = 'late' WHERE shift.begin > shift.end;
                END""";

        assertThat(sqlite.split("CREATE TABLE shift (id INTEGER PRIMARY KEY, begin TEXT, hours REAL, note TEXT);\n"
                + trigger + ";\nCREATE TABLE after_trigger (x INT);"))
                .extracting(SqlStatement::line, SqlStatement::sql).containsExactly(
                        tuple(1, "CREATE TABLE shift (id INTEGER PRIMARY KEY, begin TEXT, hours REAL, note TEXT)"),
                        tuple(2, trigger),
                        tuple(7, "CREATE TABLE after_trigger (x INT)"));
    }

    /** The splitters that keep a {@code CREATE PROCEDURE}'s body, {@code ;} and all, in one statement. */
    static Stream<SqlSplitter> procedureBodies() {
        return Stream.of(new PostgresSplitter(), new MySqlSplitter());
    }

    @ParameterizedTest
    @MethodSource("procedureBodies")
    public void blockWordsInsideParenthesesOrNextToADotAreNames(SqlSplitter database) {
        String procedure = """
                CREATE PROCEDURE shift_report(begin INT, finish INT)
                BEGIN
                  INSERT INTO report SELECT s.begin, s.end, (CASE WHEN s.end > begin THEN 1 END) FROM shift s;
                  UPDATE shift SET hours = (end - begin) WHERE shift.case = 1 AND begin.x = 2;
                END""";

        assertThat(database.split(procedure + ";\nCREATE TABLE after_procedure (x INT);"))
                .extracting(SqlStatement::line, SqlStatement::sql).containsExactly(
                        tuple(1, procedure),
                        tuple(6, "CREATE TABLE after_procedure (x INT)"));
    }

    @Test
    public void postgresCaseEndedBeforeALockingClauseIsNoLoopEnd() {
        String function = """
                CREATE FUNCTION next_job() RETURNS int LANGUAGE sql
                BEGIN ATOMIC
                  SELECT id FROM jobs WHERE NOT done
                  ORDER BY CASE priority WHEN 'high' THEN 0 ELSE 1 END FOR UPDATE SKIP LOCKED;
                  SELECT CASE WHEN true THEN 1 END FOR NO KEY UPDATE;
                  SELECT CASE WHEN true THEN 1 END
                    FOR /* weaker */ KEY SHARE;
                  SELECT CASE WHEN true THEN 1 END FOR SHARE;
                END""";

        assertThat(postgres.split(function + ";\nCREATE TABLE after_fn (x int);"))
                .extracting(SqlStatement::line, SqlStatement::sql).containsExactly(
                        tuple(1, function),
                        tuple(10, "CREATE TABLE after_fn (x int)"));
    }

    @Test
    public void mysqlCaseEndedBeforeALockingClauseIsNoLoopEnd() {
        String procedure = """
                CREATE PROCEDURE claim(OUT j INT)
                BEGIN
                  SELECT id INTO j FROM jobs WHERE NOT done
                  ORDER BY CASE priority WHEN 'high' THEN 0 ELSE 1 END FOR UPDATE;
                  FOR i IN 1..3 DO
                    UPDATE jobs SET done = TRUE WHERE id = j;
                  END FOR;
                END""";

        assertThat(mysql.split(procedure + ";\nCREATE TABLE after_proc (x INT);"))
                .extracting(SqlStatement::line, SqlStatement::sql).containsExactly(
                        tuple(1, procedure),
                        tuple(9, "CREATE TABLE after_proc (x INT)"));
    }

    @Test
    public void mysqlDashDashStartsACommentAtTheStartOfAStatementWithoutWhitespace() {
        // the mariadb client drops these lines; 1--1 and a line --1 inside a statement stay arithmetic
        assertThat(mysql.split("""
                ----------------------------------------
                --Users table
                ----------------------------------------
                CREATE TABLE users (id INT PRIMARY KEY);
                SELECT 1;--after the delimiter
                  /* a comment, then */ --still the start
                SELECT 1--1,
                --1
                  AS two;
                --""")).extracting(SqlStatement::line, SqlStatement::sql).containsExactly(
                        tuple(4, "CREATE TABLE users (id INT PRIMARY KEY)"),
                        tuple(5, "SELECT 1"),
                        tuple(7, "SELECT 1--1,\n--1\n  AS two"));
    }

    @Test
    public void mysqlQuotedDelimiterIsWhatIsBetweenTheQuotes() {
        assertThat(mysql.split("""
                CREATE TABLE t (id INT);
                DELIMITER '//'
                CREATE PROCEDURE p1() BEGIN INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END//
                DELIMITER "$$"
                SELECT '//'$$
                DELIMITER `;;` the client reads nothing after the quote
                SELECT 3;;
                DELIMITER ';'
                CALL p1();
                """)).extracting(SqlStatement::line, SqlStatement::sql).containsExactly(
                        tuple(1, "CREATE TABLE t (id INT)"),
                        tuple(3, "CREATE PROCEDURE p1() BEGIN INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END"),
                        tuple(5, "SELECT '//'"),
                        tuple(7, "SELECT 3"),
                        tuple(9, "CALL p1()"));
    }

    @Test
    public void mysqlDelimiterWithAnUnclosedQuoteIsASyntaxError() {
        assertThatThrownBy(() -> mysql.split("SELECT 1;\nDELIMITER '//\nSELECT 2//\n'"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageStartingWith("DELIMITER on line 2 opens a quote it does not close on that line");
    }

    @Test
    public void sqliteTriggerNeverClosedIsRefusedWithTheLineOfItsBegin() {
        // SQLite's driver would run the trigger and drop the statements after it without a word
        assertThatThrownBy(() -> sqlite.split("""
                CREATE TABLE audit (msg TEXT);
                CREATE TRIGGER log_insert AFTER INSERT ON t
                BEGIN
                  INSERT INTO audit VALUES ('insert');
                CREATE TABLE after_trigger (x INT);
                INSERT INTO after_trigger VALUES (1);
                """))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageStartingWith("Unterminated BEGIN block opened on line 3; the script ends before the END that closes it");
        // a column named begin where a block could start too (after THEN, before END) still counts: refused, not run in part
        assertThatThrownBy(() -> sqlite.split("""
                CREATE TRIGGER shift_start AFTER INSERT ON shift
                BEGIN
                  UPDATE shift SET hours = CASE WHEN hours IS NULL THEN begin END WHERE id = NEW.id;
                END;
                CREATE TABLE after_trigger (x INT);"""))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageContaining("quote begin where it is a name");
    }

    @Test
    public void postgresBodyNeverClosedIsRefusedWithTheLineOfItsOutermostBlock() {
        // the END there closes the CASE; the BEGIN ATOMIC is what stays open
        assertThatThrownBy(() -> postgres.split("""
                SELECT 1;
                CREATE FUNCTION sign_of(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC
                  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;
                CREATE TABLE after_fn (x int);"""))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageStartingWith("Unterminated BEGIN block opened on line 2;");
        assertThatThrownBy(() -> mysql.split("CREATE PROCEDURE p()\nBEGIN\n  SELECT CASE WHEN 1 THEN 2;\nEND;"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageStartingWith("Unterminated BEGIN block opened on line 2;");
    }

    @ParameterizedTest
    @MethodSource("databases")
    public void aTransactionLeftOpenAtTheEndIsNoUnterminatedBlock(SqlSplitter database) {
        // the runner decides about a script that leaves its transaction open, not the splitter
        assertThat(database.split("BEGIN;\nCOMMIT;\nBEGIN WORK;\nEND;\nBEGIN TRANSACTION;\nSELECT 1;\nBEGIN"))
                .extracting(SqlStatement::sql)
                .containsExactly("BEGIN", "COMMIT", "BEGIN WORK", "END", "BEGIN TRANSACTION", "SELECT 1", "BEGIN");
        assertThat(database.split("CREATE TABLE t (begin INT);\nSELECT CASE WHEN 1 = 1 THEN 1 END;\nSELECT begin FROM t"))
                .extracting(SqlStatement::line).containsExactly(1, 2, 3);
    }

    @Test
    public void findsTheOffsetsInsideQuotesAndCommentsAsItSplits() {
        String script = "SELECT 'a\n@', 1 -- '\n@ /* b\n@ */, \"c\n@\";\n@ SELECT 'never closed;\n@";
        int[] offsets = IntStream.range(0, script.length()).filter(i -> script.charAt(i) == '@').toArray();

        // from a quote never closed on, nothing counts as quoted: the error when splitting is what to fix
        assertThat(splitter().enclosed(script, offsets)).containsExactly(true, false, true, true, false, false);
    }

    /**
     * Before the database is known, every splitter reads dollar quotes, DELIMITER and stored program bodies alike: a
     * -- line inside a function's dollar quote or a procedure's BEGIN ... END is part of the statement for all of them.
     */
    @ParameterizedTest
    @MethodSource("databases")
    public void findsTheLineCommentsInDollarQuotesAndBodiesWhateverTheDatabase(SqlSplitter database) {
        String script = "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  x := 1;\n-- @\n  RETURN 1;\nEND\n$$ LANGUAGE plpgsql;\n-- @\n"
                + "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  -- @\n  SELECT 2;\nEND;\n-- @\n"
                + "DELIMITER $$\nCREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN\n  SET NEW.a = 1;\n  -- @\nEND$$\n-- @\n"
                + "DELIMITER ;\nCREATE TABLE t (id int)\n-- @\n";
        int[] offsets = IntStream.range(0, script.length()).filter(i -> script.startsWith("-- @", i)).toArray();

        assertThat(database.enclosed(script, offsets)).containsExactly(true, false, true, false, true, false, false);
    }

    @Test
    public void ordinaryStatementsAreTransactional() {
        assertThat(splitter().split("CREATE TABLE t (id INT);\nINSERT INTO t VALUES (1);\nDROP TABLE t"))
                .extracting(SqlStatement::transactional)
                .containsExactly(true, true, true);
    }

    /**
     * The pragmas SQLite refuses to change inside a transaction (journal_mode, synchronous) or ignores there (foreign_keys
     * turned off, which let a rebuild's DROP TABLE cascade to the child rows) make the script run outside one; reading them,
     * turning keys on, and other pragmas do not.
     */
    @Test
    public void sqlitePragmasThatDoNotWorkInsideATransactionAreNonTransactional() {
        List<String> outside = List.of("PRAGMA foreign_keys = OFF", "pragma foreign_keys=0", "PRAGMA main.foreign_keys = false",
                "PRAGMA foreign_keys(no)", "PRAGMA foreign_keys = 'off'", "PRAGMA \"main\" . foreign_keys = OFF",
                "PRAGMA journal_mode = WAL", "PRAGMA journal_mode=DELETE", "PRAGMA main.journal_mode = wal",
                "PRAGMA synchronous = NORMAL", "PRAGMA synchronous(0)");
        List<String> inside = List.of("PRAGMA foreign_keys", "PRAGMA foreign_keys = ON", "PRAGMA foreign_keys = 1",
                "PRAGMA foreign_keys = 'yes'", "PRAGMA journal_mode", "PRAGMA main.synchronous", "PRAGMA foreign_key_check",
                "PRAGMA defer_foreign_keys = ON", "PRAGMA legacy_alter_table = ON", "PRAGMA user_version = 3");
        for (String pragma : outside) {
            assertThat(sqlite.split("CREATE TABLE a (id INT);\n" + pragma + ";\n")).as(pragma)
                    .extracting(SqlStatement::transactional).containsExactly(true, false);
        }
        for (String pragma : inside) {
            assertThat(sqlite.split(pragma + ";")).as(pragma).extracting(SqlStatement::transactional).containsExactly(true);
        }
        assertThat(new PostgresSplitter().split("PRAGMA foreign_keys = OFF;")).extracting(SqlStatement::transactional)
                .as("another database's splitter").containsExactly(true);
    }

    @Test
    public void splitsALargeScriptInOnePass() {
        int count = 50_000;
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < count; i++) {
            script.append("INSERT INTO t VALUES (").append(i).append(", 'row; ").append(i).append("');\r\n");
        }

        List<SqlStatement> statements = splitter().split(script.toString());

        assertThat(statements).hasSize(count);
        assertThat(statements.get(count - 1))
                .isEqualTo(new SqlStatement("INSERT INTO t VALUES (49999, 'row; 49999')", count, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "BEGIN", "begin;", "BEGIN WORK", "BEGIN TRANSACTION", "BEGIN ISOLATION LEVEL SERIALIZABLE",
        "BEGIN IMMEDIATE TRANSACTION", "START TRANSACTION", "start transaction read only ;  ",
        "COMMIT", "COMMIT WORK", "commit ;\n", "END", "end;", "END TRANSACTION", "END WORK", "ROLLBACK",
        "ROLLBACK WORK", "ROLLBACK TO SAVEPOINT s1", "ROLLBACK TO s1", "ABORT", "/* close */ COMMIT",
    })
    public void statementsThatControlTheTransaction(String sql) {
        assertThat(new SqlStatement(sql, 1, true).controlsTransaction()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SAVEPOINT s1", "RELEASE SAVEPOINT s1", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
        "BEGIN ATOMIC SELECT 1; END", "begin atomic", "BEGIN NOT ATOMIC SELECT 1; END", "END IF",
        "END LOOP", "START SLAVE", "SELECT 1", "INSERT INTO commit_log VALUES (1)", "COMMITTED", "ending",
        "-- COMMIT\nSELECT 1", "",
    })
    public void statementsThatDoNotControlTheTransaction(String sql) {
        assertThat(new SqlStatement(sql, 1, true).controlsTransaction()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO t VALUES (1)", "insert into t select * from s", "-- row\nUPDATE t SET a = 1",
        "/* gone */ DELETE FROM t", "MERGE INTO t KEY (id) VALUES (1)", "REPLACE INTO t VALUES (1)",
        "UPSERT INTO t VALUES (1)", "INSERT INTO t (returning_id) VALUES (1)",
    })
    public void dataStatementsGoInBatches(String sql) {
        assertThat(new SqlStatement(sql, 1, true).batchable()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO t VALUES (1) RETURNING id", "delete from t returning *", "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x",
        "SELECT 1", "CREATE TABLE t (id INT)", "SET search_path TO a", "CALL p()", "DO $$ BEGIN END $$", "", "-- INSERT",
        "UPDATED", "COPY t FROM STDIN",
    })
    public void otherStatementsDoNot(String sql) {
        assertThat(new SqlStatement(sql, 1, true).batchable()).isFalse();
    }

    @Test
    public void aStatementWithInlineDataDoesNotGoInABatch() {
        SqlStatement copy = new SqlStatement("INSERT INTO t VALUES (1)", 1, true, new SqlStatement.InlineData("1\n", 2, 1));
        assertThat(copy.batchable()).isFalse();
    }

    @Test
    public void ansiBackslashIsAnOrdinaryCharacterInStrings() {
        assertThat(ansi.split("SELECT 'C:\\';SELECT 2")).extracting(SqlStatement::sql)
                .containsExactly("SELECT 'C:\\'", "SELECT 2");
    }

    @Test
    public void ansiBlockCommentsDoNotNest() {
        assertThat(ansi.split("/* a /* b */ SELECT 1;")).extracting(SqlStatement::sql)
                .containsExactly("SELECT 1");
    }

    @Test
    public void ansiHasNoDollarQuotesHashCommentsBracketsOrDelimiterCommand() {
        assertThat(ansi.split("SELECT $$a;b$$;\nSELECT 1 # 2;\nSELECT [x;y];\nDELIMITER $$"))
                .extracting(SqlStatement::sql)
                .containsExactly("SELECT $$a", "b$$", "SELECT 1 # 2", "SELECT [x", "y]", "DELIMITER $$");
    }

    @Test
    public void ansiDashDashStartsACommentWithoutWhitespace() {
        // the comment swallows the ; so the next line continues the statement
        assertThat(ansi.split("SELECT 1--2;\nSELECT 3")).extracting(SqlStatement::sql)
                .containsExactly("SELECT 1--2;\nSELECT 3");
    }
}
