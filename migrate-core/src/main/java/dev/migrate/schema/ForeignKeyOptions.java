package dev.migrate.schema;

import java.util.List;
import java.util.Objects;

/**
 * A foreign key being described: {@code schema.addForeignKey("orders", "user_id", "users", "id")
 * .onDelete(ForeignKeyAction.CASCADE)}. Unnamed keys are named {@code <table>_<columns>_fkey}.
 */
public final class ForeignKeyOptions {

    private final String table;
    private final List<String> columns;
    private final String referencedTable;
    private final List<String> referencedColumns;
    private String name;
    private ForeignKeyAction onDelete = ForeignKeyAction.NO_ACTION;
    private ForeignKeyAction onUpdate = ForeignKeyAction.NO_ACTION;

    ForeignKeyOptions(String table, List<String> columns, String referencedTable, List<String> referencedColumns) {
        this.table = Names.table(table, "table name");
        this.columns = Names.columns(columns, "foreign key on " + table);
        this.referencedTable = Names.table(referencedTable, "referenced table");
        this.referencedColumns = Names.columns(referencedColumns, "foreign key on " + table + " (referenced)");
    }

    /** The constraint's name. */
    public ForeignKeyOptions name(String name) {
        this.name = Names.require(name, "foreign key name");
        return this;
    }

    /** What a delete of the referenced row does. */
    public ForeignKeyOptions onDelete(ForeignKeyAction action) {
        onDelete = Objects.requireNonNull(action, "action");
        return this;
    }

    /** What an update of the referenced key does. */
    public ForeignKeyOptions onUpdate(ForeignKeyAction action) {
        onUpdate = Objects.requireNonNull(action, "action");
        return this;
    }

    ForeignKey build() {
        return new ForeignKey(name != null ? name : Names.of(table, columns, "fkey"), columns, referencedTable,
                referencedColumns, onDelete, onUpdate);
    }
}
