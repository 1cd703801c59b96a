package dev.migrate.schema;

import java.util.Objects;
import java.util.Optional;

/**
 * Sets a column's default. Reversible only when the previous default is given, as in Rails'
 * {@code change_column_default from:/to:}: {@code .from("draft")} restores that default,
 * {@code .fromNone()} drops the default again. In a reversible migration the column is checked when the operation is
 * planned or about to run: {@code .fromNone()} of a column that has a default, or {@code .from(...)} of one that has
 * none, is refused ({@link dev.migrate.SchemaStateException}), since the down would drop or set a default the column
 * did not have. The value given to {@code from(...)} is the author's word: it is not compared with the column's.
 *
 * @param table    the table
 * @param column   the column
 * @param value    the new default
 * @param previous the default before, {@link DefaultValue#none()} when there was none, or null when unknown
 */
public record SetDefault(String table, String column, DefaultValue value, DefaultValue previous)
        implements SchemaOperation {

    public SetDefault {
        Names.table(table, "table name");
        Names.require(column, "column name");
        Objects.requireNonNull(value, "value");
        if (value instanceof DefaultValue.None) {
            throw new IllegalArgumentException("setDefault " + table + "." + column + ": use dropDefault to remove a default");
        }
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        if (previous == null) {
            return Optional.empty();
        }
        if (previous instanceof DefaultValue.None) {
            return Optional.of(new DropDefault(table, column, value));
        }
        return Optional.of(new SetDefault(table, column, previous, value));
    }

    @Override
    public String irreversibleReason() {
        return previous != null ? null
                : describe() + " does not say the previous default; add .from(...) or .fromNone()";
    }

    @Override
    public String describe() {
        return "setDefault " + table + "." + column + " to " + value.describe();
    }
}
