package dev.migrate.schema;

import java.util.Objects;
import java.util.Optional;

/**
 * Changes a column's type, keeping its nullability and default. Reversible when the old type is
 * given: {@code schema.alterColumnType("users", "age", bigint()).from(integer())}.
 *
 * @param table  the table
 * @param column the column
 * @param type   the new type
 * @param from   the current type, for the reverse; null when unknown
 */
public record AlterColumnType(String table, String column, ColumnType type, ColumnType from)
        implements SchemaOperation {

    public AlterColumnType {
        Names.table(table, "table name");
        Names.require(column, "column name");
        Objects.requireNonNull(type, "type");
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return from == null ? Optional.empty() : Optional.of(new AlterColumnType(table, column, from, type));
    }

    @Override
    public String irreversibleReason() {
        return from != null ? null : describe() + " does not say the old type; add .from(...)";
    }

    @Override
    public String describe() {
        return "alterColumnType " + table + "." + column + " to " + type;
    }
}
