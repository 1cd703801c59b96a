package dev.migrate;

import java.sql.Connection;
import java.util.Map;

/** What a {@link MigrationCallback} gets: Migrate's connection and where in the run it is. */
public interface CallbackContext {

    /**
     * The connection that runs the migrations, under Migrate's lock; do not commit, roll back or close it (a
     * {@code close()} does nothing but log a warning).
     */
    Connection connection();

    /** The database's name as Migrate knows it: PostgreSQL, MySQL, H2 or SQLite. */
    String databaseName();

    /** The environment label of the configuration ({@code dev}, {@code staging}, {@code prod}...). */
    String environment();

    /** The configured placeholders. */
    Map<String, String> placeholders();

    /** The migration a {@code beforeEachMigrate} or {@code afterEachMigrate} callback runs around; null at the other events. */
    MigrationEvent migration();

    /** For {@code afterMigrateError}, what failed; null at the other events. */
    Throwable failure();
}
