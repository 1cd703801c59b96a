package dev.migrate;

/**
 * A migration found in the locations and not yet applied (or a repeatable one whose checksum changed).
 *
 * @param version version, or null for a repeatable migration
 */
public record PendingMigration(String version, String description, MigrationType type, String script) {
}
