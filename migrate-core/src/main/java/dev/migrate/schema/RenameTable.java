package dev.migrate.schema;

import java.util.Optional;

/**
 * {@code ALTER TABLE from RENAME TO to}; reversed by the opposite rename. A rename stays in the table's
 * schema: an unqualified {@code to} names a table in the schema of {@code table}
 * ({@code renameTable("audit.events", "old_events")} makes {@code audit.old_events}, and its reverse renames
 * {@code audit.old_events} back to {@code events}). A {@code to} in another schema is refused, since
 * PostgreSQL, H2 and SQLite cannot move a table with a rename.
 *
 * @param table the current name
 * @param to    the new name, qualified with the schema of {@code table} when that is qualified
 */
public record RenameTable(String table, String to) implements SchemaOperation {

    public RenameTable {
        Names.require(table, "table name");
        Names.require(to, "new table name");
        String schema = schemaOf(table);
        String toSchema = schemaOf(to);
        if (toSchema == null) {
            to = schema == null ? to : schema + "." + to;
        } else if (!toSchema.equals(schema)) {
            throw new IllegalArgumentException("renameTable " + table + " to " + to + " would move the table to "
                    + (schema == null ? "schema " + toSchema + " from the default schema" : "another schema")
                    + ", which a rename cannot do on PostgreSQL, H2 or SQLite. Give the new name without a schema ("
                    + to.substring(to.lastIndexOf('.') + 1) + ") to rename it in its own schema, or move it with"
                    + " sql(up, down).");
        }
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return Optional.of(new RenameTable(to, table.substring(table.lastIndexOf('.') + 1)));
    }

    @Override
    public String irreversibleReason() {
        return null;
    }

    @Override
    public String describe() {
        return "renameTable " + table + " to " + to;
    }

    /** The schema part of a qualified name, or null. */
    private static String schemaOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : name.substring(0, dot);
    }
}
