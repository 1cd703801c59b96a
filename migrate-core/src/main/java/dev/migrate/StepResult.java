package dev.migrate;

/** One migration applied or reversed by a run. */
public record StepResult(String version, String description, String script, Direction direction, long executionTimeMs) {
}
