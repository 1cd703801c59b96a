package dev.migrate.schema;

import dev.migrate.UnsupportedDatabaseException;
import dev.migrate.sql.SqlSplitter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * Turns {@link SchemaOperation}s into the SQL of one database. Kept apart from the operations, so one
 * operation renders for every database and a plan can show the SQL without running it.
 *
 * <pre>{@code
 * SchemaRenderer postgres = SchemaRenderer.forDatabase("PostgreSQL");
 * postgres.render(new RenameColumn("users", "mail", "email"), null);
 *     // [ALTER TABLE users RENAME COLUMN mail TO email]
 * }</pre>
 *
 * <p>Most operations render from the operation alone. These read the database, through the
 * connection passed to {@link #render}:
 * <ul>
 *   <li><b>SQLite</b> cannot alter a column or add or drop a constraint in place, so the type, null,
 *       default, foreign key, check and (non-index) constraint-drop operations rebuild the table the way
 *       SQLite's documentation describes: create {@code t__new} with the changed definition, copy the
 *       rows, drop {@code t}, rename {@code t__new} to {@code t}, recreate its indexes and triggers. The
 *       rebuild is refused when foreign keys are enforced and other tables reference {@code t}.
 *   <li><b>MySQL/MariaDB</b> changes a column's type or nullability with {@code MODIFY COLUMN}, which
 *       restates the whole column: the rest of its definition (default, {@code AUTO_INCREMENT},
 *       {@code ON UPDATE}, comment, character set) is read from {@code information_schema}. Dropping a
 *       foreign key also drops the index MySQL made for it, when there is one.
 *   <li><b>MySQL/MariaDB and H2</b> drop an index that a foreign key uses (it took over an index created after it)
 *       so that the key keeps one: MySQL adds back, in the same statement, the index it had made for the key; H2
 *       drops the key and adds it back after the index, as {@code INFORMATION_SCHEMA} describes it.
 * </ul>
 * Without a connection (planning with no database) those operations render as one SQL comment
 * ({@code -- ...}) saying what will be done, as their statements depend on the table as it is when
 * the migration runs; an index drop renders as the plain {@code DROP INDEX}, what runs unless a key uses the index.
 */
public interface SchemaRenderer {

    /** The databases there is a renderer for, as {@code Dialect.name()} names them. */
    List<String> SUPPORTED = List.of("PostgreSQL", "MySQL", "H2", "SQLite");

    /**
     * The renderer for a database named as {@code Dialect.name()} and {@code MigrationContext.databaseName()}
     * name it: {@code PostgreSQL}, {@code MySQL} (also for MariaDB), {@code H2} or {@code SQLite}; case does
     * not matter, and {@code MariaDB} and {@code postgres} are accepted too.
     *
     * @throws UnsupportedDatabaseException for any other name, listing the supported ones
     */
    static SchemaRenderer forDatabase(String databaseName) {
        String name = databaseName == null ? "" : databaseName.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "postgresql", "postgres" -> new PostgresSchemaRenderer();
            case "mysql", "mariadb" -> new MySqlSchemaRenderer();
            case "h2" -> new H2SchemaRenderer();
            case "sqlite" -> new SqliteSchemaRenderer();
            default -> throw new UnsupportedDatabaseException(databaseName, SUPPORTED);
        };
    }

    /**
     * The renderer for a session of the database whose SQL {@code splitter} reads as the session does: string
     * literals are written as the session reads them (on MySQL/MariaDB with {@code NO_BACKSLASH_ESCAPES} in the
     * session's {@code sql_mode}, a backslash is written once, not doubled; on PostgreSQL with
     * {@code standard_conforming_strings} off, a string holding one is written {@code E'...'}), and
     * {@code sql(...)} is split by it. The runner passes the splitter it made for the connection's session
     * ({@code MigrationContext.splitter()}).
     *
     * <pre>{@code
     * SchemaRenderer.forDatabase("MySQL", MySqlSplitter.forSqlMode("NO_BACKSLASH_ESCAPES"))
     *     .render(new SetDefault("files", "dir", DefaultValue.of("C:\"), null), null);
     *     // [ALTER TABLE files ALTER COLUMN dir SET DEFAULT 'C:']
     * }</pre>
     *
     * @param splitter null for the database's default settings, as {@link #forDatabase(String)}
     * @throws UnsupportedDatabaseException for any other name, listing the supported ones
     */
    static SchemaRenderer forDatabase(String databaseName, SqlSplitter splitter) {
        SchemaRenderer renderer = forDatabase(databaseName);
        return splitter == null ? renderer : ((SqlSchemaRenderer) renderer).readingAs(splitter);
    }

    /** The database this renderer writes for: PostgreSQL, MySQL, H2 or SQLite. */
    String databaseName();

    /**
     * The statements for one operation, in order, each to be run on its own.
     *
     * <p>Called by {@link DslMigration#up}/{@link DslMigration#down} right before the statements run
     * (one operation at a time, so that each reads the table as the previous ones left it), and by plans.
     *
     * @param connection used only to read the current table definition where the statements need it
     *                   (SQLite rebuilds, MySQL {@code MODIFY COLUMN}); null when planning without a
     *                   database, in which case those operations render as a single {@code --} comment
     * @throws SQLException when reading the table definition fails
     * @throws dev.migrate.MigrateException when the table cannot be changed as asked (e.g. a SQLite
     *                   rebuild of a table that other tables reference while foreign keys are enforced),
     *                   saying why and what to do
     */
    List<String> render(SchemaOperation operation, Connection connection) throws SQLException;

    /**
     * A column, index, constraint or trigger name written as the rendered operations write it: unquoted, unless it
     * is a keyword of this database or holds anything but lower-case letters, digits and underscores. It is one
     * name, dots and all ({@code v1.0} is written {@code "v1.0"}). Called by code that writes SQL around the
     * rendered operations, such as the CLI's {@code create} templates.
     */
    String identifier(String name);

    /**
     * A table name written as the rendered operations write it: a dot separates a schema ({@code audit.events}),
     * and a part in double quotes is one name, dots and all ({@code audit."events.v2"}); each part is quoted as
     * {@link #identifier} quotes a name.
     *
     * @throws IllegalArgumentException when it is not a table name (an empty part, a quote not closed where its
     *                                  part ends)
     */
    String tableName(String name);
}
