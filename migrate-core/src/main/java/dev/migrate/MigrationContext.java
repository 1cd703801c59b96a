package dev.migrate;

import dev.migrate.dialect.Dialects;
import dev.migrate.sql.SqlSplitter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * What a {@link JavaMigration} gets while it runs: the connection the migration runs on (inside
 * its transaction where there is one) and a few facts about the run. Do not commit, roll back or
 * close the connection: Migrate owns its transaction.
 */
public interface MigrationContext {

    /**
     * The connection of this migration. Its {@code close()} does nothing but log a warning, so that
     * {@code try (Connection c = context.connection())} does not hand it, with Migrate's lock and transaction, back to
     * a pool in the middle of the run.
     */
    Connection connection();

    /**
     * Runs one SQL statement on {@link #connection()}; placeholders are not replaced. Call it once per statement: several
     * statements separated by {@code ;} in one call run on some drivers (H2, PostgreSQL) and fail on others (MySQL and
     * MariaDB, unless the URL allows multiple queries), and a failure cannot name which of them failed.
     */
    void execute(String sql) throws SQLException;

    /** The database's name as Migrate knows it: PostgreSQL, MySQL, H2 or SQLite. */
    String databaseName();

    /**
     * Splits SQL as this migration's session reads it: with the session settings that decide where a string ends
     * (MySQL's {@code NO_BACKSLASH_ESCAPES}, PostgreSQL's {@code standard_conforming_strings}) as Migrate read them
     * when the operation started, which is how each migration starts. For a Java migration that runs a script of
     * its own; the schema DSL writes its string literals by it ({@link SqlSplitter#backslashEscapes()}). By default,
     * the database's splitter for its default settings.
     */
    default SqlSplitter splitter() {
        return Dialects.forName(databaseName()).splitter();
    }

    /** Version of the migration being run. */
    MigrationVersion version();

    /** The environment label of the configuration ({@code dev}, {@code staging}, {@code prod}...). */
    String environment();

    /** The configured placeholders. */
    Map<String, String> placeholders();

    /**
     * Walks {@code table} by its unique {@code keyColumn} in batches, with progress events and, outside
     * a transaction, resumption after a crash. See {@link BatchRun}.
     */
    BatchRun batches(String table, String keyColumn);
}
