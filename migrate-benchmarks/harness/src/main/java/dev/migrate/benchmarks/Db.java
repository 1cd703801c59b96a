package dev.migrate.benchmarks;

import java.util.Locale;

/** The databases of the matrix. */
public enum Db {

    H2("H2 (file)"),
    POSTGRES("PostgreSQL"),
    MARIADB("MariaDB");

    private final String label;

    Db(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Db of(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }
}
