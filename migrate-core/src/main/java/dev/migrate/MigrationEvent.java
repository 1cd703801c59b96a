package dev.migrate;

/**
 * One migration step as listeners see it.
 *
 * @param version     the version, or null for a repeatable migration
 * @param description the description
 * @param script      the file or class name; for a down written as a file of its own, that file ({@code 4_x.down.sql},
 *                    {@code U4__x.sql})
 * @param direction   up or down
 * @param index       1-based position of this step in its run
 * @param total       number of steps in the run
 */
public record MigrationEvent(String version, String description, String script, Direction direction, int index, int total) {
}
