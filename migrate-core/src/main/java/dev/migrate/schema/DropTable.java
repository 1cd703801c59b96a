package dev.migrate.schema;

import java.util.Optional;

/**
 * {@code DROP TABLE}. Reversible only with the old definition (the rows are not restored):
 * {@code schema.dropTable("sessions").restoring(t -> { t.id(); t.text("token"); })}.
 *
 * @param table     the table to drop
 * @param restoring its definition, recreated by the reverse; null when unknown
 */
public record DropTable(String table, CreateTable restoring) implements SchemaOperation {

    public DropTable {
        Names.table(table, "table name");
        if (restoring != null && !restoring.table().equals(table)) {
            throw new IllegalArgumentException("dropTable " + table + " restores a table named " + restoring.table());
        }
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return Optional.ofNullable(restoring);
    }

    @Override
    public String irreversibleReason() {
        return restoring != null ? null : describe() + " has no restoring(...) definition";
    }

    @Override
    public String describe() {
        return "dropTable " + table;
    }
}
