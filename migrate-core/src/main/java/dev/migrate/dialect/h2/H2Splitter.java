package dev.migrate.dialect.h2;

import dev.migrate.sql.SqlSplitter;

/**
 * Splits H2 2.x scripts. {@link H2Dialect#splitter()} hands it to the runner.
 *
 * <p>On top of ANSI SQL, as H2's own tokenizer reads it: {@code $$...$$} strings (the Java source of
 * {@code CREATE ALIAS ... AS $$ ... $$}), {@code //} line comments, nested block comments and backtick
 * identifiers. No statement is marked non-transactional.
 *
 * <pre>{@code
 * new H2Splitter().split("CREATE ALIAS ADD_ONE AS $$ int f(int x) { return x + 1; } $$;")
 *     // one statement
 * }</pre>
 */
public class H2Splitter extends SqlSplitter {

    @Override
    protected boolean supportsDollarQuotes() {
        return true;
    }

    @Override
    protected boolean doubleSlashLineComments() {
        return true;
    }

    @Override
    protected boolean nestedBlockComments() {
        return true;
    }

    @Override
    protected boolean backtickIdentifiers() {
        return true;
    }
}
