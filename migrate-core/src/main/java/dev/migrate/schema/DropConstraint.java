package dev.migrate.schema;

import java.util.Optional;

/**
 * Drops a named unique, check or foreign-key constraint. Reversible only with its definition:
 * {@code schema.dropConstraint("users", "users_age_check").restoringCheck("age >= 0")}, or
 * {@code .restoringForeignKey("team_id", "teams", "id").onDelete(ForeignKeyAction.CASCADE)}.
 *
 * @param table     the table
 * @param name      the constraint's name
 * @param restoring its definition, added back by the reverse; null when unknown
 */
public record DropConstraint(String table, String name, TableConstraint restoring) implements SchemaOperation {

    public DropConstraint {
        Names.table(table, "table name");
        Names.require(name, "constraint name");
        if (restoring != null && !restoring.name().equals(name)) {
            throw new IllegalArgumentException("dropConstraint " + name + " restores a constraint named "
                    + restoring.name());
        }
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        if (restoring instanceof UniqueConstraint unique) {
            return Optional.of(new AddUnique(table, unique));
        }
        if (restoring instanceof CheckConstraint check) {
            return Optional.of(new AddCheck(table, check));
        }
        if (restoring instanceof ForeignKey key) {
            return Optional.of(new AddForeignKey(table, key));
        }
        return Optional.empty();
    }

    @Override
    public String irreversibleReason() {
        return restoring != null ? null : describe() + " has no restoring(...) definition (give restoringUnique(...),"
                + " restoringCheck(...) or restoringForeignKey(...))";
    }

    @Override
    public String describe() {
        return "dropConstraint " + name + " on " + table;
    }
}
