package dev.migrate.dialect.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.migrate.sql.SqlSplitter;
import dev.migrate.sql.SqlSplitterTests;
import dev.migrate.sql.SqlStatement;
import dev.migrate.sql.SqlSyntaxException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MySQL's and MariaDB's lexer on top of the shared rules, which {@link SqlSplitterTests} runs here too. */
public class MySqlSplitterTests extends SqlSplitterTests {

    private final MySqlSplitter mysql = new MySqlSplitter();

    @Override
    protected SqlSplitter splitter() {
        return mysql;
    }

    @Test
    public void backtickIdentifiersHideSemicolonsAndDoubleTheirBackticks() {
        assertSplit("""
                CREATE TABLE `odd;``name` (`key;` INT);
                SELECT `key;` FROM `odd;``name`;
                """).containsExactly(
                tuple(1, "CREATE TABLE `odd;``name` (`key;` INT)"),
                tuple(2, "SELECT `key;` FROM `odd;``name`"));
    }

    @Test
    public void backslashEscapesQuotesInBothKindsOfStrings() {
        assertSplit("""
                INSERT INTO t VALUES ('it\\'s; fine', "say \\"hi;\\"", 'C:\\\\');
                SELECT "a"";b";
                SELECT 3;
                """).containsExactly(
                tuple(1, "INSERT INTO t VALUES ('it\\'s; fine', \"say \\\"hi;\\\"\", 'C:\\\\')"),
                tuple(2, "SELECT \"a\"\";b\""),
                tuple(3, "SELECT 3"));
    }

    @Test
    public void hashStartsALineComment() {
        assertSplit("""
                # V1: it's; a comment
                SELECT 1 # another; 'one
                     , 2;
                SELECT 3;
                """).containsExactly(
                tuple(2, "SELECT 1 # another; 'one\n     , 2"),
                tuple(4, "SELECT 3"));
    }

    @Test
    public void dashDashNeedsWhitespaceToStartAComment() {
        assertSplit("SELECT 1--1;\nSELECT 2 --\tcomment;\n;\n--\nSELECT 3;\nSELECT 4 --").containsExactly(
                tuple(1, "SELECT 1--1"),
                tuple(2, "SELECT 2"),
                tuple(5, "SELECT 3"),
                tuple(6, "SELECT 4"));
    }

    @Test
    public void executableCommentsArePartOfTheStatement() {
        assertSplit("""
                /*!40101 SET NAMES utf8mb4 */;
                /* plain; */ SELECT 1 /*!50000 , 2 */;
                /*M!100100 SET sql_mode = 'ANSI' */;
                """).containsExactly(
                tuple(1, "/*!40101 SET NAMES utf8mb4 */"),
                tuple(2, "SELECT 1 /*!50000 , 2 */"),
                tuple(3, "/*M!100100 SET sql_mode = 'ANSI' */"));
    }

    @Test
    public void delimiterDollarsWithAProcedure() {
        assertSplit("""
                DELIMITER $$
                CREATE PROCEDURE add_one(INOUT n INT)
                BEGIN
                    SET n = n + 1; -- one more
                END$$
                DELIMITER ;
                CALL add_one(@n);
                SELECT @n;
                """).containsExactly(
                tuple(2, "CREATE PROCEDURE add_one(INOUT n INT)\nBEGIN\n    SET n = n + 1; -- one more\nEND"),
                tuple(7, "CALL add_one(@n)"),
                tuple(8, "SELECT @n"));
    }

    @Test
    public void delimiterSlashesWithATrigger() {
        assertSplit("""
                delimiter //
                CREATE TRIGGER audit_t AFTER INSERT ON t FOR EACH ROW
                BEGIN
                    INSERT INTO audit VALUES (NEW.id, 'insert;');
                    UPDATE counts SET n = n + 1;
                END //
                SELECT 1 //
                DELIMITER ;
                SELECT 2;
                """).containsExactly(
                tuple(2, """
                        CREATE TRIGGER audit_t AFTER INSERT ON t FOR EACH ROW
                        BEGIN
                            INSERT INTO audit VALUES (NEW.id, 'insert;');
                            UPDATE counts SET n = n + 1;
                        END"""),
                tuple(7, "SELECT 1"),
                tuple(9, "SELECT 2"));
    }

    @Test
    public void delimiterLinesWithCrLfEndings() {
        assertSplit("DELIMITER //\r\nCREATE PROCEDURE p()\r\nBEGIN\r\n  SELECT '//';\r\nEND//\r\nDELIMITER ;\r\nCALL p();")
                .containsExactly(
                        tuple(2, "CREATE PROCEDURE p()\r\nBEGIN\r\n  SELECT '//';\r\nEND"),
                        tuple(7, "CALL p()"));
    }

    @Test
    public void anyDelimiterWorksAndOnlyEndsStatementsOutsideQuotesAndComments() {
        assertSplit("""
                DELIMITER ;;
                SELECT ';;'; SELECT 2;;
                -- not here ;;
                SELECT 3;;
                DELIMITER GO
                SELECT gopher FROM go_table GO
                select 4 go
                DELIMITER ;
                SELECT 5;
                """).containsExactly(
                tuple(2, "SELECT ';;'; SELECT 2"),
                tuple(4, "SELECT 3"),
                tuple(6, "SELECT gopher FROM go_table"),
                tuple(7, "select 4"),
                tuple(9, "SELECT 5"));
    }

    @Test
    public void delimiterCommandIsOnlyRecognisedBetweenStatements() {
        assertSplit("""
                CREATE TABLE t (
                    delimiter VARCHAR(5)
                );
                SELECT delimiter FROM t;
                """).containsExactly(
                tuple(1, "CREATE TABLE t (\n    delimiter VARCHAR(5)\n)"),
                tuple(4, "SELECT delimiter FROM t"));
    }

    @Test
    public void delimiterWithoutAValueIsASyntaxError() {
        assertThatThrownBy(() -> mysql.split("SELECT 1;\nDELIMITER\nSELECT 2;"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageStartingWith("DELIMITER on line 2 names no delimiter");
    }

    @Test
    public void procedureWithIfCaseAndLoopsNeedsNoDelimiterCommand() {
        String procedure = """
                CREATE DEFINER=`admin`@`%` PROCEDURE classify(IN n INT, OUT label VARCHAR(10))
                BEGIN
                    DECLARE i INT DEFAULT 0;
                    IF n < 0 THEN
                        SET label = 'negative';
                    ELSEIF n = 0 THEN
                        SET label = 'zero';
                    ELSE
                        SET label = CASE WHEN n > 100 THEN 'big' ELSE 'small' END;
                    END IF;
                    CASE n
                        WHEN 1 THEN SET label = 'one';
                        ELSE BEGIN
                            SET i = 0;
                        END;
                    END CASE;
                    counter: LOOP
                        SET i = i + 1;
                        IF i > 3 THEN LEAVE counter; END IF;
                    END LOOP counter;
                    WHILE i > 0 DO
                        SET i = i - 1;
                    END WHILE;
                    REPEAT
                        SET i = i + 1;
                    UNTIL i >= 2 END REPEAT;
                END""";

        assertSplit(procedure + ";\nCALL classify(1, @label);").containsExactly(
                tuple(1, procedure),
                tuple(28, "CALL classify(1, @label)"));
    }

    @Test
    public void nestedBeginEndBlocksWithAHandler() {
        String procedure = """
                CREATE PROCEDURE safe_insert()
                BEGIN
                    DECLARE EXIT HANDLER FOR SQLEXCEPTION
                    BEGIN
                        ROLLBACK;
                    END;
                    inner_block: BEGIN
                        INSERT INTO t VALUES (1);
                    END inner_block;
                END""";

        assertSplit(procedure + ";\nSELECT 1;").containsExactly(
                tuple(1, procedure),
                tuple(11, "SELECT 1"));
    }

    @Test
    public void functionTriggerAndEventBodiesNeedNoDelimiterCommand() {
        assertSplit("""
                CREATE FUNCTION sign_of(n INT) RETURNS INT DETERMINISTIC
                BEGIN
                    RETURN CASE WHEN n < 0 THEN -1 WHEN n > 0 THEN 1 ELSE 0 END;
                END;
                CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END;
                CREATE TRIGGER t_bu BEFORE UPDATE ON t FOR EACH ROW SET NEW.a = 1;
                CREATE EVENT purge ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM log; DELETE FROM audit; END;
                SELECT 5;
                """).containsExactly(
                tuple(1, """
                        CREATE FUNCTION sign_of(n INT) RETURNS INT DETERMINISTIC
                        BEGIN
                            RETURN CASE WHEN n < 0 THEN -1 WHEN n > 0 THEN 1 ELSE 0 END;
                        END"""),
                tuple(5, "CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END"),
                tuple(6, "CREATE TRIGGER t_bu BEFORE UPDATE ON t FOR EACH ROW SET NEW.a = 1"),
                tuple(7, "CREATE EVENT purge ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM log; DELETE FROM audit; END"),
                tuple(8, "SELECT 5"));
    }

    @Test
    public void mariaDbAnonymousBlockIsOneStatement() {
        assertSplit("""
                BEGIN NOT ATOMIC
                    DECLARE x INT DEFAULT 1;
                    FOR i IN 1..3 DO
                        SET x = x * 2;
                    END FOR;
                    SELECT x;
                END;
                SELECT 2;
                """).containsExactly(
                tuple(1, "BEGIN NOT ATOMIC\n    DECLARE x INT DEFAULT 1;\n    FOR i IN 1..3 DO\n"
                        + "        SET x = x * 2;\n    END FOR;\n    SELECT x;\nEND"),
                tuple(8, "SELECT 2"));
    }

    @Test
    public void transactionStatementsAreSeparate() {
        List<SqlStatement> statements = mysql.split("START TRANSACTION;\nINSERT INTO t VALUES (1);\nCOMMIT;\n"
                + "BEGIN WORK;\nROLLBACK;");

        assertThat(statements).extracting(SqlStatement::line, SqlStatement::sql).containsExactly(
                tuple(1, "START TRANSACTION"),
                tuple(2, "INSERT INTO t VALUES (1)"),
                tuple(3, "COMMIT"),
                tuple(4, "BEGIN WORK"),
                tuple(5, "ROLLBACK"));
        assertThat(statements).extracting(SqlStatement::controlsTransaction)
                .containsExactly(true, false, true, true, true);
    }

    @Test
    public void everyStatementIsTransactional() {
        assertThat(mysql.split("CREATE INDEX i ON t (c);\nOPTIMIZE TABLE t;\nCREATE DATABASE app;\nVACUUM"))
                .extracting(SqlStatement::transactional)
                .containsExactly(true, true, true, true);
    }

    @Test
    public void unterminatedBacktickReportsItsLine() {
        assertThatThrownBy(() -> mysql.split("SELECT 1;\nSELECT `name;\nFROM t;"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageStartingWith("Unterminated quoted identifier opened on line 2;");
    }

    @Test
    public void unterminatedStringAfterAnEscapedQuoteReportsItsLine() {
        assertThatThrownBy(() -> mysql.split("SELECT 1;\r\n\r\nSELECT 'C:\\';"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageStartingWith("Unterminated string literal opened on line 3;");
    }

    /** Columns and variables named begin and end in stored programs, unquoted, as MariaDB and MySQL accept them. */
    @Test
    public void columnsAndVariablesNamedBeginOrEndOpenAndCloseNoBlock() {
        String procedure = """
                CREATE PROCEDURE shifts(IN since DATETIME)
                BEGIN
                    DECLARE begin INT DEFAULT 0;
                    SET begin = begin + 1;
                    SELECT begin FROM shift WHERE begin > since AND end IS NULL;
                    SELECT id, begin, end FROM shift ORDER BY begin;
                    SELECT s.id begin FROM shift s;
                    UPDATE shift SET end = begin WHERE begin<end;
                    IF begin THEN SELECT 1; END IF;
                    RETURN;
                END""";
        String trigger = """
                CREATE TRIGGER shift_bi BEFORE INSERT ON shift FOR EACH ROW
                BEGIN
                    IF NEW.begin IS NULL THEN SET NEW.begin = NOW(); END IF;
                    SET NEW.hours = TIMESTAMPDIFF(HOUR, NEW.begin, NEW.end);
                    INSERT INTO log SELECT begin, end FROM shift WHERE id = NEW.id;
                END""";

        assertSplit(procedure + ";\n" + trigger + ";\nSELECT 3;").containsExactly(
                tuple(1, procedure),
                tuple(12, trigger),
                tuple(18, "SELECT 3"));
    }

    @Test
    public void aBeginBeforeItsStatementsStillOpensABlock() {
        // after a label, THEN, ELSE, DO, a handler's condition, MariaDB's BEGIN NOT ATOMIC, AS and IS
        String procedure = """
                CREATE PROCEDURE p()
                BEGIN
                    DECLARE CONTINUE HANDLER FOR NOT FOUND BEGIN SET @done = 1; END;
                    outer_block: BEGIN SELECT 1; END outer_block;
                    IF @x THEN BEGIN SELECT 2; END; ELSE BEGIN SELECT 3; END; END IF;
                    WHILE @x > 0 DO BEGIN SET @x = @x - 1; END; END WHILE;
                    BEGIN END;
                END""";

        assertSplit(procedure + ";\nBEGIN NOT ATOMIC SELECT 1; SELECT 2; END;\nCREATE PROCEDURE o AS BEGIN NULL; NULL; END;\n"
                + "CREATE FUNCTION f RETURN INT IS BEGIN RETURN 1; END;\nSELECT 3;").containsExactly(
                tuple(1, procedure),
                tuple(9, "BEGIN NOT ATOMIC SELECT 1; SELECT 2; END"),
                // MariaDB's Oracle mode
                tuple(10, "CREATE PROCEDURE o AS BEGIN NULL; NULL; END"),
                tuple(11, "CREATE FUNCTION f RETURN INT IS BEGIN RETURN 1; END"),
                tuple(12, "SELECT 3"));
    }

    @Test
    public void withNoBackslashEscapesABackslashIsAPlainCharacter() {
        SqlSplitter noEscapes = MySqlSplitter.forSqlMode("STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES");

        assertThat(noEscapes.split("INSERT INTO t VALUES ('C:\\', \"D:\\\\\");\nSELECT 'it''s';"))
                .extracting(SqlStatement::line, SqlStatement::sql).containsExactly(
                        tuple(1, "INSERT INTO t VALUES ('C:\\', \"D:\\\\\")"),
                        tuple(2, "SELECT 'it''s'"));
        assertThat(MySqlSplitter.forSqlMode("STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO").split("SELECT 'it\\'s';\nSELECT 2"))
                .extracting(SqlStatement::sql).containsExactly("SELECT 'it\\'s'", "SELECT 2");
    }

    /** A session SET of sql_mode with a string decides for the statements after it, as the mysql client follows the server. */
    @Test
    public void aSetSqlModeInTheScriptDecidesForTheStatementsAfterIt() {
        assertSplit("""
                SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES';
                INSERT INTO t VALUES ('C:\\');
                SET @@sql_mode := '';
                INSERT INTO t VALUES ('it\\'s');
                SET NAMES utf8mb4, sql_mode = 'no_backslash_escapes';
                INSERT INTO t VALUES ('C:\\');
                SET GLOBAL sql_mode = '', max_connections = 10, @@GLOBAL.sql_mode = '';
                INSERT INTO t VALUES ('C:\\');
                SET @sql_mode = '', @x = 'sql_mode';
                INSERT INTO t VALUES ('C:\\');
                SET STATEMENT sql_mode = '' FOR SELECT 1;
                INSERT INTO t VALUES ('C:\\');
                """).extracting(t -> t.toList().get(0)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    /**
     * The client and the server read an executable comment's text as SQL: a {@code *}{@code /} in a string, a quoted
     * identifier or a line comment in it closes nothing (mariadb-dump writes views and triggers inside them).
     */
    @Test
    public void anExecutableCommentEndsAtACommentCloserOutsideItsStringsNamesAndLineComments() {
        assertSplit("""
                /*!50001 DROP VIEW IF EXISTS `v*/`*/;
                /*!50001 VIEW `v*/` AS select '*/;' AS `a*/b`, "x*/;" AS c */;
                /*!50003 SELECT 'it\\'s */;' # a */ comment;
                -- another */ one;
                */;
                SELECT 3;
                """).containsExactly(
                tuple(1, "/*!50001 DROP VIEW IF EXISTS `v*/`*/"),
                tuple(2, "/*!50001 VIEW `v*/` AS select '*/;' AS `a*/b`, \"x*/;\" AS c */"),
                tuple(3, "/*!50003 SELECT 'it\\'s */;' # a */ comment;\n-- another */ one;\n*/"),
                tuple(6, "SELECT 3"));
    }

    @Test
    public void aDumpedTriggerWithCommentClosersInItsBodySplitsAsOneStatement() {
        assertSplit("""
                DELIMITER ;;
                /*!50003 CREATE*/ /*!50017 DEFINER=`root`@`%`*/ /*!50003 TRIGGER t_ai AFTER INSERT ON t FOR EACH ROW
                BEGIN
                  INSERT INTO log(msg) VALUES (CONCAT('*/ end; ', NEW.v, '\\'*/'));
                  # a comment; with */ inside
                  INSERT INTO log(msg) VALUES ('after');
                END */;;
                DELIMITER ;
                SELECT 2;
                """).extracting(t -> t.toList().get(0)).containsExactly(2, 9);
    }

    /** What mysqldump and mariadb-dump write: their data, escaped with backslashes, splits also on a NO_BACKSLASH_ESCAPES session. */
    @Test
    public void aDumpSetsItsOwnModeAndPutsTheSessionsBack() {
        SqlSplitter noEscapes = MySqlSplitter.forSqlMode("NO_BACKSLASH_ESCAPES");
        String dump = """
                /*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
                INSERT INTO `people` VALUES (1,'O\\'Brien; Pat'),(2,'C:\\\\');
                /*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
                INSERT INTO t VALUES ('C:\\');
                """;

        assertThat(noEscapes.split(dump)).extracting(SqlStatement::line).containsExactly(1, 2, 3, 4);
        assertThat(noEscapes.split(dump).get(1).sql()).isEqualTo("INSERT INTO `people` VALUES (1,'O\\'Brien; Pat'),(2,'C:\\\\')");
        // On a session with backslash escapes, @OLD_SQL_MODE brings them back, and the last string is never closed.
        assertThatThrownBy(() -> mysql.split(dump))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(4));
    }

    /**
     * mariadb-dump saves the mode in a variable before each trigger and routine and sets it back from there after it:
     * that is the dump's own mode (backslash escapes), not the session's, so the data after it splits also on a
     * NO_BACKSLASH_ESCAPES session; a variable saved from anything else puts back the script's starting mode.
     */
    @Test
    public void aModeSavedInAVariableIsPutBackFromIt() {
        SqlSplitter noEscapes = MySqlSplitter.forSqlMode("NO_BACKSLASH_ESCAPES");
        String dump = """
                /*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
                /*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
                /*!50003 SET sql_mode              = 'STRICT_TRANS_TABLES' */ ;
                CREATE TRIGGER t_ai AFTER INSERT ON t FOR EACH ROW SET @x = 'it\\'s';
                /*!50003 SET sql_mode              = @saved_sql_mode */ ;
                INSERT INTO `people` VALUES (1,'O\\'Brien; Pat');
                /*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
                INSERT INTO t VALUES ('C:\\');
                """;
        assertThat(noEscapes.split(dump)).extracting(SqlStatement::line).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(noEscapes.split(dump).get(5).sql()).isEqualTo("INSERT INTO `people` VALUES (1,'O\\'Brien; Pat')");

        String other = "SET @m = @@sql_mode;\nSET @m = 'x';\nSET sql_mode = 'STRICT_TRANS_TABLES';\nSET sql_mode = @m;\nSELECT 'C:\\';\nSELECT 2;";
        assertThat(noEscapes.split(other)).as("@m no longer holds a saved mode: the starting one is put back").hasSize(6);
    }

    /** A mode computed in SQL that names NO_BACKSLASH_ESCAPES cannot be read: a backslash in a string after it is refused. */
    @Test
    public void aBackslashAfterAModeThatCannotBeReadIsRefused() {
        String script = "SET sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES');\nINSERT INTO t VALUES ('a', 'b');\n"
                + "INSERT INTO t VALUES ('C:\\');";
        assertThatThrownBy(() -> mysql.split(script))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageStartingWith("Backslash in a string on line 3, after a statement that changed whether a backslash escapes")
                .hasMessageContaining("SET sql_mode = 'NO_BACKSLASH_ESCAPES'");
        // a string mode makes it known again; a computed one that does not name it puts back the script's starting mode
        assertThat(mysql.split(script.replace("INSERT INTO t VALUES ('a', 'b')", "SET sql_mode = 'NO_BACKSLASH_ESCAPES'")))
                .hasSize(3);
        assertThat(MySqlSplitter.forSqlMode("NO_BACKSLASH_ESCAPES").split("SET sql_mode = 'ANSI';\nSET sql_mode = @saved;\n"
                + "INSERT INTO t VALUES ('C:\\');\nSELECT 1;")).hasSize(4);
    }
}
