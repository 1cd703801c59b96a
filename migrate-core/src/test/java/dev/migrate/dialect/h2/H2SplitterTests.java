package dev.migrate.dialect.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.migrate.sql.SqlSplitter;
import dev.migrate.sql.SqlSplitterTests;
import dev.migrate.sql.SqlStatement;
import dev.migrate.sql.SqlSyntaxException;
import org.junit.jupiter.api.Test;

/** H2's lexer on top of the shared rules, which {@link SqlSplitterTests} runs here too. */
public class H2SplitterTests extends SqlSplitterTests {

    private final H2Splitter h2 = new H2Splitter();

    @Override
    protected SqlSplitter splitter() {
        return h2;
    }

    @Test
    public void javaSourceOfAnAliasInDollarQuotesIsOneStatement() {
        assertSplit("""
                CREATE ALIAS NEXT_PRIME AS $$
                String nextPrime(String value) {
                    // it's the next one; "probably"
                    return new java.math.BigInteger(value).nextProbablePrime().toString();
                }
                $$;
                CALL NEXT_PRIME('7');
                """).containsExactly(
                tuple(1, """
                        CREATE ALIAS NEXT_PRIME AS $$
                        String nextPrime(String value) {
                            // it's the next one; "probably"
                            return new java.math.BigInteger(value).nextProbablePrime().toString();
                        }
                        $$"""),
                tuple(7, "CALL NEXT_PRIME('7')"));
    }

    @Test
    public void doubleSlashStartsALineComment() {
        assertSplit("""
                // V1: it's; a comment
                SELECT 1 // another; 'one
                     , 2;
                SELECT '//;';
                """).containsExactly(
                tuple(2, "SELECT 1 // another; 'one\n     , 2"),
                tuple(4, "SELECT '//;'"));
    }

    @Test
    public void blockCommentsNest() {
        assertSplit("/* outer /* inner; */ still; */ SELECT 1;\nSELECT 2;").containsExactly(
                tuple(1, "SELECT 1"),
                tuple(2, "SELECT 2"));
    }

    @Test
    public void backtickIdentifiersHideSemicolons() {
        assertSplit("CREATE TABLE `odd;name` (id INT);\nSELECT 2;").containsExactly(
                tuple(1, "CREATE TABLE `odd;name` (id INT)"),
                tuple(2, "SELECT 2"));
    }

    @Test
    public void backslashIsAnOrdinaryCharacterInStrings() {
        assertSplit("SELECT 'C:\\';\nSELECT 2;").containsExactly(
                tuple(1, "SELECT 'C:\\'"),
                tuple(2, "SELECT 2"));
    }

    @Test
    public void triggerCallingAClassIsAnOrdinaryStatement() {
        assertSplit("""
                CREATE TRIGGER audit_t AFTER INSERT ON t FOR EACH ROW CALL "com.example.AuditTrigger";
                SELECT 2;
                """).containsExactly(
                tuple(1, "CREATE TRIGGER audit_t AFTER INSERT ON t FOR EACH ROW CALL \"com.example.AuditTrigger\""),
                tuple(2, "SELECT 2"));
    }

    @Test
    public void everyStatementIsTransactional() {
        assertThat(h2.split("CREATE INDEX i ON t (c);\nCREATE SCHEMA app;\nSHUTDOWN DEFRAG"))
                .extracting(SqlStatement::transactional)
                .containsExactly(true, true, true);
    }

    @Test
    public void unterminatedDollarQuoteReportsItsLine() {
        assertThatThrownBy(() -> h2.split("SELECT 1;\nCREATE ALIAS F AS $$\nint f() { return 1; }\n"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageStartingWith("Unterminated dollar-quoted string $$ opened on line 2;");
    }
}
