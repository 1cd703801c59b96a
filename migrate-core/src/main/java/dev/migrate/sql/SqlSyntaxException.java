package dev.migrate.sql;

import dev.migrate.MigrateException;

/**
 * A script cannot be split: a string literal, quoted identifier, block comment or dollar-quoted
 * string is never closed, a stored program's {@code BEGIN} block is still open at the end of the
 * script, or a {@code DELIMITER} command names no delimiter. Thrown by
 * {@link SqlSplitter#split(String)}, which does not know the file nor where in it the script starts;
 * the caller moves the line to the file's numbering with {@link #movedDown(int)} and prefixes the
 * file's name.
 *
 * <pre>{@code
 * try {
 *     splitter.split(section);
 * } catch (SqlSyntaxException e) {
 *     SqlSyntaxException inFile = e.movedDown(sectionFirstLine - 1);
 *     throw new MigrateException(file + " line " + inFile.line() + ": " + inFile.getMessage(), e);
 * }
 * }</pre>
 */
public class SqlSyntaxException extends MigrateException {

    private static final long serialVersionUID = 1L;

    private final String beforeLine;
    private final int line;
    private final String afterLine;

    /**
     * The message is {@code beforeLine + line + afterLine}, so that the line in it can be moved along
     * with {@link #line()}: {@code new SqlSyntaxException("Unterminated string literal opened on line ",
     * 3, "; add the closing '")}.
     */
    public SqlSyntaxException(String beforeLine, int line, String afterLine) {
        super(beforeLine + line + afterLine);
        this.beforeLine = beforeLine;
        this.line = line;
        this.afterLine = afterLine;
    }

    /** 1-based line where the unclosed construct was opened, or where the bad command is. */
    public int line() {
        return line;
    }

    /**
     * The same error for a script that starts {@code lines} lines further down its file (a
     * {@code -- migrate:up} or {@code -- migrate:down} section): line and message both give the
     * file's line.
     */
    public SqlSyntaxException movedDown(int lines) {
        if (lines == 0) {
            return this;
        }
        SqlSyntaxException moved = new SqlSyntaxException(beforeLine, line + lines, afterLine);
        moved.initCause(this);
        return moved;
    }
}
