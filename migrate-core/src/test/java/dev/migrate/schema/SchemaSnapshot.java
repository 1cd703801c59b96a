package dev.migrate.schema;

import dev.migrate.testing.DatabaseKind;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A database's schema as sorted lines read back from JDBC metadata, so that two snapshots compare with
 * {@code equals} and a difference shows as lines: tables and views with their row counts, columns (type,
 * size, nullability, default, auto-increment), primary keys, indexes, foreign keys, and the check
 * constraints the metadata API does not cover (read from the catalog; on SQLite, the normalized
 * {@code CREATE} statements of {@code sqlite_master}, which hold them).
 *
 * <p>Columns are compared by name, not position: a dropped and restored column comes back last.
 * Names H2 generates for constraint indexes ({@code PRIMARY_KEY_9}, {@code T_U_KEY_INDEX_5}) have their
 * counter masked, as a recreated constraint gets a new one.
 */
public final class SchemaSnapshot {

    private SchemaSnapshot() {
    }

    public static List<String> of(Connection connection, DatabaseKind kind) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String catalog = kind == DatabaseKind.MARIADB ? connection.getCatalog() : null;
        String schema = kind == DatabaseKind.H2 || kind == DatabaseKind.POSTGRES ? connection.getSchema() : null;
        TreeSet<String> lines = new TreeSet<>();
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = meta.getTables(catalog, schema, "%", null)) {
            while (rs.next()) {
                String type = rs.getString("TABLE_TYPE").toUpperCase(Locale.ROOT);
                String name = rs.getString("TABLE_NAME");
                if (name.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
                    continue;
                }
                if (type.equals("VIEW")) {
                    lines.add("view " + name);
                } else if (type.equals("TABLE") || type.equals("BASE TABLE")) {
                    tables.add(name);
                }
            }
        }
        for (String table : tables) {
            lines.add("table " + table + " rows=" + count(connection, kind, table));
            try (ResultSet rs = meta.getColumns(catalog, schema, table, "%")) {
                while (rs.next()) {
                    lines.add("column " + table + "." + rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME")
                            + " size=" + rs.getString("COLUMN_SIZE") + " digits=" + rs.getString("DECIMAL_DIGITS")
                            + " nullable=" + rs.getInt("NULLABLE") + " default=" + rs.getString("COLUMN_DEF")
                            + " autoincrement=" + rs.getString("IS_AUTOINCREMENT"));
                }
            }
            Map<Integer, String> key = new TreeMap<>();
            String keyName = null;
            try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, table)) {
                while (rs.next()) {
                    key.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
                    keyName = rs.getString("PK_NAME");
                }
            }
            if (!key.isEmpty()) {
                lines.add("primary key " + table + " " + key.values() + " " + generated(kind, keyName));
            }
            Map<String, Map<Integer, String>> indexes = new TreeMap<>();
            Map<String, Boolean> unique = new TreeMap<>();
            try (ResultSet rs = meta.getIndexInfo(catalog, schema, table, false, false)) {
                while (rs.next()) {
                    String name = rs.getString("INDEX_NAME");
                    if (name == null) {
                        continue; // table statistics
                    }
                    name = generated(kind, name);
                    indexes.computeIfAbsent(name, n -> new TreeMap<>()).put(rs.getInt("ORDINAL_POSITION"),
                            rs.getString("COLUMN_NAME"));
                    unique.put(name, !rs.getBoolean("NON_UNIQUE"));
                }
            }
            indexes.forEach((name, columns) -> lines.add("index " + table + " " + name
                    + (unique.get(name) ? " unique " : " ") + columns.values()));
            Map<String, List<String>> keys = new TreeMap<>();
            try (ResultSet rs = meta.getImportedKeys(catalog, schema, table)) {
                while (rs.next()) {
                    String name = rs.getString("FK_NAME") + " -> " + rs.getString("PKTABLE_NAME")
                            + " update=" + rs.getInt("UPDATE_RULE") + " delete=" + rs.getInt("DELETE_RULE");
                    keys.computeIfAbsent(name, n -> new ArrayList<>())
                            .add(rs.getString("FKCOLUMN_NAME") + "=" + rs.getString("PKCOLUMN_NAME"));
                }
            }
            keys.forEach((name, columns) -> lines.add("foreign key " + table + " " + name + " " + columns));
        }
        lines.addAll(catalogLines(connection, kind));
        return List.copyOf(lines);
    }

    private static List<String> catalogLines(Connection connection, DatabaseKind kind) throws SQLException {
        String sql = switch (kind) {
            case POSTGRES -> "SELECT 'check ' || cl.relname || ' ' || co.conname || ' ' || pg_get_constraintdef(co.oid)"
                    + " FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid"
                    + " WHERE co.contype = 'c' AND co.connamespace = current_schema()::regnamespace";
            case MARIADB -> "SELECT CONCAT('check ', TABLE_NAME, ' ', CONSTRAINT_NAME, ' ', CHECK_CLAUSE)"
                    + " FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()";
            case H2 -> "SELECT 'check ' || tc.TABLE_NAME || ' ' || tc.CONSTRAINT_NAME || ' ' || cc.CHECK_CLAUSE"
                    + " FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc JOIN INFORMATION_SCHEMA.CHECK_CONSTRAINTS cc"
                    + " ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
                    + " WHERE tc.CONSTRAINT_TYPE = 'CHECK' AND tc.TABLE_SCHEMA = SCHEMA()";
            case SQLITE -> "SELECT type || ' ' || name || ' ' || sql FROM sqlite_master"
                    + " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'";
        };
        List<String> lines = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                lines.add(kind == DatabaseKind.SQLITE ? normalizeSqliteSql(rs.getString(1)) : rs.getString(1));
            }
        }
        return lines;
    }

    /**
     * SQLite keeps statements as written, and a rebuild writes the table's name quoted and its elements
     * one a line: compare them without quotes, case and layout.
     */
    private static String normalizeSqliteSql(String sql) {
        String normalized = sql.toLowerCase(Locale.ROOT).replace("\"", "").replaceAll("\\s+", " ")
                .replaceAll(" ?([(),]) ?", "$1").strip();
        int open = normalized.indexOf('(');
        if (!normalized.startsWith("table ") || open < 0 || !normalized.endsWith(")")) {
            return normalized;
        }
        // the elements in name order: a restored column comes back last, as on every database
        List<String> elements = new ArrayList<>();
        int depth = 0;
        int start = open + 1;
        for (int i = start; i < normalized.length() - 1; i++) {
            char c = normalized.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                elements.add(normalized.substring(start, i));
                start = i + 1;
            }
        }
        elements.add(normalized.substring(start, normalized.length() - 1));
        elements.sort(null);
        return normalized.substring(0, open + 1) + String.join(",", elements) + ")";
    }

    private static String generated(DatabaseKind kind, String name) {
        if (kind == DatabaseKind.H2 && name != null) {
            return name.replaceAll("^(PRIMARY_KEY|CONSTRAINT)_[0-9A-F]+$", "$1_#").replaceAll("_INDEX_[0-9A-F]+$", "_INDEX_#");
        }
        return name;
    }

    private static long count(Connection connection, DatabaseKind kind, String table) throws SQLException {
        String q = kind == DatabaseKind.MARIADB ? "`" : "\"";
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + q + table + q)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
