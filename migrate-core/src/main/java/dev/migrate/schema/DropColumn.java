package dev.migrate.schema;

import java.util.Optional;

/**
 * {@code ALTER TABLE ... DROP COLUMN}. Reversible only with the old definition (the values are not
 * restored): {@code schema.dropColumn("users", "age").restoring(col -> col.integer())}. The restored
 * column comes back as the table's last column, empty and without constraints; so a restoring definition
 * the down cannot honour (NOT NULL without a default, which the down could not add to a table with rows;
 * {@code unique()} or {@code references(...)}, which it would lose) makes the drop irreversible, saying
 * why, before anything runs.
 *
 * @param table        the table
 * @param column       the column to drop
 * @param restoring    its definition, added back by the reverse; null when unknown
 * @param unrestorable why {@code restoring} cannot be added back as declared, or null
 */
public record DropColumn(String table, String column, ColumnDefinition restoring, String unrestorable) implements SchemaOperation {

    public DropColumn {
        Names.table(table, "table name");
        Names.require(column, "column name");
        if (restoring != null && !restoring.name().equals(column)) {
            throw new IllegalArgumentException("dropColumn " + table + "." + column + " restores a column named "
                    + restoring.name());
        }
    }

    /** A drop whose restoring definition, if any, the down can add back as declared. */
    public DropColumn(String table, String column, ColumnDefinition restoring) {
        this(table, column, restoring, null);
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return restoring == null || unrestorable != null ? Optional.empty() : Optional.of(new AddColumn(table, restoring));
    }

    @Override
    public String irreversibleReason() {
        return restoring == null ? describe() + " has no restoring(...) definition" : unrestorable;
    }

    @Override
    public String describe() {
        return "dropColumn " + table + "." + column;
    }
}
