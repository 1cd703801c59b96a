package dev.migrate.schema;

import java.util.Optional;

/**
 * Makes a column refuse nulls (fails where rows hold nulls); reversed by {@link DropNotNull}. The reverse assumes the
 * column allowed nulls: in a reversible migration, a column that is already {@code NOT NULL} is refused when the
 * operation is planned or about to run ({@link dev.migrate.SchemaStateException}), since the down would let it hold
 * nulls.
 *
 * @param table  the table
 * @param column the column
 */
public record SetNotNull(String table, String column) implements SchemaOperation {

    public SetNotNull {
        Names.table(table, "table name");
        Names.require(column, "column name");
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return Optional.of(new DropNotNull(table, column));
    }

    @Override
    public String irreversibleReason() {
        return null;
    }

    @Override
    public String describe() {
        return "setNotNull " + table + "." + column;
    }
}
