package dev.migrate;

/**
 * One migration applied or reversed by a run.
 *
 * @param script the file or class name; for a down written as a file of its own, that file ({@code 4_x.down.sql},
 *               {@code U4__x.sql}), whose statements ran
 */
public record StepResult(String version, String description, String script, Direction direction, long executionTimeMs) {
}
