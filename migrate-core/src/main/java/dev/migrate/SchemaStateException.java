package dev.migrate;

/**
 * A {@link dev.migrate.schema.DslMigration} operation refused because the table is not in the state its generated
 * down undoes it to: a {@code dropNotNull} of a column that already holds nulls (its down would make it
 * {@code NOT NULL}), a {@code setDefault(...).fromNone()} of a column that has a default (its down would drop it).
 * Nothing of the operation ran. {@code plan} and {@code migrate} refuse such a migration before running anything
 * where the table can be read then; otherwise the operation refuses when it is about to run.
 *
 * <pre>{@code
 * users.note already allows NULL, so the generated down (setNotNull) would make it
 * NOT NULL, which it was not. Remove dropNotNull from the migration, or write the change with sql(up, down).
 * }</pre>
 */
public class SchemaStateException extends MigrateException {

    private static final long serialVersionUID = 1L;

    private final String operation;

    /**
     * @param operation the operation as {@link dev.migrate.schema.SchemaOperation#describe()} gives it
     * @param message   what the table holds, what the down would do and how to fix the migration (the operation is
     *                  named by whoever reports it, as {@link SchemaOperationFailedException} does)
     */
    public SchemaStateException(String operation, String message) {
        super(message);
        this.operation = operation;
    }

    /** The refused operation: {@code dropNotNull users.note}. */
    public String operation() {
        return operation;
    }
}
