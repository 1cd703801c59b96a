package dev.migrate.dialect.sqlite;

import dev.migrate.sql.SqlSplitter;
import dev.migrate.sql.SqlStatement;
import dev.migrate.sql.SqlWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits SQLite scripts. {@link SqliteDialect#splitter()} hands it to the runner.
 *
 * <p>On top of ANSI SQL: backtick and {@code [bracket]} identifiers, trigger bodies
 * ({@code CREATE TRIGGER ... BEGIN ...; ...; END}) kept in one statement, and a block comment never
 * closed read to the end of the script, as SQLite reads it. Marked non-transactional, so that the
 * script runs outside Migrate's transaction: {@code VACUUM}, {@code DETACH} (which SQLite refuses for a database the
 * transaction has used), and the pragmas SQLite refuses to change
 * inside a transaction ({@code journal_mode}, {@code synchronous}) or ignores there
 * ({@code foreign_keys} turned off, which would otherwise let the {@code DROP TABLE} of a table rebuild
 * cascade to the rows that reference it).
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

    /** A pragma that sets a value ({@code = v} or {@code (v)}), with or without its schema; group 1 is its name, 2 the value. */
    private static final Pattern PRAGMA_SET = Pattern.compile(
            "PRAGMA\\s+(?:(?:\\w+|\"[^\"]*\"|\\[[^\\]]*]|`[^`]*`)\\s*\\.\\s*)?(\\w+)\\s*(?:=\\s*(.*?)|\\(\\s*(.*?)\\s*\\))\\s*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** The values SQLite reads as true for a boolean pragma ({@code sqlite3GetBoolean}); every other one is false. */
    private static final Pattern TRUE = Pattern.compile("(['\"]?)(?:on|yes|true|full|\\+?0*[1-9]\\d*)\\1", Pattern.CASE_INSENSITIVE);

    /**
     * Also warns of {@code PRAGMA foreign_keys = OFF} inside the script's own transaction (after its {@code BEGIN},
     * before its {@code COMMIT}): SQLite ignores it there without an error, so the keys stay enforced and the
     * {@code DROP TABLE} of a table rebuild deletes, through {@code ON DELETE CASCADE}, the rows that reference it.
     */
    @Override
    public Split splitWithWarnings(String script) {
        Split split = super.splitWithWarnings(script);
        List<SqlWarning> ignored = new ArrayList<>(0);
        int openedAt = -1;
        for (SqlStatement statement : split.statements()) {
            String[] words = statement.sql().split("\\s+", 4);
            String first = words[0].toUpperCase(Locale.ROOT);
            if (statement.controlsTransaction()) {
                boolean toSavepoint = first.equals("ROLLBACK") && List.of(words).subList(1, words.length).stream()
                        .limit(2).anyMatch(w -> w.equalsIgnoreCase("TO"));
                if (first.equals("BEGIN")) {
                    openedAt = statement.line();
                } else if (!toSavepoint) {
                    openedAt = -1;
                }
            } else if (openedAt >= 0 && turnsForeignKeysOff(statement.sql())) {
                ignored.add(new SqlWarning(statement.line(), "PRAGMA foreign_keys = OFF inside the script's own transaction"
                        + " (BEGIN at line " + openedAt + ") does nothing: SQLite ignores it in a transaction, so foreign"
                        + " keys stay enforced (a DROP TABLE cascades to the rows that reference the table). Move it before"
                        + " the BEGIN"));
            }
        }
        if (ignored.isEmpty()) {
            return split;
        }
        List<SqlWarning> all = new ArrayList<>(split.warnings());
        all.addAll(ignored);
        all.sort(java.util.Comparator.comparingInt(SqlWarning::line));
        return new Split(split.statements(), all);
    }

    private static boolean turnsForeignKeysOff(String sql) {
        var set = PRAGMA_SET.matcher(sql);
        if (!set.matches() || !set.group(1).equalsIgnoreCase("foreign_keys")) {
            return false;
        }
        String value = set.group(2) != null ? set.group(2) : set.group(3);
        return !TRUE.matcher(value.strip()).matches();
    }

    @Override
    protected boolean isNonTransactional(LeadingWords words, String sql) {
        if (words.is(0, "VACUUM") || words.is(0, "DETACH")) {
            // DETACH of a database the transaction has used fails inside it: "database aux is locked"
            return true;
        }
        if (!words.is(0, "PRAGMA") || !(words.contains("JOURNAL_MODE") || words.contains("SYNCHRONOUS")
                || words.contains("FOREIGN_KEYS"))) {
            return false;
        }
        var set = PRAGMA_SET.matcher(sql);
        if (!set.matches()) {
            return false; // a read (PRAGMA journal_mode), which runs anywhere
        }
        String name = set.group(1);
        if (name.equalsIgnoreCase("journal_mode") || name.equalsIgnoreCase("synchronous")) {
            // "cannot change into wal mode from within a transaction", "Safety level may not be changed inside a transaction"
            return true;
        }
        // Ignored inside a transaction without a word: turning it off there leaves the keys enforced
        return turnsForeignKeysOff(sql);
    }
}
