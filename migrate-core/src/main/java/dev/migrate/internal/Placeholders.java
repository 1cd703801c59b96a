package dev.migrate.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replaces {@code ${name}} with configured values. Only configured names are replaced: any other
 * {@code ${...}} stays exactly as written, since scripts carry such text inside their own string literals.
 */
final class Placeholders {

    private Placeholders() {
    }

    static String replace(String sql, Map<String, String> values) {
        if (values.isEmpty() || sql.indexOf("${") < 0) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            int open = sql.indexOf("${", i);
            if (open < 0) {
                break;
            }
            int close = sql.indexOf('}', open + 2);
            if (close < 0) {
                break;
            }
            String value = values.get(sql.substring(open + 2, close));
            out.append(sql, i, open);
            if (value != null) {
                out.append(value);
            } else {
                out.append(sql, open, close + 1);
            }
            i = close + 1;
        }
        out.append(sql, i, sql.length());
        return out.toString();
    }

    /** Names used as {@code ${name}} in {@code sql} that have no configured value. */
    static List<String> unresolved(String sql, Map<String, String> values) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while (true) {
            int open = sql.indexOf("${", i);
            if (open < 0) {
                return names;
            }
            int close = sql.indexOf('}', open + 2);
            if (close < 0) {
                return names;
            }
            String name = sql.substring(open + 2, close);
            if (!values.containsKey(name) && !names.contains(name)) {
                names.add(name);
            }
            i = close + 1;
        }
    }
}
