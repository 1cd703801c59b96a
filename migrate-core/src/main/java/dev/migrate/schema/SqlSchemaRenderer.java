package dev.migrate.schema;

import dev.migrate.dialect.Dialects;
import dev.migrate.sql.SqlSplitter;
import dev.migrate.sql.SqlStatement;
import dev.migrate.SchemaStateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SQL the four databases share (mostly ANSI), with one protected hook per operation and per piece
 * of syntax; each database's renderer overrides only where it differs.
 */
abstract class SqlSchemaRenderer implements SchemaRenderer {

    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    /** How the session reads SQL ({@link SchemaRenderer#forDatabase(String, SqlSplitter)}); null for the defaults. */
    private SqlSplitter splitter;

    /** This renderer, for a session whose SQL {@code sessionSplitter} reads. */
    final SqlSchemaRenderer readingAs(SqlSplitter sessionSplitter) {
        this.splitter = Objects.requireNonNull(sessionSplitter, "splitter");
        return this;
    }

    /** The splitter that reads SQL as the session does: the database's default one unless one was given. */
    protected final SqlSplitter splitter() {
        return splitter != null ? splitter : Dialects.forName(databaseName()).splitter();
    }

    /** Whether a backslash escapes the next character in a plain string literal in the session. */
    protected final boolean backslashEscapes() {
        return splitter().backslashEscapes();
    }

    @Override
    public final List<String> render(SchemaOperation operation, Connection connection) throws SQLException {
        Objects.requireNonNull(operation, "operation");
        // Java 17 has no pattern switch; the sealed interface keeps this list complete.
        if (operation instanceof CreateTable op) {
            return createTable(op);
        } else if (operation instanceof DropTable op) {
            return List.of("DROP TABLE " + quoteTable(op.table()));
        } else if (operation instanceof RenameTable op) {
            return List.of(renameTable(op));
        } else if (operation instanceof AddColumn op) {
            return addColumn(op, connection);
        } else if (operation instanceof DropColumn op) {
            return List.of("ALTER TABLE " + quoteTable(op.table()) + " DROP COLUMN " + quote(op.column()));
        } else if (operation instanceof RenameColumn op) {
            return List.of(renameColumn(op));
        } else if (operation instanceof AlterColumnType op) {
            return alterColumnType(op, connection);
        } else if (operation instanceof SetNotNull op) {
            return setNotNull(op, connection);
        } else if (operation instanceof DropNotNull op) {
            return dropNotNull(op, connection);
        } else if (operation instanceof SetDefault op) {
            return setDefault(op, connection);
        } else if (operation instanceof DropDefault op) {
            return dropDefault(op, connection);
        } else if (operation instanceof CreateIndex op) {
            return List.of(createIndex(op));
        } else if (operation instanceof DropIndex op) {
            return dropIndex(op, connection);
        } else if (operation instanceof AddForeignKey op) {
            return addForeignKey(op, connection);
        } else if (operation instanceof DropForeignKey op) {
            return dropForeignKey(op, connection);
        } else if (operation instanceof AddUnique op) {
            return addUnique(op, connection);
        } else if (operation instanceof AddCheck op) {
            return addCheck(op, connection);
        } else if (operation instanceof DropConstraint op) {
            return dropConstraint(op, connection);
        } else if (operation instanceof ExecuteSql op) {
            return split(op.up());
        }
        throw new IllegalArgumentException("No rendering for " + operation);
    }

    // --- identifiers, types and values ---------------------------------------------------------------

    /** The character that quotes an identifier. */
    protected char quoteCharacter() {
        return '"';
    }

    /**
     * The lower-case words this database does not take as unquoted table, column or index names. Each
     * renderer keeps its database's own list, read once from the database (see each list's comment), so
     * that a name is quoted exactly where that database needs it.
     */
    protected abstract Set<String> keywords();

    /**
     * An identifier as written by the author, quoted only when it must be: a keyword of the database, or anything
     * but lower-case letters, digits and underscores. Unquoted names keep each database's folding (H2
     * upper-cases them), so the author's plain SQL finds the objects the DSL made. A column, index or constraint
     * name is one identifier, dots and all ({@code v1.0} is {@code "v1.0"}); a table name goes through
     * {@link #quoteTable}.
     */
    protected String quote(String name) {
        return quotePart(name);
    }

    /**
     * A table name ({@link Names#table}): each part quoted when it must be, a dot between them
     * ({@code audit.events}); a part written in double quotes is one name ({@code "v1.0"}).
     */
    protected String quoteTable(String table) {
        return Names.tableParts(table).stream().map(this::quotePart).collect(Collectors.joining("."));
    }

    @Override
    public final String identifier(String name) {
        return quote(Names.require(name, "identifier"));
    }

    @Override
    public final String tableName(String name) {
        return quoteTable(Names.table(name, "table name"));
    }

    /** One identifier, quoted when it must be. */
    protected String quotePart(String part) {
        if (PLAIN_IDENTIFIER.matcher(part).matches()) {
            return keywords().contains(part) ? quoteReserved(part) : part;
        }
        return quoted(part);
    }

    /** A lower-case name that is a keyword of the database, quoted. */
    protected String quoteReserved(String part) {
        return quoted(part);
    }

    /** The identifier in quotes, exactly as given. */
    protected String quoted(String part) {
        String q = String.valueOf(quoteCharacter());
        return q + part.replace(q, q + q) + q;
    }

    protected String quoteAll(List<String> names) {
        return names.stream().map(this::quote).collect(Collectors.joining(", "));
    }

    /** A table's schema part with a dot ({@code audit.}), or "" for an unqualified name. */
    protected String schemaPrefix(String table) {
        String schema = Names.schemaOf(table);
        return schema == null ? "" : quoteTable(schema) + ".";
    }

    /** The SQL type of a portable type. */
    protected abstract String type(ColumnType type);

    /** A text literal, as the session reads it: with its backslashes doubled where a backslash escapes. */
    protected String literal(String text) {
        return "'" + (backslashEscapes() ? text.replace("\\", "\\\\") : text).replace("'", "''") + "'";
    }

    /** The SQL of a default value; {@link DefaultValue.None} is never passed. */
    protected String defaultValue(DefaultValue value) {
        if (value instanceof DefaultValue.Text text) {
            return literal(text.value());
        }
        if (value instanceof DefaultValue.Numeric number) {
            return number.value().toPlainString();
        }
        if (value instanceof DefaultValue.Bool bool) {
            return bool.value() ? "TRUE" : "FALSE";
        }
        if (value instanceof DefaultValue.Expression expression) {
            return "(" + expression.sql() + ")";
        }
        if (value instanceof DefaultValue.CurrentTimestamp) {
            return "CURRENT_TIMESTAMP";
        }
        throw new IllegalArgumentException("No SQL for default " + value);
    }

    /**
     * A column as in {@code CREATE TABLE} and {@code ADD COLUMN}.
     *
     * @param primaryKey whether the column is the whole primary key, written inline
     */
    protected String columnDefinition(ColumnDefinition column, boolean primaryKey) {
        StringBuilder sql = new StringBuilder(quote(column.name())).append(' ').append(type(column.type()));
        if (column.identity()) {
            sql.append(identity());
        } else if (column.notNull()) {
            sql.append(" NOT NULL");
        }
        if (column.defaultValue() != null) {
            sql.append(" DEFAULT ").append(defaultValue(column.defaultValue()));
        }
        if (primaryKey) {
            sql.append(" PRIMARY KEY");
        }
        return sql.toString();
    }

    /** What follows the type of an identity column (which is not null and the primary key). */
    protected String identity() {
        return " GENERATED BY DEFAULT AS IDENTITY";
    }

    /** A table constraint as in {@code CREATE TABLE} and {@code ADD}. */
    protected String constraint(TableConstraint constraint) {
        String sql = "CONSTRAINT " + quote(constraint.name());
        if (constraint instanceof UniqueConstraint unique) {
            return sql + " UNIQUE (" + quoteAll(unique.columns()) + ")";
        }
        if (constraint instanceof CheckConstraint check) {
            return sql + " CHECK (" + check.expression() + ")";
        }
        ForeignKey key = (ForeignKey) constraint;
        return sql + " FOREIGN KEY (" + quoteAll(key.columns()) + ") REFERENCES " + quoteTable(key.referencedTable())
                + " (" + quoteAll(key.referencedColumns()) + ")"
                + (key.onDelete() == ForeignKeyAction.NO_ACTION ? "" : " ON DELETE " + key.onDelete().sql())
                + (key.onUpdate() == ForeignKeyAction.NO_ACTION ? "" : " ON UPDATE " + key.onUpdate().sql());
    }

    // --- the state a generated down assumes ----------------------------------------------------------------

    /** A column as the database holds it now: whether it takes nulls, whether it has a default. */
    record LiveColumn(boolean nullable, boolean hasDefault) {
    }

    /**
     * Checks, right after an operation's statements ran, what the database did not check while running them.
     * {@link DslMigration} calls it inside the migration's transaction, so a failure rolls the operation back where
     * the database can. Nothing by default: the databases other than SQLite check a new foreign key themselves.
     *
     * @throws dev.migrate.MigrateException naming the operation's object, what is wrong and how to fix it
     */
    void verifyApplied(SchemaOperation operation, Connection connection) throws SQLException {
    }

    /**
     * Refuses an operation of a migration's up whose generated down assumes a state the column is not in: the down
     * of {@code dropNotNull} makes the column {@code NOT NULL}, of {@code setNotNull} lets it hold nulls, of
     * {@code setDefault(...).fromNone()} drops its default, of {@code setDefault(...).from(...)} and
     * {@code dropDefault(...).restoring(...)} sets one; run where the column already is as the operation leaves
     * it (or, for a default, has none, or has one), the down would change what the up left alone. A column the
     * database does not have is left to the operation's own statement, which fails naming it.
     *
     * @throws SchemaStateException naming the operation, what the column holds, what the down would do and the fix
     */
    final void requireAssumedState(SchemaOperation operation, Connection connection) throws SQLException {
        String table;
        String column;
        if (operation instanceof SetNotNull op) {
            table = op.table();
            column = op.column();
        } else if (operation instanceof DropNotNull op) {
            table = op.table();
            column = op.column();
        } else if (operation instanceof SetDefault op && op.previous() != null) {
            table = op.table();
            column = op.column();
        } else if (operation instanceof DropDefault op && op.restoring() != null) {
            table = op.table();
            column = op.column();
        } else {
            return;
        }
        LiveColumn live = liveColumn(connection, table, column);
        if (live == null) {
            return;
        }
        String name = table + "." + column;
        String refusal = null;
        if (operation instanceof SetNotNull && !live.nullable()) {
            refusal = name + " is already NOT NULL, so the generated down (dropNotNull) would let it hold NULL, which it"
                    + " did not. Remove setNotNull from the migration, or write the change with sql(up, down)";
        } else if (operation instanceof DropNotNull && live.nullable()) {
            refusal = name + " already allows NULL, so the generated down (setNotNull) would make it NOT NULL, which it"
                    + " was not. Remove dropNotNull from the migration, or write the change with sql(up, down)";
        } else if (operation instanceof SetDefault op && op.previous() instanceof DefaultValue.None && live.hasDefault()) {
            refusal = name + " has a default, but the migration says .fromNone(), so the generated down would drop it."
                    + " Give the current default with .from(...)";
        } else if (operation instanceof SetDefault op && !(op.previous() instanceof DefaultValue.None) && !live.hasDefault()) {
            refusal = name + " has no default, but the migration says .from(" + op.previous().describe() + "), so the"
                    + " generated down would set one. Say .fromNone() instead";
        } else if (operation instanceof DropDefault op && !live.hasDefault()) {
            refusal = name + " has no default, so the generated down would set " + op.restoring().describe()
                    + ", which it did not have. Remove dropDefault from the migration";
        }
        if (refusal != null) {
            throw new SchemaStateException(operation.describe(), refusal + ".");
        }
    }

    /**
     * The column as the database holds it now, from its JDBC metadata, or null when it has no such table or column.
     * Names are looked up as the database stored them from the rendered SQL ({@link #storedName}).
     */
    LiveColumn liveColumn(Connection connection, String table, String column) throws SQLException {
        List<String> parts = Names.tableParts(table);
        String bare = storedName(parts.get(parts.size() - 1));
        String schema = parts.size() == 1 ? null : storedName(parts.get(parts.size() - 2));
        String wanted = storedName(column);
        DatabaseMetaData metaData = connection.getMetaData();
        boolean catalogs = schemaIsCatalog();
        String scope = schema != null ? schema : catalogs ? currentCatalog(connection) : schemaFound(connection, bare);
        try (ResultSet rs = catalogs ? metaData.getColumns(scope, null, bare, null)
                : metaData.getColumns(null, scope, bare, null)) {
            LiveColumn folded = null;
            while (rs.next()) {
                String tableName = rs.getString("TABLE_NAME");
                String columnName = rs.getString("COLUMN_NAME");
                if (!bare.equalsIgnoreCase(tableName) || !wanted.equalsIgnoreCase(columnName)) {
                    continue;
                }
                String defaultSql = rs.getString("COLUMN_DEF");
                LiveColumn live = new LiveColumn(!"NO".equalsIgnoreCase(rs.getString("IS_NULLABLE")),
                        defaultSql != null && !defaultSql.isBlank() && !defaultSql.strip().equalsIgnoreCase("NULL"));
                if (bare.equals(tableName) && wanted.equals(columnName)) {
                    return live;
                }
                folded = live;
            }
            // a database whose names are case-insensitive may report another case than the rendered SQL's
            return namesIgnoreCase() ? folded : null;
        }
    }

    /** How the database stores a name the rendered SQL writes: as given, unless a renderer folds it ({@code H2}). */
    protected String storedName(String name) {
        return name;
    }

    /** Whether a table's schema is a JDBC catalog (MySQL's databases), not a JDBC schema. */
    protected boolean schemaIsCatalog() {
        return false;
    }

    /** The catalog unqualified names are found in, where {@link #schemaIsCatalog()}: the connection's, unless a renderer asks the server. */
    protected String currentCatalog(Connection connection) throws SQLException {
        return connection.getCatalog();
    }

    /**
     * The schema in which the database finds the unqualified table {@code table} (its name as stored): the connection's,
     * unless a renderer asks the server, whose search path may reach past it.
     */
    protected String schemaFound(Connection connection, String table) throws SQLException {
        return connection.getSchema();
    }

    /** Whether the database finds tables and columns whatever the case of their names (MySQL, SQLite). */
    protected boolean namesIgnoreCase() {
        return false;
    }

    // --- operations ----------------------------------------------------------------------------------

    protected List<String> createTable(CreateTable op) {
        return List.of(createTableStatement(op, op.constraints()));
    }

    /** {@code CREATE TABLE} with the given constraints, one column or constraint a line. */
    protected String createTableStatement(CreateTable op, List<TableConstraint> constraints) {
        List<String> lines = new ArrayList<>();
        boolean inlineKey = op.primaryKey().size() == 1;
        for (ColumnDefinition column : op.columns()) {
            lines.add(columnDefinition(column, inlineKey && op.primaryKey().get(0).equals(column.name())));
        }
        if (op.primaryKey().size() > 1) {
            lines.add("PRIMARY KEY (" + quoteAll(op.primaryKey()) + ")");
        }
        for (TableConstraint constraint : constraints) {
            lines.add(constraint(constraint));
        }
        return "CREATE TABLE " + quoteTable(op.table()) + " (\n    " + String.join(",\n    ", lines) + "\n)";
    }

    protected String renameTable(RenameTable op) {
        if (op.movesSchema()) {
            throw new IllegalArgumentException(op.cannotMove(databaseName()));
        }
        return "ALTER TABLE " + quoteTable(op.table()) + " RENAME TO " + quotePart(bareName(op.to()));
    }

    protected List<String> addColumn(AddColumn op, Connection connection) throws SQLException {
        return List.of("ALTER TABLE " + quoteTable(op.table()) + " ADD COLUMN " + columnDefinition(op.column(), false));
    }

    protected String renameColumn(RenameColumn op) {
        return "ALTER TABLE " + quoteTable(op.table()) + " RENAME COLUMN " + quote(op.from()) + " TO " + quote(op.to());
    }

    protected List<String> alterColumnType(AlterColumnType op, Connection connection) throws SQLException {
        return List.of(alterColumn(op.table(), op.column(), "SET DATA TYPE " + type(op.type())));
    }

    protected List<String> setNotNull(SetNotNull op, Connection connection) throws SQLException {
        return List.of(alterColumn(op.table(), op.column(), "SET NOT NULL"));
    }

    protected List<String> dropNotNull(DropNotNull op, Connection connection) throws SQLException {
        return List.of(alterColumn(op.table(), op.column(), "DROP NOT NULL"));
    }

    protected List<String> setDefault(SetDefault op, Connection connection) throws SQLException {
        return List.of(alterColumn(op.table(), op.column(), "SET DEFAULT " + defaultValue(op.value())));
    }

    protected List<String> dropDefault(DropDefault op, Connection connection) throws SQLException {
        return List.of(alterColumn(op.table(), op.column(), "DROP DEFAULT"));
    }

    /** {@code ALTER TABLE t ALTER COLUMN c <change>}. */
    protected String alterColumn(String table, String column, String change) {
        return "ALTER TABLE " + quoteTable(table) + " ALTER COLUMN " + quote(column) + " " + change;
    }

    protected String createIndex(CreateIndex op) {
        return "CREATE " + (op.unique() ? "UNIQUE " : "") + "INDEX " + quote(op.name()) + " ON " + quoteTable(op.table())
                + " (" + quoteAll(op.columns()) + ")";
    }

    /** Indexes live in their table's schema, so a qualified table qualifies the index. */
    protected String dropIndex(DropIndex op) {
        return "DROP INDEX " + schemaPrefix(op.table()) + quote(op.name());
    }

    /**
     * The statements that drop an index: {@link #dropIndex(DropIndex)}, unless the database would refuse it because
     * a foreign key uses that index (MySQL, MariaDB and H2 let a key take over a newer index on its columns), in
     * which case a renderer reads the keys through {@code connection} and gives the key an index back.
     *
     * @param connection null when planning without a database: then the plain {@code DROP INDEX}
     */
    protected List<String> dropIndex(DropIndex op, Connection connection) throws SQLException {
        return List.of(dropIndex(op));
    }

    protected List<String> addForeignKey(AddForeignKey op, Connection connection) throws SQLException {
        return List.of("ALTER TABLE " + quoteTable(op.table()) + " ADD " + constraint(op.key()));
    }

    protected List<String> dropForeignKey(DropForeignKey op, Connection connection) throws SQLException {
        return List.of("ALTER TABLE " + quoteTable(op.table()) + " DROP CONSTRAINT " + quote(op.name()));
    }

    protected List<String> addUnique(AddUnique op, Connection connection) throws SQLException {
        return List.of("ALTER TABLE " + quoteTable(op.table()) + " ADD " + constraint(op.constraint()));
    }

    protected List<String> addCheck(AddCheck op, Connection connection) throws SQLException {
        return List.of("ALTER TABLE " + quoteTable(op.table()) + " ADD " + constraint(op.constraint()));
    }

    protected List<String> dropConstraint(DropConstraint op, Connection connection) throws SQLException {
        return List.of("ALTER TABLE " + quoteTable(op.table()) + " DROP CONSTRAINT " + quote(op.name()));
    }

    /** Raw SQL cut into statements by the session's splitter ({@link #splitter()}: quotes, comments, bodies). */
    protected List<String> split(String sql) {
        return splitter().split(sql).stream().map(SqlStatement::sql).toList();
    }

    /** A table name without its schema, unquoted ({@link Names#bareName}). */
    protected static String bareName(String name) {
        return Names.bareName(name);
    }

    /** A SQL comment line standing in for statements that need the database to be written. */
    protected static String placeholder(String text) {
        return "-- " + text.replace("\n", " ");
    }

    protected static String upper(String word) {
        return word.toUpperCase(Locale.ROOT);
    }
}
