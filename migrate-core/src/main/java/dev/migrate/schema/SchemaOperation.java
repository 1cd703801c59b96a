package dev.migrate.schema;

import java.util.Optional;

/**
 * One schema change of a {@link DslMigration}: an immutable record that says what changes, never how.
 * The SQL is rendered per database by a {@link SchemaRenderer}; the undo is {@link #reverse()}, so a
 * migration's down is known, or known to be impossible, before any SQL runs.
 *
 * <pre>{@code
 * SchemaOperation op = new RenameColumn("users", "mail", "email");
 * op.reverse();                        // Optional[RenameColumn[table=users, from=email, to=mail]]
 * new DropColumn("users", "age", null).irreversibleReason();
 *                                      // "dropColumn users.age has no restoring(...) definition"
 * }</pre>
 */
public sealed interface SchemaOperation permits CreateTable, DropTable, RenameTable, AddColumn, DropColumn,
        RenameColumn, AlterColumnType, SetNotNull, DropNotNull, SetDefault, DropDefault, CreateIndex, DropIndex,
        AddForeignKey, DropForeignKey, AddUnique, AddCheck, DropConstraint, ExecuteSql {

    /**
     * The operation that undoes this one; empty when it cannot be known (a drop without the old
     * definition, {@code sql(up, null)}). Pure: it reads nothing but this record.
     */
    Optional<SchemaOperation> reverse();

    /**
     * Why {@link #reverse()} is empty, naming the operation and the fix, for messages
     * ({@code dropColumn users.age has no restoring(...) definition}); null when reversible.
     */
    String irreversibleReason();

    /** Whether it must run outside a transaction (PostgreSQL's {@code CREATE INDEX CONCURRENTLY}). */
    default boolean requiresNoTransaction() {
        return false;
    }

    /** The operation as the DSL wrote it, for plans and messages: {@code addColumn users.age}. */
    String describe();

    /**
     * The table this operation changes, or null for {@link ExecuteSql}, which may change anything.
     * {@link DslMigration} uses it to know which table definitions an earlier operation made stale.
     */
    String table();
}
