package dev.migrate;

/**
 * A migration written in Java. The version and description come from the class name
 * ({@code V3__AddEmailIndex}) or from {@link MigrationInfo}.
 *
 * <pre>{@code
 * @MigrationInfo(version = "3", description = "add email index")
 * public class AddEmailIndex implements JavaMigration {
 *     public void up(MigrationContext ctx) throws Exception {
 *         ctx.execute("CREATE INDEX users_email ON users (email)");
 *     }
 *     public void down(MigrationContext ctx) throws Exception {
 *         ctx.execute("DROP INDEX users_email");
 *     }
 * }
 * }</pre>
 *
 * A migration that does not override {@link #down} is irreversible, which {@code plan} and
 * {@code rollback} know before anything runs.
 */
public interface JavaMigration {

    /** Applies the change. Called once, inside the migration's transaction where there is one. */
    void up(MigrationContext context) throws Exception;

    /** Reverses {@link #up}. Not overriding it makes the migration irreversible. */
    default void down(MigrationContext context) throws Exception {
        throw new UnsupportedOperationException(getClass().getName() + " has no down()");
    }

    /**
     * Runs before {@link #up}, in the same transaction. Returning false fails the run with this
     * migration named before it changes anything.
     */
    default boolean check(MigrationContext context) throws Exception {
        return true;
    }

    /**
     * Runs after {@link #up}, in the same transaction. Returning false fails the migration, which
     * is rolled back where the database has transactional DDL.
     */
    default boolean verify(MigrationContext context) throws Exception {
        return true;
    }
}
