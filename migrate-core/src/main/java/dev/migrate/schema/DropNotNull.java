package dev.migrate.schema;

import java.util.Optional;

/**
 * Lets a column hold nulls; reversed by {@link SetNotNull}. The reverse assumes the column was {@code NOT NULL}: in a
 * reversible migration, a column that already allows nulls is refused when the operation is planned or about to run
 * ({@link dev.migrate.SchemaStateException}), since the down would make it {@code NOT NULL}.
 *
 * @param table  the table
 * @param column the column
 */
public record DropNotNull(String table, String column) implements SchemaOperation {

    public DropNotNull {
        Names.table(table, "table name");
        Names.require(column, "column name");
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return Optional.of(new SetNotNull(table, column));
    }

    @Override
    public String irreversibleReason() {
        return null;
    }

    @Override
    public String describe() {
        return "dropNotNull " + table + "." + column;
    }
}
