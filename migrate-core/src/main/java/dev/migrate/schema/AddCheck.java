package dev.migrate.schema;

import java.util.Objects;
import java.util.Optional;

/**
 * Adds a check constraint; reversed by a {@link DropConstraint} carrying it.
 *
 * @param table      the table
 * @param constraint the constraint
 */
public record AddCheck(String table, CheckConstraint constraint) implements SchemaOperation {

    public AddCheck {
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
        return "addCheck " + constraint.name() + " on " + table;
    }
}
