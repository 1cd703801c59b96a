package dev.migrate.schema;

import java.util.Optional;

/**
 * {@code ALTER TABLE from RENAME TO to}; reversed by the opposite rename.
 *
 * @param table the current name
 * @param to    the new name
 */
public record RenameTable(String table, String to) implements SchemaOperation {

    public RenameTable {
        Names.require(table, "table name");
        Names.require(to, "new table name");
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return Optional.of(new RenameTable(to, table));
    }

    @Override
    public String irreversibleReason() {
        return null;
    }

    @Override
    public String describe() {
        return "renameTable " + table + " to " + to;
    }
}
