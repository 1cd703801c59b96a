package dev.migrate.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a {@link DslMigration} writes its change with: each call adds one operation (or, for a column
 * with {@code unique()} or {@code references(...)}, the column and then its constraint), in order. A
 * returned builder may refine its operation ({@code .restoring(...)}, {@code .name(...)},
 * {@code .onDelete(...)}) until {@link #operations()} is called.
 *
 * <pre>{@code
 * protected void change(SchemaChanges schema) {
 *     schema.createTable("teams", t -> {
 *         t.id();
 *         t.string("name", 100).notNull().unique();
 *         t.timestamps();
 *     });
 *     schema.addColumn("users", "team_id", bigint(), c -> c.references("teams", "id"));
 *     schema.createIndex("users", "team_id", "email").unique();
 *     schema.renameColumn("users", "mail", "email");
 *     schema.dropColumn("users", "age").restoring(col -> col.integer());   // reversible thanks to restoring
 *     schema.sql("UPDATE users SET team_id = 1", null);                    // irreversible
 * }
 * }</pre>
 *
 * Not thread-safe: one instance per {@code change()} call.
 */
public final class SchemaChanges {

    private final List<Supplier<List<SchemaOperation>>> steps = new ArrayList<>();

    /** Creates a table; {@code columns} describes it (see {@link TableBuilder}). Reversed by dropping it. */
    public TableBuilder createTable(String name, Consumer<TableBuilder> columns) {
        TableBuilder table = new TableBuilder(name);
        Objects.requireNonNull(columns, "columns").accept(table);
        steps.add(() -> List.of(table.build()));
        return table;
    }

    /** Drops a table; irreversible unless {@link TableDrop#restoring restoring(...)} describes it. */
    public TableDrop dropTable(String name) {
        TableDrop drop = new TableDrop(name);
        steps.add(() -> List.of(drop.build()));
        return drop;
    }

    public void renameTable(String from, String to) {
        add(new RenameTable(from, to));
    }

    /**
     * Adds a column, e.g. {@code addColumn("users", "age", integer(), c -> c.notNull().defaultValue(0))}.
     * The returned options may be refined as well. {@code unique()} and {@code references(...)} add the
     * constraint after the column.
     */
    @SafeVarargs
    public final ColumnOptions addColumn(String table, String name, ColumnType type, Consumer<ColumnOptions>... options) {
        Names.table(table, "table name");
        ColumnOptions column = new ColumnOptions(name, type);
        for (Consumer<ColumnOptions> option : options) {
            option.accept(column);
        }
        steps.add(() -> {
            column.requireNoTableOptions("addColumn " + table + "." + name);
            List<SchemaOperation> ops = new ArrayList<>();
            ops.add(new AddColumn(table, column.definition()));
            UniqueConstraint unique = column.uniqueConstraint(table);
            if (unique != null) {
                ops.add(new AddUnique(table, unique));
            }
            ForeignKey key = column.foreignKey(table);
            if (key != null) {
                ops.add(new AddForeignKey(table, key));
            }
            return ops;
        });
        return column;
    }

    /** Drops a column; irreversible unless {@link ColumnDrop#restoring restoring(...)} describes it. */
    public ColumnDrop dropColumn(String table, String column) {
        ColumnDrop drop = new ColumnDrop(table, column);
        steps.add(() -> List.of(drop.build()));
        return drop;
    }

    public void renameColumn(String table, String from, String to) {
        add(new RenameColumn(table, from, to));
    }

    /** Changes a column's type; irreversible unless {@link TypeChange#from from(...)} gives the old one. */
    public TypeChange alterColumnType(String table, String column, ColumnType type) {
        TypeChange change = new TypeChange(table, column, type);
        steps.add(() -> List.of(change.build()));
        return change;
    }

    /** Changes a column's type from {@code from} (null when unknown) to {@code type}. */
    public void alterColumnType(String table, String column, ColumnType type, ColumnType from) {
        add(new AlterColumnType(table, column, type, from));
    }

    public void setNotNull(String table, String column) {
        add(new SetNotNull(table, column));
    }

    public void dropNotNull(String table, String column) {
        add(new DropNotNull(table, column));
    }

    /**
     * Sets a column's default ({@code String}, {@code Number}, {@code Boolean} or {@link DefaultValue});
     * irreversible unless {@link DefaultChange#from from(...)} or {@link DefaultChange#fromNone()} says
     * what it was.
     */
    public DefaultChange setDefault(String table, String column, Object value) {
        DefaultChange change = new DefaultChange(table, column, DefaultValue.of(value));
        steps.add(() -> List.of(change.build()));
        return change;
    }

    /** Drops a column's default; irreversible unless {@link DefaultDrop#restoring restoring(...)} gives it. */
    public DefaultDrop dropDefault(String table, String column) {
        DefaultDrop drop = new DefaultDrop(table, column);
        steps.add(() -> List.of(drop.build()));
        return drop;
    }

    /** Creates an index, named {@code <table>_<columns>_idx} unless {@link IndexOptions#name named}. */
    public IndexOptions createIndex(String table, String... columns) {
        IndexOptions index = new IndexOptions(table, Arrays.asList(columns));
        steps.add(() -> List.of(index.build()));
        return index;
    }

    /** Drops an index; irreversible unless {@link IndexDrop#restoring restoring(...)} gives its columns. */
    public IndexDrop dropIndex(String table, String name) {
        IndexDrop drop = new IndexDrop(table, name);
        steps.add(() -> List.of(drop.build()));
        return drop;
    }

    /** Adds a foreign key {@code table.column -> referencedTable.referencedColumn}. */
    public ForeignKeyOptions addForeignKey(String table, String column, String referencedTable, String referencedColumn) {
        return addForeignKey(table, List.of(column), referencedTable, List.of(referencedColumn));
    }

    /** Adds a foreign key over several columns. */
    public ForeignKeyOptions addForeignKey(String table, List<String> columns, String referencedTable,
            List<String> referencedColumns) {
        ForeignKeyOptions key = new ForeignKeyOptions(table, columns, referencedTable, referencedColumns);
        steps.add(() -> List.of(new AddForeignKey(table, key.build())));
        return key;
    }

    /** Drops a foreign key; irreversible unless {@link ForeignKeyDrop#restoring restoring(...)} describes it. */
    public ForeignKeyDrop dropForeignKey(String table, String name) {
        ForeignKeyDrop drop = new ForeignKeyDrop(table, name);
        steps.add(() -> List.of(drop.build()));
        return drop;
    }

    /** Adds a unique constraint, named {@code <table>_<columns>_key} unless {@link UniqueOptions#name named}. */
    public UniqueOptions addUnique(String table, String... columns) {
        UniqueOptions unique = new UniqueOptions(table, Arrays.asList(columns));
        steps.add(() -> List.of(new AddUnique(table, unique.build())));
        return unique;
    }

    /** Adds a named check constraint; {@code expression} is SQL without the surrounding parentheses. */
    public void addCheck(String table, String name, String expression) {
        add(new AddCheck(table, new CheckConstraint(name, expression)));
    }

    /**
     * Drops a unique, check or foreign-key constraint by name; irreversible unless its definition is given
     * ({@link ConstraintDrop#restoringUnique}, {@link ConstraintDrop#restoringCheck},
     * {@link ConstraintDrop#restoringForeignKey}).
     */
    public ConstraintDrop dropConstraint(String table, String name) {
        ConstraintDrop drop = new ConstraintDrop(table, name);
        steps.add(() -> List.of(drop.build()));
        return drop;
    }

    /**
     * Raw SQL, for what the DSL does not cover. Each may hold several statements. {@code down} null
     * makes the migration irreversible.
     */
    public void sql(String up, String down) {
        add(new ExecuteSql(up, down));
    }

    /** Adds an operation record as is. */
    public void add(SchemaOperation operation) {
        Objects.requireNonNull(operation, "operation");
        steps.add(() -> List.of(operation));
    }

    /**
     * The operations, in the order they were described.
     *
     * @throws IllegalArgumentException when a builder was left incomplete or inconsistent, naming it
     */
    public List<SchemaOperation> operations() {
        List<SchemaOperation> operations = new ArrayList<>();
        for (Supplier<List<SchemaOperation>> step : steps) {
            operations.addAll(step.get());
        }
        return List.copyOf(operations);
    }

    // --- builders of single operations ---------------------------------------------------------------

    /** A table drop; {@link #restoring} makes it reversible. */
    public static final class TableDrop {
        private final String table;
        private TableBuilder restoring;

        TableDrop(String table) {
            this.table = Names.table(table, "table name");
        }

        /** The table's definition, recreated (empty) by the reverse. */
        public TableDrop restoring(Consumer<TableBuilder> columns) {
            TableBuilder builder = new TableBuilder(table);
            columns.accept(builder);
            restoring = builder;
            return this;
        }

        DropTable build() {
            return new DropTable(table, restoring == null ? null : restoring.build());
        }
    }

    /** A column drop; {@link #restoring} makes it reversible. */
    public static final class ColumnDrop {
        private final String table;
        private final String column;
        private ColumnBuilder restoring;

        ColumnDrop(String table, String column) {
            this.table = Names.table(table, "table name");
            this.column = Names.require(column, "column name");
        }

        /**
         * The column's definition, added back (empty) by the reverse:
         * {@code restoring(col -> col.integer().notNull().defaultValue(0))}. A NOT NULL column needs a
         * default; {@code unique()} and {@code references(...)} are refused (drop the constraint first).
         */
        public ColumnDrop restoring(Consumer<ColumnBuilder> definition) {
            ColumnBuilder builder = new ColumnBuilder(column);
            definition.accept(builder);
            restoring = builder;
            return this;
        }

        /** A nullable column of this type, added back by the reverse. */
        public ColumnDrop restoring(ColumnType type) {
            return restoring(col -> col.type(type));
        }

        DropColumn build() {
            String what = "dropColumn " + table + "." + column;
            if (restoring == null) {
                return new DropColumn(table, column, null);
            }
            ColumnOptions options = restoring.options(what).requireNoTableOptions(what);
            ColumnDefinition definition = options.definition();
            String unrestorable = options.unrestorableReason(what, table);
            if (unrestorable == null && definition.notNull() && definition.defaultValue() == null) {
                // the down would fail on every table with rows (MySQL would fill in 0 or '' instead)
                unrestorable = what + " restores a NOT NULL column without a default, which the down cannot add back to a"
                        + " table that has rows (a restored column comes back empty). Give it a default, as in"
                        + " restoring(col -> col.integer().notNull().defaultValue(0)), or leave out notNull()";
            }
            return new DropColumn(table, column, definition, unrestorable);
        }
    }

    /** A type change; {@link #from} makes it reversible. */
    public static final class TypeChange {
        private final String table;
        private final String column;
        private final ColumnType type;
        private ColumnType from;

        TypeChange(String table, String column, ColumnType type) {
            this.table = table;
            this.column = column;
            this.type = type;
        }

        /** The column's current type, restored by the reverse. */
        public TypeChange from(ColumnType from) {
            this.from = Objects.requireNonNull(from, "from");
            return this;
        }

        AlterColumnType build() {
            return new AlterColumnType(table, column, type, from);
        }
    }

    /** A default change; {@link #from} or {@link #fromNone} makes it reversible. */
    public static final class DefaultChange {
        private final String table;
        private final String column;
        private final DefaultValue value;
        private DefaultValue previous;

        DefaultChange(String table, String column, DefaultValue value) {
            this.table = table;
            this.column = column;
            this.value = value;
        }

        /** The default before this change, restored by the reverse. */
        public DefaultChange from(Object previous) {
            this.previous = DefaultValue.of(previous);
            return this;
        }

        /** The column had no default: the reverse drops it. */
        public DefaultChange fromNone() {
            this.previous = DefaultValue.none();
            return this;
        }

        SetDefault build() {
            return new SetDefault(table, column, value, previous);
        }
    }

    /** A default drop; {@link #restoring} makes it reversible. */
    public static final class DefaultDrop {
        private final String table;
        private final String column;
        private DefaultValue restoring;

        DefaultDrop(String table, String column) {
            this.table = table;
            this.column = column;
        }

        /** The default, set back by the reverse ({@code String}, {@code Number}, {@code Boolean} or {@link DefaultValue}). */
        public DefaultDrop restoring(Object value) {
            this.restoring = DefaultValue.of(value);
            return this;
        }

        DropDefault build() {
            return new DropDefault(table, column, restoring);
        }
    }

    /** An index being created. */
    public static final class IndexOptions {
        private final String table;
        private final List<String> columns;
        private final Set<IndexOption> options = EnumSet.noneOf(IndexOption.class);
        private String name;

        IndexOptions(String table, List<String> columns) {
            this.table = Names.table(table, "table name");
            this.columns = Names.columns(columns, "index on " + table);
        }

        /** The index's name. */
        public IndexOptions name(String name) {
            this.name = Names.require(name, "index name");
            return this;
        }

        /** Values (combinations of values) are unique. */
        public IndexOptions unique() {
            options.add(IndexOption.UNIQUE);
            return this;
        }

        /**
         * PostgreSQL builds it without locking out writes; the migration then runs outside a transaction.
         * Other databases ignore it.
         */
        public IndexOptions concurrently() {
            options.add(IndexOption.CONCURRENTLY);
            return this;
        }

        CreateIndex build() {
            return new CreateIndex(table, name != null ? name : Names.of(table, columns, "idx"), columns, options);
        }
    }

    /** An index drop; {@link #restoring} makes it reversible. */
    public static final class IndexDrop {
        private final String table;
        private final String name;
        private final Set<IndexOption> restoredOptions = EnumSet.noneOf(IndexOption.class);
        private boolean concurrently;
        private List<String> columns;

        IndexDrop(String table, String name) {
            this.table = Names.table(table, "table name");
            this.name = Names.require(name, "index name");
        }

        /** The index's columns, recreated by the reverse. */
        public IndexDrop restoring(String... columns) {
            this.columns = Names.columns(Arrays.asList(columns), "dropIndex " + name);
            return this;
        }

        /** The restored index is unique. */
        public IndexDrop unique() {
            restoredOptions.add(IndexOption.UNIQUE);
            return this;
        }

        /** PostgreSQL drops (and the reverse recreates) it without locking out writes, outside a transaction. */
        public IndexDrop concurrently() {
            concurrently = true;
            restoredOptions.add(IndexOption.CONCURRENTLY);
            return this;
        }

        DropIndex build() {
            if (columns == null && restoredOptions.contains(IndexOption.UNIQUE)) {
                throw new IllegalArgumentException("dropIndex " + name + ": unique() describes the restored index;"
                        + " give its columns with restoring(...)");
            }
            return new DropIndex(table, name, concurrently ? Set.of(IndexOption.CONCURRENTLY) : Set.of(),
                    columns == null ? null : new CreateIndex(table, name, columns, restoredOptions));
        }
    }

    /** A foreign key drop; {@link #restoring} makes it reversible. */
    public static final class ForeignKeyDrop {
        private final String table;
        private final String name;
        private List<String> columns;
        private String referencedTable;
        private List<String> referencedColumns;
        private ForeignKeyAction onDelete = ForeignKeyAction.NO_ACTION;
        private ForeignKeyAction onUpdate = ForeignKeyAction.NO_ACTION;

        ForeignKeyDrop(String table, String name) {
            this.table = Names.table(table, "table name");
            this.name = Names.require(name, "foreign key name");
        }

        /** The key's definition, added back by the reverse. */
        public ForeignKeyDrop restoring(String column, String referencedTable, String referencedColumn) {
            return restoring(List.of(column), referencedTable, List.of(referencedColumn));
        }

        /** The key's definition over several columns, added back by the reverse. */
        public ForeignKeyDrop restoring(List<String> columns, String referencedTable, List<String> referencedColumns) {
            this.columns = columns;
            this.referencedTable = referencedTable;
            this.referencedColumns = referencedColumns;
            return this;
        }

        /** The restored key's delete action. */
        public ForeignKeyDrop onDelete(ForeignKeyAction action) {
            onDelete = Objects.requireNonNull(action, "action");
            return this;
        }

        /** The restored key's update action. */
        public ForeignKeyDrop onUpdate(ForeignKeyAction action) {
            onUpdate = Objects.requireNonNull(action, "action");
            return this;
        }

        DropForeignKey build() {
            return new DropForeignKey(table, name, columns == null ? null
                    : new ForeignKey(name, columns, referencedTable, referencedColumns, onDelete, onUpdate));
        }
    }

    /**
     * A constraint drop; {@link #restoringUnique}, {@link #restoringCheck} or {@link #restoringForeignKey}
     * makes it reversible.
     */
    public static final class ConstraintDrop {
        private final String table;
        private final String name;
        private TableConstraint restoring;
        private ForeignKeyAction onDelete;
        private ForeignKeyAction onUpdate;

        ConstraintDrop(String table, String name) {
            this.table = Names.table(table, "table name");
            this.name = Names.require(name, "constraint name");
        }

        /** It was a unique constraint over these columns. */
        public ConstraintDrop restoringUnique(String... columns) {
            restoring = new UniqueConstraint(name, Arrays.asList(columns));
            return this;
        }

        /** It was a check constraint with this expression. */
        public ConstraintDrop restoringCheck(String expression) {
            restoring = new CheckConstraint(name, expression);
            return this;
        }

        /** It was a foreign key {@code column -> referencedTable.referencedColumn}. */
        public ConstraintDrop restoringForeignKey(String column, String referencedTable, String referencedColumn) {
            return restoringForeignKey(List.of(column), referencedTable, List.of(referencedColumn));
        }

        /** It was a foreign key over several columns. */
        public ConstraintDrop restoringForeignKey(List<String> columns, String referencedTable, List<String> referencedColumns) {
            restoring = new ForeignKey(name, columns, referencedTable, referencedColumns, null, null);
            return this;
        }

        /** The restored foreign key's delete action. */
        public ConstraintDrop onDelete(ForeignKeyAction action) {
            onDelete = Objects.requireNonNull(action, "action");
            return this;
        }

        /** The restored foreign key's update action. */
        public ConstraintDrop onUpdate(ForeignKeyAction action) {
            onUpdate = Objects.requireNonNull(action, "action");
            return this;
        }

        DropConstraint build() {
            if (restoring instanceof ForeignKey key) {
                return new DropConstraint(table, name, new ForeignKey(name, key.columns(), key.referencedTable(),
                        key.referencedColumns(), onDelete, onUpdate));
            }
            if (onDelete != null || onUpdate != null) {
                throw new IllegalArgumentException("dropConstraint " + name + " on " + table + ": onDelete(...) and"
                        + " onUpdate(...) describe a restored foreign key; give it with restoringForeignKey(...)");
            }
            return new DropConstraint(table, name, restoring);
        }
    }
}
