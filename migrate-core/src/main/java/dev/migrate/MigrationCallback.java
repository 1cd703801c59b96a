package dev.migrate;

/**
 * Code that runs at a point of {@code migrate}, on Migrate's connection and under its lock: the Java
 * form of the SQL callbacks ({@code beforeMigrate.sql}, ...), and the counterpart of Flyway's Java
 * {@code Callback}. Register it with {@link MigratorConfig.Builder#callback(MigrationCallback)}; the
 * Spring Boot starter registers every {@code MigrationCallback} bean, in {@code @Order}.
 *
 * <pre>{@code
 * class RefreshReportViews implements MigrationCallback {
 *     public boolean supports(Event event) {
 *         return event == Event.AFTER_MIGRATE;
 *     }
 *
 *     public void handle(Event event, CallbackContext context) throws Exception {
 *         try (Statement st = context.connection().createStatement()) {
 *             st.execute("REFRESH MATERIALIZED VIEW report_totals");
 *         }
 *     }
 * }
 * }</pre>
 *
 * For each event the SQL callbacks run first, in file name order, then the Java ones in the order they
 * were registered. Callbacks run only when {@code migrate} applies something, as the SQL ones do.
 * {@code beforeMigrate}, {@code afterMigrate} and {@code afterMigrateError} run in a transaction of
 * their own where the database has transactional DDL, committed when {@link #handle} returns and rolled
 * back when it throws; {@code beforeEachMigrate} and {@code afterEachMigrate} run as part of each
 * migration, in its transaction where it has one. Do not commit, roll back or close the connection.
 */
public interface MigrationCallback {

    /** The points of {@code migrate} a callback runs at, with Flyway's names ({@link #tag()}). */
    enum Event {
        /** Before the first migration of a {@code migrate} that applies any, under the lock. */
        BEFORE_MIGRATE("beforeMigrate"),
        /** After the last migration of a {@code migrate} that applied any, under the lock. */
        AFTER_MIGRATE("afterMigrate"),
        /** After a migration of {@code migrate} failed (and was rolled back or marked FAILED), under the lock. */
        AFTER_MIGRATE_ERROR("afterMigrateError"),
        /** Before each migration {@code migrate} applies, as part of it: in its transaction where it has one. */
        BEFORE_EACH_MIGRATE("beforeEachMigrate"),
        /** After each migration {@code migrate} applies, as part of it: in its transaction where it has one. */
        AFTER_EACH_MIGRATE("afterEachMigrate");

        private final String tag;

        Event(String tag) {
            this.tag = tag;
        }

        /** Flyway's name of the event, which SQL callback file names start with: {@code beforeMigrate}. */
        public String tag() {
            return tag;
        }

        /** Whether it runs as part of each migration rather than once per run. */
        public boolean eachMigration() {
            return this == BEFORE_EACH_MIGRATE || this == AFTER_EACH_MIGRATE;
        }
    }

    /** Whether this callback runs at {@code event}. */
    boolean supports(Event event);

    /**
     * Runs at {@code event}. An exception fails the run as a failing SQL callback would: before the
     * migrations, none runs; in a migration's callback, that migration fails and is rolled back where the
     * database can; after the migrations, they stay applied and {@code migrate} reports the callback.
     * An exception from {@code afterMigrateError} is logged and added to the original failure.
     */
    void handle(Event event, CallbackContext context) throws Exception;

    /** How messages, the log and the plan name this callback; the class name unless overridden. */
    default String name() {
        return getClass().getName();
    }
}
