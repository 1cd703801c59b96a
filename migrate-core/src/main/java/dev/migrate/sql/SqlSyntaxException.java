package dev.migrate.sql;

import dev.migrate.MigrateException;

/**
 * A script cannot be split: a string literal, quoted identifier, block comment or dollar-quoted
 * string is never closed, or a {@code DELIMITER} command names no delimiter. Thrown by
 * {@link SqlSplitter#split(String)}, which does not know the file; the caller prefixes the script's
 * name to the message.
 *
 * <pre>{@code
 * try {
 *     splitter.split(script);
 * } catch (SqlSyntaxException e) {
 *     throw new MigrateException(file + ": " + e.getMessage(), e);
 * }
 * }</pre>
 */
public class SqlSyntaxException extends MigrateException {

    private static final long serialVersionUID = 1L;

    private final int line;

    public SqlSyntaxException(String message, int line) {
        super(message);
        this.line = line;
    }

    /** 1-based line where the unclosed construct was opened, or where the bad command is. */
    public int line() {
        return line;
    }
}
