package dev.migrate.schema;

import java.util.Objects;
import java.util.Optional;

/**
 * Adds a unique constraint; reversed by a {@link DropConstraint} carrying it. On SQLite, which cannot
 * add a constraint in place, it is a unique index of the same name: the same rule, and no table rebuild.
 *
 * @param table      the table
 * @param constraint the constraint
 */
public record AddUnique(String table, UniqueConstraint constraint) implements SchemaOperation {

    public AddUnique {
        Names.table(table, "table name");
        Objects.requireNonNull(constraint, "constraint");
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return Optional.of(new DropConstraint(table, constraint.name(), constraint));
    }

    @Override
    public String irreversibleReason() {
        return null;
    }

    @Override
    public String describe() {
        return "addUnique " + constraint.name() + " on " + table + " (" + String.join(", ", constraint.columns()) + ")";
    }
}
