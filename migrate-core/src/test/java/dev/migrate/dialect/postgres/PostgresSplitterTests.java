package dev.migrate.dialect.postgres;

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

/** PostgreSQL's lexer on top of the shared rules, which {@link SqlSplitterTests} runs here too. */
public class PostgresSplitterTests extends SqlSplitterTests {

    private final PostgresSplitter postgres = new PostgresSplitter();

    @Override
    protected SqlSplitter splitter() {
        return postgres;
    }

    @Test
    public void plpgsqlFunctionBodyInDollarQuotesIsOneStatement() {
        assertSplit("""
                CREATE OR REPLACE FUNCTION add(a int, b int) RETURNS int AS $$
                BEGIN
                    -- it's the sum; nothing else
                    RETURN a + b;
                END;
                $$ LANGUAGE plpgsql;
                SELECT add(1, 2);
                """).containsExactly(
                tuple(1, """
                        CREATE OR REPLACE FUNCTION add(a int, b int) RETURNS int AS $$
                        BEGIN
                            -- it's the sum; nothing else
                            RETURN a + b;
                        END;
                        $$ LANGUAGE plpgsql"""),
                tuple(7, "SELECT add(1, 2)"));
    }

    @Test
    public void namedDollarTagMayContainDoubleDollars() {
        assertSplit("""
                CREATE FUNCTION quote_it(t text) RETURNS text LANGUAGE sql AS $body$
                    SELECT $$'$$ || t || $$';$$;
                $body$;
                SELECT 1;
                """).containsExactly(
                tuple(1, """
                        CREATE FUNCTION quote_it(t text) RETURNS text LANGUAGE sql AS $body$
                            SELECT $$'$$ || t || $$';$$;
                        $body$"""),
                tuple(4, "SELECT 1"));
    }

    @Test
    public void doBlockIsOneStatement() {
        assertSplit("""
                DO $$
                DECLARE
                    n int := 0;
                BEGIN
                    RAISE NOTICE 'counting; %', n;
                END
                $$;
                SELECT 2;
                """).containsExactly(
                tuple(1, "DO $$\nDECLARE\n    n int := 0;\nBEGIN\n    RAISE NOTICE 'counting; %', n;\nEND\n$$"),
                tuple(8, "SELECT 2"));
    }

    @Test
    public void triggerFunctionAndItsTrigger() {
        assertSplit("""
                CREATE FUNCTION touch() RETURNS trigger AS $fn$
                BEGIN
                    NEW.updated_at := now(); /* ; */
                    RETURN NEW;
                END;
                $fn$ LANGUAGE plpgsql;

                CREATE TRIGGER touch_t BEFORE UPDATE ON t
                    FOR EACH ROW EXECUTE FUNCTION touch();
                """).containsExactly(
                tuple(1, """
                        CREATE FUNCTION touch() RETURNS trigger AS $fn$
                        BEGIN
                            NEW.updated_at := now(); /* ; */
                            RETURN NEW;
                        END;
                        $fn$ LANGUAGE plpgsql"""),
                tuple(8, "CREATE TRIGGER touch_t BEFORE UPDATE ON t\n    FOR EACH ROW EXECUTE FUNCTION touch()"));
    }

    @Test
    public void positionalParametersAndDollarsInIdentifiersAreNotTags() {
        assertSplit("""
                PREPARE q (int, int) AS SELECT $1 + $2;
                SELECT price$usd, a$b$c FROM t;
                SELECT 3;
                """).containsExactly(
                tuple(1, "PREPARE q (int, int) AS SELECT $1 + $2"),
                tuple(2, "SELECT price$usd, a$b$c FROM t"),
                tuple(3, "SELECT 3"));
    }

    @Test
    public void commentsAndStringsHideDollarQuotes() {
        assertSplit("""
                -- costs $$ to run
                SELECT '$$;' /* $tag$ */, 1;
                SELECT 2;
                """).containsExactly(
                tuple(2, "SELECT '$$;' /* $tag$ */, 1"),
                tuple(3, "SELECT 2"));
    }

    @Test
    public void escapeStringsTakeBackslashes() {
        assertSplit("""
                SELECT E'it\\'s; \\\\', e'\\\\';
                SELECT 'C:\\';
                SELECT 3;
                """).containsExactly(
                tuple(1, "SELECT E'it\\'s; \\\\', e'\\\\'"),
                tuple(2, "SELECT 'C:\\'"),
                tuple(3, "SELECT 3"));
    }

    @Test
    public void blockCommentsNest() {
        assertSplit("""
                /* outer /* inner; */ still
                   commented; */ SELECT 1;
                SELECT /* a /* b */ c */ 2;
                """).containsExactly(
                tuple(2, "SELECT 1"),
                tuple(3, "SELECT /* a /* b */ c */ 2"));
    }

    @Test
    public void sqlStandardBodyRunsToItsEnd() {
        assertSplit("""
                CREATE FUNCTION clamp(a int) RETURNS int
                    LANGUAGE SQL
                    BEGIN ATOMIC
                        SELECT CASE WHEN a > 0 THEN a ELSE 0 END;
                    END;
                CREATE PROCEDURE insert_two(a int, b int)
                LANGUAGE SQL
                BEGIN ATOMIC
                    INSERT INTO t VALUES (a);
                    INSERT INTO t VALUES (b);
                END;
                SELECT 3;
                """).containsExactly(
                tuple(1, """
                        CREATE FUNCTION clamp(a int) RETURNS int
                            LANGUAGE SQL
                            BEGIN ATOMIC
                                SELECT CASE WHEN a > 0 THEN a ELSE 0 END;
                            END"""),
                tuple(6, """
                        CREATE PROCEDURE insert_two(a int, b int)
                        LANGUAGE SQL
                        BEGIN ATOMIC
                            INSERT INTO t VALUES (a);
                            INSERT INTO t VALUES (b);
                        END"""),
                tuple(12, "SELECT 3"));
    }

    @Test
    public void ruleWithSeveralActionsInParenthesesIsOneStatement() {
        assertSplit("""
                CREATE RULE log_insert AS ON INSERT TO t DO ALSO (
                    INSERT INTO log VALUES (NEW.id);
                    NOTIFY t_changed
                );
                SELECT (1);
                """).containsExactly(
                tuple(1, "CREATE RULE log_insert AS ON INSERT TO t DO ALSO (\n"
                        + "    INSERT INTO log VALUES (NEW.id);\n    NOTIFY t_changed\n)"),
                tuple(5, "SELECT (1)"));
    }

    @Test
    public void transactionBlockStatementsAreSeparate() {
        List<SqlStatement> statements = postgres.split("BEGIN;\nCREATE TABLE t (id int);\nEND;\nABORT;");

        assertThat(statements).extracting(SqlStatement::line, SqlStatement::sql).containsExactly(
                tuple(1, "BEGIN"), tuple(2, "CREATE TABLE t (id int)"), tuple(3, "END"), tuple(4, "ABORT"));
        assertThat(statements).extracting(SqlStatement::controlsTransaction).containsExactly(true, false, true, true);
    }

    @Test
    public void sqlStandardBodyDoesNotControlTheTransaction() {
        SqlStatement body = postgres.split("CREATE PROCEDURE p() LANGUAGE SQL BEGIN ATOMIC SELECT 1; END;").get(0);

        assertThat(body.controlsTransaction()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE INDEX CONCURRENTLY i ON t (c)",
        "create unique index concurrently if not exists i on t (c)",
        "CREATE /* online */ INDEX\n  CONCURRENTLY i ON t (c)",
        "DROP INDEX CONCURRENTLY IF EXISTS i",
        "REINDEX INDEX CONCURRENTLY i",
        "REINDEX (VERBOSE) TABLE CONCURRENTLY t",
        "REINDEX DATABASE app",
        "REINDEX SCHEMA public",
        "VACUUM",
        "vacuum (analyze) t",
        "CREATE DATABASE app",
        "DROP DATABASE IF EXISTS app WITH (FORCE)",
        "CREATE TABLESPACE fast LOCATION '/ssd'",
        "DROP TABLESPACE fast",
        "ALTER SYSTEM SET work_mem = '64MB'",
        "ALTER DATABASE \"app\" SET TABLESPACE fast",
        "ALTER TABLE public.measurements DETACH PARTITION measurements_2020 CONCURRENTLY",
        "DISCARD ALL",
        "CLUSTER",
        "cluster verbose",
        "CREATE SUBSCRIPTION s CONNECTION 'host=primary dbname=app' PUBLICATION p",
        "DROP SUBSCRIPTION IF EXISTS s",
    })
    public void statementsRefusedInATransactionBlockAreNonTransactional(String sql) {
        List<SqlStatement> statements = postgres.split("-- leading comment\n" + sql + ";\nSELECT 1;");

        assertThat(statements).extracting(SqlStatement::line, SqlStatement::sql, SqlStatement::transactional)
                .containsExactly(tuple(2, sql, false), tuple(2 + sql.split("\n").length, "SELECT 1", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE INDEX i ON t (c)",
        "CREATE INDEX concurrently_i ON t (c)",
        "DROP INDEX i",
        "REINDEX TABLE t",
        "CREATE TABLE vacuum_log (id int)",
        "SELECT 'VACUUM'",
        "ALTER DATABASE app SET search_path = app",
        "ALTER TABLE t DETACH PARTITION t_2020",
        "COMMENT ON DATABASE app IS 'CREATE DATABASE'",
        "DISCARD TEMP",
        "DISCARD PLANS",
        "CLUSTER t USING t_pkey",
        "CLUSTER VERBOSE t",
    })
    public void otherStatementsStayTransactional(String sql) {
        assertThat(postgres.split(sql)).extracting(SqlStatement::transactional).containsExactly(true);
    }

    @Test
    public void unterminatedDollarQuoteReportsItsTagAndLine() {
        assertThatThrownBy(() -> postgres.split("SELECT 1;\n\nCREATE FUNCTION f() RETURNS int AS $body$\nSELECT 1;\n$$;"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageStartingWith("Unterminated dollar-quoted string $body$ opened on line 3;");
    }

    @Test
    public void unterminatedNestedCommentReportsTheOuterOpening() {
        assertThatThrownBy(() -> postgres.split("SELECT 1;\n/* outer\n/* inner */\nSELECT 2;"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageStartingWith("Unterminated block comment opened on line 2;");
    }

    @Test
    public void unterminatedEscapeStringReportsItsLine() {
        assertThatThrownBy(() -> postgres.split("SELECT 1;\nSELECT E'it\\';"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageStartingWith("Unterminated string literal opened on line 2;");
    }

    @Test
    public void aPsqlMetaCommandIsRefusedWithItsLine() {
        String script = "--\n-- a script for psql\n--\n\n\\connect library\n\nSET statement_timeout = 0;\nCREATE TABLE t (v text);\n";
        assertThatThrownBy(() -> postgres.split(script))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(5))
                .hasMessageStartingWith("psql meta-command \\connect on line 5: only psql runs these")
                .hasMessageContaining("pg_dump --create and pg_dumpall write it");
        assertThatThrownBy(() -> postgres.split("SELECT 1;\n\\set ON_ERROR_STOP on\n")).hasMessageNotContaining("pg_dump");
        // A backslash inside strings, comments and E'' strings is not a command.
        assertThat(postgres.split("SELECT '\\x';\n-- \\connect db\nSELECT E'\\\\';\n/* \\q */ SELECT 1;"))
                .extracting(SqlStatement::line).containsExactly(1, 3, 4);
    }

    /** pg_dump's \\restrict and \\unrestrict only keep psql from running other meta-commands: left out. */
    @Test
    public void theRestrictLinesOfPgDumpAreLeftOut() {
        String dump = "--\n-- PostgreSQL database dump\n--\n\n\\restrict Zx9Q\n\nSET statement_timeout = 0;\nCREATE TABLE t (v text);\n"
                + "\n\\unrestrict Zx9Q\n\n";
        assertThat(postgres.split(dump)).extracting(SqlStatement::sql, SqlStatement::line)
                .containsExactly(tuple("SET statement_timeout = 0", 7), tuple("CREATE TABLE t (v text)", 8));
        // Only between statements: inside one it stays, for the server to refuse.
        assertThat(postgres.split("SELECT\n\\restrict Zx9Q\n1;")).extracting(SqlStatement::sql).containsExactly("SELECT\n\\restrict Zx9Q\n1");
        assertThatThrownBy(() -> postgres.split("\\restricted\n")).hasMessageStartingWith("psql meta-command \\restricted");
    }

    @Test
    public void copyFromStdinTakesTheRowsAfterItUpToTheEndMarkerAsItsData() {
        String dump = "CREATE TABLE t (v text, n int);\n\nCOPY public.t (v, n) FROM stdin; -- rows follow\n"
                + "a;b\t1\n'it''s\t\\N\n$$ /* -- \t3\n\\.\n\nSELECT 1;\n";
        List<SqlStatement> statements = postgres.split(dump);
        assertThat(statements).extracting(SqlStatement::sql)
                .containsExactly("CREATE TABLE t (v text, n int)", "COPY public.t (v, n) FROM stdin", "SELECT 1");
        assertThat(statements).extracting(SqlStatement::line).containsExactly(1, 3, 9);
        assertThat(statements.get(1).data()).isEqualTo(new SqlStatement.InlineData("a;b\t1\n'it''s\t\\N\n$$ /* -- \t3\n", 4, 3));
        assertThat(statements.get(0).data()).isNull();
        assertThat(statements.get(2).data()).isNull();
    }

    /** A section further down its file: statements and their rows keep their text, with the file's lines. */
    @Test
    public void statementsMovedDownKeepTheirTextAndDataWithTheFilesLines() {
        SqlSplitter.Split split = postgres.splitWithWarnings("CREATE INDEX CONCURRENTLY i ON t (v);\nCOPY t FROM stdin;\n1\n2\n\\.\n");
        List<SqlStatement> moved = split.statementsMovedDown(10);
        assertThat(moved).containsExactly(
                new SqlStatement("CREATE INDEX CONCURRENTLY i ON t (v)", 11, false),
                new SqlStatement("COPY t FROM stdin", 12, true, new SqlStatement.InlineData("1\n2\n", 13, 2)));
        assertThat(split.statementsMovedDown(0)).isEqualTo(split.statements()).isSameAs(split.statements());
        assertThat(split.statements()).extracting(SqlStatement::line).containsExactly(1, 2);
        assertThatThrownBy(() -> moved.add(new SqlStatement("SELECT 1", 1, true))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> split.statements().remove(0)).isInstanceOf(UnsupportedOperationException.class);
    }

    /** pg_dump quotes a name holding a ; or a space; the COPY still takes its rows, and a quoted "FROM STDIN" is a name. */
    @Test
    public void copyFromStdinIntoQuotedNamesTakesItsRows() {
        List<SqlStatement> statements = postgres.split("COPY \"app;x\".\"t;3\" (id, \"note; text\") FROM stdin;\n1\ta;b\n\\.\n"
                + "COPY \"a \"\" FROM STDIN\" TO STDOUT;\nSELECT 2;\n");
        assertThat(statements).extracting(SqlStatement::line).containsExactly(1, 4, 5);
        assertThat(statements.get(0).data()).isEqualTo(new SqlStatement.InlineData("1\ta;b\n", 2, 1));
        assertThat(statements.get(1).data()).isNull();
    }

    @Test
    public void copyDataKeepsItsLineBreaksAndMayBeEmpty() {
        List<SqlStatement> statements = postgres.split("copy t from STDIN with (format csv);\r\n1,\"x\"\r\n2,y\r\n\\.\r\n"
                + "COPY t FROM STDIN;\n\\.\nSELECT 2");
        assertThat(statements).extracting(SqlStatement::line).containsExactly(1, 5, 7);
        assertThat(statements.get(0).data()).isEqualTo(new SqlStatement.InlineData("1,\"x\"\r\n2,y\r\n", 2, 2));
        assertThat(statements.get(1).data()).isEqualTo(new SqlStatement.InlineData("", 6, 0));
    }

    @Test
    public void copyFromStdinWithoutItsRowsOrEndMarkerIsRefusedWithItsLine() {
        assertThatThrownBy(() -> postgres.split("SELECT 1;\nCOPY t FROM stdin;\n1\n2\n"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessage("COPY ... FROM STDIN on line 2: its rows never end; add a line holding only \\. after the last row");
        // " \." is a row, not the end marker
        assertThatThrownBy(() -> postgres.split("COPY t FROM stdin;\n \\.\n")).hasMessageContaining("its rows never end");
        assertThatThrownBy(() -> postgres.split("SELECT 1;\n\nCOPY t FROM stdin"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageStartingWith("COPY ... FROM STDIN on line 3 ends the script without its rows");
        assertThatThrownBy(() -> postgres.split("COPY t FROM stdin; SELECT 1;\n\\.\n"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(1))
                .hasMessageContaining("its rows start on the next line");
    }

    @Test
    public void copyFromAFileOrToStdoutIsPlainSql() {
        assertThat(postgres.split("COPY t FROM '/srv/t.csv' WITH (FORMAT csv);\nCOPY t TO STDOUT;\nCOPY (SELECT 'FROM STDIN') TO STDOUT;"))
                .hasSize(3).allSatisfy(s -> assertThat(s.data()).isNull());
        // Other databases have no COPY: the lines after it are statements.
        assertThat(new dev.migrate.sql.SqlSplitter().split("COPY t FROM stdin;\nSELECT 1;")).hasSize(2);
    }

    /**
     * standard_conforming_strings off, as the runner reads it from the session (or an old dump sets it): a backslash
     * escapes in plain strings too, as the server and psql read them; E'...' strings and identifiers are unchanged.
     */
    @Test
    public void withStandardConformingStringsOffABackslashEscapesInPlainStrings() {
        String script = "INSERT INTO t VALUES ('it\\'s; fine', E'C:\\\\', \"a\\\");\nSELECT 'C:\\\\';\n";
        SqlSplitter off = PostgresSplitter.forStandardConformingStrings(false, false);
        assertThat(off.backslashEscapes()).isTrue();
        assertThat(off.split(script)).extracting(SqlStatement::line, SqlStatement::sql).containsExactly(
                tuple(1, "INSERT INTO t VALUES ('it\\'s; fine', E'C:\\\\', \"a\\\")"),
                tuple(2, "SELECT 'C:\\\\'"));
        assertThat(postgres.backslashEscapes()).isFalse();
        // read with the setting on, the first string ends at its backslash and the script cannot be split
        assertThatThrownBy(() -> postgres.split(script)).isInstanceOf(SqlSyntaxException.class);
    }

    /**
     * A script's own SET of the setting holds for the statements after it, as psql follows the server: on or off in
     * any form PostgreSQL takes; DEFAULT, RESET, RESET ALL and DISCARD ALL put back the reset value; the settings of
     * other objects (ALTER DATABASE ... SET, a function's SET) and other settings change nothing.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "SET standard_conforming_strings = off|E",
        "SET standard_conforming_strings TO 'off'|E",
        "SET SESSION standard_conforming_strings = false|E",
        "set Standard_Conforming_Strings to No|E",
        "SET standard_conforming_strings = 0|E",
        "SET standard_conforming_strings = on|P",
        "SET standard_conforming_strings = 'true'|P",
        "SET standard_conforming_strings = DEFAULT|R",
        "SET standard_conforming_strings TO default|R",
        "RESET standard_conforming_strings|R",
        "RESET ALL|R",
        "DISCARD ALL|R",
        "SET escape_string_warning = off|S",
        "ALTER DATABASE test SET standard_conforming_strings = off|S",
        "ALTER ROLE app SET standard_conforming_strings = on|S",
        "SELECT 'SET standard_conforming_strings = off'|S",
    })
    public void aScriptsSetOfStandardConformingStringsHoldsForTheStatementsAfterIt(String caseText) {
        String[] parts = caseText.split("\\|");
        // valid either way, but cut differently
        String then = "\nSELECT 'C:\\' AS x; SELECT ' \\'; SELECT 1; -- ';\n";
        for (boolean startOn : new boolean[] {true, false}) {
            for (boolean resetOn : new boolean[] {true, false}) {
                boolean escapesAfter = switch (parts[1]) {
                    case "E" -> true;
                    case "P" -> false;
                    case "R" -> !resetOn;
                    default -> !startOn;
                };
                SqlSplitter splitter = PostgresSplitter.forStandardConformingStrings(startOn, resetOn);
                String context = parts[0] + " starting " + (startOn ? "on" : "off") + ", reset " + (resetOn ? "on" : "off");
                // with backslash escapes, 'C:\' AS x; SELECT ' is one string, and '; SELECT 1; -- ' another
                assertThat(splitter.split("SELECT 1;\n" + parts[0] + ";" + then)).as(context).extracting(SqlStatement::sql)
                        .containsExactlyElementsOf(escapesAfter
                                ? List.of("SELECT 1", parts[0], "SELECT 'C:\\' AS x; SELECT ' \\'; SELECT 1; -- '")
                                : List.of("SELECT 1", parts[0], "SELECT 'C:\\' AS x", "SELECT ' \\'", "SELECT 1"));
            }
        }
    }

    /**
     * SET LOCAL holds until the transaction ends, and set_config(...) sets from an expression: how a backslash reads after
     * them is unknown, so one in a plain string is refused with its line (not in an E'...' string, which reads the same
     * either way); a session SET makes it known again.
     */
    @Test
    public void aBackslashAfterASettingThatCannotBeReadIsRefused() {
        for (String unknown : List.of("SET LOCAL standard_conforming_strings = off",
                "SELECT pg_catalog.set_config('standard_conforming_strings', 'off', false)")) {
            String script = unknown + ";\nSELECT 'a', E'C:\\\\';\nSELECT 'C:\\';\n";
            assertThatThrownBy(() -> postgres.split(script)).as(unknown)
                    .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(3))
                    .hasMessageStartingWith("Backslash in a string on line 3, after a statement that changed whether a backslash"
                            + " escapes")
                    .hasMessageContaining("SET standard_conforming_strings = off, or write the string as E'...'");
            assertThat(postgres.split(script.replace("SELECT 'a'", "SET standard_conforming_strings = on;\nSELECT 'a'")))
                    .as(unknown).hasSize(4);
        }
    }
}
