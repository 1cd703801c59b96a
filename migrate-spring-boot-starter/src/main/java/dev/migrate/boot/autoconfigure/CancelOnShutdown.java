package dev.migrate.boot.autoconfigure;

import dev.migrate.Migrator;
import dev.migrate.OperationCancelledException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;

/**
 * Cancels a write the application runs ({@link Migrator#cancel(String)}) when the JVM shuts down (SIGTERM from
 * {@code docker stop} or Kubernetes, Ctrl-C): the running statement is stopped, the migration rolled back or marked
 * FAILED naming the cancel, and the lock released, instead of the migration running on until the platform kills the
 * process. A JVM shutdown hook is registered for the length of the write only, and waits up to
 * {@code migrate.shutdown-timeout} for the cancelled write to end, so that the JVM does not stop under it.
 *
 * <p>Spring's own shutdown hook cannot do this for a startup migration: it waits for the context's refresh, which the
 * migration is part of, to end. The starter's {@link MigrateInitializer} and the Actuator endpoint's writes run through
 * here; so may a {@link MigrateStrategy}:
 *
 * <pre>{@code
 * MigrateResult result = CancelOnShutdown.run(migrator, Duration.ofSeconds(20), "the tenant migration", migrator::migrate);
 * }</pre>
 */
public final class CancelOnShutdown {

    private static final Logger log = LoggerFactory.getLogger(CancelOnShutdown.class);

    /** What the cancel names, in the exception, the FAILED row and the audit table: "Cancelled by application shutdown". */
    public static final String REASON = "application shutdown";

    /** {@code migrate.shutdown-timeout} when unset: inside the 30 s Kubernetes gives a pod, as the CLI's 20 s grace. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /** How often the hook asks again while no write has started yet (the operation was still reading its files). */
    private static final long RETRY_MILLIS = 50;

    private CancelOnShutdown() {
    }

    /**
     * Runs {@code write}, cancelling the writing operation it runs on {@code migrator} if the JVM shuts down meanwhile.
     * The JVM's shutdown waits for the write to end.
     *
     * @param timeout how long the JVM's shutdown waits for the cancelled write to end; zero or negative to leave the write
     *                alone (it then runs on until it ends or the process is killed)
     * @param what    the write, for the log: "the startup migration", "Actuator rollback steps=2"
     * @throws OperationCancelledException from {@code write} when it was cancelled, or at once when the JVM is already
     *                                     shutting down (nothing was run)
     */
    public static <T> T run(Migrator migrator, Duration timeout, String what, Supplier<T> write) {
        return run(migrator, timeout, what, write, null);
    }

    /**
     * As {@link #run(Migrator, Duration, String, Supplier)}, for a write that is part of the application's start: once
     * it was cancelled, the JVM's shutdown also waits, within the same timeout, for the thread that started the
     * application to end, so that Spring Boot reports the failed start before the JVM stops.
     */
    public static <T> T runAtStartup(Migrator migrator, Duration timeout, String what, Supplier<T> write) {
        return run(migrator, timeout, what, write, Thread.currentThread());
    }

    private static <T> T run(Migrator migrator, Duration timeout, String what, Supplier<T> write, Thread starting) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            return write.get();
        }
        CountDownLatch ended = new CountDownLatch(1);
        Thread hook = new Thread(() -> cancel(migrator, timeout, what, ended, starting), "migrate-cancel-on-shutdown");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            throw new OperationCancelledException("Cancelled by " + REASON + " before " + what + " started: nothing was run or"
                    + " changed", REASON, null, null, null);
        }
        // Spring Boot's shutdown hook stops the logging system once the context is closed, which a failed refresh is
        // before the failure is reported on the starting thread: this handler, run before that, waits for the report.
        Runnable report = starting == null ? null : () -> join(starting, timeout);
        if (report != null) {
            try {
                SpringApplication.getShutdownHandlers().add(report);
            } catch (IllegalStateException shuttingDown) {
                // Spring's hook runs already: the JVM hook above waits for the starting thread as well.
            }
        }
        try {
            return write.get();
        } finally {
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                if (report != null) {
                    SpringApplication.getShutdownHandlers().remove(report);
                }
            } catch (IllegalStateException shuttingDown) {
                // The hooks run now; they return as the write has ended and the start has been reported.
            }
        }
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The hook: cancels the write, asking again until it has one to cancel (a cancel reaches only the operations
     * running when it is called, and the write may still be reading its files), then waits for it to end and, for a
     * start, for the starting thread to end.
     */
    private static void cancel(Migrator migrator, Duration timeout, String what, CountDownLatch ended, Thread starting) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean cancelled = false;
        try {
            while (!ended.await(cancelled ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) : RETRY_MILLIS,
                    TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() - deadline >= 0) {
                    log.warn("{} did not stop within {} of the shutdown (migrate.shutdown-timeout): the JVM stops without waiting"
                            + " for it, which leaves it as a killed process leaves it; 'status' shows where it stands", what, timeout);
                    return;
                }
                if (!cancelled && migrator.cancel(REASON)) {
                    cancelled = true;
                    log.warn("The application is shutting down while {} runs: cancelled it; waiting up to {} for it to stop"
                            + " (migrate.shutdown-timeout)", what, timeout);
                }
            }
            if (cancelled && starting != null) {
                // The failed start is reported on that thread after the write: the JVM would stop before it otherwise.
                starting.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
