package dev.migrate.schema;

import java.nio.charset.StandardCharsets;
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
        String bare = table.substring(table.lastIndexOf('.') + 1);
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
