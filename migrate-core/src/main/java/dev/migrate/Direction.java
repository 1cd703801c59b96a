package dev.migrate;

/** Whether a step applies a migration or reverses it. */
public enum Direction {
    UP, DOWN;

    /** Lower-case form used in metrics tags and JSON. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
