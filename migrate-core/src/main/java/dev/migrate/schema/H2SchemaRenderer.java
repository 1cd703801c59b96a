package dev.migrate.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * H2 2.x: the ANSI forms of the base class ({@code ALTER COLUMN c SET DATA TYPE}, {@code SET/DROP NOT NULL},
 * {@code SET/DROP DEFAULT}), which keep the rest of the column. Unquoted names are upper-cased by H2,
 * as in the author's own SQL; so are the keywords the DSL must quote.
 *
 * <p>A foreign key uses an index of its own, until H2 rebuilds the table (a column's type changes): then it moves onto
 * an index made since with the same columns and drops its own. That index cannot be dropped while the key uses it, so
 * {@code dropIndex} reads the keys that use it and drops them first and adds them back after, as the database has them:
 * H2 then gives each its own index again.
 */
final class H2SchemaRenderer extends SqlSchemaRenderer {

    /**
     * The words H2 2.3 and 2.4 refuse as unquoted table, column or index names: each keyword of the four
     * databases (and H2's own, such as {@code _rowid_}, {@code rownum}, {@code minus}) tried unquoted in
     * create, rename, add and drop against H2 itself; both versions refuse the same words.
     */
    private static final Set<String> KEYWORDS = Set.of(
            "_rowid_", "all", "and", "any", "array", "as", "asymmetric", "authorization", "between", "case", "cast",
            "check", "constraint", "cross", "current_catalog", "current_date", "current_path", "current_role",
            "current_schema", "current_time", "current_timestamp", "current_user", "day", "default", "distinct",
            "else", "end", "except", "exists", "false", "fetch", "for", "foreign", "from", "full", "group", "having",
            "hour", "if", "in", "inner", "intersect", "interval", "is", "join", "key", "left", "like", "limit",
            "localtime", "localtimestamp", "minus", "minute", "month", "natural", "not", "null", "offset", "on",
            "or", "order", "primary", "qualify", "right", "row", "rownum", "second", "select", "session_user", "set",
            "some", "symmetric", "system_user", "table", "to", "true", "uescape", "union", "unique", "unknown",
            "user", "using", "value", "values", "when", "where", "window", "with", "year");

    @Override
    protected Set<String> keywords() {
        return KEYWORDS;
    }

    @Override
    public String databaseName() {
        return "H2";
    }

    /**
     * Upper-cased, as H2 folds unquoted names: {@code value} becomes {@code "VALUE"}, the same column the
     * author's unquoted SQL ({@code CHECK (value >= 0)}) names. Quoted as given, it would be another one.
     */
    @Override
    protected String quoteReserved(String part) {
        return quoted(upper(part));
    }

    /** H2 stores an unquoted name upper-cased, and a keyword too, which {@link #quoteReserved} writes upper-cased. */
    @Override
    protected String storedName(String name) {
        return name.matches("[a-z_][a-z0-9_]*") ? upper(name) : name;
    }

    @Override
    protected List<String> dropIndex(DropIndex op, Connection connection) throws SQLException {
        Map<String, String> keys = connection == null ? Map.of() : keysUsing(connection, op.table(), op.name());
        if (keys.isEmpty()) {
            return List.of(dropIndex(op));
        }
        List<String> sql = new ArrayList<>();
        keys.keySet().forEach(key -> sql.add("ALTER TABLE " + quoteTable(op.table()) + " DROP CONSTRAINT " + stored(key)));
        sql.add(dropIndex(op));
        keys.values().forEach(key -> sql.add("ALTER TABLE " + quoteTable(op.table()) + " ADD " + key));
        return sql;
    }

    /** The foreign keys of {@code table} that use index {@code index}: name to their {@code CONSTRAINT ...} definition. */
    private Map<String, String> keysUsing(Connection connection, String table, String index) throws SQLException {
        List<String> parts = Names.tableParts(table);
        String schema = parts.size() == 1 ? connection.getSchema() : storedName(parts.get(parts.size() - 2));
        Map<String, KeyDefinition> keys = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT tc.CONSTRAINT_NAME, kcu.COLUMN_NAME,"
                + " ref.TABLE_SCHEMA, ref.TABLE_NAME, ref.COLUMN_NAME, rc.UPDATE_RULE, rc.DELETE_RULE"
                + " FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc"
                + " JOIN INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS rc ON rc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA"
                + " AND rc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
                + " JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE kcu ON kcu.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA"
                + " AND kcu.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
                + " JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE ref ON ref.CONSTRAINT_SCHEMA = rc.UNIQUE_CONSTRAINT_SCHEMA"
                + " AND ref.CONSTRAINT_NAME = rc.UNIQUE_CONSTRAINT_NAME AND ref.ORDINAL_POSITION = kcu.POSITION_IN_UNIQUE_CONSTRAINT"
                + " WHERE tc.CONSTRAINT_TYPE = 'FOREIGN KEY' AND tc.TABLE_SCHEMA = ? AND tc.TABLE_NAME = ?"
                + " AND tc.INDEX_SCHEMA = ? AND tc.INDEX_NAME = ? ORDER BY tc.CONSTRAINT_NAME, kcu.ORDINAL_POSITION")) {
            ps.setString(1, schema);
            ps.setString(2, storedName(parts.get(parts.size() - 1)));
            ps.setString(3, schema);
            ps.setString(4, storedName(index));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String referencedSchema = rs.getString(3);
                    String referenced = (referencedSchema.equals(connection.getSchema()) ? ""
                            : stored(referencedSchema) + ".") + stored(rs.getString(4));
                    String updateRule = rs.getString(6);
                    String deleteRule = rs.getString(7);
                    keys.computeIfAbsent(rs.getString(1), name -> new KeyDefinition(referenced, updateRule, deleteRule))
                            .add(rs.getString(2), rs.getString(5));
                }
            }
        }
        Map<String, String> result = new LinkedHashMap<>();
        keys.forEach((name, key) -> result.put(name, "CONSTRAINT " + stored(name) + key.sql(this)));
        return result;
    }

    /** A name as H2 stores it, written so that it names the same object: unquoted and lower-case where it can be. */
    private String stored(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return storedName(lower).equals(name) && !KEYWORDS.contains(lower) ? lower : quoted(name);
    }

    /** A foreign key as read back: its columns, the referenced table (written) and columns, its rules. */
    private record KeyDefinition(String referenced, String updateRule, String deleteRule, List<String> columns,
            List<String> referencedColumns) {

        KeyDefinition(String referenced, String updateRule, String deleteRule) {
            this(referenced, updateRule, deleteRule, new ArrayList<>(), new ArrayList<>());
        }

        void add(String column, String referencedColumn) {
            columns.add(column);
            referencedColumns.add(referencedColumn);
        }

        String sql(H2SchemaRenderer renderer) {
            return " FOREIGN KEY (" + String.join(", ", columns.stream().map(renderer::stored).toList()) + ") REFERENCES "
                    + referenced + " (" + String.join(", ", referencedColumns.stream().map(renderer::stored).toList()) + ")"
                    + ("NO ACTION".equals(deleteRule) ? "" : " ON DELETE " + deleteRule)
                    + ("NO ACTION".equals(updateRule) ? "" : " ON UPDATE " + updateRule);
        }
    }

    @Override
    protected String type(ColumnType type) {
        return switch (type.kind()) {
            case STRING -> "VARCHAR(" + type.length() + ")";
            // not CLOB: H2 cannot compare or index CLOBs, and PostgreSQL's TEXT, which H2 stands in for, can
            case TEXT -> "CHARACTER VARYING";
            case INTEGER -> "INTEGER";
            case BIGINT -> "BIGINT";
            case DECIMAL -> "NUMERIC(" + type.precision() + ", " + type.scale() + ")";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case TIMESTAMPTZ -> "TIMESTAMP WITH TIME ZONE";
            case UUID -> "UUID";
            case JSON -> "JSON";
            case BINARY -> "BLOB";
            case SQL -> type.sql();
        };
    }
}
