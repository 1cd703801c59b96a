package dev.migrate.schema;

import java.util.Optional;

/**
 * Lets a column hold nulls; reversed by {@link SetNotNull}.
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
