package dev.migrate.dialect.sqlite;

import dev.migrate.sql.SqlSplitter;

/**
 * Splits SQLite scripts. {@link SqliteDialect#splitter()} hands it to the runner.
 *
 * <p>On top of ANSI SQL: backtick and {@code [bracket]} identifiers, and trigger bodies
 * ({@code CREATE TRIGGER ... BEGIN ...; ...; END}) kept in one statement. {@code VACUUM} is marked
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

    @Override
    protected boolean hasCompoundBody(LeadingWords words) {
        return words.creates("TRIGGER");
    }

    @Override
    protected boolean isNonTransactional(LeadingWords words) {
        return words.is(0, "VACUUM");
    }
}
