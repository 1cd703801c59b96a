package dev.migrate.dialect.mysql;

import dev.migrate.sql.SqlSplitter;

/**
 * Splits MySQL and MariaDB scripts the way the {@code mysql} client does.
 * {@link MySqlDialect#splitter()} hands it to the runner.
 *
 * <p>On top of ANSI SQL: backtick identifiers, {@code "..."} strings (the default SQL mode) and
 * backslash escapes in both kinds of strings, {@code #} comments, {@code --} comments only when
 * whitespace follows or at the start of a statement, {@code /*!...*}{@code /} executable comments kept in the statement, the client's
 * {@code DELIMITER} command, and stored program bodies ({@code CREATE PROCEDURE ... BEGIN ...; END})
 * kept in one statement even without {@code DELIMITER}. No statement is marked non-transactional: MySQL
 * commits DDL implicitly, so there is no transaction to leave.
 *
 * <pre>{@code
 * new MySqlSplitter().split("""
 *     DELIMITER //
 *     CREATE PROCEDURE p() BEGIN SELECT 1; END//
 *     DELIMITER ;
 *     CALL p();
 *     """)   // two statements: the CREATE PROCEDURE on line 2 and the CALL on line 4
 * }</pre>
 */
public class MySqlSplitter extends SqlSplitter {

    @Override
    protected boolean backslashEscapesInStrings() {
        return true;
    }

    @Override
    protected boolean doubleQuotedStrings() {
        return true;
    }

    @Override
    protected boolean backtickIdentifiers() {
        return true;
    }

    @Override
    protected boolean hashLineComments() {
        return true;
    }

    @Override
    protected boolean dashCommentNeedsWhitespace() {
        return true;
    }

    @Override
    protected boolean executableComments() {
        return true;
    }

    @Override
    protected boolean supportsDelimiterCommand() {
        return true;
    }

    /** Stored programs, and MariaDB's anonymous {@code BEGIN NOT ATOMIC ... END} block. */
    @Override
    protected boolean hasCompoundBody(LeadingWords words) {
        return isStoredProgram(words);
    }
}
