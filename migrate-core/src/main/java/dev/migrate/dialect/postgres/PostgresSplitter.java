package dev.migrate.dialect.postgres;

import dev.migrate.sql.SqlSplitter;
import dev.migrate.sql.SqlStatement;
import dev.migrate.sql.SqlSyntaxException;
import java.util.regex.Pattern;

/**
 * Splits PostgreSQL scripts. {@link PostgresDialect#splitter()} hands it to the runner.
 *
 * <p>On top of ANSI SQL: {@code $$...$$} and {@code $body$...$body$} strings (function bodies and
 * {@code DO} blocks), {@code E'...'} strings with backslash escapes, nested block comments, and, as
 * psql does, {@code ;} kept inside parentheses ({@code CREATE RULE ... DO ALSO (...; ...)}) and inside
 * SQL-standard bodies ({@code CREATE FUNCTION ... BEGIN ATOMIC ...; END}). The
 * statements that PostgreSQL refuses inside a transaction block are marked non-transactional.
 *
 * <pre>{@code
 * new PostgresSplitter().split("CREATE INDEX CONCURRENTLY i ON t (c);")
 *     // [SqlStatement[sql=CREATE INDEX CONCURRENTLY i ON t (c), line=1, transactional=false]]
 * }</pre>
 */
public class PostgresSplitter extends SqlSplitter {

    private static final Pattern COPY_FROM_STDIN = Pattern.compile("COPY\\s[^;]*?\\sFROM\\s+STDIN\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern RESTRICT = Pattern.compile("\\\\(un)?restrict(\\s+\\S+)?\\s*");

    /**
     * Also refuses a psql meta-command ({@code \connect}, {@code \set}, ...) at the start of a statement,
     * which the server would reject with a bare syntax error; &#92;restrict and &#92;unrestrict
     * lines are left out ({@link #ignoresClientCommand}).
     */
    @Override
    public Split splitWithWarnings(String script) {
        Split split = super.splitWithWarnings(script);
        for (SqlStatement statement : split.statements()) {
            if (statement.sql().startsWith("\\")) {
                String command = statement.sql().split("\\s", 2)[0];
                throw new SqlSyntaxException("psql meta-command " + command + " on line ", statement.line(),
                        ": only psql runs these, the server does not. Remove the line, or run that script with psql");
            }
        }
        return split;
    }

    /**
     * &#92;restrict and &#92;unrestrict, which pg_dump writes at the top and bottom of a dump so
     * that psql runs no other meta-command in between: Migrate runs none at all, so it leaves them out
     * and a dump runs as it is.
     */
    @Override
    protected boolean ignoresClientCommand(String line) {
        return RESTRICT.matcher(line).matches();
    }

    /** {@code COPY ... FROM STDIN}: its rows follow it in the script, up to a line {@code \.}, as pg_dump writes them. */
    @Override
    protected boolean hasInlineData(String sql) {
        return COPY_FROM_STDIN.matcher(sql).lookingAt();
    }

    @Override
    protected boolean supportsDollarQuotes() {
        return true;
    }

    @Override
    protected boolean supportsEscapeStrings() {
        return true;
    }

    @Override
    protected boolean nestedBlockComments() {
        return true;
    }

    @Override
    protected boolean parenthesesHoldDelimiter() {
        return true;
    }

    /** Only a {@code BEGIN ATOMIC} body of a function or procedure holds {@code ;}; a plpgsql body is dollar-quoted. */
    @Override
    protected boolean hasCompoundBody(LeadingWords words) {
        return words.creates("FUNCTION", "PROCEDURE");
    }

    /**
     * The commands whose reference page says they cannot be executed inside a transaction block; the
     * runner would otherwise fail with "cannot run inside a transaction block" (SQL state 25001).
     */
    @Override
    protected boolean isNonTransactional(LeadingWords words) {
        if (words.is(0, "VACUUM")) {
            return true;
        }
        if (words.is(0, "REINDEX")) {
            // REINDEX ... CONCURRENTLY, and the forms that work one table per transaction
            return words.contains("CONCURRENTLY")
                    || words.is(1, "SCHEMA") || words.is(1, "DATABASE") || words.is(1, "SYSTEM");
        }
        if (words.is(0, "CREATE") || words.is(0, "DROP")) {
            int index = words.is(1, "UNIQUE") ? 2 : 1;
            return (words.is(index, "INDEX") && words.is(index + 1, "CONCURRENTLY"))
                    || words.is(1, "DATABASE") || words.is(1, "TABLESPACE");
        }
        if (words.is(0, "ALTER")) {
            return words.is(1, "SYSTEM")
                    || (words.is(1, "DATABASE") && setsTablespace(words))
                    || (words.is(1, "TABLE") && words.contains("DETACH") && words.contains("CONCURRENTLY"));
        }
        return false;
    }

    private static boolean setsTablespace(LeadingWords words) {
        for (int i = 2; i + 1 < words.size(); i++) {
            if (words.is(i, "SET") && words.is(i + 1, "TABLESPACE")) {
                return true;
            }
        }
        return false;
    }
}
