package dev.migrate.schema;

import java.util.Optional;

/**
 * {@code ALTER TABLE ... DROP COLUMN}. Reversible only with the old definition (the values are not
 * restored): {@code schema.dropColumn("users", "age").restoring(col -> col.integer())}. The restored
 * column comes back as the table's last column, empty; so {@link SchemaChanges#dropColumn} refuses to
 * restore a NOT NULL column without a default, which the down could not add to a table with rows.
 *
 * @param table     the table
 * @param column    the column to drop
 * @param restoring its definition, added back by the reverse; null when unknown
 */
public record DropColumn(String table, String column, ColumnDefinition restoring) implements SchemaOperation {

    public DropColumn {
        Names.require(table, "table name");
        Names.require(column, "column name");
        if (restoring != null && !restoring.name().equals(column)) {
            throw new IllegalArgumentException("dropColumn " + table + "." + column + " restores a column named "
                    + restoring.name());
        }
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return restoring == null ? Optional.empty() : Optional.of(new AddColumn(table, restoring));
    }

    @Override
    public String irreversibleReason() {
        return restoring != null ? null : describe() + " has no restoring(...) definition";
    }

    @Override
    public String describe() {
        return "dropColumn " + table + "." + column;
    }
}
