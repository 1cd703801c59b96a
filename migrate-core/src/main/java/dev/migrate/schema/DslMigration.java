package dev.migrate.schema;

import dev.migrate.IrreversibleMigrationException;
import dev.migrate.SchemaOperationFailedException;
import dev.migrate.JavaMigration;
import dev.migrate.MigrateException;
import dev.migrate.MigrationContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A migration that describes its schema change once and gets its down generated: the reversed list of
 * the reversed operations. Whether it can be rolled back is known before anything runs.
 *
 * <pre>{@code
 * public class V5__CreateTeams extends DslMigration {
 *     protected void change(SchemaChanges schema) {
 *         schema.createTable("teams", t -> {
 *             t.id();
 *             t.string("name", 100).notNull().unique();
 *             t.timestamps();
 *         });
 *         schema.addColumn("users", "team_id", bigint(), c -> c.references("teams", "id"));
 *         schema.dropColumn("users", "legacy_flag").restoring(col -> col.bool());
 *     }
 * }
 * }</pre>
 *
 * Rolling back V5 adds {@code legacy_flag} back (empty), drops the foreign key and {@code team_id},
 * then drops {@code teams}. Without the {@code restoring(...)} the migration would be irreversible, and
 * {@code plan}/{@code rollback} would say so, naming the operation, before running anything.
 *
 * <p>The SQL is rendered for the database the migration runs on ({@link SchemaRenderer}); SQLite table
 * rebuilds and MySQL {@code MODIFY COLUMN} read the table as the previous operation left it, because
 * {@link #up} and {@link #down} render each operation just before running it.
 */
public abstract class DslMigration implements JavaMigration {

    private volatile List<SchemaOperation> operations;

    /**
     * Describes the change, in the order it is applied. Called once per instance; the result is cached.
     * Must only describe: it runs while planning, before (and without) any database work.
     */
    protected abstract void change(SchemaChanges schema);

    /**
     * The up operations, in order.
     *
     * @throws MigrateException when {@link #change} fails or describes something invalid, naming this class
     */
    public final List<SchemaOperation> operations() {
        List<SchemaOperation> result = operations;
        if (result == null) {
            synchronized (this) {
                if (operations == null) {
                    SchemaChanges schema = new SchemaChanges();
                    try {
                        change(schema);
                        operations = schema.operations();
                    } catch (RuntimeException e) {
                        throw new MigrateException("DSL migration " + getClass().getName() + " describes an invalid"
                                + " change: " + e.getMessage() + ". Fix its change() method.", e);
                    }
                }
                result = operations;
            }
        }
        return result;
    }

    /** The down operations (the reversed list of reversed operations); empty when any is irreversible. */
    public final Optional<List<SchemaOperation>> reverseOperations() {
        List<SchemaOperation> reversed = new ArrayList<>();
        for (SchemaOperation operation : operations()) {
            Optional<SchemaOperation> reverse = operation.reverse();
            if (reverse.isEmpty()) {
                return Optional.empty();
            }
            reversed.add(reverse.get());
        }
        Collections.reverse(reversed);
        return Optional.of(List.copyOf(reversed));
    }

    public final boolean isReversible() {
        return irreversibleReason() == null;
    }

    /** Why the migration cannot be rolled back: the first irreversible operation's reason, or null. */
    public final String irreversibleReason() {
        for (SchemaOperation operation : operations()) {
            String reason = operation.irreversibleReason();
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    /** Whether it must run outside a transaction, up or down (PostgreSQL {@code CONCURRENTLY} indexes). */
    public final boolean requiresNoTransaction() {
        return operations().stream().anyMatch(SchemaOperation::requiresNoTransaction);
    }

    /**
     * The statements of the up ({@code true}) or down ({@code false}) direction for a database, for
     * plans. With a connection, operations that read the table (SQLite rebuilds, MySQL
     * {@code MODIFY COLUMN}) read it as it is now; an operation on a table that an earlier operation of
     * this migration changed (or after a {@code sql(...)}, which may change anything) renders as if there
     * were no connection, a comment, because the table it would read does not exist yet.
     *
     * @param databaseName as {@link SchemaRenderer#forDatabase} takes it
     * @param connection   may be null
     * @throws IrreversibleMigrationException for the down of an irreversible migration
     * @throws dev.migrate.SchemaStateException as {@link #renderForPlan(boolean, String, Connection, Set)}
     */
    public final List<String> render(boolean up, String databaseName, Connection connection) throws SQLException {
        return renderForPlan(up, databaseName, connection, Set.of()).statements();
    }

    /**
     * The statements of one direction as a plan shows them, when earlier steps of the same plan change
     * {@code changedEarlier}. An operation reads its table through {@code connection} only when nothing
     * before it in the plan may have changed that table: no earlier step (the caller says which tables they
     * change) and no earlier operation of this migration, and no {@code sql(...)} before it. Otherwise, as
     * without a connection, the operations whose SQL depends on the table render as one {@code --} comment
     * and are listed in {@link Rendering#deferred()}: their statements are written when the migration runs.
     *
     * <pre>{@code
     * // V1__create_users.sql runs first, so users cannot be read yet:
     * migration.renderForPlan(true, "SQLite", connection, Set.of("users")).deferred();
     *     // [setNotNull users.email]
     * }</pre>
     *
     * @param databaseName   as {@link SchemaRenderer#forDatabase} takes it
     * @param connection     the database as it is now; null to read nothing
     * @param changedEarlier tables (any case) that earlier steps of the plan change
     * @throws SQLException                   when reading a table definition fails
     * @throws IrreversibleMigrationException for the down of an irreversible migration
     * @throws dev.migrate.SchemaStateException when an operation of the up of a reversible migration, whose table it
     *                                        reads, finds the column already as it would leave it, so that the
     *                                        generated down would change it (a {@code dropNotNull} of a nullable
     *                                        column): the migration would refuse it when it runs
     */
    public final Rendering renderForPlan(boolean up, String databaseName, Connection connection, Set<String> changedEarlier)
            throws SQLException {
        return renderForPlan(up, SchemaRenderer.forDatabase(databaseName), connection, changedEarlier);
    }

    /**
     * {@link #renderForPlan(boolean, String, Connection, Set)} with {@code renderer}: the plan renders for the
     * session it runs in ({@link SchemaRenderer#forDatabase(String, dev.migrate.sql.SqlSplitter)}), so that its
     * string literals read as they will when the migration runs.
     */
    public final Rendering renderForPlan(boolean up, SchemaRenderer renderer, Connection connection, Set<String> changedEarlier)
            throws SQLException {
        Set<String> changed = new HashSet<>();
        changedEarlier.forEach(table -> changed.add(key(table)));
        boolean anything = false;
        List<String> statements = new ArrayList<>();
        List<String> deferred = new ArrayList<>();
        boolean checkState = up && isReversible();
        for (SchemaOperation operation : up ? operations() : downOperations()) {
            boolean stale = connection == null || anything || changed.contains(key(operation.table()));
            if (checkState && !stale) {
                ((SqlSchemaRenderer) renderer).requireAssumedState(operation, connection);
            }
            List<String> sql = renderer.render(operation, stale ? null : connection);
            statements.addAll(sql);
            if (!(operation instanceof ExecuteSql) && sql.stream().anyMatch(s -> s.startsWith("--"))) {
                deferred.add(operation.describe());
            }
            if (operation.table() == null) {
                anything = true;
            } else {
                changed.add(key(operation.table()));
                if (operation instanceof RenameTable rename) {
                    changed.add(key(rename.to()));
                }
            }
        }
        return new Rendering(List.copyOf(statements), List.copyOf(deferred));
    }

    /**
     * The tables this migration changes, up or down, in lower case; empty when it may change anything
     * (a {@code sql(...)} operation). Plans use it to know which tables later steps can still read.
     */
    public final Optional<Set<String>> changedTables() {
        Set<String> tables = new HashSet<>();
        for (SchemaOperation operation : operations()) {
            if (operation.table() == null) {
                return Optional.empty();
            }
            tables.add(key(operation.table()));
            if (operation instanceof RenameTable rename) {
                tables.add(key(rename.to()));
            }
        }
        return Optional.of(Set.copyOf(tables));
    }

    /**
     * What {@link #renderForPlan} made of one direction.
     *
     * @param statements the statements, with a {@code --} comment for each deferred operation
     * @param deferred   the operations ({@link SchemaOperation#describe()}) whose SQL depends on the table
     *                   as it is when the migration runs, and is written then
     */
    public record Rendering(List<String> statements, List<String> deferred) {

        public Rendering {
            statements = List.copyOf(statements);
            deferred = List.copyOf(deferred);
        }
    }

    /**
     * Applies the operations, rendering each for {@code context.databaseName()} right before running its
     * statements with {@code context.execute}, so that each reads the table as the previous one left it. String
     * literals are written as the session reads them ({@code context.splitter()}): the mode the migration starts in,
     * which a {@code sql(...)} that changes it (MySQL's {@code SET sql_mode}) does not change for the operations after it.
     */
    @Override
    public final void up(MigrationContext context) throws Exception {
        run(operations(), false, isReversible(), context);
    }

    /**
     * Applies the reverse operations, as {@link #up} does.
     *
     * @throws IrreversibleMigrationException when an operation cannot be reversed, naming it and this class
     */
    @Override
    public final void down(MigrationContext context) throws Exception {
        run(downOperations(), true, false, context);
    }

    private List<SchemaOperation> downOperations() {
        return reverseOperations().orElseThrow(() -> new IrreversibleMigrationException("DSL migration "
                + getClass().getName() + " cannot be rolled back: " + irreversibleReason() + ". Give the old"
                + " definition in the migration (restoring(...), from(...), sql(up, down)) so that its down can be"
                + " generated.", null, getClass().getName()));
    }

    /**
     * Runs the operations in order.
     *
     * @param checkState whether to refuse an operation whose generated down assumes a state the column is not in
     *                   ({@link SqlSchemaRenderer#requireAssumedState}): in the up of a reversible migration
     * @throws SchemaOperationFailedException when one fails, naming it, its statement and the operations that ran
     *                                        before it (which stay applied where the database commits DDL at once)
     */
    private static void run(List<SchemaOperation> operations, boolean down, boolean checkState, MigrationContext context) {
        // the session's reading of SQL: MySQL's NO_BACKSLASH_ESCAPES decides how its string literals are written
        SchemaRenderer renderer = SchemaRenderer.forDatabase(context.databaseName(), context.splitter());
        List<String> ran = new ArrayList<>();
        for (SchemaOperation operation : operations) {
            String running = null;
            try {
                if (checkState) {
                    ((SqlSchemaRenderer) renderer).requireAssumedState(operation, context.connection());
                }
                for (String statement : renderer.render(operation, context.connection())) {
                    running = statement;
                    context.execute(statement);
                }
                running = null;
                ((SqlSchemaRenderer) renderer).verifyApplied(operation, context.connection());
            } catch (SQLException | RuntimeException e) {
                throw new SchemaOperationFailedException(operation.describe(), ran.size() + 1, operations.size(), down,
                        running, ran, e);
            }
            ran.add(operation.describe());
        }
    }

    private static String key(String table) {
        return table == null ? "" : table.toLowerCase(Locale.ROOT);
    }
}
