package dev.migrate.schema;

import java.util.Optional;
import java.util.Set;

/**
 * {@code DROP INDEX}. Reversible only with the old definition:
 * {@code schema.dropIndex("users", "users_email_idx").restoring("email")}.
 *
 * @param table     the index's table (MySQL drops an index by table and name)
 * @param name      the index
 * @param options   {@link IndexOption#CONCURRENTLY} to drop it without locking out writes (PostgreSQL)
 * @param restoring its definition, recreated by the reverse; null when unknown
 */
public record DropIndex(String table, String name, Set<IndexOption> options, CreateIndex restoring)
        implements SchemaOperation {

    public DropIndex {
        Names.table(table, "table name");
        Names.require(name, "index name");
        options = Set.copyOf(options);
        if (options.contains(IndexOption.UNIQUE)) {
            throw new IllegalArgumentException("dropIndex " + name + ": UNIQUE belongs to the restoring definition");
        }
        if (restoring != null && !(restoring.name().equals(name) && restoring.table().equals(table))) {
            throw new IllegalArgumentException("dropIndex " + name + " on " + table + " restores index "
                    + restoring.name() + " on " + restoring.table());
        }
    }

    public boolean concurrently() {
        return options.contains(IndexOption.CONCURRENTLY);
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return Optional.ofNullable(restoring);
    }

    @Override
    public String irreversibleReason() {
        return restoring != null ? null : describe() + " has no restoring(...) columns";
    }

    @Override
    public boolean requiresNoTransaction() {
        return concurrently();
    }

    @Override
    public String describe() {
        return "dropIndex " + name + " on " + table;
    }
}
