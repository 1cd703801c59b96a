package dev.migrate.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How SQL migrations and callbacks are named, as Flyway's {@code sqlMigrationPrefix},
 * {@code undoSqlMigrationPrefix}, {@code repeatableSqlMigrationPrefix}, {@code sqlMigrationSeparator} and
 * {@code sqlMigrationSuffixes} say: {@code V1_2__add_users.sql} by default, {@code M1.2-add_users.pgsql}
 * with the prefix {@code M}, the separator {@code -} and the suffix {@code .pgsql}. Prefixes and suffixes
 * are matched ignoring case; the {@code <version>_<description>.up.sql} form takes each suffix in place of
 * {@code .sql}; a callback is named after its event, then optionally the separator and a description,
 * then a suffix ({@code afterMigrate.sql}, {@code afterMigrate__grants.sql}).
 *
 * @param versionedPrefix  what starts a versioned migration's name
 * @param undoPrefix       what starts a reverse migration's name
 * @param repeatablePrefix what starts a repeatable migration's name
 * @param separator        what ends the version (or the repeatable prefix) and starts the description
 * @param suffixes         how scripts' names end; the first is the one new files get
 */
public record MigrationNaming(String versionedPrefix, String undoPrefix, String repeatablePrefix, String separator,
        List<String> suffixes) {

    /** Flyway's and Migrate's default: {@code V}, {@code U}, {@code R}, {@code __}, {@code .sql}. */
    public static final MigrationNaming DEFAULT = new MigrationNaming("V", "U", "R", "__", List.of(".sql"));

    public MigrationNaming {
        suffixes = List.copyOf(suffixes);
    }

    /** Whether these are the default names, which {@link MigrationFileName} reads without regular expressions. */
    public boolean isDefault() {
        return equals(DEFAULT);
    }

    /** Whether a file is a script (a migration, a reverse or a callback) by its name's suffix. */
    public boolean isScript(String fileName) {
        return suffixOf(fileName) != null;
    }

    /** The longest of the suffixes a file's name ends with, or null when it is not a script. */
    public String suffixOf(String fileName) {
        String found = null;
        for (String suffix : suffixes) {
            if (endsWithIgnoringCase(fileName, suffix) && (found == null || suffix.length() > found.length())) {
                found = suffix;
            }
        }
        return found;
    }

    /** The name of a new versioned migration's file: {@code V7__add_index.sql}. */
    public String versionedName(String version, String slug) {
        return versionedPrefix + version + separator + slug + suffixes.get(0);
    }

    /** The name of a new reverse migration's file: {@code U7__add_index.sql}. */
    public String undoName(String version, String slug) {
        return undoPrefix + version + separator + slug + suffixes.get(0);
    }

    /** What a file that is not a migration's name should be named, for messages. */
    public String expected() {
        String suffix = suffixes.get(0);
        String also = suffixes.size() == 1 ? "" : " (or ending in " + String.join(", ", suffixes.subList(1, suffixes.size())) + ")";
        return "name it " + versionedPrefix + "<version>" + separator + "<description>" + suffix + ", " + undoPrefix + "<version>"
                + separator + "<description>" + suffix + ", " + repeatablePrefix + separator + "<description>" + suffix
                + " or <version>_<description>.up" + suffix + " / .down" + suffix + also;
    }

    /**
     * The problems of these names, each naming the setting: empty ones, a suffix without a name before it,
     * and prefixes one of which starts another (a name would fit both).
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        String[][] prefixes = {{"sql-migration-prefix", versionedPrefix}, {"undo-sql-migration-prefix", undoPrefix},
                {"repeatable-sql-migration-prefix", repeatablePrefix}};
        for (String[] prefix : prefixes) {
            if (prefix[1] == null || prefix[1].isBlank()) {
                problems.add(prefix[0] + " must not be empty, such as " + DEFAULT.prefixNamed(prefix[0]));
            } else if (!plain(prefix[1])) {
                problems.add(prefix[0] + " '" + prefix[1] + "' holds a character a file name cannot have or a space: use letters");
            }
        }
        for (int i = 0; i < prefixes.length; i++) {
            for (int j = i + 1; j < prefixes.length; j++) {
                String a = prefixes[i][1];
                String b = prefixes[j][1];
                if (a != null && b != null && !a.isBlank() && !b.isBlank()
                        && (startsWithIgnoringCase(a, b) || startsWithIgnoringCase(b, a))) {
                    problems.add(prefixes[i][0] + " '" + a + "' and " + prefixes[j][0] + " '" + b + "' would both fit a name starting with "
                            + (a.length() >= b.length() ? a : b) + ": make neither the start of the other");
                }
            }
        }
        if (separator == null || separator.isEmpty()) {
            problems.add("sql-migration-separator must not be empty, such as __");
        } else if (!plain(separator) || separator.chars().anyMatch(Character::isLetterOrDigit) || separator.equals(".")) {
            problems.add("sql-migration-separator '" + separator + "' must be made of punctuation other than '.' alone, such as __ or -");
        }
        if (suffixes.isEmpty()) {
            problems.add("sql-migration-suffixes must name at least one suffix, such as .sql");
        }
        for (String suffix : suffixes) {
            if (suffix.isBlank() || !plain(suffix) || !suffix.startsWith(".") || suffix.length() < 2) {
                problems.add("sql-migration-suffixes entry '" + suffix + "' is not a file name ending: give one such as .sql");
            } else if (endsWithIgnoringCase(suffix, ScriptConfig.SUFFIX)) {
                problems.add("sql-migration-suffixes entry '" + suffix + "' ends in " + ScriptConfig.SUFFIX
                        + ", which names a script's configuration file: give another, such as .sql");
            }
        }
        return problems;
    }

    private String prefixNamed(String setting) {
        return switch (setting) {
            case "sql-migration-prefix" -> versionedPrefix;
            case "undo-sql-migration-prefix" -> undoPrefix;
            default -> repeatablePrefix;
        };
    }

    private static boolean plain(String text) {
        return text.chars().noneMatch(c -> c == '/' || c == '\\' || Character.isWhitespace(c) || Character.isISOControl(c)
                || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|');
    }

    static boolean startsWithIgnoringCase(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    static boolean endsWithIgnoringCase(String text, String suffix) {
        return text.length() >= suffix.length() && text.regionMatches(true, text.length() - suffix.length(), suffix, 0, suffix.length());
    }
}
