package dev.migrate.schema;

/**
 * {@code CONSTRAINT name CHECK (expression)}.
 *
 * @param name       the constraint's name
 * @param expression the SQL condition every row must meet, without the parentheses
 */
public record CheckConstraint(String name, String expression) implements TableConstraint {

    public CheckConstraint {
        Names.require(name, "check constraint name");
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("Check constraint " + name + " needs an expression");
        }
    }
}
