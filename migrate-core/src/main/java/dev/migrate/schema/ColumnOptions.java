package dev.migrate.schema;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * The options of one column being described, in {@link TableBuilder}, {@link SchemaChanges#addColumn}
 * or a restoring drop. Columns are nullable and without default unless told otherwise.
 *
 * <pre>{@code
 * t.string("email", 255).notNull().unique();
 * t.bigint("team_id").references("teams", "id").onDelete(ForeignKeyAction.CASCADE);
 * schema.addColumn("users", "active", bool(), c -> c.notNull().defaultValue(true));
 * }</pre>
 */
public final class ColumnOptions {

    private final String name;
    private final ColumnType type;
    private boolean notNull;
    private boolean identity;
    private boolean primaryKey;
    private boolean unique;
    private DefaultValue defaultValue;
    private String referencedTable;
    private String referencedColumn;
    private ForeignKeyAction onDelete = ForeignKeyAction.NO_ACTION;
    private ForeignKeyAction onUpdate = ForeignKeyAction.NO_ACTION;

    ColumnOptions(String name, ColumnType type) {
        this.name = Names.require(name, "column name");
        this.type = Objects.requireNonNull(type, "type");
    }

    /** Refuses nulls. */
    public ColumnOptions notNull() {
        notNull = true;
        return this;
    }

    /** Accepts nulls (the default). */
    public ColumnOptions nullable() {
        notNull = false;
        return this;
    }

    /** A default: a {@code String}, {@code Number}, {@code Boolean} or {@link DefaultValue}. */
    public ColumnOptions defaultValue(Object value) {
        defaultValue = DefaultValue.of(value);
        return this;
    }

    /** A default SQL expression, e.g. {@code defaultExpression("gen_random_uuid()")}. */
    public ColumnOptions defaultExpression(String sql) {
        defaultValue = DefaultValue.expression(sql);
        return this;
    }

    /** Defaults to {@code CURRENT_TIMESTAMP}. */
    public ColumnOptions defaultNow() {
        defaultValue = DefaultValue.currentTimestamp();
        return this;
    }

    /** Values are unique: a unique constraint named {@code <table>_<column>_key}. */
    public ColumnOptions unique() {
        unique = true;
        return this;
    }

    /** This column is the primary key ({@code createTable} only; for several columns use {@link TableBuilder#primaryKey}). */
    public ColumnOptions primaryKey() {
        primaryKey = true;
        return this;
    }

    /** A foreign key to {@code table.column}, named {@code <table>_<column>_fkey}. */
    public ColumnOptions references(String table, String column) {
        referencedTable = Names.table(table, "referenced table");
        referencedColumn = Names.require(column, "referenced column");
        return this;
    }

    /** What a delete of the referenced row does (with {@link #references}). */
    public ColumnOptions onDelete(ForeignKeyAction action) {
        onDelete = Objects.requireNonNull(action, "action");
        return this;
    }

    /** What an update of the referenced key does (with {@link #references}). */
    public ColumnOptions onUpdate(ForeignKeyAction action) {
        onUpdate = Objects.requireNonNull(action, "action");
        return this;
    }

    ColumnOptions identity() {
        identity = true;
        primaryKey = true;
        notNull = true;
        return this;
    }

    String name() {
        return name;
    }

    boolean isPrimaryKey() {
        return primaryKey;
    }

    ColumnDefinition definition() {
        EnumSet<ColumnDefinition.ColumnOption> options = EnumSet.noneOf(ColumnDefinition.ColumnOption.class);
        if (notNull) {
            options.add(ColumnDefinition.ColumnOption.NOT_NULL);
        }
        if (identity) {
            options.add(ColumnDefinition.ColumnOption.IDENTITY);
        }
        return new ColumnDefinition(name, type, options, defaultValue);
    }

    /** The unique constraint {@link #unique()} asked for, or null. */
    UniqueConstraint uniqueConstraint(String table) {
        return unique ? new UniqueConstraint(Names.of(table, List.of(name), "key"), List.of(name)) : null;
    }

    /** The foreign key {@link #references} asked for, or null. */
    ForeignKey foreignKey(String table) {
        return referencedTable == null ? null
                : new ForeignKey(Names.of(table, List.of(name), "fkey"), List.of(name), referencedTable,
                        List.of(referencedColumn), onDelete, onUpdate);
    }

    /**
     * Why a restoring drop's down cannot bring the column back as declared, or null: {@code unique()} and
     * {@code references(...)} (the down adds the column back alone, so the constraint would be silently
     * lost; the reason shows the separate, reversible constraint drop that keeps it), or NOT NULL without a
     * default (the down could not add it to a table with rows). Such a drop is irreversible, with this
     * reason, rather than refused: a migration applied before this check keeps working.
     */
    String unrestorableReason(String what, String table) {
        if (unique) {
            return what + ": restoring(...) declares unique(), but the down adds the column back without constraints."
                    + " Drop the constraint first as its own reversible operation, dropConstraint(\"" + table + "\", \""
                    + Names.of(table, List.of(name), "key") + "\").restoringUnique(\"" + name + "\"), and leave unique() out of"
                    + " restoring(...)";
        }
        if (referencedTable != null) {
            return what + ": restoring(...) declares references(...), but the down adds the column back without"
                    + " constraints. Drop the foreign key first as its own reversible operation, dropForeignKey(\"" + table
                    + "\", \"" + Names.of(table, List.of(name), "fkey") + "\").restoring(\"" + name + "\", \"" + referencedTable
                    + "\", \"" + referencedColumn + "\"), and leave references(...) out of restoring(...)";
        }
        return null;
    }

    /** Refuses what only {@code createTable} can do, for {@code addColumn} and restoring drops. */
    ColumnOptions requireNoTableOptions(String what) {
        if (primaryKey || identity) {
            throw new IllegalArgumentException(what + ": a primary key or identity column can only be made by createTable");
        }
        return this;
    }
}
