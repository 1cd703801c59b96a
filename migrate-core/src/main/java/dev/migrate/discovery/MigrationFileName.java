package dev.migrate.discovery;

import dev.migrate.MigrationVersion;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a migration's file (or class) name.
 *
 * <ul>
 * <li>{@code V1_2__add_users.sql}: version 1.2, kind {@link Kind#VERSIONED}</li>
 * <li>{@code U1_2__add_users.sql}: its reverse, {@link Kind#UNDO}</li>
 * <li>{@code R__users_view.sql}: {@link Kind#REPEATABLE}</li>
 * <li>{@code 20260215_02_add_roles.up.sql}: version 20260215.2, description "add roles", {@link Kind#UP};
 * the version is the longest leading run of numeric parts</li>
 * <li>{@code 000001_create_teams.down.sql}: version 1, {@link Kind#DOWN}</li>
 * </ul>
 *
 * @param version null for a repeatable migration
 */
public record MigrationFileName(Kind kind, MigrationVersion version, String description) {

    /** What a file is. */
    public enum Kind {
        VERSIONED, UNDO, REPEATABLE, UP, DOWN
    }

    /** Compiled on first use: the common names never need them (see {@link #parseSimple}). */
    private static final class Patterns {
        /** A name without its suffix: {@code 20260215_02_add_roles.up}. */
        static final Pattern UP_DOWN = Pattern.compile("(\\d+(?:[._]\\d+)*)(?:_(.*?))?\\.(up|down)", Pattern.CASE_INSENSITIVE);
        static final Pattern CLASS = Pattern.compile("V((?:\\d+)(?:_\\d+)*)__(.+)");
    }

    /** The message for a {@code .sql} file that fits no pattern, with the default names. */
    public static final String EXPECTED = MigrationNaming.DEFAULT.expected();

    /**
     * Parses a file name (without directories) named as by default.
     *
     * @return the parts, or null when the name is not a migration name
     * @throws IllegalArgumentException when it looks like a migration name but is malformed,
     *                                  with a message saying what is wrong
     */
    public static MigrationFileName parse(String fileName) {
        return parse(fileName, MigrationNaming.DEFAULT);
    }

    /**
     * Parses a file name (without directories) named as {@code naming} says.
     *
     * @return the parts, or null when the name is not a migration name
     * @throws IllegalArgumentException when it looks like a migration name but is malformed,
     *                                  with a message saying what is wrong
     */
    public static MigrationFileName parse(String fileName, MigrationNaming naming) {
        if (naming.isDefault()) {
            MigrationFileName simple = parseSimple(fileName);
            if (simple != null) {
                return simple;
            }
        }
        String suffix = naming.suffixOf(fileName);
        if (suffix == null) {
            return null;
        }
        String base = fileName.substring(0, fileName.length() - suffix.length());
        Matcher m = Patterns.UP_DOWN.matcher(base);
        if (m.matches()) {
            Kind kind = m.group(3).equalsIgnoreCase("up") ? Kind.UP : Kind.DOWN;
            return new MigrationFileName(kind, MigrationVersion.parse(m.group(1)), describe(m.group(2)));
        }
        String prefix;
        Kind kind;
        if (MigrationNaming.startsWithIgnoringCase(base, naming.versionedPrefix())) {
            prefix = naming.versionedPrefix();
            kind = Kind.VERSIONED;
        } else if (MigrationNaming.startsWithIgnoringCase(base, naming.undoPrefix())) {
            prefix = naming.undoPrefix();
            kind = Kind.UNDO;
        } else if (MigrationNaming.startsWithIgnoringCase(base, naming.repeatablePrefix())) {
            prefix = naming.repeatablePrefix();
            kind = Kind.REPEATABLE;
        } else {
            return null;
        }
        String separator = naming.separator();
        int end = base.indexOf(separator, prefix.length());
        if (end < 0) {
            return null;
        }
        String versionText = base.substring(prefix.length(), end);
        String rawDescription = base.substring(end + separator.length());
        String description = describe(rawDescription);
        if (kind == Kind.REPEATABLE) {
            if (!versionText.isEmpty()) {
                throw new IllegalArgumentException("a repeatable migration has no version: name it " + prefix + separator + rawDescription
                        + suffix);
            }
            if (description.isEmpty()) {
                throw new IllegalArgumentException("a repeatable migration needs a description: " + prefix + separator + "<description>"
                        + suffix);
            }
            return new MigrationFileName(Kind.REPEATABLE, null, description);
        }
        if (versionText.isEmpty()) {
            throw new IllegalArgumentException("the version is missing between '" + prefix + "' and '" + separator + "'");
        }
        try {
            return new MigrationFileName(kind, MigrationVersion.parse(versionText), description);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("version " + e.getMessage());
        }
    }

    /**
     * The common case without regular expressions: {@code V<digits>__<description>.sql} or the same
     * with {@code U}; null for anything else, which the patterns then decide. Gives exactly what
     * the {@code FLYWAY} pattern gives for these names (it ends the version at the first
     * {@code __}).
     */
    private static MigrationFileName parseSimple(String fileName) {
        int length = fileName.length();
        if (length < 8 || !fileName.regionMatches(true, length - 4, ".sql", 0, 4)) {
            return null;
        }
        char prefix = Character.toUpperCase(fileName.charAt(0));
        if (prefix != 'V' && prefix != 'U') {
            return null;
        }
        int i = 1;
        while (i < length && fileName.charAt(i) >= '0' && fileName.charAt(i) <= '9') {
            i++;
        }
        if (i == 1 || !fileName.startsWith("__", i) || i + 2 > length - 4) {
            return null;
        }
        MigrationVersion version = MigrationVersion.parse(fileName.substring(1, i));
        String description = describe(fileName.substring(i + 2, length - 4));
        return new MigrationFileName(prefix == 'V' ? Kind.VERSIONED : Kind.UNDO, version, description);
    }

    /** Parses a Java class's simple name such as {@code V3__AddEmailIndex}; null when it does not fit. */
    static MigrationFileName parseClassName(String simpleName) {
        Matcher m = Patterns.CLASS.matcher(simpleName);
        if (!m.matches()) {
            return null;
        }
        return new MigrationFileName(Kind.VERSIONED, MigrationVersion.parse(m.group(1)), JavaMigrations.describe(m.group(2)));
    }

    private static String describe(String raw) {
        return raw == null ? "" : raw.replace('_', ' ').trim();
    }
}
