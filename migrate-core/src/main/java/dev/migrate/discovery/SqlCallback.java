package dev.migrate.discovery;

import dev.migrate.MigrationCallback.Event;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A SQL script that runs at a point of {@code migrate} instead of being a migration, named as Flyway
 * names its SQL callbacks: {@code beforeMigrate.sql}, {@code afterMigrate__grants.sql}. It has no
 * version, no history row and no checksum: editing it is never a validation problem.
 *
 * @param event       when it runs
 * @param fileName    the file's name, by which the callbacks of one event are ordered
 * @param source      the file's path relative to its location, for messages
 * @param description where the file is ({@code filesystem:...} or {@code classpath:...}), for messages
 * @param text        the script
 * @param inTransaction      from its {@code .conf} file: {@code false} runs it outside a transaction,
 *                           {@code true} inside one; null when Migrate decides from the statements
 * @param transactionSetting what set {@code inTransaction}, for messages; null when nothing did
 * @param placeholderReplacement whether placeholders are replaced in it: false when its {@code .conf} file says
 *                           {@code placeholderReplacement=false}
 */
public record SqlCallback(Event event, String fileName, String source, String description, String text,
        Boolean inTransaction, String transactionSetting, boolean placeholderReplacement) {

    public SqlCallback {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(text, "text");
    }

    /** A callback whose transaction mode Migrate decides. */
    public SqlCallback(Event event, String fileName, String source, String description, String text) {
        this(event, fileName, source, description, text, null, null, true);
    }

    /** A callback whose placeholders are replaced. */
    public SqlCallback(Event event, String fileName, String source, String description, String text,
            Boolean inTransaction, String transactionSetting) {
        this(event, fileName, source, description, text, inTransaction, transactionSetting, true);
    }

    /** Flyway's other callback events: a file named after one is refused, rather than silently never run. */
    private static final List<String> UNSUPPORTED = List.of("beforeConnect", "afterConnect", "beforeRepeatables",
            "beforeEachMigrateStatement", "afterEachMigrateStatement", "afterEachMigrateStatementError", "afterEachMigrateError", "afterMigrateApplied", "afterVersioned", "beforeUndo", "beforeEachUndo",
            "afterEachUndo", "afterEachUndoError", "afterUndo", "afterUndoError", "beforeClean", "afterClean", "afterCleanError",
            "beforeInfo", "afterInfo", "afterInfoError", "beforeValidate", "afterValidate", "afterValidateError", "beforeBaseline",
            "afterBaseline", "afterBaselineError", "beforeRepair", "afterRepair", "afterRepairError", "createSchema",
            "beforeCreateSchema");

    private static final Pattern EVENT = Pattern.compile("[A-Za-z]+");

    /**
     * The event a file is a callback of, from its name ({@code afterMigrate.sql},
     * {@code afterMigrate__grants.sql}); null when it is not a callback's name.
     *
     * @throws IllegalArgumentException for a Flyway callback Migrate does not run, saying which it runs
     */
    public static Event eventOf(String fileName) {
        return eventOf(fileName, MigrationNaming.DEFAULT);
    }

    /**
     * The event a file is a callback of, from its name: the event, then optionally the separator and a
     * description, then a suffix, as {@code naming} has them; null when it is not a callback's name.
     *
     * @throws IllegalArgumentException for a Flyway callback Migrate does not run, saying which it runs
     */
    public static Event eventOf(String fileName, MigrationNaming naming) {
        String suffix = naming.suffixOf(fileName);
        if (suffix == null) {
            return null;
        }
        String base = fileName.substring(0, fileName.length() - suffix.length());
        int separator = base.indexOf(naming.separator());
        String name = separator < 0 ? base : base.substring(0, separator);
        if (!EVENT.matcher(name).matches()) {
            return null;
        }
        for (Event event : Event.values()) {
            if (event.tag().equals(name)) {
                return event;
            }
        }
        for (String flyway : UNSUPPORTED) {
            if (flyway.equals(name)) {
                throw new IllegalArgumentException("it is named as a Flyway " + flyway + " callback, which Migrate does not run."
                        + " Migrate runs beforeMigrate, afterMigrate, afterMigrateError, beforeEachMigrate and afterEachMigrate SQL"
                        + " callbacks: move its SQL into one of those or into a migration, or move the file out of the migration"
                        + " locations");
            }
        }
        if (name.toLowerCase(Locale.ROOT).startsWith("before") || name.toLowerCase(Locale.ROOT).startsWith("after")) {
            for (Event event : Event.values()) {
                if (event.tag().equalsIgnoreCase(name)) {
                    throw new IllegalArgumentException("a callback's name is case-sensitive: name it " + event.tag()
                            + fileName.substring(name.length()));
                }
            }
        }
        return null;
    }
}
