package dev.migrate.cli.create;

import java.util.Locale;

/** How a new migration is laid out in files (DESIGN §2.1). */
public enum Layout {

    /** {@code V3__name.sql} and its reverse {@code U3__name.sql} (Flyway names). */
    PAIR("pair"),
    /** {@code 3_name.up.sql} and {@code 3_name.down.sql} (golang-migrate names). */
    UPDOWN("updown"),
    /** One {@code V3__name.sql} with {@code -- migrate:up} and {@code -- migrate:down} sections. */
    SINGLE("single");

    private final String id;

    Layout(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * @throws IllegalArgumentException listing the layouts
     */
    public static Layout parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (Layout layout : values()) {
            if (layout.id.equals(t)) {
                return layout;
            }
        }
        throw new IllegalArgumentException("Unknown format '" + text + "': use pair (V + U files), updown (.up.sql/.down.sql)"
                + " or single (one file with -- migrate:up / -- migrate:down sections)");
    }

    @Override
    public String toString() {
        return id;
    }
}
