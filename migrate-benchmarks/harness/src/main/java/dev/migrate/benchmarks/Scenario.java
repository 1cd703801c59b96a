package dev.migrate.benchmarks;

import java.util.Locale;

/**
 * What is measured. Each runs in a fresh JVM, on a database the earlier scenarios of the same
 * sequence left behind: {@code apply} starts from an empty database, the others find N applied.
 */
public enum Scenario {

    /** Empty database: apply all N migrations. Counts the migrations applied. */
    APPLY,
    /** N applied: migrate again, which finds nothing to do (what every application start pays). Counts those applied (0). */
    NOOP,
    /** N applied: check the files against the history. Counts the problems found (0). */
    VALIDATE,
    /** N applied: report applied and pending migrations. Counts the pending ones (0). */
    STATUS,
    /** N applied: undo the last 100. Counts those rolled back. */
    ROLLBACK;

    /** How many migrations {@code rollback} undoes. */
    public static final int ROLLBACK_COUNT = 100;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scenario of(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }

    /** The count a correct run of this scenario reports, with {@code n} migrations. */
    public int expectedCount(int n) {
        return switch (this) {
            case APPLY -> n;
            case NOOP, VALIDATE, STATUS -> 0;
            case ROLLBACK -> Math.min(ROLLBACK_COUNT, n);
        };
    }

    /** Migrations applied after this scenario ran, with {@code n} generated. */
    public int appliedAfter(int n) {
        return this == ROLLBACK ? n - Math.min(ROLLBACK_COUNT, n) : n;
    }
}
