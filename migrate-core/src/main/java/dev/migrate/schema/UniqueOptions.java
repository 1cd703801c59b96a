package dev.migrate.schema;

import java.util.List;

/** A unique constraint being described; unnamed ones are named {@code <table>_<columns>_key}. */
public final class UniqueOptions {

    private final String table;
    private final List<String> columns;
    private String name;

    UniqueOptions(String table, List<String> columns) {
        this.table = Names.table(table, "table name");
        this.columns = Names.columns(columns, "unique constraint on " + table);
    }

    /** The constraint's name. */
    public UniqueOptions name(String name) {
        this.name = Names.require(name, "unique constraint name");
        return this;
    }

    UniqueConstraint build() {
        return new UniqueConstraint(name != null ? name : Names.of(table, columns, "key"), columns);
    }
}
