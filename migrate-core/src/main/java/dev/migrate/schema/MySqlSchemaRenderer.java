package dev.migrate.schema;

import dev.migrate.MigrateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL 8 and MariaDB 10.5+ (one renderer: {@code Dialect.name()} is {@code MySQL} for both).
 *
 * <p><b>MODIFY COLUMN.</b> MySQL has no {@code ALTER COLUMN ... SET NOT NULL} or {@code ... TYPE}: a
 * column's nullability and type change with {@code MODIFY COLUMN}, which restates the whole column and
 * silently drops whatever it does not restate. So {@link AlterColumnType}, {@link SetNotNull} and
 * {@link DropNotNull} read the column from {@code information_schema.COLUMNS} when they are rendered and
 * restate its default, {@code AUTO_INCREMENT}, {@code ON UPDATE}, {@code INVISIBLE}, comment and, when the type does not
 * change, its character set, collation and MariaDB's column check (the {@code json_valid} of a
 * {@code JSON} column). A type change keeps the character set and collation when the new type is text
 * too, and restates neither otherwise. Generated columns are refused (use {@code sql(up, down)}).
 * Without a connection these render as a comment.
 *
 * <p><b>Defaults</b> change in place ({@code ALTER COLUMN c SET DEFAULT}); expressions are
 * parenthesized, and {@code CURRENT_TIMESTAMP} is {@code CURRENT_TIMESTAMP(6)} to match the
 * {@code DATETIME(6)} of the DSL's timestamps (MySQL refuses a default of another precision).
 *
 * <p><b>Foreign keys.</b> MySQL makes an index for a foreign key whose columns have none, named as the
 * key, and keeps it when the key is dropped. Dropping a foreign key therefore also drops an index of the
 * key's name when the database has one (checked through the connection), so that adding and dropping a
 * key leaves the table as it was. MySQL also drops the index it made for a key when an index the key can
 * use is created, and then refuses to drop that one: an index drop (and a unique constraint's) that would
 * leave a key without an index adds the key's index back in the same statement. Unique constraints are
 * dropped with {@code DROP INDEX}, checks with {@code DROP CONSTRAINT} (MySQL 8.0.19+, MariaDB 10.2+).
 *
 * <p>{@code CONCURRENTLY} is ignored (InnoDB builds indexes online by default).
 *
 * <p><b>Backslashes.</b> Text literals (defaults, and the default and comment a {@code MODIFY COLUMN} restates)
 * double their backslashes, which MySQL reads as escapes, unless the session's {@code sql_mode} holds
 * {@code NO_BACKSLASH_ESCAPES} ({@link SchemaRenderer#forDatabase(String, dev.migrate.sql.SqlSplitter)}): there a
 * backslash is written once. MariaDB gives a column's default and check as SQL with backslash escapes whatever the
 * session's mode; in a {@code NO_BACKSLASH_ESCAPES} session their strings are rewritten without them.
 */
final class MySqlSchemaRenderer extends SqlSchemaRenderer {

    private static final Pattern ON_UPDATE = Pattern.compile("on update (\\S+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CURRENT_TIMESTAMP = Pattern.compile("(?i)current_timestamp(\\(\\d?\\))?");
    /** An invisible column (MariaDB 10.3+, MySQL 8.0.23+), left out of {@code SELECT *}: EXTRA says {@code INVISIBLE}. */
    private static final Pattern INVISIBLE = Pattern.compile("(?i)\\bINVISIBLE\\b");

    /**
     * The reserved words of MariaDB and of MySQL 8, so that one migration renders for both. MariaDB's: each
     * word of MariaDB 10.11's {@code information_schema.KEYWORDS} tried unquoted as a table, column and index
     * name (create, rename, add, drop), keeping those MariaDB refused. MySQL 8's:
     * {@code SELECT WORD FROM information_schema.KEYWORDS WHERE RESERVED = 1} as MySQL 8.0 answers it (the
     * KEYWORDS result recorded in the MySQL server's own test suite), with {@code intersect}, {@code manual},
     * {@code parallel}, {@code qualify} and {@code tablesample}, which later 8.0 releases reserve.
     */
    private static final Set<String> KEYWORDS = Set.of(
            "accessible", "add", "all", "alter", "analyze", "and", "array", "as", "asc", "asensitive", "before",
            "between", "bigint", "binary", "blob", "both", "by", "call", "cascade", "case", "cast", "change", "char",
            "character", "check", "collate", "column", "condition", "constraint", "continue", "convert", "create",
            "cross", "cube", "cume_dist", "current_date", "current_role", "current_time", "current_timestamp",
            "current_user", "cursor", "database", "databases", "day_hour", "day_microsecond", "day_minute",
            "day_second", "dec", "decimal", "declare", "default", "delayed", "delete", "delete_domain_id",
            "dense_rank", "desc", "describe", "deterministic", "distinct", "distinctrow", "div", "do_domain_ids",
            "double", "drop", "dual", "each", "else", "elseif", "empty", "enclosed", "escaped", "except", "exists",
            "exit", "explain", "extract", "false", "fetch", "first_value", "float", "float4", "float8", "for",
            "force", "foreign", "from", "fulltext", "function", "generated", "get", "grant", "group", "grouping",
            "groups", "having", "high_priority", "hour_microsecond", "hour_minute", "hour_second", "if", "ignore",
            "ignore_domain_ids", "in", "index", "infile", "inner", "inout", "insensitive", "insert", "int", "int1",
            "int2", "int3", "int4", "int8", "integer", "intersect", "interval", "into", "io_after_gtids",
            "io_before_gtids", "is", "iterate", "join", "json_table", "key", "keys", "kill", "lag", "last_value",
            "lateral", "lead", "leading", "leave", "left", "like", "limit", "linear", "lines", "load", "localtime",
            "localtimestamp", "lock", "long", "longblob", "longtext", "loop", "low_priority", "manual",
            "master_bind", "master_demote_to_replica", "master_demote_to_slave", "master_ssl_verify_server_cert",
            "match", "maxvalue", "mediumblob", "mediumint", "mediumtext", "member", "middleint",
            "minute_microsecond", "minute_second", "mod", "modifies", "natural", "no_write_to_binlog", "not",
            "nth_value", "ntile", "null", "numeric", "of", "offset", "on", "optimize", "optimizer_costs", "option",
            "optionally", "or", "order", "out", "outer", "outfile", "over", "page_checksum", "parallel",
            "parse_vcol_expr", "partition", "percent_rank", "portion", "position", "precision", "primary",
            "procedure", "purge", "qualify", "range", "rank", "read", "read_write", "reads", "real", "recursive",
            "ref_system_id", "references", "regexp", "release", "rename", "repeat", "replace", "require", "resignal",
            "restrict", "return", "returning", "revoke", "right", "rlike", "row", "row_number", "rows", "schema",
            "schemas", "second_microsecond", "select", "sensitive", "separator", "set", "show", "signal", "smallint",
            "spatial", "specific", "sql", "sql_big_result", "sql_calc_found_rows", "sql_small_result",
            "sqlexception", "sqlstate", "sqlwarning", "ssl", "starting", "stats_auto_recalc", "stats_persistent",
            "stats_sample_pages", "stored", "straight_join", "substring", "system", "table", "tablesample",
            "terminated", "then", "tinyblob", "tinyint", "tinytext", "to", "trailing", "trigger", "trim", "true",
            "undo", "union", "unique", "unlock", "unsigned", "update", "usage", "use", "using", "utc_date",
            "utc_time", "utc_timestamp", "values", "varbinary", "varchar", "varcharacter", "varying", "virtual",
            "when", "where", "while", "window", "with", "write", "xor", "year_month", "zerofill");

    @Override
    protected Set<String> keywords() {
        return KEYWORDS;
    }

    @Override
    public String databaseName() {
        return "MySQL";
    }

    @Override
    protected boolean schemaIsCatalog() {
        return true;
    }

    /**
     * The database the server has selected ({@code SELECT DATABASE()}): Connector/J answers {@code getCatalog()} from
     * what it remembers, which an {@code init-sql} {@code USE other} does not change.
     */
    @Override
    protected String currentCatalog(Connection connection) throws SQLException {
        String database = dev.migrate.dialect.Sql.string(connection, "SELECT DATABASE()");
        return database != null ? database : connection.getCatalog();
    }

    @Override
    protected boolean namesIgnoreCase() {
        return true;
    }

    @Override
    protected char quoteCharacter() {
        return '`';
    }

    @Override
    protected String type(ColumnType type) {
        return switch (type.kind()) {
            case STRING -> "VARCHAR(" + type.length() + ")";
            case TEXT -> "LONGTEXT";
            case INTEGER -> "INT";
            case BIGINT -> "BIGINT";
            case DECIMAL -> "DECIMAL(" + type.precision() + ", " + type.scale() + ")";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP, TIMESTAMPTZ -> "DATETIME(6)";
            case UUID -> "CHAR(36)";
            case JSON -> "JSON";
            case BINARY -> "LONGBLOB";
            case SQL -> type.sql();
        };
    }

    @Override
    protected String defaultValue(DefaultValue value) {
        if (value instanceof DefaultValue.CurrentTimestamp) {
            return "CURRENT_TIMESTAMP(6)";
        }
        return super.defaultValue(value);
    }

    @Override
    protected String identity() {
        return " NOT NULL AUTO_INCREMENT";
    }

    @Override
    protected String renameTable(RenameTable op) {
        // ALTER TABLE db.a RENAME TO b would move the table to the current database
        String to = Names.schemaOf(op.to()) != null || Names.schemaOf(op.table()) == null ? op.to()
                : Names.schemaOf(op.table()) + "." + op.to();
        return "ALTER TABLE " + quoteTable(op.table()) + " RENAME TO " + quoteTable(to);
    }

    @Override
    protected List<String> alterColumnType(AlterColumnType op, Connection connection) throws SQLException {
        if (connection == null) {
            return List.of(placeholder("MySQL: ALTER TABLE " + quoteTable(op.table()) + " MODIFY COLUMN " + quote(op.column())
                    + " " + type(op.type()) + ", keeping the column's nullability, default and comment as read from"
                    + " the database when the migration runs"));
        }
        MySqlColumn column = MySqlColumn.read(connection, op.table(), op.column(), backslashEscapes());
        ColumnType.Kind kind = op.type().kind();
        boolean characters = kind == ColumnType.Kind.STRING || kind == ColumnType.Kind.TEXT || kind == ColumnType.Kind.UUID;
        return List.of(modify(op.table(), column.definition(type(op.type()), column.notNull(), characters, false)));
    }

    @Override
    protected List<String> setNotNull(SetNotNull op, Connection connection) throws SQLException {
        return nullability(op.table(), op.column(), true, connection);
    }

    @Override
    protected List<String> dropNotNull(DropNotNull op, Connection connection) throws SQLException {
        return nullability(op.table(), op.column(), false, connection);
    }

    private List<String> nullability(String table, String column, boolean notNull, Connection connection)
            throws SQLException {
        if (connection == null) {
            return List.of(placeholder("MySQL: ALTER TABLE " + quoteTable(table) + " MODIFY COLUMN " + quote(column)
                    + " <its current definition> " + (notNull ? "NOT NULL" : "NULL") + ", the definition read from"
                    + " the database when the migration runs"));
        }
        MySqlColumn current = MySqlColumn.read(connection, table, column, backslashEscapes());
        return List.of(modify(table, current.definition(current.type(), notNull, true, true)));
    }

    private String modify(String table, String definition) {
        return "ALTER TABLE " + quoteTable(table) + " MODIFY COLUMN " + definition;
    }

    @Override
    protected String dropIndex(DropIndex op) {
        return "DROP INDEX " + quote(op.name()) + " ON " + quoteTable(op.table());
    }

    /**
     * {@code DROP INDEX}, or, when the index is the only one a foreign key of the table can use (MySQL dropped the
     * index it made for the key when this one was created), {@code ALTER TABLE t DROP INDEX i, ADD INDEX k (columns)}:
     * one statement that gives the key back the index MySQL made for it, named as MySQL names it.
     */
    @Override
    protected List<String> dropIndex(DropIndex op, Connection connection) throws SQLException {
        String keyIndexes = connection == null ? "" : keyIndexes(connection, op.table(), op.name());
        return List.of(keyIndexes.isEmpty() ? dropIndex(op)
                : "ALTER TABLE " + quoteTable(op.table()) + " DROP INDEX " + quote(op.name()) + keyIndexes);
    }

    @Override
    protected List<String> dropForeignKey(DropForeignKey op, Connection connection) throws SQLException {
        List<String> sql = new ArrayList<>();
        sql.add("ALTER TABLE " + quoteTable(op.table()) + " DROP FOREIGN KEY " + quote(op.name()));
        if (connection == null) {
            sql.add(placeholder("MySQL: and DROP INDEX " + quote(op.name()) + " ON " + quoteTable(op.table())
                    + " when MySQL made that index for the key (checked when the migration runs)"));
        } else if (hasIndex(connection, op.table(), op.name())) {
            sql.add("DROP INDEX " + quote(op.name()) + " ON " + quoteTable(op.table()));
        }
        return sql;
    }

    @Override
    protected List<String> dropConstraint(DropConstraint op, Connection connection) throws SQLException {
        String kind = op.restoring() instanceof UniqueConstraint ? "UNIQUE"
                : op.restoring() instanceof ForeignKey ? "FOREIGN KEY"
                : op.restoring() != null || connection == null ? "CHECK"
                : constraintType(connection, op.table(), op.name());
        if ("UNIQUE".equals(kind)) {
            return List.of("ALTER TABLE " + quoteTable(op.table()) + " DROP INDEX " + quote(op.name())
                    + (connection == null ? "" : keyIndexes(connection, op.table(), op.name())));
        }
        if ("FOREIGN KEY".equals(kind)) {
            return dropForeignKey(new DropForeignKey(op.table(), op.name(), null), connection);
        }
        return List.of("ALTER TABLE " + quoteTable(op.table()) + " DROP CONSTRAINT " + quote(op.name()));
    }

    /**
     * The {@code , ADD INDEX k (columns)} clauses that keep every foreign key of {@code table} usable once index
     * {@code dropped} is gone: one for each key whose columns lead that index and lead no other; "" when there is
     * none. MySQL makes an index for a key that has none, named as the key (or, for a key it named itself,
     * {@code t_ibfk_1}, after its first column), and drops it when an index that the key can use is created: the
     * index added back is the one it had.
     */
    private String keyIndexes(Connection connection, String table, String dropped) throws SQLException {
        Map<String, List<String>> indexes = columnsByName(connection, "SELECT INDEX_NAME, COLUMN_NAME FROM"
                + " information_schema.STATISTICS WHERE TABLE_SCHEMA = " + MySqlColumn.SCHEMA + " AND TABLE_NAME = ?"
                + " ORDER BY INDEX_NAME, SEQ_IN_INDEX", table);
        List<String> droppedColumns = null;
        List<List<String>> remaining = new ArrayList<>();
        for (Map.Entry<String, List<String>> index : indexes.entrySet()) {
            if (index.getKey().equalsIgnoreCase(dropped)) {
                droppedColumns = index.getValue();
            } else {
                remaining.add(index.getValue());
            }
        }
        if (droppedColumns == null) {
            return "";
        }
        Map<String, List<String>> keys = columnsByName(connection, "SELECT CONSTRAINT_NAME, COLUMN_NAME FROM"
                + " information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = " + MySqlColumn.SCHEMA + " AND TABLE_NAME = ?"
                + " AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION", table);
        // the widest keys first: an index added for (a, b) serves a key of (a) as well
        List<Map.Entry<String, List<String>>> byWidth = new ArrayList<>(keys.entrySet());
        byWidth.sort(Comparator.comparingInt((Map.Entry<String, List<String>> key) -> key.getValue().size()).reversed());
        StringBuilder sql = new StringBuilder();
        for (Map.Entry<String, List<String>> key : byWidth) {
            List<String> columns = key.getValue();
            if (!leads(columns, droppedColumns) || remaining.stream().anyMatch(index -> leads(columns, index))) {
                continue;
            }
            boolean namedByMySql = key.getKey().matches("(?i)" + Pattern.quote(bareName(table)) + "_ibfk_\\d+");
            String name = namedByMySql ? columns.get(0) : key.getKey();
            sql.append(", ADD INDEX ").append(quote(name)).append(" (").append(quoteAll(columns)).append(')');
            remaining.add(columns);
        }
        return sql.toString();
    }

    /** Whether {@code columns} are the first columns of {@code index}, in order (MySQL's names ignore case). */
    private static boolean leads(List<String> columns, List<String> index) {
        if (columns.size() > index.size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).equalsIgnoreCase(index.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Name to columns in order, from a query of (name, column) rows of one table, in order. */
    private static Map<String, List<String>> columnsByName(Connection connection, String sql, String table) throws SQLException {
        String[] schemaAndTable = MySqlColumn.split(table);
        Map<String, List<String>> result = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, schemaAndTable[0]);
            ps.setString(2, schemaAndTable[1]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.computeIfAbsent(rs.getString(1), name -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return result;
    }

    private static boolean hasIndex(Connection connection, String table, String index) throws SQLException {
        return MySqlColumn.exists(connection, "SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = "
                + MySqlColumn.SCHEMA + " AND TABLE_NAME = ? AND INDEX_NAME = ?", table, index);
    }

    private static String constraintType(Connection connection, String table, String name) throws SQLException {
        String[] schemaAndTable = MySqlColumn.split(table);
        try (PreparedStatement ps = connection.prepareStatement("SELECT CONSTRAINT_TYPE FROM"
                + " information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = " + MySqlColumn.SCHEMA
                + " AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?")) {
            ps.setString(1, schemaAndTable[0]);
            ps.setString(2, schemaAndTable[1]);
            ps.setString(3, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1).toUpperCase(Locale.ROOT) : "CHECK";
            }
        }
    }

    /**
     * SQL that MariaDB wrote with backslash escapes in its strings (a column's default or check, as
     * {@code information_schema} gives them whatever the session's mode), for a {@code NO_BACKSLASH_ESCAPES}
     * session: the value of each {@code '...'} string written with its quotes doubled and nothing else escaped.
     * Backticked and double-quoted names are kept as they are.
     *
     * <pre>{@code
     * withoutBackslashEscapes("`a` <> 'C:\\\\dir\\'s'")   // `a` <> 'C:\dir''s'
     * }</pre>
     */
    static String withoutBackslashEscapes(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int length = sql.length();
        int i = 0;
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '`' || c == '"') {
                int close = i + 1;
                while (close < length && (sql.charAt(close) != c || close + 1 < length && sql.charAt(close + 1) == c)) {
                    close += sql.charAt(close) == c ? 2 : 1;
                }
                int end = Math.min(close + 1, length);
                out.append(sql, i, end);
                i = end;
            } else if (c == '\'') {
                StringBuilder value = new StringBuilder();
                int j = i + 1;
                while (j < length) {
                    char d = sql.charAt(j);
                    if (d == '\'') {
                        if (j + 1 < length && sql.charAt(j + 1) == '\'') {
                            value.append('\'');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    if (d == '\\' && j + 1 < length) {
                        value.append(unescaped(sql.charAt(j + 1)));
                        j += 2;
                        continue;
                    }
                    value.append(d);
                    j++;
                }
                out.append('\'').append(value.toString().replace("'", "''")).append('\'');
                i = j + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** What MySQL's escape sequence of a backslash and {@code c} stands for in a string. */
    private static String unescaped(char c) {
        return switch (c) {
            case '0' -> "\0";
            case 'b' -> "\b";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 't' -> "\t";
            case 'Z' -> "\u001A";
            // kept for LIKE, where \% and \_ match a % and a _
            case '%', '_' -> "\\" + c;
            default -> String.valueOf(c);
        };
    }

    /** A column as {@code information_schema} describes it, enough to restate it in {@code MODIFY COLUMN}. */
    private record MySqlColumn(String name, String type, boolean notNull, String defaultSql, String extra,
            String characterSet, String collation, String comment, String check, boolean backslashEscapes) {

        /** The schema condition's value: the table's schema, or the connection's database. */
        static final String SCHEMA = "COALESCE(?, DATABASE())";

        /** @param backslashEscapes whether a backslash escapes in the session's strings: how the SQL restating it is written */
        static MySqlColumn read(Connection connection, String table, String column, boolean backslashEscapes) throws SQLException {
            boolean mariaDb = isMariaDb(connection);
            String[] schemaAndTable = split(table);
            try (PreparedStatement ps = connection.prepareStatement("SELECT COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT,"
                    + " EXTRA, CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_COMMENT, GENERATION_EXPRESSION"
                    + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = " + SCHEMA
                    + " AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
                ps.setString(1, schemaAndTable[0]);
                ps.setString(2, schemaAndTable[1]);
                ps.setString(3, column);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new MigrateException("Cannot change column " + table + "." + column
                                + ": the database has no such column. Check the names in the migration.");
                    }
                    String extra = rs.getString("EXTRA") == null ? "" : rs.getString("EXTRA");
                    String generation = rs.getString("GENERATION_EXPRESSION");
                    if ((generation != null && !generation.isBlank()) || extra.toUpperCase(Locale.ROOT).contains("GENERATED ")
                            && !extra.toUpperCase(Locale.ROOT).contains("DEFAULT_GENERATED")) {
                        throw new MigrateException("Cannot change generated column " + table + "." + column
                                + " with the schema DSL on MySQL; use sql(up, down) with the full column definition.");
                    }
                    String defaultSql = defaultSql(rs.getString("COLUMN_DEFAULT"), extra, mariaDb, backslashEscapes);
                    String check = mariaDb ? columnCheck(connection, schemaAndTable, column) : null;
                    if (check != null && !backslashEscapes) {
                        check = withoutBackslashEscapes(check);
                    }
                    return new MySqlColumn(column, rs.getString("COLUMN_TYPE"), "NO".equals(rs.getString("IS_NULLABLE")),
                            defaultSql, extra, rs.getString("CHARACTER_SET_NAME"), rs.getString("COLLATION_NAME"),
                            rs.getString("COLUMN_COMMENT"), check, backslashEscapes);
                }
            }
        }

        /**
         * The default as SQL. MariaDB 10.2.7+ stores it as SQL ({@code 'x'}, {@code 3}, {@code NULL},
         * {@code current_timestamp(6)}), its strings with backslash escapes; MySQL stores the bare value and marks
         * expressions {@code DEFAULT_GENERATED}.
         */
        private static String defaultSql(String value, String extra, boolean mariaDb, boolean backslashEscapes) {
            if (value == null) {
                return null;
            }
            if (mariaDb) {
                return value.equalsIgnoreCase("NULL") ? null : backslashEscapes ? value : withoutBackslashEscapes(value);
            }
            if (extra.toUpperCase(Locale.ROOT).contains("DEFAULT_GENERATED")) {
                return CURRENT_TIMESTAMP.matcher(value).matches() ? value : "(" + value + ")";
            }
            return text(value, backslashEscapes);
        }

        /** A string literal of {@code value}, its backslashes doubled where a backslash escapes. */
        private static String text(String value, boolean backslashEscapes) {
            return "'" + (backslashEscapes ? value.replace("\\", "\\\\") : value).replace("'", "''") + "'";
        }

        /** MariaDB's column-level check ({@code JSON} columns get {@code json_valid}), which MODIFY would drop. */
        private static String columnCheck(Connection connection, String[] schemaAndTable, String column) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement("SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                    + " WHERE CONSTRAINT_SCHEMA = " + SCHEMA + " AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?"
                    + " AND LEVEL = 'Column'")) {
                ps.setString(1, schemaAndTable[0]);
                ps.setString(2, schemaAndTable[1]);
                ps.setString(3, column);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        }

        /**
         * The column restated with {@code type} and {@code notNull}.
         *
         * @param keepCharacterSet whether its character set and collation still apply (same type, or text to text)
         * @param keepCheck        whether its column check still applies (same type)
         */
        String definition(String newType, boolean newNotNull, boolean keepCharacterSet, boolean keepCheck) {
            StringBuilder sql = new StringBuilder("`" + name.replace("`", "``") + "` ").append(newType);
            if (keepCharacterSet && characterSet != null) {
                sql.append(" CHARACTER SET ").append(characterSet);
            }
            if (keepCharacterSet && collation != null) {
                sql.append(" COLLATE ").append(collation);
            }
            sql.append(newNotNull ? " NOT NULL" : " NULL");
            if (defaultSql != null) {
                sql.append(" DEFAULT ").append(defaultSql);
            }
            if (extra.toLowerCase(Locale.ROOT).contains("auto_increment")) {
                sql.append(" AUTO_INCREMENT");
            }
            Matcher onUpdate = ON_UPDATE.matcher(extra);
            if (onUpdate.find()) {
                sql.append(" ON UPDATE ").append(onUpdate.group(1));
            }
            if (INVISIBLE.matcher(extra).find()) {
                sql.append(" INVISIBLE");
            }
            if (comment != null && !comment.isEmpty()) {
                sql.append(" COMMENT ").append(text(comment, backslashEscapes));
            }
            if (keepCheck && check != null) {
                sql.append(" CHECK (").append(check).append(')');
            }
            return sql.toString();
        }

        static boolean isMariaDb(Connection connection) throws SQLException {
            String product = connection.getMetaData().getDatabaseProductName();
            String version = connection.getMetaData().getDatabaseProductVersion();
            return (product != null && product.toLowerCase(Locale.ROOT).contains("mariadb"))
                    || (version != null && version.toLowerCase(Locale.ROOT).contains("mariadb"));
        }

        /** {@code db.table} as {db, table}; {null, table} when unqualified (the current database). */
        static String[] split(String table) {
            List<String> parts = Names.tableParts(table);
            return parts.size() == 1 ? new String[] {null, parts.get(0)}
                    : new String[] {String.join(".", parts.subList(0, parts.size() - 1)), parts.get(parts.size() - 1)};
        }

        static boolean exists(Connection connection, String sql, String table, String name) throws SQLException {
            String[] schemaAndTable = split(table);
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, schemaAndTable[0]);
                ps.setString(2, schemaAndTable[1]);
                ps.setString(3, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        }
    }
}
