package dev.migrate.schema;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/** Checks of names, and the names the DSL gives indexes and constraints the author did not name. */
final class Names {

    /** PostgreSQL's limit (MySQL's is 64): a longer default name is cut and given a hash suffix. */
    static final int MAX_LENGTH = 63;

    private Names() {
    }

    static String require(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("The " + what + " must not be blank");
        }
        return name;
    }

    /**
     * A table name, checked: parts separated by dots ({@code audit.events}), each a bare name or a name in double
     * quotes, taken whole, dots and all ({@code "v1.0"}, {@code audit."events.v2"}; {@code ""} in it stands for one
     * {@code "}).
     *
     * @throws IllegalArgumentException when it is blank, has an empty part or a quote that is not closed where its
     *                                  part ends, saying how to write it
     */
    static String table(String table, String what) {
        require(table, what);
        int start = 0;
        while (true) {
            int end = partEnd(table, start);
            if (end < 0 || end == start) {
                throw new IllegalArgumentException("The " + what + " '" + table + "' is not a name: write it as name or"
                        + " schema.name, each part either plain or in double quotes, taken whole (\"v1.0\" for a name"
                        + " holding a dot)");
            }
            if (end == table.length()) {
                return table;
            }
            start = end + 1;
        }
    }

    /** Where the part starting at {@code start} ends (its dot, or the end); -1 when a quoted part is not closed there. */
    private static int partEnd(String table, int start) {
        if (start < table.length() && table.charAt(start) == '"') {
            int i = start + 1;
            while (i < table.length()) {
                if (table.charAt(i) == '"') {
                    if (i + 1 < table.length() && table.charAt(i + 1) == '"') {
                        i += 2;
                        continue;
                    }
                    return i + 1 == table.length() || table.charAt(i + 1) == '.' ? i + 1 : -1;
                }
                i++;
            }
            return -1;
        }
        int dot = table.indexOf('.', start);
        return dot < 0 ? table.length() : dot;
    }

    /** The index of the dot before a table name's last part, or -1 when it has one part. */
    static int lastDot(String table) {
        int dot = -1;
        int start = 0;
        while (true) {
            int end = partEnd(table, start);
            if (end < 0 || end >= table.length()) {
                return dot;
            }
            dot = end;
            start = end + 1;
        }
    }

    /** A table name's parts, unquoted: {@code audit."events.v2"} is {@code [audit, events.v2]}. */
    static List<String> tableParts(String table) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = partEnd(table, start);
            if (end < 0) {
                parts.add(table.substring(start));
                return parts;
            }
            parts.add(unquote(table.substring(start, end)));
            if (end >= table.length()) {
                return parts;
            }
            start = end + 1;
        }
    }

    /** The schema of a table name as written ({@code audit} of {@code audit.events}), or null when it has none. */
    static String schemaOf(String table) {
        int dot = lastDot(table);
        return dot < 0 ? null : table.substring(0, dot);
    }

    /** A table name's last part as written, quotes and all. */
    static String lastPart(String table) {
        return table.substring(lastDot(table) + 1);
    }

    /** A table name without its schema, unquoted: {@code events.v2} of {@code audit."events.v2"}. */
    static String bareName(String table) {
        return unquote(lastPart(table));
    }

    private static String unquote(String part) {
        return part.length() >= 2 && part.charAt(0) == '"' && part.endsWith("\"")
                ? part.substring(1, part.length() - 1).replace("\"\"", "\"") : part;
    }

    static List<String> columns(List<String> columns, String what) {
        if (columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException(what + " needs at least one column");
        }
        for (String column : columns) {
            require(column, "column name of " + what);
        }
        return List.copyOf(columns);
    }

    /**
     * {@code <table>_<col1>_<col2>_<suffix>}, PostgreSQL's own convention ({@code users_email_key},
     * {@code orders_user_id_fkey}); the table's schema is left out.
     */
    static String of(String table, List<String> columns, String suffix) {
        String bare = bareName(table);
        String name = (bare + "_" + String.join("_", columns) + "_" + suffix).toLowerCase(Locale.ROOT);
        if (name.length() <= MAX_LENGTH) {
            return name;
        }
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        String hash = String.format("%08x", crc.getValue());
        return name.substring(0, MAX_LENGTH - hash.length() - suffix.length() - 2) + "_" + hash + "_" + suffix;
    }
}
