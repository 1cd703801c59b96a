package dev.migrate.schema;

import java.util.List;
import java.util.Objects;

/**
 * {@code CONSTRAINT name FOREIGN KEY (columns) REFERENCES referencedTable (referencedColumns)} with its
 * actions. {@link ForeignKeyAction#NO_ACTION} is not written out, as it is every database's default.
 *
 * @param name              the constraint's name
 * @param columns           the referencing columns
 * @param referencedTable   the referenced table
 * @param referencedColumns the referenced columns, as many as {@code columns}
 * @param onDelete          what a delete of the referenced row does
 * @param onUpdate          what an update of the referenced key does
 */
public record ForeignKey(String name, List<String> columns, String referencedTable, List<String> referencedColumns,
        ForeignKeyAction onDelete, ForeignKeyAction onUpdate) implements TableConstraint {

    public ForeignKey {
        Names.require(name, "foreign key name");
        columns = Names.columns(columns, "foreign key " + name);
        Names.table(referencedTable, "referenced table of foreign key " + name);
        referencedColumns = Names.columns(referencedColumns, "foreign key " + name + " (referenced)");
        if (columns.size() != referencedColumns.size()) {
            throw new IllegalArgumentException("Foreign key " + name + " has " + columns.size()
                    + " columns but references " + referencedColumns.size());
        }
        onDelete = Objects.requireNonNullElse(onDelete, ForeignKeyAction.NO_ACTION);
        onUpdate = Objects.requireNonNullElse(onUpdate, ForeignKeyAction.NO_ACTION);
    }
}
