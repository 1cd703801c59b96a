package dev.migrate.schema;

import dev.migrate.MigrateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * SQLite, whose {@code ALTER TABLE} only renames tables and columns and adds and drops columns.
 *
 * <h2>In place</h2>
 * {@code createTable}, {@code dropTable}, {@code renameTable}, {@code renameColumn}, {@code dropColumn}
 * (SQLite 3.35+; SQLite refuses to drop a column that is indexed or part of a key or constraint: drop
 * those first), {@code addColumn} when SQLite allows it, {@code createIndex}/{@code dropIndex}.
 * Unique constraints, in {@code createTable} as in {@code addUnique}, are unique indexes of the
 * constraint's name: the same rule, added and dropped without a rebuild ({@code dropConstraint} drops
 * the index).
 *
 * <h2>Table rebuild</h2>
 * {@code alterColumnType}, {@code setNotNull}/{@code dropNotNull}, {@code setDefault}/{@code dropDefault},
 * {@code addForeignKey}/{@code dropForeignKey}, {@code addCheck}, {@code dropConstraint} of a table
 * constraint, and {@code addColumn} of a column SQLite cannot add in place (not null without a default,
 * or an expression or {@code CURRENT_TIMESTAMP} default) follow the procedure of SQLite's documentation
 * ("making other kinds of table schema changes"), inside the migration's transaction:
 * <ol>
 *   <li>read the table's {@code CREATE TABLE} from {@code sqlite_master} and change the one column or
 *       constraint in it, keeping everything else as written ({@link SqliteTableSql});
 *   <li>{@code CREATE TABLE "t__new" (...)} with the changed definition;
 *   <li>{@code INSERT INTO "t__new" (columns) SELECT columns FROM t} (generated columns are left out);
 *   <li>{@code DROP TABLE t}, which also drops its indexes and triggers;
 *   <li>{@code ALTER TABLE "t__new" RENAME TO t}, with {@code PRAGMA legacy_alter_table = ON} around it so
 *       that views naming {@code t} do not make the rename fail while {@code t} is missing;
 *   <li>put back the table's {@code AUTOINCREMENT} counter in {@code sqlite_sequence}, which the copy
 *       and the drop reset to the highest id left, so that ids of deleted rows are not handed out again;
 *   <li>recreate the table's indexes and triggers from their saved SQL.
 * </ol>
 *
 * <h2>Limits</h2>
 * <ul>
 *   <li>With foreign keys enforced ({@code PRAGMA foreign_keys = ON}, off by default in sqlite-jdbc),
 *       dropping a table that other tables reference would cascade or fail, and SQLite cannot turn
 *       enforcement off inside a transaction. Such a rebuild is refused with a message saying so.
 *   <li>Only named table constraints ({@code CONSTRAINT name ...}, as the DSL writes them) can be dropped;
 *       constraints written inside a column definition stay.
 *   <li>Without a connection (a plan without a database) a rebuild renders as one SQL comment, since its
 *       statements depend on the table's definition when the migration runs.
 *   <li>Rows are copied in one statement, so a rebuild of a large table holds the write lock for as long
 *       as the copy takes and needs room for a second copy of the table.
 * </ul>
 */
final class SqliteSchemaRenderer extends SqlSchemaRenderer {

    /** How SQLite's saved {@code CREATE} of an index or trigger begins, up to its name (schema and IF NOT EXISTS left out). */
    private static final Pattern SAVED_CREATE_HEAD = Pattern.compile("(?i)\\s*CREATE\\s+(?:UNIQUE\\s+)?(?:INDEX|TRIGGER)\\s+");

    /** Suffix of the table a rebuild creates and renames over the old one. */
    static final String NEW_TABLE_SUFFIX = "__new";

    /**
     * All of SQLite's keywords, as the library lists them ({@code sqlite3_keyword_count()} and
     * {@code sqlite3_keyword_name()} of SQLite 3.40): SQLite takes many of them as bare names in some
     * places and not in others, so every keyword is quoted.
     */
    private static final Set<String> KEYWORDS = Set.of(
            "abort", "action", "add", "after", "all", "alter", "always", "analyze", "and", "as", "asc", "attach",
            "autoincrement", "before", "begin", "between", "by", "cascade", "case", "cast", "check", "collate",
            "column", "commit", "conflict", "constraint", "create", "cross", "current", "current_date",
            "current_time", "current_timestamp", "database", "default", "deferrable", "deferred", "delete", "desc",
            "detach", "distinct", "do", "drop", "each", "else", "end", "escape", "except", "exclude", "exclusive",
            "exists", "explain", "fail", "filter", "first", "following", "for", "foreign", "from", "full",
            "generated", "glob", "group", "groups", "having", "if", "ignore", "immediate", "in", "index", "indexed",
            "initially", "inner", "insert", "instead", "intersect", "into", "is", "isnull", "join", "key", "last",
            "left", "like", "limit", "match", "materialized", "natural", "no", "not", "nothing", "notnull", "null",
            "nulls", "of", "offset", "on", "or", "order", "others", "outer", "over", "partition", "plan", "pragma",
            "preceding", "primary", "query", "raise", "range", "recursive", "references", "regexp", "reindex",
            "release", "rename", "replace", "restrict", "returning", "right", "rollback", "row", "rows", "savepoint",
            "select", "set", "table", "temp", "temporary", "then", "ties", "to", "transaction", "trigger",
            "unbounded", "union", "unique", "update", "using", "vacuum", "values", "view", "virtual", "when",
            "where", "window", "with", "without");

    @Override
    protected Set<String> keywords() {
        return KEYWORDS;
    }

    @Override
    public String databaseName() {
        return "SQLite";
    }

    @Override
    protected String type(ColumnType type) {
        return switch (type.kind()) {
            case STRING -> "VARCHAR(" + type.length() + ")";
            case TEXT, JSON -> "TEXT";
            case INTEGER -> "INTEGER";
            case BIGINT -> "BIGINT";
            case DECIMAL -> "NUMERIC(" + type.precision() + ", " + type.scale() + ")";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case TIMESTAMPTZ -> "TIMESTAMPTZ";
            case UUID -> "CHAR(36)";
            case BINARY -> "BLOB";
            case SQL -> type.sql();
        };
    }

    @Override
    protected String defaultValue(DefaultValue value) {
        if (value instanceof DefaultValue.Bool bool) {
            return bool.value() ? "1" : "0";
        }
        return super.defaultValue(value);
    }

    /** An identity column is {@code INTEGER PRIMARY KEY AUTOINCREMENT}, SQLite's only generated key. */
    @Override
    protected String columnDefinition(ColumnDefinition column, boolean primaryKey) {
        if (column.identity()) {
            return quote(column.name()) + " INTEGER PRIMARY KEY AUTOINCREMENT";
        }
        return super.columnDefinition(column, primaryKey);
    }

    /**
     * SQLite names a foreign key's parent table without a schema: it is looked up in the child's own database
     * ({@code REFERENCES audit.kinds} is a syntax error), so a key of {@code audit.events} to {@code audit.kinds}
     * is written {@code REFERENCES kinds}.
     */
    @Override
    protected String constraint(TableConstraint constraint) {
        if (constraint instanceof ForeignKey key && Names.schemaOf(key.referencedTable()) != null) {
            return super.constraint(new ForeignKey(key.name(), key.columns(), Names.lastPart(key.referencedTable()),
                    key.referencedColumns(), key.onDelete(), key.onUpdate()));
        }
        return super.constraint(constraint);
    }

    /** A key to a table of another database, which SQLite cannot make, refused naming both tables. */
    private static void requireSameDatabase(String table, TableConstraint constraint) {
        if (constraint instanceof ForeignKey key && !databaseOf(table).equalsIgnoreCase(databaseOf(key.referencedTable()))) {
            throw new IllegalArgumentException("SQLite cannot make foreign key " + key.name() + " of " + table + " to "
                    + key.referencedTable() + ": a key's parent table must be in the same database as the table. Keep both"
                    + " tables in one database, or check the names in the migration.");
        }
    }

    /** The database part of a table name: {@code main} when it has none. */
    private static String databaseOf(String table) {
        List<String> parts = Names.tableParts(table);
        return parts.size() == 1 ? "main" : String.join(".", parts.subList(0, parts.size() - 1));
    }

    /** Unique constraints become unique indexes, as {@code addUnique} makes them, so both drop alike. */
    @Override
    protected List<String> createTable(CreateTable op) {
        op.constraints().forEach(c -> requireSameDatabase(op.table(), c));
        List<String> sql = new ArrayList<>();
        sql.add(createTableStatement(op, op.constraints().stream().filter(c -> !(c instanceof UniqueConstraint)).toList()));
        for (TableConstraint constraint : op.constraints()) {
            if (constraint instanceof UniqueConstraint unique) {
                sql.add(uniqueIndex(op.table(), unique));
            }
        }
        return sql;
    }

    /**
     * A portable type as a {@code STRICT} table takes it: such a table refuses any type name but {@code INT},
     * {@code INTEGER}, {@code REAL}, {@code TEXT}, {@code BLOB} and {@code ANY} ({@code VARCHAR(100)} is "unknown
     * datatype"), so each portable type is written as the one whose values it holds. A decimal becomes {@code REAL}, as
     * the numeric affinity of {@code NUMERIC(p, s)} stores it; a {@code ColumnType.sql(...)} type is written as given.
     */
    private String strictType(ColumnType type) {
        return switch (type.kind()) {
            case STRING, TEXT, JSON, UUID, DATE, TIMESTAMP, TIMESTAMPTZ -> "TEXT";
            case INTEGER, BIGINT, BOOLEAN -> "INTEGER";
            case DECIMAL -> "REAL";
            case BINARY -> "BLOB";
            case SQL -> type.sql();
        };
    }

    /** Whether the table is {@code STRICT}; false without a connection or when the table is not there. */
    private boolean isStrict(Connection connection, String table) throws SQLException {
        if (connection == null) {
            return false;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT sql FROM " + schemaPrefix(table) + "sqlite_master"
                + " WHERE type = 'table' AND name = ? COLLATE NOCASE")) {
            ps.setString(1, bareName(table));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null && SqliteTableSql.parse(rs.getString(1)).strict();
            }
        }
    }

    @Override
    protected List<String> addColumn(AddColumn op, Connection connection) throws SQLException {
        ColumnDefinition column = op.column();
        if (isStrict(connection, op.table())) {
            column = new ColumnDefinition(column.name(), ColumnType.sql(strictType(column.type())), column.options(),
                    column.defaultValue());
            op = new AddColumn(op.table(), column);
        }
        boolean inPlace = !(column.notNull() && column.defaultValue() == null)
                && !(column.defaultValue() instanceof DefaultValue.Expression)
                && !(column.defaultValue() instanceof DefaultValue.CurrentTimestamp);
        if (inPlace) {
            return super.addColumn(op, connection);
        }
        String definition = columnDefinition(column, false);
        return rebuild(connection, op.table(), "add column " + definition,
                table -> table.withColumnAdded(definition));
    }

    /**
     * A rebuild, but not of the table's {@code INTEGER PRIMARY KEY} (what {@code id()} makes): that column is the
     * rowid, and {@code AUTOINCREMENT} allows no other type. Every SQLite integer is 64 bits, so a change to
     * {@code integer()} or {@code bigint()} changes nothing there and runs nothing; any other type is refused.
     */
    @Override
    protected List<String> alterColumnType(AlterColumnType op, Connection connection) throws SQLException {
        String type = isStrict(connection, op.table()) ? strictType(op.type()) : type(op.type());
        if (connection != null && isRowidColumn(connection, op.table(), op.column())) {
            if (op.type().kind() == ColumnType.Kind.INTEGER || op.type().kind() == ColumnType.Kind.BIGINT) {
                return List.of();
            }
            throw new MigrateException("Cannot change the type of " + op.table() + "." + op.column() + " to " + type
                    + " on SQLite: it is the table's INTEGER PRIMARY KEY, the rowid, which can only be INTEGER. Keep it,"
                    + " or write the change with sql(up, down).");
        }
        return rebuild(connection, op.table(), "change the type of " + op.column() + " to " + type,
                table -> table.withColumn(column(table, op.table(), op.column()).withType(type)));
    }

    @Override
    protected List<String> setNotNull(SetNotNull op, Connection connection) throws SQLException {
        return rebuild(connection, op.table(), "make " + op.column() + " NOT NULL",
                table -> table.withColumn(column(table, op.table(), op.column()).withNotNull(true)));
    }

    @Override
    protected List<String> dropNotNull(DropNotNull op, Connection connection) throws SQLException {
        return rebuild(connection, op.table(), "let " + op.column() + " hold NULL",
                table -> table.withColumn(column(table, op.table(), op.column()).withNotNull(false)));
    }

    @Override
    protected List<String> setDefault(SetDefault op, Connection connection) throws SQLException {
        String value = defaultValue(op.value());
        return rebuild(connection, op.table(), "set the default of " + op.column() + " to " + value,
                table -> table.withColumn(column(table, op.table(), op.column()).withDefault(value)));
    }

    @Override
    protected List<String> dropDefault(DropDefault op, Connection connection) throws SQLException {
        return rebuild(connection, op.table(), "drop the default of " + op.column(),
                table -> table.withColumn(column(table, op.table(), op.column()).withDefault(null)));
    }

    @Override
    protected List<String> addForeignKey(AddForeignKey op, Connection connection) throws SQLException {
        requireSameDatabase(op.table(), op.key());
        String constraint = constraint(op.key());
        return rebuild(connection, op.table(), "add " + constraint, table -> table.withConstraintAdded(constraint));
    }

    /**
     * A new key checked against the rows, as the other databases check it when they add it: SQLite writes any key
     * into the table's definition, one whose parent columns are not its primary key or a unique index (which
     * SQLite only notices later, failing every insert into the table with "foreign key mismatch" while keys are
     * enforced), and one the rows already break, since the rebuild copies them with enforcement off (sqlite-jdbc's
     * default) and with it on checks them only at the end of the statement for immediate keys.
     */
    @Override
    void verifyApplied(SchemaOperation operation, Connection connection) throws SQLException {
        if (!(operation instanceof AddForeignKey op) || connection == null) {
            return;
        }
        ForeignKey key = op.key();
        String schema = schemaPrefix(op.table());
        String bare = bareName(op.table());
        String parent = Names.lastPart(key.referencedTable());
        List<Integer> ids = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + schema
                + "foreign_key_list(" + quotePart(bare) + ")")) {
            java.util.Map<Integer, List<String>> columns = new java.util.LinkedHashMap<>();
            java.util.Map<Integer, String> parents = new java.util.HashMap<>();
            while (rs.next()) {
                columns.computeIfAbsent(rs.getInt("id"), id -> new ArrayList<>()).add(rs.getString("from").toLowerCase(java.util.Locale.ROOT));
                parents.put(rs.getInt("id"), rs.getString("table"));
            }
            List<String> wanted = key.columns().stream().map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList();
            columns.forEach((id, from) -> {
                if (from.equals(wanted) && parent.equalsIgnoreCase(parents.get(id))) {
                    ids.add(id);
                }
            });
        }
        String what = "foreign key " + key.name() + " of " + op.table() + " (" + String.join(", ", key.columns())
                + ") to " + key.referencedTable() + " (" + String.join(", ", key.referencedColumns()) + ")";
        long broken = 0;
        Long firstRowid = null;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + schema
                + "foreign_key_check(" + quotePart(bare) + ")")) {
            while (rs.next()) {
                if (ids.contains(rs.getInt("fkid"))) {
                    broken++;
                    if (firstRowid == null) {
                        firstRowid = rs.getLong("rowid");
                    }
                }
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("foreign key mismatch")) {
                throw new MigrateException("SQLite cannot use " + what + ": the referenced columns are neither "
                        + parent + "'s primary key nor covered by a unique index or constraint of it, so every insert"
                        + " into " + bare + " would fail with \"foreign key mismatch\" while foreign keys are enforced."
                        + " Make them unique first (addUnique or a unique createIndex on " + key.referencedTable()
                        + "), or reference its primary key.", e);
            }
            throw e;
        }
        if (broken > 0) {
            throw new MigrateException("Cannot add " + what + ": " + broken + " row" + (broken == 1 ? "" : "s") + " of "
                    + op.table() + " hold" + (broken == 1 ? "s" : "") + " a value that " + parent + " does not have"
                    + " (the first at rowid " + firstRowid + "; PRAGMA foreign_key_check(" + bare + ") lists them all)."
                    + " Delete or fix those rows first, in the migration before the key (sql(up, down)) or by hand.");
        }
    }

    @Override
    protected List<String> dropForeignKey(DropForeignKey op, Connection connection) throws SQLException {
        return dropTableConstraint(op.table(), op.name(), connection);
    }

    @Override
    protected List<String> addUnique(AddUnique op, Connection connection) {
        return List.of(uniqueIndex(op.table(), op.constraint()));
    }

    /**
     * SQLite names the schema of an attached database on the index, not the table:
     * {@code CREATE INDEX aux.items_code_idx ON items (code)}.
     */
    @Override
    protected String createIndex(CreateIndex op) {
        return "CREATE " + (op.unique() ? "UNIQUE " : "") + "INDEX " + schemaPrefix(op.table()) + quote(op.name())
                + " ON " + quotePart(bareName(op.table())) + " (" + quoteAll(op.columns()) + ")";
    }

    private String uniqueIndex(String table, UniqueConstraint unique) {
        return "CREATE UNIQUE INDEX " + schemaPrefix(table) + quote(unique.name()) + " ON " + quotePart(bareName(table))
                + " (" + quoteAll(unique.columns()) + ")";
    }

    @Override
    protected List<String> addCheck(AddCheck op, Connection connection) throws SQLException {
        String constraint = constraint(op.constraint());
        return rebuild(connection, op.table(), "add " + constraint, table -> table.withConstraintAdded(constraint));
    }

    @Override
    protected List<String> dropConstraint(DropConstraint op, Connection connection) throws SQLException {
        String dropIndex = "DROP INDEX " + schemaPrefix(op.table()) + quote(op.name());
        if (connection == null) {
            if (op.restoring() instanceof UniqueConstraint) {
                return List.of(dropIndex);
            }
            if (op.restoring() == null) {
                return List.of(placeholder("SQLite: " + dropIndex + " when " + quote(op.name()) + " is a unique index"
                        + " (as the DSL makes unique constraints), else a rebuild of " + quoteTable(op.table())
                        + " without that table constraint; decided from the database when the migration runs"));
            }
        } else if (isIndex(connection, op.table(), op.name())) {
            return List.of(dropIndex);
        }
        return dropTableConstraint(op.table(), op.name(), connection);
    }

    private List<String> dropTableConstraint(String table, String name, Connection connection) throws SQLException {
        return rebuild(connection, table, "drop constraint " + name, sql -> {
            if (!sql.hasConstraint(name)) {
                throw new MigrateException("Cannot drop constraint " + name + " of SQLite table " + table
                        + ": its CREATE TABLE has no table constraint of that name (a constraint written inside a"
                        + " column definition cannot be dropped by name). Check the name in the migration.");
            }
            return sql.withoutConstraint(name);
        });
    }

    private static SqliteTableSql.Column column(SqliteTableSql table, String tableName, String name) {
        SqliteTableSql.Column column = table.column(name);
        if (column == null) {
            throw new MigrateException("SQLite table " + tableName + " has no column " + name
                    + "; check the names in the migration.");
        }
        return column;
    }

    // --- the rebuild -------------------------------------------------------------------------------------

    /**
     * The statements that rebuild {@code table} with {@code change} applied to its {@code CREATE TABLE};
     * see the class comment. Without a connection, one comment saying what will be done.
     */
    private List<String> rebuild(Connection connection, String table, String what,
            UnaryOperator<SqliteTableSql> change) throws SQLException {
        String bare = bareName(table);
        String schema = schemaPrefix(table);
        if (connection == null) {
            return List.of(placeholder("SQLite: rebuild table " + quoteTable(table) + " to " + what + ": create "
                    + quotePart(bare + NEW_TABLE_SUFFIX) + " with the changed definition, copy the rows, drop "
                    + quoteTable(table) + ", rename the new table to " + quotePart(bare) + ", recreate its indexes and"
                    + " triggers; the statements are written from the table's definition when the migration runs"));
        }
        String name;
        String createSql;
        try (PreparedStatement ps = connection.prepareStatement("SELECT name, sql FROM " + schema + "sqlite_master"
                + " WHERE type = 'table' AND name = ? COLLATE NOCASE")) {
            ps.setString(1, bare);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new MigrateException("Cannot rebuild SQLite table " + table + " to " + what
                            + ": there is no such table. Check the name in the migration.");
                }
                name = rs.getString(1);
                createSql = rs.getString(2);
            }
        }
        SqliteTableSql before = SqliteTableSql.parse(createSql);
        SqliteTableSql after = change.apply(before);
        refuseWhenReferencedUnderEnforcement(connection, schema, name, what);

        List<String> recreate = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT sql FROM " + schema + "sqlite_master"
                + " WHERE tbl_name = ? COLLATE NOCASE AND type IN ('index', 'trigger') AND sql IS NOT NULL"
                + " ORDER BY CASE type WHEN 'index' THEN 0 ELSE 1 END, name")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    recreate.add(inSchema(rs.getString(1), schema));
                }
            }
        }
        boolean legacyAlterTable = "1".equals(pragma(connection, "legacy_alter_table"));
        Long sequence = autoincrementSequence(connection, schema, name);

        String newTable = schema + quotePart(name + NEW_TABLE_SUFFIX);
        String oldTable = schema + quotePart(name);
        String copied = after.columns().stream()
                .filter(c -> !c.generated())
                .filter(c -> before.column(c.name()) != null && !before.column(c.name()).generated())
                .map(SqliteTableSql.Column::nameSql)
                .collect(Collectors.joining(", "));

        List<String> sql = new ArrayList<>();
        sql.add(after.createTable(newTable));
        sql.add("INSERT INTO " + newTable + " (" + copied + ")\n    SELECT " + copied + " FROM " + oldTable);
        sql.add("DROP TABLE " + oldTable);
        if (!legacyAlterTable) {
            sql.add("PRAGMA legacy_alter_table = ON");
        }
        sql.add("ALTER TABLE " + newTable + " RENAME TO " + quotePart(name));
        if (!legacyAlterTable) {
            sql.add("PRAGMA legacy_alter_table = OFF");
        }
        if (sequence != null) {
            // the copy left the new table's counter at the highest id still present, and DROP TABLE removed
            // the old one: put the old counter back, so that AUTOINCREMENT never hands out a deleted id again
            String sequenceTable = schema + "sqlite_sequence";
            sql.add("UPDATE " + sequenceTable + " SET seq = " + sequence + " WHERE name = " + literal(name));
            sql.add("INSERT INTO " + sequenceTable + " (name, seq) SELECT " + literal(name) + ", " + sequence
                    + " WHERE NOT EXISTS (SELECT 1 FROM " + sequenceTable + " WHERE name = " + literal(name) + ")");
        }
        sql.addAll(recreate);
        return sql;
    }

    /**
     * An index's or trigger's saved {@code CREATE} for its table's database: SQLite saves it without the schema
     * ({@code CREATE INDEX events_source_idx ON events (source)}), and run as saved it would be made in
     * {@code main}, on {@code main}'s table of that name; so the name gets the schema ({@code audit.events_source_idx}).
     */
    static String inSchema(String createSql, String schemaPrefix) {
        if (schemaPrefix.isEmpty()) {
            return createSql;
        }
        Matcher head = SAVED_CREATE_HEAD.matcher(createSql);
        return head.lookingAt() ? createSql.substring(0, head.end()) + schemaPrefix + createSql.substring(head.end()) : createSql;
    }

    /** The table's AUTOINCREMENT counter in {@code sqlite_sequence}, or null when it has none. */
    private static Long autoincrementSequence(Connection connection, String schema, String table) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT 1 FROM " + schema
                + "sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")) {
            if (!rs.next()) {
                return null;
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT seq FROM " + schema + "sqlite_sequence"
                + " WHERE name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private void refuseWhenReferencedUnderEnforcement(Connection connection, String schema, String table, String what)
            throws SQLException {
        if (!"1".equals(pragma(connection, "foreign_keys"))) {
            return;
        }
        List<String> tables = new ArrayList<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM " + schema + "sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        List<String> referencing = new ArrayList<>();
        for (String other : tables) {
            try (Statement st = connection.createStatement();
                    ResultSet rs = st.executeQuery("PRAGMA " + schema + "foreign_key_list(" + quotePart(other) + ")")) {
                while (rs.next()) {
                    if (table.equalsIgnoreCase(rs.getString("table")) && !referencing.contains(other)) {
                        referencing.add(other);
                    }
                }
            }
        }
        if (!referencing.isEmpty()) {
            throw new MigrateException("Cannot rebuild SQLite table " + table + " to " + what + ": foreign keys are"
                    + " enforced on this connection (PRAGMA foreign_keys = ON) and " + String.join(", ", referencing)
                    + " reference" + (referencing.size() == 1 ? "s" : "") + " it, so dropping the old table would"
                    + " delete or orphan their rows. SQLite cannot turn enforcement off inside a transaction: run"
                    + " this migration on a connection with foreign keys off (sqlite-jdbc's default,"
                    + " foreign_keys=false), or write it with sql(up, down).");
        }
    }

    private boolean isIndex(Connection connection, String table, String name) throws SQLException {
        String schema = schemaPrefix(table);
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM " + schema + "sqlite_master"
                + " WHERE type = 'index' AND name = ? COLLATE NOCASE AND tbl_name = ? COLLATE NOCASE")) {
            ps.setString(1, name);
            ps.setString(2, bareName(table));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Whether the column is its table's {@code INTEGER PRIMARY KEY} (the rowid), as written in its {@code CREATE TABLE}. */
    private boolean isRowidColumn(Connection connection, String table, String column) throws SQLException {
        String schema = schemaPrefix(table);
        try (PreparedStatement ps = connection.prepareStatement("SELECT sql FROM " + schema + "sqlite_master"
                + " WHERE type = 'table' AND name = ? COLLATE NOCASE")) {
            ps.setString(1, bareName(table));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return false;
                }
                SqliteTableSql.Column c = SqliteTableSql.parse(rs.getString(1)).column(column);
                return c != null && c.type().equalsIgnoreCase("INTEGER")
                        && c.clauses().stream().anyMatch(clause -> clause.kind().equals("PRIMARY"));
            }
        }
    }

    /** The column from {@code PRAGMA table_info}, SQLite's own account of it (names in any case). */
    @Override
    LiveColumn liveColumn(Connection connection, String table, String column) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + schemaPrefix(table)
                + "table_info(" + quotePart(bareName(table)) + ")")) {
            while (rs.next()) {
                if (column.equalsIgnoreCase(rs.getString("name"))) {
                    String defaultSql = rs.getString("dflt_value");
                    return new LiveColumn(rs.getInt("notnull") == 0,
                            defaultSql != null && !defaultSql.strip().equalsIgnoreCase("NULL"));
                }
            }
        }
        return null;
    }

    /** A connection-wide pragma's value. */
    private static String pragma(Connection connection, String pragma) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
