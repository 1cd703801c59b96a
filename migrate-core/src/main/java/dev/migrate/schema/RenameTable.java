package dev.migrate.schema;

import java.util.Optional;

/**
 * {@code ALTER TABLE from RENAME TO to}; reversed by the opposite rename. A rename stays in the table's
 * schema: an unqualified {@code to} names a table in the schema of {@code table}
 * ({@code renameTable("audit.events", "old_events")} makes {@code audit.old_events}, and its reverse renames
 * {@code audit.old_events} back to {@code events}). A {@code to} in another schema moves the table on
 * MySQL/MariaDB; PostgreSQL, H2 and SQLite cannot move a table with a rename, so their renderers refuse
 * it when the migration is planned or run (not when it is built: one applied before still loads).
 *
 * @param table the current name
 * @param to    the new name, qualified with the schema of {@code table} when that is qualified
 */
public record RenameTable(String table, String to) implements SchemaOperation {

    public RenameTable {
        Names.table(table, "table name");
        Names.table(to, "new table name");
        if (schemaOf(to) == null && schemaOf(table) != null) {
            to = schemaOf(table) + "." + to;
        }
    }

    /** Whether {@code to} names another schema than {@code table}: a move, which only MySQL/MariaDB make with a rename. */
    public boolean movesSchema() {
        return schemaOf(to) != null && !schemaOf(to).equals(schemaOf(table));
    }

    /** The refusal of a database that cannot move a table with a rename. */
    String cannotMove(String database) {
        return "renameTable " + table + " to " + to + " would move the table to " + (schemaOf(table) == null
                ? "schema " + schemaOf(to) + " from the default schema" : "another schema") + ", which a rename cannot do on "
                + database + ". Give the new name without a schema (" + Names.lastPart(to)
                + ") to rename it in its own schema, or move it with sql(up, down)";
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return Optional.of(new RenameTable(to, movesSchema() ? table : Names.lastPart(table)));
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
        return Names.schemaOf(name);
    }
}
