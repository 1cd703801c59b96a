package dev.migrate;

import java.sql.SQLException;

/**
 * Walks a table by its key in batches, for data migrations over many rows.
 *
 * <pre>{@code
 * @MigrationInfo(version = "8", description = "backfill slugs", transactional = false)
 * public class BackfillSlugs implements JavaMigration {
 *     public void up(MigrationContext ctx) throws Exception {
 *         ctx.batches("books", "id").size(5_000).forEach(batch ->
 *                 batch.update("UPDATE books SET slug = LOWER(title) WHERE id BETWEEN ? AND ?"));
 *     }
 * }
 * }</pre>
 *
 * <p>When the migration runs outside a transaction ({@code transactional = false}), each batch
 * commits in its own transaction together with a progress mark in {@code migrate_progress}. A run
 * that crashes or fails is then resumed by the next {@code migrate} from the last committed batch:
 * no row is processed twice and none is skipped. Statements outside the batch loop run again on
 * resume, so keep them idempotent or put them in a migration of their own. The up and the down keep
 * separate marks: a loop resumes only what the same direction left unfinished. When the migration runs
 * inside a transaction, all batches share it and the migration is all-or-nothing.
 *
 * <p>Keys must be unique (a primary key) and of a type the loop can order and bind as the database
 * compares them: an integer of up to 18 digits or a MariaDB/MySQL {@code BIGINT UNSIGNED}, a character string, a byte string ({@code BINARY},
 * {@code VARBINARY}, {@code bytea}), a {@code uuid}, or a PostgreSQL {@code citext}. Other types are
 * refused before the first batch.
 */
public interface BatchRun {

    /** Rows per batch; 1,000 unless set. */
    BatchRun size(int rows);

    /**
     * Name of this loop in progress marks and events; unless set, {@code table.key} for the first loop
     * over that table and key in a run of the migration, {@code table.key#2} for the second, and so on.
     * Two loops of one run may not share a name (names differing only in case count as one): each resumes
     * from its own marks. A name may not start with {@code down:}, which marks the progress of down loops.
     */
    BatchRun task(String name);

    /** Whether to count the rows first, so progress events carry a total and an ETA; true unless set. */
    BatchRun countTotal(boolean count);

    /**
     * Runs {@code action} for each batch, in key order.
     *
     * @return the rows processed in all (including earlier, interrupted runs)
     */
    long forEach(BatchAction action) throws Exception;

    /** Work done for one batch. */
    @FunctionalInterface
    interface BatchAction {
        void process(Batch batch) throws Exception;
    }

    /** One batch: the keys from {@code first} to {@code last}, both included. */
    interface Batch {

        /**
         * The first key: a {@code Long}, a {@code java.math.BigInteger} (a {@code BIGINT UNSIGNED} column), a
         * {@code String}, a {@code byte[]} or a {@code java.util.UUID}, by the key column's type. {@link #update} binds it in that type; a {@code citext} key (a
         * {@code String}) must be bound with {@code setObject(i, key, Types.OTHER)} to compare as citext.
         */
        Object first();

        /** The last key, of the same type as {@link #first()}. */
        Object last();

        /** Number of rows in the batch. */
        int rows();

        /** 1-based number of the batch in this run. */
        long number();

        /**
         * Runs a statement with two parameters bound to {@link #first()} and {@link #last()},
         * such as {@code UPDATE t SET x = 1 WHERE id BETWEEN ? AND ?}.
         *
         * @return the update count
         */
        int update(String sqlWithFirstAndLast) throws SQLException;
    }
}
