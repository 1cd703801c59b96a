package dev.migrate.internal;

import dev.migrate.MigrateException;
import java.util.function.Supplier;

/**
 * Work run on a daemon thread while the caller does something else, then joined for its result.
 *
 * <p>Operations scan the migration files this way while the calling thread connects to the database
 * and reads the history: at a start that finds nothing to do, both are mostly class loading and
 * interpreted code that the JVM runs for the first time, and on two cores they overlap. Only the
 * scan moves: the connection stays on the caller's thread, since a {@code DataSource} may depend on
 * it (a routing data source that picks the tenant from a thread-local, a transaction-bound proxy).
 *
 * <pre>
 * Background&lt;List&lt;ResolvedMigration&gt;&gt; scanning = Background.start("migrate-scan", () -&gt; scanner.scan(...));
 * // ... connect, read the history ...
 * List&lt;ResolvedMigration&gt; resolved = scanning.join(); // the scan's own exception, if it failed
 * </pre>
 */
final class Background<T> {

    private final Thread thread;
    private T result;
    private Throwable failure;

    private Background(String name, Supplier<T> work) {
        this.thread = new Thread(() -> {
            try {
                result = work.get();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }, name);
        thread.setDaemon(true);
    }

    /** Starts {@code work} on a new daemon thread called {@code name}, with the caller's context class loader. */
    static <T> Background<T> start(String name, Supplier<T> work) {
        Background<T> background = new Background<>(name, work);
        background.thread.start();
        return background;
    }

    /**
     * Waits for the work and returns its result, or throws the exception it threw, as it was thrown
     * (a {@link dev.migrate.ValidationException} stays one). Callable any number of times.
     */
    T join() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrateException("Interrupted while waiting for " + thread.getName(), e);
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return result;
    }
}
