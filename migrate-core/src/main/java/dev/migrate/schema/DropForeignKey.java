package dev.migrate.schema;

import java.util.Optional;

/**
 * Drops a foreign key. Reversible only with the old definition:
 * {@code schema.dropForeignKey("orders", "orders_user_id_fkey").restoring("user_id", "users", "id")}.
 * On MySQL/MariaDB the index the server made for the key (named as the key) is dropped with it.
 *
 * @param table     the referencing table
 * @param name      the constraint's name
 * @param restoring its definition, added back by the reverse; null when unknown
 */
public record DropForeignKey(String table, String name, ForeignKey restoring) implements SchemaOperation {

    public DropForeignKey {
        Names.table(table, "table name");
        Names.require(name, "foreign key name");
        if (restoring != null && !restoring.name().equals(name)) {
            throw new IllegalArgumentException("dropForeignKey " + name + " restores a key named " + restoring.name());
        }
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return restoring == null ? Optional.empty() : Optional.of(new AddForeignKey(table, restoring));
    }

    @Override
    public String irreversibleReason() {
        return restoring != null ? null : describe() + " has no restoring(...) definition";
    }

    @Override
    public String describe() {
        return "dropForeignKey " + name + " on " + table;
    }
}
