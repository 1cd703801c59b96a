package dev.migrate.dialect.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.migrate.sql.SqlSplitter;
import dev.migrate.sql.SqlSplitterTests;
import dev.migrate.sql.SqlStatement;
import dev.migrate.sql.SqlSyntaxException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SQLite's lexer on top of the shared rules, which {@link SqlSplitterTests} runs here too. */
public class SqliteSplitterTests extends SqlSplitterTests {

    private final SqliteSplitter sqlite = new SqliteSplitter();

    @Override
    protected SqlSplitter splitter() {
        return sqlite;
    }

    @Override
    protected boolean refusesUnclosedBlockComment() {
        return false;
    }

    /** PRAGMA foreign_keys = OFF between the script's own BEGIN and its COMMIT, which SQLite ignores, is warned about. */
    @Test
    public void foreignKeysOffInsideTheScriptsOwnTransactionIsAWarning() {
        assertThat(sqlite.splitWithWarnings("BEGIN IMMEDIATE;\nSAVEPOINT s;\nROLLBACK TO s;\npragma main.FOREIGN_KEYS(0);\nCOMMIT;")
                .warnings()).singleElement().satisfies(w -> {
                    assertThat(w.line()).isEqualTo(4);
                    assertThat(w.message()).startsWith("PRAGMA foreign_keys = OFF inside the script's own transaction (BEGIN at line 1)"
                            + " does nothing").endsWith("Move it before the BEGIN");
                });
        assertThat(sqlite.splitWithWarnings("PRAGMA foreign_keys = OFF;\nBEGIN;\nDROP TABLE a;\nCOMMIT;").warnings()).isEmpty();
        assertThat(sqlite.splitWithWarnings("BEGIN;\nDROP TABLE a;\nCOMMIT;\nPRAGMA foreign_keys = OFF;").warnings()).isEmpty();
        assertThat(sqlite.splitWithWarnings("BEGIN;\nDROP TABLE a;\nEND;\nPRAGMA foreign_keys = OFF;").warnings()).isEmpty();
        assertThat(sqlite.splitWithWarnings("BEGIN;\nPRAGMA foreign_keys = ON;\nPRAGMA foreign_keys;\nCOMMIT;").warnings()).isEmpty();
        assertThat(sqlite.splitWithWarnings("CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END;\nPRAGMA foreign_keys = OFF;")
                .warnings()).isEmpty();
    }

    /**
     * As SQLite's tokenizer reads it (the sqlite3 shell and the JDBC driver alike): a block comment never closed runs to
     * the end of the script, and hides what follows, with a warning naming the line where it opens. But a script ending
     * in the two characters slash star is the operators / and *, a syntax error there, and stays refused.
     */
    @Test
    public void aBlockCommentNeverClosedRunsToTheEndOfTheScriptWithAWarning() {
        SqlSplitter.Split split = sqlite.splitWithWarnings("CREATE TABLE a (x);\nCREATE TABLE b (x) /* no end;\nonly notes here\n");
        assertThat(split.statements()).extracting(SqlStatement::line, SqlStatement::sql).containsExactly(
                tuple(1, "CREATE TABLE a (x)"),
                tuple(2, "CREATE TABLE b (x)"));
        assertThat(split.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(2);
            assertThat(w.message()).startsWith("a block comment opens here and is never closed: SQLite reads it to the end of the"
                    + " script, so nothing after it runs").endsWith("Close it with */ where it should end");
        });
        assertSplit("SELECT 1;\n/*\n").containsExactly(tuple(1, "SELECT 1"));
        assertSplit("SELECT 1;\n/*/").containsExactly(tuple(1, "SELECT 1"));
        assertThat(sqlite.splitWithWarnings("SELECT 1;\n/* closed */ SELECT 2;").warnings()).isEmpty();
        assertThatThrownBy(() -> sqlite.split("SELECT 1;\n/*"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageStartingWith("Unterminated block comment opened on line 2;");
    }

    /**
     * A comment never closed that hides what reads as SQL (a word that starts a statement right after the opening, at the
     * start of a line or after a semicolon, with a semicolon after it) is refused, naming its line and the SQL: the
     * close was forgotten, and the SQL would silently not run. Text, even with statement words and semicolons
     * elsewhere, is not.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "/* forgot to close\nCREATE TABLE c (x);",
        "/*CREATE TABLE c (x);",
        "/* old: x; DROP TABLE c;",
        "/* notes\n    insert into c values (1);\n",
        "/* notes\r\n\tUPDATE c SET x = 1;",
        "/* to do\nVACUUM;",
        "/* the end\nCREATE TABLE c (x)\n;",
    })
    public void aBlockCommentNeverClosedThatHidesSqlIsRefused(String comment) {
        assertThatThrownBy(() -> sqlite.split("SELECT 1;\nSELECT 2; " + comment))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageStartingWith("Unterminated block comment opened on line 2; it hides SQL (")
                .hasMessageContaining("SQLite reads a comment never closed to the end of the script. Close the comment with */");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/* only notes",
        "/* notes: we create the table later; no hurry",
        "/* TODO\nCREATE TABLE c (x)",
        "/* creates; selects; updates;",
        "/* see the docs; select a row\n",
        "/* CREATE_TABLE x;",
        "/* 'CREATE TABLE c (x);",
    })
    public void aBlockCommentNeverClosedThatHidesTextOnlyIsAWarning(String comment) {
        SqlSplitter.Split split = sqlite.splitWithWarnings("SELECT 1;\nSELECT 2; " + comment);
        assertThat(split.statements()).extracting(SqlStatement::sql).containsExactly("SELECT 1", "SELECT 2");
        assertThat(split.warnings()).singleElement().satisfies(w -> assertThat(w.line()).isEqualTo(2));
    }

    /** The error names the hidden SQL by its first line, up to its semicolon, cut after 60 characters. */
    @Test
    public void theRefusalQuotesTheHiddenSql() {
        assertThatThrownBy(() -> sqlite.split("/* x\n  CREATE TABLE a_table_with_a_name_long_enough_to_be_cut_off_in_the_message (x);"))
                .hasMessageContaining("it hides SQL (CREATE TABLE a_table_with_a_name_long_enough_to_be_cut_of...), which");
        assertThatThrownBy(() -> sqlite.split("/* x\nDROP TABLE a; DROP TABLE b;"))
                .hasMessageContaining("it hides SQL (DROP TABLE a), which");
    }

    @Test
    public void triggerBodyIsOneStatement() {
        String trigger = """
                CREATE TRIGGER audit_t AFTER UPDATE ON t
                BEGIN
                    INSERT INTO log VALUES (new.id, CASE WHEN new.x > old.x THEN 'up;' ELSE 'down' END);
                    -- touch it; 'again'
                    UPDATE t SET touched = 1 WHERE id = new.id;
                END""";

        assertSplit(trigger + ";\nCREATE TEMP TRIGGER IF NOT EXISTS t_ai AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END;"
                + "\nSELECT 3;").containsExactly(
                tuple(1, trigger),
                tuple(7, "CREATE TEMP TRIGGER IF NOT EXISTS t_ai AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END"),
                tuple(8, "SELECT 3"));
    }

    @Test
    public void transactionStatementsAreSeparate() {
        List<SqlStatement> statements = sqlite.split("BEGIN IMMEDIATE;\nINSERT INTO t VALUES (1);\nEND TRANSACTION;\n"
                + "BEGIN TRANSACTION;\nROLLBACK;");

        assertThat(statements).extracting(SqlStatement::line, SqlStatement::sql).containsExactly(
                tuple(1, "BEGIN IMMEDIATE"),
                tuple(2, "INSERT INTO t VALUES (1)"),
                tuple(3, "END TRANSACTION"),
                tuple(4, "BEGIN TRANSACTION"),
                tuple(5, "ROLLBACK"));
        assertThat(statements).extracting(SqlStatement::controlsTransaction)
                .containsExactly(true, false, true, true, true);
    }

    @Test
    public void bracketAndBacktickIdentifiersHideSemicolonsAndQuotes() {
        assertSplit("""
                CREATE TABLE [odd;'name] (`key;"` INTEGER, [--x] TEXT);
                SELECT 2;
                """).containsExactly(
                tuple(1, "CREATE TABLE [odd;'name] (`key;\"` INTEGER, [--x] TEXT)"),
                tuple(2, "SELECT 2"));
    }

    @Test
    public void backslashIsAnOrdinaryCharacterInStrings() {
        assertSplit("SELECT 'C:\\';\nSELECT 2;").containsExactly(
                tuple(1, "SELECT 'C:\\'"),
                tuple(2, "SELECT 2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"VACUUM", "vacuum main", "VACUUM INTO 'backup;.db'", "/* compact */ VACUUM"})
    public void vacuumIsNonTransactional(String sql) {
        List<SqlStatement> statements = sqlite.split("CREATE TABLE t (id INTEGER);\n" + sql + ";\nSELECT 1;");

        String withoutComment = sql.replace("/* compact */ ", "");
        assertThat(statements).extracting(SqlStatement::line, SqlStatement::sql, SqlStatement::transactional)
                .containsExactly(
                        tuple(1, "CREATE TABLE t (id INTEGER)", true),
                        tuple(2, withoutComment, false),
                        tuple(3, "SELECT 1", true));
    }

    @Test
    public void otherStatementsStayTransactional() {
        assertThat(sqlite.split("CREATE TABLE vacuum_log (id INTEGER);\nSELECT 'VACUUM';\nPRAGMA optimize"))
                .extracting(SqlStatement::transactional)
                .containsExactly(true, true, true);
    }

    @Test
    public void unterminatedBracketReportsItsLine() {
        assertThatThrownBy(() -> sqlite.split("SELECT 1;\n\nSELECT [name;\nFROM t;"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageStartingWith("Unterminated quoted identifier opened on line 3;");
    }
}
