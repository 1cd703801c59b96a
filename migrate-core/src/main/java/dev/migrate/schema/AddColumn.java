package dev.migrate.schema;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code ALTER TABLE ... ADD COLUMN}; reversed by a {@link DropColumn} that carries the definition.
 *
 * @param table  the table
 * @param column the new column
 */
public record AddColumn(String table, ColumnDefinition column) implements SchemaOperation {

    public AddColumn {
        Names.table(table, "table name");
        Objects.requireNonNull(column, "column");
        if (column.identity()) {
            throw new IllegalArgumentException("addColumn " + table + "." + column.name()
                    + ": an identity column can only be made by createTable");
        }
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return Optional.of(new DropColumn(table, column.name(), column));
    }

    @Override
    public String irreversibleReason() {
        return null;
    }

    @Override
    public String describe() {
        return "addColumn " + table + "." + column.name();
    }
}
