package dev.migrate;

import java.time.Duration;

/**
 * Callbacks around operations and migration steps, for metrics, tracing, logs and progress
 * output. Called on the thread running the operation; an exception or error thrown by a listener is logged
 * and ignored, so a broken listener never fails a migration.
 *
 * <pre>{@code
 * MigratorConfig.builder().listener(new MigrationListener() {
 *     public void migrationFinished(MigrationEvent e, Duration took, Throwable failure) {
 *         System.out.printf("%d/%d %s %s%n", e.index(), e.total(), e.version(), took);
 *     }
 * }).build();
 * }</pre>
 */
public interface MigrationListener {

    /** When a writing operation starts, before it waits for the lock. */
    default void operationStarted(Operation operation) {
    }

    /**
     * After a writing operation, with its duration and the failure, or null on success; also after one refused before
     * it took the lock (a broken file, a dependency cycle), right after {@link #operationStarted}.
     */
    default void operationFinished(Operation operation, Duration duration, Throwable failure) {
    }

    /** Before one migration step runs. */
    default void migrationStarted(MigrationEvent event) {
    }

    /** After one migration step, with its duration and the failure, or null on success. */
    default void migrationFinished(MigrationEvent event, Duration duration, Throwable failure) {
    }

    /**
     * After each batch of a batched data migration: once it has committed, or, for a loop that runs inside the
     * migration's transaction ({@code @MigrationInfo(transactional = true)}, the default), once it has run; such
     * batches commit with the migration, and a rollback of it undoes rows a listener (a metric) has already counted.
     */
    default void progress(ProgressEvent event) {
    }
}
