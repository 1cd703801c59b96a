package dev.migrate.schema;

import java.util.Optional;

/**
 * Removes a column's default. Reversible when the old default is given:
 * {@code schema.dropDefault("users", "status").restoring("active")}. In a reversible migration, a column without a
 * default is refused when the operation is planned or about to run ({@link dev.migrate.SchemaStateException}), since
 * the down would set one.
 *
 * @param table     the table
 * @param column    the column
 * @param restoring the default set back by the reverse; null when unknown
 */
public record DropDefault(String table, String column, DefaultValue restoring) implements SchemaOperation {

    public DropDefault {
        Names.table(table, "table name");
        Names.require(column, "column name");
        if (restoring instanceof DefaultValue.None) {
            throw new IllegalArgumentException("dropDefault " + table + "." + column + " cannot restore 'none'");
        }
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return restoring == null ? Optional.empty()
                : Optional.of(new SetDefault(table, column, restoring, DefaultValue.none()));
    }

    @Override
    public String irreversibleReason() {
        return restoring != null ? null : describe() + " has no restoring(...) default";
    }

    @Override
    public String describe() {
        return "dropDefault " + table + "." + column;
    }
}
