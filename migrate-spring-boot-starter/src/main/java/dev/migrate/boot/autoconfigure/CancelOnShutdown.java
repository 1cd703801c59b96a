package dev.migrate.boot.autoconfigure;

import dev.migrate.Migrator;
import dev.migrate.OperationCancelledException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;

/**
 * Cancels a write the application runs ({@link Migrator#cancel(String)}) when the JVM shuts down (SIGTERM from
 * {@code docker stop} or Kubernetes, Ctrl-C) or the application context that owns its {@code Migrator} closes
 * ({@code POST /actuator/shutdown}, {@code ConfigurableApplicationContext.close()}, a DevTools restart): the running
 * statement is stopped, the migration rolled back or marked FAILED naming the cancel, and the lock released, instead of
 * the migration running on until the platform kills the process or the context closes its {@code DataSource} under it.
 * A JVM shutdown hook is registered for the length of the write only, and waits up to {@code migrate.shutdown-timeout}
 * for the cancelled write to end, so that the JVM does not stop under it; the context's close waits as long
 * ({@link CancelOnContextClose}). Both cancel with the same reason, so what the history says does not depend on which
 * came first.
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

    /**
     * What the cancel names, in the exception, the FAILED row and the audit table: "Cancelled by application shutdown".
     * The JVM's shutdown and the context's close both use it: on SIGTERM both happen, in no fixed order.
     */
    public static final String REASON = "application shutdown";

    /** {@code migrate.shutdown-timeout} when unset: inside the 30 s Kubernetes gives a pod, as the CLI's 20 s grace. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /** How often a trigger asks again while no write has started yet (the operation was still reading its files). */
    private static final long RETRY_MILLIS = 50;

    /** The writes running now through {@link #run}: what either trigger cancels. */
    private static final Set<RunningWrite> RUNNING = ConcurrentHashMap.newKeySet();

    private CancelOnShutdown() {
    }

    /**
     * Runs {@code write}, cancelling the writing operation it runs on {@code migrator} if the JVM shuts down or the
     * context that has {@code migrator} as a bean closes meanwhile. The JVM's shutdown and the context's close wait for
     * the write to end.
     *
     * @param migrator the {@code Migrator} to cancel: the bean, also where {@code write} runs on one of its
     *                 {@link Migrator#performedBy} copies (a cancel of the bean reaches them), so that the context's
     *                 close finds the write
     * @param timeout  how long the JVM's shutdown or the context's close waits for the cancelled write to end; zero or
     *                 negative to leave the write alone (it then runs on until it ends or the process is killed)
     * @param what     the write, for the log: "the startup migration", "Actuator rollback steps=2"
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
        RunningWrite running = new RunningWrite(migrator, timeout, what, starting);
        Thread hook = new Thread(running::stopForJvmShutdown, "migrate-cancel-on-shutdown");
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
        RUNNING.add(running);
        try {
            return write.get();
        } finally {
            RUNNING.remove(running);
            running.ended.countDown();
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

    /**
     * Cancels the writes running now on any of {@code migrators} and waits for them to end, each up to its own timeout
     * from now; called by {@link CancelOnContextClose} as the context that owns them closes.
     *
     * @return how many writes were running (and are now ended, or given up on after their timeout)
     */
    static int cancelRunning(Collection<Migrator> migrators) {
        List<RunningWrite> writes = RUNNING.stream()
                .filter(write -> migrators.stream().anyMatch(migrator -> migrator == write.migrator)).toList();
        long now = System.nanoTime();
        // All cancelled first, then awaited: several writes take the longest timeout, not their sum.
        writes.forEach(write -> write.tryCancel(Trigger.CONTEXT_CLOSE));
        try {
            for (RunningWrite write : writes) {
                write.stop(Trigger.CONTEXT_CLOSE, now + write.timeout.toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return writes.size();
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What stops the application, for the log. */
    private enum Trigger {

        JVM_SHUTDOWN("The application is shutting down", "of the shutdown", "the JVM stops without waiting for it, which"
                + " leaves it as a killed process leaves it"),
        CONTEXT_CLOSE("The application context is closing", "of the context's close", "the context closes without waiting"
                + " for it, and its DataSource may be closed under it, which leaves it as a killed process leaves it");

        private final String event;
        private final String since;
        private final String then;

        Trigger(String event, String since, String then) {
            this.event = event;
            this.since = since;
            this.then = then;
        }
    }

    /** One write that {@link #run} runs: its {@code Migrator}, how long a trigger waits for it, and whether it ended. */
    private static final class RunningWrite {

        final Migrator migrator;
        final Duration timeout;
        final String what;
        final Thread starting;
        final CountDownLatch ended = new CountDownLatch(1);
        /** Whether a trigger cancelled it; the other trigger, if any, then only waits. Guarded by {@code this}. */
        private boolean cancelled;

        RunningWrite(Migrator migrator, Duration timeout, String what, Thread starting) {
            this.migrator = migrator;
            this.timeout = timeout;
            this.what = what;
            this.starting = starting;
        }

        /**
         * Cancels the write if its operation has begun (a cancel reaches only the operations running when it is called,
         * and the write may still be reading its files). Returns whether it is cancelled, by this trigger or another.
         */
        synchronized boolean tryCancel(Trigger trigger) {
            if (!cancelled && ended.getCount() > 0 && migrator.cancel(REASON)) {
                cancelled = true;
                log.warn("{} while {} runs: cancelled it; waiting up to {} for it to stop (migrate.shutdown-timeout)",
                        trigger.event, what, timeout);
            }
            return cancelled;
        }

        /** Cancels the write, asking again until it has one to cancel, and waits for it to end until {@code deadline}. */
        void stop(Trigger trigger, long deadline) throws InterruptedException {
            while (!ended.await(tryCancel(trigger) ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))
                    : RETRY_MILLIS, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() - deadline >= 0) {
                    log.warn("{} did not stop within {} {} (migrate.shutdown-timeout): {}; 'status' shows where it stands",
                            what, timeout, trigger.since, trigger.then);
                    return;
                }
            }
        }

        /** The JVM shutdown hook: {@link #stop}, then, for a start, waits for the starting thread to end. */
        void stopForJvmShutdown() {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                stop(Trigger.JVM_SHUTDOWN, deadline);
                if (starting != null && isCancelled()) {
                    // The failed start is reported on that thread after the write: the JVM would stop before it otherwise.
                    starting.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private synchronized boolean isCancelled() {
            return cancelled;
        }
    }
}
