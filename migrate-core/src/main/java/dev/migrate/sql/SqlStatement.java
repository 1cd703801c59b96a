package dev.migrate.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One statement of a migration script, as {@link SqlSplitter#split(String)} cut it out. The runner
 * executes {@link #sql()} as is and, when it fails, reports {@link #line()} so that the user finds
 * the statement in the file.
 *
 * <pre>{@code
 * for (SqlStatement statement : dialect.splitter().split(script)) {
 *     if (!statement.transactional()) {
 *         // run this step outside a transaction
 *     }
 *     jdbc.execute(statement.sql());
 * }
 * }</pre>
 *
 * @param sql           the statement, trimmed, without its delimiter; comments inside it are kept
 * @param line          1-based line of the statement's first token in the script
 * @param transactional false when the database refuses to run the statement inside a transaction
 *                      block (PostgreSQL's {@code CREATE INDEX CONCURRENTLY}, SQLite's {@code VACUUM})
 * @param data          the rows that follow a PostgreSQL {@code COPY ... FROM STDIN} in the script, for
 *                      the runner to send as the statement's input; null for every other statement
 */
public record SqlStatement(String sql, int line, boolean transactional, InlineData data) {

    public SqlStatement {
        Objects.requireNonNull(sql, "sql");
    }

    /** A statement without inline data. */
    public SqlStatement(String sql, int line, boolean transactional) {
        this(sql, line, transactional, null);
    }

    /**
     * The rows of a {@code COPY ... FROM STDIN}, as psql reads them: the lines after the statement up
     * to a line holding only {@code \.}, which is not part of them.
     *
     * @param text  the lines, each with its line break
     * @param line  1-based line of the first of them in the script
     * @param lines how many lines they are
     */
    public record InlineData(String text, int line, int lines) {

        public InlineData {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The same statement in a script that starts {@code lines} lines further down its file. */
    public SqlStatement movedDown(int lines) {
        if (lines == 0) {
            return this;
        }
        return new SqlStatement(sql, line + lines, transactional,
                data == null ? null : new InlineData(data.text(), data.line() + lines, data.lines()));
    }

    /**
     * Whether this statement itself starts or ends a transaction: {@code BEGIN} (with {@code WORK},
     * {@code TRANSACTION}, an isolation level or SQLite's {@code DEFERRED}...), {@code START TRANSACTION},
     * {@code COMMIT}, {@code END} alone or with {@code WORK}/{@code TRANSACTION}, {@code ROLLBACK}
     * (including {@code ROLLBACK TO SAVEPOINT}) and PostgreSQL's {@code ABORT}. {@code SAVEPOINT} is not
     * one, nor are PostgreSQL's {@code BEGIN ATOMIC} and MariaDB's {@code BEGIN NOT ATOMIC}, which open
     * compound statements.
     *
     * <p>The runner calls it to refuse, or to run without its own transaction, a script that manages
     * transactions by hand: wrapping it would commit half a migration behind the history's back.
     */
    public boolean controlsTransaction() {
        List<String> words = leadingWords(sql, 3);
        if (words.isEmpty()) {
            return false;
        }
        String second = words.size() > 1 ? words.get(1) : "";
        String third = words.size() > 2 ? words.get(2) : "";
        return switch (words.get(0)) {
            case "BEGIN" -> !second.equals("ATOMIC") && !(second.equals("NOT") && third.equals("ATOMIC"));
            case "START" -> second.equals("TRANSACTION");
            case "COMMIT", "ROLLBACK", "ABORT" -> true;
            // END IF, END LOOP... are parts of a compound body, never statements of their own
            case "END" -> second.isEmpty() || second.equals("WORK") || second.equals("TRANSACTION");
            default -> false;
        };
    }

    private static final java.util.regex.Pattern RETURNING =
            java.util.regex.Pattern.compile("\\bRETURNING\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * Whether this statement may go in a JDBC batch with others: it starts with {@code INSERT},
     * {@code UPDATE}, {@code DELETE}, {@code MERGE}, {@code REPLACE} or {@code UPSERT}, has no inline data and
     * does not hold the word {@code RETURNING} (a batch returns no rows). A statement starting with
     * {@code WITH} is not one, nor anything else: DDL, {@code SELECT}, {@code SET}, {@code CALL}, blocks.
     */
    public boolean batchable() {
        if (data != null) {
            return false;
        }
        List<String> words = leadingWords(sql, 1);
        if (words.isEmpty()) {
            return false;
        }
        return switch (words.get(0)) {
            case "INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE", "UPSERT" -> !RETURNING.matcher(sql).find();
            default -> false;
        };
    }

    /**
     * Up to {@code max} leading words, upper-cased, skipping whitespace and comments and stopping at the
     * first other character (a trailing {@code ;} included).
     */
    private static List<String> leadingWords(String sql, int max) {
        List<String> words = new ArrayList<>(max);
        int length = sql.length();
        int i = 0;
        while (i < length && words.size() < max) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                while (i < length && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
                    i++;
                }
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? length : close + 2;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < length && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    i++;
                }
                words.add(sql.substring(start, i).toUpperCase(Locale.ROOT));
            } else {
                break;
            }
        }
        return words;
    }
}
