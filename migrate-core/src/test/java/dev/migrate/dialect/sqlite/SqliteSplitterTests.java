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

    /**
     * As SQLite's tokenizer reads it (the sqlite3 shell and the JDBC driver alike): a block comment never closed runs to
     * the end of the script, and hides what follows. But a script ending in the two characters slash star is the
     * operators / and *, a syntax error there, and stays refused.
     */
    @Test
    public void aBlockCommentNeverClosedRunsToTheEndOfTheScript() {
        assertSplit("CREATE TABLE a (x);\nCREATE TABLE b (x) /* no end;\nCREATE TABLE c (x);\n").containsExactly(
                tuple(1, "CREATE TABLE a (x)"),
                tuple(2, "CREATE TABLE b (x)"));
        assertSplit("SELECT 1;\n/*\n").containsExactly(tuple(1, "SELECT 1"));
        assertSplit("SELECT 1;\n/*/").containsExactly(tuple(1, "SELECT 1"));
        assertThatThrownBy(() -> sqlite.split("SELECT 1;\n/*"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageStartingWith("Unterminated block comment opened on line 2;");
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
