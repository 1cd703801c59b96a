package dev.migrate.schema;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code CREATE [UNIQUE] INDEX name ON table (columns)}; reversed by a {@link DropIndex} carrying this
 * definition. With {@link IndexOption#CONCURRENTLY} the migration runs outside a transaction.
 *
 * @param table   the table
 * @param name    the index's name
 * @param columns the indexed columns, in order
 * @param options {@link IndexOption#UNIQUE}, {@link IndexOption#CONCURRENTLY}
 */
public record CreateIndex(String table, String name, List<String> columns, Set<IndexOption> options)
        implements SchemaOperation {

    public CreateIndex {
        Names.table(table, "table name");
        Names.require(name, "index name");
        columns = Names.columns(columns, "index " + name);
        options = Set.copyOf(options.isEmpty() ? EnumSet.noneOf(IndexOption.class) : EnumSet.copyOf(options));
    }

    public boolean unique() {
        return options.contains(IndexOption.UNIQUE);
    }

    public boolean concurrently() {
        return options.contains(IndexOption.CONCURRENTLY);
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return Optional.of(new DropIndex(table, name,
                concurrently() ? Set.of(IndexOption.CONCURRENTLY) : Set.of(), this));
    }

    @Override
    public String irreversibleReason() {
        return null;
    }

    @Override
    public boolean requiresNoTransaction() {
        return concurrently();
    }

    @Override
    public String describe() {
        return "createIndex " + name + " on " + table + " (" + String.join(", ", columns) + ")";
    }
}
