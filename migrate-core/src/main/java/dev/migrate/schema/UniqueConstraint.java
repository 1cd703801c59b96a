package dev.migrate.schema;

import java.util.List;

/**
 * {@code CONSTRAINT name UNIQUE (columns)}.
 *
 * @param name    the constraint's name
 * @param columns the columns whose combination is unique
 */
public record UniqueConstraint(String name, List<String> columns) implements TableConstraint {

    public UniqueConstraint {
        Names.require(name, "unique constraint name");
        columns = Names.columns(columns, "unique constraint " + name);
    }
}
