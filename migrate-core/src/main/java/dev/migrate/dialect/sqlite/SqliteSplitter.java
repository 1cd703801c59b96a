package dev.migrate.dialect.sqlite;

import dev.migrate.sql.SqlSplitter;

/**
 * Splits SQLite scripts. {@link SqliteDialect#splitter()} hands it to the runner.
 *
 * <p>On top of ANSI SQL: backtick and {@code [bracket]} identifiers, trigger bodies
 * ({@code CREATE TRIGGER ... BEGIN ...; ...; END}) kept in one statement, and a block comment never
 * closed read to the end of the script, as SQLite reads it. {@code VACUUM} is marked
 * non-transactional: SQLite refuses it inside a transaction.
 *
 * <pre>{@code
 * new SqliteSplitter().split("CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); END; VACUUM;")
 *     // two statements, the second one non-transactional
 * }</pre>
 */
public class SqliteSplitter extends SqlSplitter {

    @Override
    protected boolean backtickIdentifiers() {
        return true;
    }

    @Override
    protected boolean bracketIdentifiers() {
        return true;
    }

    /** As SQLite's tokenizer: {@code sqlite3} and the JDBC driver run {@code SELECT 1; /* no end} as {@code SELECT 1}. */
    @Override
    protected boolean unclosedCommentRunsToEnd() {
        return true;
    }

    @Override
    protected boolean hasCompoundBody(LeadingWords words) {
        return words.creates("TRIGGER");
    }

    @Override
    protected boolean isNonTransactional(LeadingWords words) {
        return words.is(0, "VACUUM");
    }
}
