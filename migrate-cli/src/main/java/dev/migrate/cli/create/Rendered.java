package dev.migrate.cli.create;

/**
 * A template's SQL for one database.
 *
 * @param up     the statements that apply the change
 * @param down   the statements that reverse it
 * @param remark a comment line or two to put at the top of both files, or empty
 */
public record Rendered(String up, String down, String remark) {
}
