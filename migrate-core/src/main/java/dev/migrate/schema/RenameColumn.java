package dev.migrate.schema;

import java.util.Optional;

/**
 * {@code ALTER TABLE ... RENAME COLUMN from TO to}; reversed by the opposite rename.
 *
 * @param table the table
 * @param from  the current name
 * @param to    the new name
 */
public record RenameColumn(String table, String from, String to) implements SchemaOperation {

    public RenameColumn {
        Names.table(table, "table name");
        Names.require(from, "column name");
        Names.require(to, "new column name");
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return Optional.of(new RenameColumn(table, to, from));
    }

    @Override
    public String irreversibleReason() {
        return null;
    }

    @Override
    public String describe() {
        return "renameColumn " + table + "." + from + " to " + to;
    }
}
