package dev.migrate.sql;

import java.util.Objects;

/**
 * Something in a script that the database reads without an error but its author should know about, found
 * by {@link SqlSplitter#splitWithWarnings(String)}: on SQLite, a block comment never closed, which hides the
 * rest of the script. The caller names the file and moves the line to the file's numbering, as for a
 * {@link SqlSyntaxException}.
 *
 * <pre>{@code
 * for (SqlWarning w : splitter.splitWithWarnings(section).warnings()) {
 *     log.warn("{} line {}: {}", file, w.line() + sectionFirstLine - 1, w.message());
 * }
 * }</pre>
 *
 * @param line    1-based line in the script where what it is about starts
 * @param message what it is and what to do, without the line
 */
public record SqlWarning(int line, String message) {

    public SqlWarning {
        Objects.requireNonNull(message, "message");
    }
}
