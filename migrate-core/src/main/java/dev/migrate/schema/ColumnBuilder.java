package dev.migrate.schema;

import java.util.Objects;

/**
 * Chooses the type of a column whose name is already known, as in a restoring drop:
 * {@code schema.dropColumn("users", "age").restoring(col -> col.integer().notNull().defaultValue(0))}.
 */
public final class ColumnBuilder {

    private final String name;
    private ColumnOptions options;

    ColumnBuilder(String name) {
        this.name = name;
    }

    public ColumnOptions type(ColumnType type) {
        options = new ColumnOptions(name, Objects.requireNonNull(type, "type"));
        return options;
    }

    public ColumnOptions string(int length) {
        return type(ColumnType.string(length));
    }

    public ColumnOptions text() {
        return type(ColumnType.text());
    }

    public ColumnOptions integer() {
        return type(ColumnType.integer());
    }

    public ColumnOptions bigint() {
        return type(ColumnType.bigint());
    }

    public ColumnOptions decimal(int precision, int scale) {
        return type(ColumnType.decimal(precision, scale));
    }

    public ColumnOptions bool() {
        return type(ColumnType.bool());
    }

    public ColumnOptions date() {
        return type(ColumnType.date());
    }

    public ColumnOptions timestamp() {
        return type(ColumnType.timestamp());
    }

    public ColumnOptions timestamptz() {
        return type(ColumnType.timestamptz());
    }

    public ColumnOptions uuid() {
        return type(ColumnType.uuid());
    }

    public ColumnOptions json() {
        return type(ColumnType.json());
    }

    public ColumnOptions binary() {
        return type(ColumnType.binary());
    }

    ColumnOptions options(String what) {
        if (options == null) {
            throw new IllegalArgumentException(what + ": the restoring(...) lambda must choose a type, e.g. col -> col.integer()");
        }
        return options;
    }
}
