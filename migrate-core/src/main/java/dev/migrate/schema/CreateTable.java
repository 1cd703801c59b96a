package dev.migrate.schema;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code CREATE TABLE}. Reversed by a {@link DropTable} that carries this definition, so the pair is
 * reversible both ways.
 *
 * @param table       the table's name, optionally schema-qualified ({@code audit.events})
 * @param columns     its columns, in order
 * @param primaryKey  the primary key's columns; empty for none
 * @param constraints unique, check and foreign key constraints
 */
public record CreateTable(String table, List<ColumnDefinition> columns, List<String> primaryKey,
        List<TableConstraint> constraints) implements SchemaOperation {

    public CreateTable {
        Names.table(table, "table name");
        if (columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException("createTable " + table + " needs at least one column");
        }
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        constraints = List.copyOf(constraints);
        Set<String> names = new HashSet<>();
        for (ColumnDefinition column : columns) {
            if (!names.add(column.name())) {
                throw new IllegalArgumentException("createTable " + table + " has two columns named " + column.name());
            }
        }
        for (String column : primaryKey) {
            if (!names.contains(column)) {
                throw new IllegalArgumentException("createTable " + table + ": primary key column " + column
                        + " is not one of its columns");
            }
        }
        for (ColumnDefinition column : columns) {
            if (column.identity() && !primaryKey.equals(List.of(column.name()))) {
                throw new IllegalArgumentException("createTable " + table + ": identity column " + column.name()
                        + " must be the whole primary key");
            }
        }
    }

    /** The column of this name, or null. */
    public ColumnDefinition column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return Optional.of(new DropTable(table, this));
    }

    @Override
    public String irreversibleReason() {
        return null;
    }

    @Override
    public String describe() {
        return "createTable " + table;
    }
}
