package dev.migrate.dialect.postgres;

import dev.migrate.sql.SqlSplitter;
import dev.migrate.sql.SqlStatement;
import dev.migrate.sql.SqlSyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
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
 * <p>With {@code standard_conforming_strings} off in the session a backslash escapes the next character in
 * plain {@code '...'} strings too ({@code 'it\'s'}), as in {@code E'...'}. The setting at the start of a script
 * comes from {@link #forStandardConformingStrings(boolean, boolean)}: the runner reads it from the connection. A
 * script's own {@code SET [SESSION] standard_conforming_strings} changes it for the statements after it, as psql
 * follows the server; {@code RESET}, {@code SET ... TO DEFAULT}, {@code RESET ALL} and {@code DISCARD ALL} put back
 * the session's reset value. {@code SET LOCAL} (which holds until the transaction ends) and {@code set_config(...)}
 * of the setting make it unknown: a backslash in a plain string after them is refused, as Migrate cannot tell what
 * it means.
 *
 * <pre>{@code
 * new PostgresSplitter().split("CREATE INDEX CONCURRENTLY i ON t (c);")
 *     // [SqlStatement[sql=CREATE INDEX CONCURRENTLY i ON t (c), line=1, transactional=false]]
 * }</pre>
 */
public class PostgresSplitter extends SqlSplitter {

    private static final Pattern SET = Pattern.compile("SET(?:\\s+(SESSION|LOCAL))?\\s+(?:\"?standard_conforming_strings\"?)"
            + "\\s*(?:=|\\s+TO\\b)\\s*(.*?)\\s*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern RESET = Pattern.compile("RESET\\s+(?:\"?standard_conforming_strings\"?|ALL)\\s*"
            + "|DISCARD\\s+ALL\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern SET_CONFIG = Pattern.compile("(?is).*\\bset_config\\s*\\(\\s*'standard_conforming_strings'.*");

    /** Whether a backslash escapes in plain strings at the start of a script ({@code standard_conforming_strings} off). */
    private final boolean backslashEscapes;
    /** Whether it does after {@code RESET}: the session's reset value of the setting is off. */
    private final boolean backslashEscapesAfterReset;

    /** A splitter for the server's default, {@code standard_conforming_strings} on: a backslash is a plain character in {@code '...'}. */
    public PostgresSplitter() {
        this(false, false);
    }

    private PostgresSplitter(boolean backslashEscapes, boolean backslashEscapesAfterReset) {
        this.backslashEscapes = backslashEscapes;
        this.backslashEscapesAfterReset = backslashEscapesAfterReset;
    }

    /**
     * A splitter for scripts that start in a session where {@code standard_conforming_strings} is {@code on} or not,
     * and whose reset value ({@code pg_settings.reset_val}, what {@code RESET} puts back) is {@code resetOn}.
     *
     * <pre>{@code
     * PostgresSplitter.forStandardConformingStrings(false, true).split("INSERT INTO t VALUES ('it\\'s; fine'); SELECT 1")
     *     // two statements
     * }</pre>
     */
    public static PostgresSplitter forStandardConformingStrings(boolean on, boolean resetOn) {
        return new PostgresSplitter(!on, !resetOn);
    }

    @Override
    protected boolean backslashEscapesInStrings() {
        return backslashEscapes;
    }

    /**
     * A session {@code SET} or {@code RESET} of {@code standard_conforming_strings}: on or off sets it, {@code DEFAULT}
     * and {@code RESET} put back the reset value; {@code SET LOCAL} and {@code set_config(...)} make it unknown (null).
     */
    @Override
    protected Boolean backslashEscapesAfter(String sql, Boolean escapes, boolean atStart) {
        if (sql.length() < 5 || !sql.regionMatches(true, 0, "SET", 0, 3) && !sql.regionMatches(true, 0, "RESET", 0, 5)
                && !sql.regionMatches(true, 0, "DISCARD", 0, 7) && !sql.regionMatches(true, 0, "SELECT", 0, 6)) {
            return escapes;
        }
        if (RESET.matcher(sql).matches()) {
            return backslashEscapesAfterReset;
        }
        Matcher set = SET.matcher(sql);
        if (set.matches()) {
            if ("LOCAL".equalsIgnoreCase(set.group(1))) {
                return null;
            }
            String value = set.group(2).replaceAll("^['\"]|['\"]$", "").toLowerCase(Locale.ROOT);
            if (value.equals("default")) {
                return backslashEscapesAfterReset;
            }
            Boolean on = bool(value);
            return on == null ? escapes : !on;
        }
        return SET_CONFIG.matcher(sql).matches() ? null : escapes;
    }

    /** A boolean setting's value as PostgreSQL reads it (a unique prefix of true, false, yes, no; on, off, 1, 0); null for none. */
    private static Boolean bool(String value) {
        if (value.isEmpty()) {
            return null;
        }
        if (value.equals("on") || value.equals("1") || "true".startsWith(value) || "yes".startsWith(value)) {
            return true;
        }
        if (value.equals("of") || value.equals("off") || value.equals("0") || "false".startsWith(value) || "no".startsWith(value)) {
            return false;
        }
        return null;
    }

    @Override
    protected String unknownBackslashAdvice() {
        return " (SET LOCAL standard_conforming_strings, or set_config(...) of it): set it for the session, as in"
                + " SET standard_conforming_strings = off, or write the string as E'...'";
    }

    /**
     * {@code COPY} up to {@code FROM STDIN}, over names that may be quoted: pg_dump quotes a schema, table or column
     * whose name holds a {@code ;} or a space ({@code COPY "app;x"."t;3" (id) FROM stdin}), and a quoted name may
     * hold the words {@code FROM STDIN} too.
     */
    private static final Pattern COPY_FROM_STDIN = Pattern.compile("COPY\\s(?:[^;\"]|\"[^\"]*\")*?\\sFROM\\s+STDIN\\b",
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
                String hint = command.equals("\\connect") || command.equals("\\c")
                        ? " (pg_dump --create and pg_dumpall write it: dump the one database without --create, into the"
                                + " database Migrate connects to)"
                        : "";
                throw new SqlSyntaxException("psql meta-command " + command + " on line ", statement.line(),
                        ": only psql runs these, the server does not. Remove the line, or run that script with psql" + hint);
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
        if (words.is(0, "DISCARD")) {
            // DISCARD ALL; DISCARD PLANS, SEQUENCES and TEMP run in a transaction
            return words.is(1, "ALL");
        }
        if (words.is(0, "CLUSTER")) {
            // CLUSTER alone (or VERBOSE): every table clustered before, one per transaction
            return words.size() == 1 || (words.size() == 2 && words.is(1, "VERBOSE"));
        }
        if (words.is(0, "REINDEX")) {
            // REINDEX ... CONCURRENTLY, and the forms that work one table per transaction
            return words.contains("CONCURRENTLY")
                    || words.is(1, "SCHEMA") || words.is(1, "DATABASE") || words.is(1, "SYSTEM");
        }
        if (words.is(0, "CREATE") || words.is(0, "DROP")) {
            int index = words.is(1, "UNIQUE") ? 2 : 1;
            // a subscription that creates or drops its replication slot (the default) refuses a transaction block
            return (words.is(index, "INDEX") && words.is(index + 1, "CONCURRENTLY"))
                    || words.is(1, "DATABASE") || words.is(1, "TABLESPACE") || words.is(1, "SUBSCRIPTION");
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
