package dev.migrate;

import dev.migrate.internal.DriverMessages;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One operation of a {@link dev.migrate.schema.DslMigration} failed: names it, its position, the statement that
 * failed and the operations that ran before it, which stay applied where the database commits DDL at once
 * (MySQL, MariaDB, H2).
 * The database's error is the cause.
 *
 * <pre>{@code
 * operation 3 of 3 (addColumn users.nickname) failed: Duplicate column name 'nickname'
 *   Statement: ALTER TABLE users ADD COLUMN nickname VARCHAR(50)
 *   Ran before it: addColumn users.age, createIndex users_age_idx on users
 * }</pre>
 */
public class SchemaOperationFailedException extends MigrateException {

    private static final long serialVersionUID = 1L;

    /** The start of this exception's message for an operation of the up (the down's say "of the generated down"). */
    private static final Pattern FAILED_UP_OPERATION = Pattern.compile("operation \\d+ of \\d+ \\(");

    private final String operation;
    private final int index;
    private final String statement;
    private final List<String> ranBefore;

    /**
     * @param operation the failed operation as {@link dev.migrate.schema.SchemaOperation#describe()} gives it
     * @param index     its position, from 1
     * @param total     how many operations the direction has
     * @param down      whether it is an operation of the generated down
     * @param statement the statement that failed; null when the operation failed before running one
     * @param ranBefore the operations that ran before it, in order
     */
    public SchemaOperationFailedException(String operation, int index, int total, boolean down, String statement,
            List<String> ranBefore, Throwable cause) {
        super("operation " + index + " of " + total + (down ? " of the generated down" : "") + " (" + operation + ") failed: "
                + describe(cause)
                + (statement == null ? "" : "\n  Statement: " + oneLine(statement))
                + (ranBefore.isEmpty() ? "\n  No operation ran before it" : "\n  Ran before it: " + String.join(", ", ranBefore)),
                cause);
        this.operation = operation;
        this.index = index;
        this.statement = statement;
        this.ranBefore = List.copyOf(ranBefore);
    }

    /** The failed operation, as {@link dev.migrate.schema.SchemaOperation#describe()} gives it. */
    public String operation() {
        return operation;
    }

    /** The failed operation's position in its direction, from 1. */
    public int index() {
        return index;
    }

    /** The statement that failed; null when the operation failed before running one. */
    public String statement() {
        return statement;
    }

    /** The operations that ran before the failed one, in order. */
    public List<String> ranBefore() {
        return ranBefore;
    }

    /**
     * Whether {@code error}, a FAILED history row's error text, is this exception's message for an operation of the
     * up: the migration then stopped part-way through its operations, and its generated down, which reverses every
     * operation, does not fit what was applied. Called when planning a rollback.
     */
    public static boolean isFailedUpOperation(String error) {
        return error != null && FAILED_UP_OPERATION.matcher(error).lookingAt();
    }

    private static String describe(Throwable cause) {
        return DriverMessages.bounded(cause.getMessage() == null ? cause.toString() : cause.getMessage().trim());
    }

    private static String oneLine(String sql) {
        String line = sql.replaceAll("\\s+", " ").trim();
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }
}
