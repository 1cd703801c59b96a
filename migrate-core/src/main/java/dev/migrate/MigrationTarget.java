package dev.migrate;

import java.util.Locale;

/**
 * How far {@code migrate}, {@code planMigrate} and {@code markApplied} go: the values of Flyway's
 * {@code target}.
 *
 * <table>
 * <caption>Text forms ({@link #parse(String)})</caption>
 * <tr><td>{@code latest} (or nothing)</td><td>every pending migration, then new or changed repeatable ones</td></tr>
 * <tr><td>{@code current}</td><td>nothing above the current version: only older pending migrations,
 *     which {@code outOfOrder} must allow</td></tr>
 * <tr><td>{@code next}</td><td>the lowest pending version only</td></tr>
 * <tr><td>{@code 7}</td><td>pending migrations up to and including version 7, which must exist</td></tr>
 * <tr><td>{@code 7?}</td><td>the same, but no error when no migration has version 7</td></tr>
 * </table>
 * A target other than {@code latest} leaves repeatable migrations alone.
 */
public sealed interface MigrationTarget {

    /** Every pending migration, then new or changed repeatable ones. */
    record Latest() implements MigrationTarget {
        @Override
        public String toString() {
            return "latest";
        }
    }

    /** Nothing above the current version; with {@code outOfOrder}, pending versions below it. */
    record Current() implements MigrationTarget {
        @Override
        public String toString() {
            return "current";
        }
    }

    /** The lowest pending version only. */
    record Next() implements MigrationTarget {
        @Override
        public String toString() {
            return "next";
        }
    }

    /**
     * Pending migrations up to and including {@code version}.
     *
     * @param mayBeMissing whether a version no migration has is accepted (written {@code 7?}) rather than refused
     */
    record UpTo(MigrationVersion version, boolean mayBeMissing) implements MigrationTarget {
        public UpTo {
            if (version == null) {
                throw new IllegalArgumentException("version is required");
            }
        }

        @Override
        public String toString() {
            return version + (mayBeMissing ? "?" : "");
        }
    }

    static MigrationTarget latest() {
        return new Latest();
    }

    static MigrationTarget current() {
        return new Current();
    }

    static MigrationTarget next() {
        return new Next();
    }

    /**
     * Reads {@code latest}, {@code current}, {@code next} (in any case), a version, or a version followed by
     * {@code ?}; null or blank is {@code latest}.
     *
     * @throws ConfigurationException naming the text and the accepted forms
     */
    static MigrationTarget parse(String text) {
        return parse(text, "target");
    }

    /**
     * {@link #parse(String)}, with an error that names the setting the text came from.
     *
     * @param setting how the user gave the target, such as {@code migrate.target} or {@code --target}
     */
    static MigrationTarget parse(String text, String setting) {
        if (text == null || text.isBlank()) {
            return latest();
        }
        String given = text.strip();
        switch (given.toLowerCase(Locale.ROOT)) {
            case "latest":
                return latest();
            case "current":
                return current();
            case "next":
                return next();
            default:
                break;
        }
        boolean mayBeMissing = given.endsWith("?");
        try {
            return new UpTo(MigrationVersion.parse(mayBeMissing ? given.substring(0, given.length() - 1) : given), mayBeMissing);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Invalid " + setting + " '" + given + "': " + e.getMessage() + "; or give latest (every pending"
                    + " migration), current, next (the next version only), or a version followed by ? (no error when"
                    + " no migration has it)");
        }
    }
}
