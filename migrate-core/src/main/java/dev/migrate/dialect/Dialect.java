package dev.migrate.dialect;

import dev.migrate.lock.DatabaseLock;
import dev.migrate.sql.SqlSplitter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * What Migrate needs to know about one database product. Chosen by {@link Dialects#detect} from the
 * JDBC metadata; one implementation per sub-package.
 */
public interface Dialect {

    /** The product's name in messages and {@code MigrationContext.databaseName()}: PostgreSQL, MySQL, H2, SQLite. */
    String name();

    /** The products this dialect serves, for messages: {@code MySQL/MariaDB} where {@link #name()} is {@code MySQL}. */
    default String products() {
        return name();
    }

    /**
     * How Migrate's statements name one of its own tables or schemas ({@code identifier}, a plain name as the settings
     * take it): quoted, in the case the database stores the unquoted name in, so that a name that is a reserved word
     * ({@code order}, {@code user}) works and any other means what it means unquoted.
     */
    String sqlName(String identifier);

    /** {@code table} in {@code schema} as {@link #sqlName} writes them; {@code table} alone where {@code schema} is null. */
    default String sqlName(String schema, String table) {
        return schema == null ? sqlName(table) : sqlName(schema) + "." + sqlName(table);
    }

    /** Whether DDL can be rolled back; without it a failed migration is marked FAILED instead of rolled back. */
    boolean supportsTransactionalDdl();

    /** The statement splitter for this product's scripts, as they read without a connection ({@code validateFiles}). */
    SqlSplitter splitter();

    /**
     * The statement splitter for scripts run on {@code connection}, where a session setting may change how a
     * script reads (MySQL's {@code NO_BACKSLASH_ESCAPES}, PostgreSQL's {@code standard_conforming_strings}). The
     * engine asks once, before it splits the first script of an operation: each migration starts in the session the
     * operation started with, as the engine puts back what a script changed. {@link #splitter()} by default.
     */
    default SqlSplitter splitter(Connection connection) throws SQLException {
        return splitter();
    }

    /**
     * Makes the lock for one operation on {@code connection}, which stays open and in auto-commit mode
     * between migrations while the lock is held.
     *
     * @param dataSource  where a lease lock's refresh thread gets its own connection
     * @param schema      schema of Migrate's tables, or null for the current one
     * @param lockTable   name of the lock table (lease locks) or part of the lock's name (session locks)
     */
    DatabaseLock lock(Connection connection, DataSource dataSource, String schema, String lockTable, Duration lease)
            throws SQLException;

    /**
     * Whether {@code table} exists in {@code schema} (the current schema when null), without a
     * failing statement (which would abort a PostgreSQL transaction and make drivers log errors).
     */
    boolean tableExists(Connection connection, String schema, String table) throws SQLException;

    /**
     * Runs a {@code COPY ... FROM STDIN} with {@code rows} as its input (PostgreSQL; the splitter gives
     * other databases no such statement).
     *
     * @return the number of rows loaded
     */
    default long copyIn(Connection connection, String sql, String rows) throws SQLException {
        throw new java.sql.SQLFeatureNotSupportedException(name() + " has no COPY ... FROM STDIN");
    }

    /**
     * Whether the JDBC driver logs every statement the server refuses (MariaDB Connector/J logs each
     * at WARN), so that a query made only to find out whether a table is there would put a warning in
     * the application's log; such checks then ask {@link #tableExists} first.
     */
    default boolean driverLogsFailedStatements() {
        return false;
    }

    /**
     * What to do about a statement of a migration that the database refused, when the error alone does not say
     * and "fix the script" would mislead: called by the runner while it words a failed migration's error, with
     * the database's exception; returns one or two sentences, or null to leave the runner's advice alone.
     */
    default String adviceOnFailure(SQLException failure) {
        return null;
    }

    /**
     * The names of the tables and views in {@code schema} (the current schema when null), sorted; on
     * PostgreSQL not those an extension owns. Tells {@code migrate} whether a schema without history
     * is empty or already holds a database to adopt.
     */
    List<String> tablesAndViews(Connection connection, String schema) throws SQLException;

    /**
     * Runs {@code work} on {@code connection} so that it fails at once, rather than waits, while another
     * process keeps the database from readers (SQLite's busy timeout); for checks made before the lock
     * is taken, which a failure only puts off.
     */
    default <T> T withoutWaiting(Connection connection, Work<T> work) throws SQLException {
        return work.run();
    }

    /** JDBC work for {@link #withoutWaiting}. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    /** Column type for long text (error messages, details). */
    String textType();

    /** Column type for an instant, stored as UTC. */
    String timestampType();

    /** Column definition of an auto-generated primary key named {@code column}. */
    String identityColumn(String column);

    /** Creates {@code schema} when it is missing. Called with the lock held, before Migrate's tables are created. */
    void createSchemaIfMissing(Connection connection, String schema) throws SQLException;

    /**
     * Makes {@code schema} the connection's current schema, for the configured default schema: first in
     * PostgreSQL's {@code search_path} (the rest of it stays, for extensions installed in {@code public}),
     * the database on MySQL/MariaDB ({@code USE}), H2's {@code SET SCHEMA}. The same schema
     * {@link #createSchemaIfMissing} makes: named as {@link #sqlName} writes it (PostgreSQL's {@code search_path} takes it
     * unquoted, which folds it the same way and takes a reserved word too).
     *
     * @return how to put back the connection's own; null when the schema does not exist (it is not created here)
     */
    PutBack useSchema(Connection connection, String schema) throws SQLException;

    /**
     * How to put back what an operation changed on a connection: its schema before {@link #useSchema}, its
     * session before the init SQL.
     */
    /**
     * What a migration may leave on its connection beyond the settings {@link #sessionContext} puts back after each
     * step, to undo once the operation is done with the connection, outside any transaction: SQLite's databases
     * attached by {@code ATTACH DATABASE}, which it may not detach inside a transaction that used them.
     *
     * @return how to undo it when the connection is given back; null where nothing of the kind can be left
     */
    default PutBack leftovers(Connection connection) throws SQLException {
        return null;
    }

    @FunctionalInterface
    interface PutBack {

        /** Puts it back on {@code connection}. */
        void putBack(Connection connection) throws SQLException;
    }

    /**
     * Drops every object in {@code schemas} (a null entry: the connection's current schema), leaving the
     * schemas themselves and, where the lock is a row ({@link #lock}), the lock table, so that a process
     * waiting for the lock goes on waiting and finds the schemas empty. Nothing outside them is dropped:
     * where an object elsewhere depends on one of theirs (a view, a foreign key, a column of their type),
     * a {@link dev.migrate.ValidationException} naming it is thrown before anything is dropped. Called by
     * {@code clean} with the lock held.
     *
     * @param lockSchema the schema of the lock table (null: the current one)
     * @param lockTable  the lock table's name
     * @return descriptions of what was dropped
     */
    List<String> clean(Connection connection, List<String> schemas, String lockSchema, String lockTable) throws SQLException;

    /**
     * The database (JDBC catalog) the connection is in now, for the {@code ${migrate:database}} placeholder: JDBC's
     * {@code getCatalog()}, unless the driver may answer it from memory (MySQL's Connector/J after a {@code USE}).
     */
    default String currentDatabase(Connection connection) throws SQLException {
        return connection.getCatalog();
    }

    /**
     * The connection's session as a migration may change it, taken before the first migration runs:
     * the schema context (PostgreSQL's {@code search_path}, MySQL's database, H2's schema), and the role
     * and settings a script may leave changed (PostgreSQL's {@code SET ROLE} and {@code SET}, MySQL's
     * {@code FOREIGN_KEY_CHECKS}, {@code SQL_MODE}, {@code SET NAMES}..., SQLite's {@code foreign_keys}).
     * A changed context would send Migrate's own statements about its tables, and every later
     * migration, somewhere else ({@code pg_dump} output starts with
     * {@code set_config('search_path', '', false)}); changed settings would reach the later migrations
     * and, through a pool, the application. The engine restores it after each step.
     */
    default SessionContext sessionContext(Connection connection) throws SQLException {
        return SessionContext.ofJdbc(connection);
    }

    /**
     * Whether a transaction is open on the connection while the driver is in auto-commit mode, as a
     * script leaves one after its own {@code BEGIN} without a {@code COMMIT} (or MySQL's
     * {@code SET autocommit = 0}): what it did since then is not committed, and Migrate's own writes
     * would join it and be lost with it. The driver does not know; the database is asked.
     */
    default boolean transactionLeftOpen(Connection connection) throws SQLException {
        return !connection.getAutoCommit();
    }

    /** Ends a transaction {@link #transactionLeftOpen} found, undoing it, and puts auto-commit back on the session. */
    default void rollBackLeftOpenTransaction(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            // the driver's own transaction (code turned auto-commit off): a ROLLBACK statement behind its back would make
            // its setAutoCommit(true) commit a transaction that is gone ("cannot commit - no transaction is active")
            connection.rollback();
            connection.setAutoCommit(true);
            return;
        }
        try (java.sql.Statement st = connection.createStatement()) {
            st.execute("ROLLBACK");
        }
    }

    /** Whether {@code schema} (any case) is one the database keeps for its own objects: its catalog, MySQL's accounts. */
    default boolean isSystemSchema(String schema) {
        return false;
    }

    /**
     * Refuses {@code clean} of a schema the database itself keeps ({@link #isSystemSchema}), which a setting or a
     * JDBC URL naming it by mistake would otherwise have emptied, before anything is dropped.
     *
     * @param targets the schemas clean would empty
     */
    default void refuseCleanOfSystemSchemas(java.util.Collection<String> targets) {
        java.util.Map<String, String> byName = new java.util.LinkedHashMap<>();
        targets.stream().filter(java.util.Objects::nonNull).filter(this::isSystemSchema)
                .forEach(name -> byName.putIfAbsent(name.toLowerCase(java.util.Locale.ROOT), name));
        List<String> found = List.copyOf(byName.values());
        if (!found.isEmpty()) {
            throw new dev.migrate.ConfigurationException("clean refuses to empty " + (found.size() == 1 ? "the schema " : "the schemas ")
                    + String.join(", ", found) + ": the database keeps its own objects there. Nothing was dropped. Point"
                    + " default-schema, schema, schemas or the JDBC URL's database at the application's schema");
        }
    }
}
