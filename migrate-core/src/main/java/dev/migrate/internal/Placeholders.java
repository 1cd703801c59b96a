package dev.migrate.internal;

import dev.migrate.MigratorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replaces {@code ${name}} (or the configured prefix and suffix around a name) with configured values.
 * Only names with a value are replaced: any other {@code ${...}} stays exactly as written, since scripts
 * carry such text inside their own string literals, and a prefix that starts no placeholder with a value
 * ({@code '${'} in a string) does not hide one that follows. With replacement off, nothing is.
 */
final class Placeholders {

    private Placeholders() {
    }

    /** {@link #replace(String, Map, String, String)} with the placeholder syntax of {@code config}, or nothing when it turns replacement off. */
    static String replace(String sql, Map<String, String> values, MigratorConfig config) {
        return config.placeholderReplacement() ? replace(sql, values, config.placeholderPrefix(), config.placeholderSuffix()) : sql;
    }

    static String replace(String sql, Map<String, String> values, String prefix, String suffix) {
        if (values.isEmpty() || sql.indexOf(prefix) < 0) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            int open = sql.indexOf(prefix, i);
            if (open < 0) {
                break;
            }
            int close = sql.indexOf(suffix, open + prefix.length());
            if (close < 0) {
                break;
            }
            String value = values.get(sql.substring(open + prefix.length(), close));
            if (value == null) {
                // Not a placeholder with a value (a "${" in a string, say): the next one may start inside it.
                out.append(sql, i, open + prefix.length());
                i = open + prefix.length();
                continue;
            }
            out.append(sql, i, open).append(value);
            i = close + suffix.length();
        }
        out.append(sql, i, sql.length());
        return out.toString();
    }

    /** Names of placeholders with a value that {@code sql} uses, in the order they first appear; none with replacement off. */
    static List<String> used(String sql, Map<String, String> values, MigratorConfig config) {
        List<String> names = new ArrayList<>();
        if (!config.placeholderReplacement()) {
            return names;
        }
        for (String name : values.keySet()) {
            int at = sql.indexOf(config.placeholderPrefix() + name + config.placeholderSuffix());
            if (at >= 0) {
                names.add(name);
            }
        }
        names.sort(java.util.Comparator.comparingInt(n -> sql.indexOf(config.placeholderPrefix() + n + config.placeholderSuffix())));
        return names;
    }

    /** Names used as placeholders in {@code sql} that have no configured value, in {@code config}'s syntax; none with replacement off. */
    static List<String> unresolved(String sql, Map<String, String> values, MigratorConfig config) {
        if (!config.placeholderReplacement()) {
            return List.of();
        }
        String prefix = config.placeholderPrefix();
        String suffix = config.placeholderSuffix();
        List<String> names = new ArrayList<>();
        int i = 0;
        while (true) {
            int open = sql.indexOf(prefix, i);
            if (open < 0) {
                return names;
            }
            int close = sql.indexOf(suffix, open + prefix.length());
            if (close < 0) {
                return names;
            }
            String name = sql.substring(open + prefix.length(), close);
            if (values.containsKey(name)) {
                i = close + suffix.length();
                continue;
            }
            if (looksLikeAName(name, prefix) && !names.contains(name)) {
                names.add(name);
            }
            i = open + prefix.length();
        }
    }

    /** Text between a prefix and a suffix that could be a placeholder's name, not a stray prefix in a string or comment. */
    private static boolean looksLikeAName(String name, String prefix) {
        return !name.isEmpty() && !name.contains(prefix) && name.chars().noneMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '"'
                || c == ';' || c == '(' || c == ')');
    }
}
