package dev.migrate.schema;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY}; reversed by a {@link DropForeignKey}
 * carrying the definition.
 *
 * @param table the referencing table
 * @param key   the foreign key
 */
public record AddForeignKey(String table, ForeignKey key) implements SchemaOperation {

    public AddForeignKey {
        Names.table(table, "table name");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return Optional.of(new DropForeignKey(table, key.name(), key));
    }

    @Override
    public String irreversibleReason() {
        return null;
    }

    @Override
    public String describe() {
        return "addForeignKey " + key.name() + " on " + table + " (" + String.join(", ", key.columns())
                + ") references " + key.referencedTable();
    }
}
