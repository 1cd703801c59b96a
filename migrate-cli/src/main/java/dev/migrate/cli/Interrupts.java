package dev.migrate.cli;

import dev.migrate.Migrator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import sun.misc.Signal;

/**
 * What Ctrl-C (SIGINT) and SIGTERM do to the program: during a writing command, the first one cancels it
 * ({@link Migrator#cancel(String)}), so the running statement is stopped, the migration rolled back or marked FAILED
 * and the lock released, and the program then exits with the signal's code (130, 143) after its one error line. Up to
 * {@link #GRACE} is given for that; when it runs out, or at a second signal, the program stops at once, as a killed
 * one does. Outside a writing command a signal stops the program at once, as the JVM does by default.
 *
 * <p>Installed by {@link MigrateCli#main} only: {@link MigrateCli#run} in a test or an embedding program leaves the
 * JVM's handling alone.
 */
final class Interrupts {

    /** How long a cancelled command is given to stop its statement, write its FAILED mark and release the lock. */
    static final Duration GRACE = Duration.ofSeconds(20);

    private static final Set<Migrator> MIGRATORS = ConcurrentHashMap.newKeySet();
    private static volatile Signal received;
    private static volatile PrintStream err = System.err;
    private static volatile boolean installed;

    private Interrupts() {
    }

    /** Handles SIGINT and SIGTERM from now on; where the JVM does not let it (run with {@code -Xrs}), its own handling stays. */
    static void install(PrintStream errors) {
        err = errors;
        installed = true;
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), Interrupts::handle);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the JVM keeps the signal to itself
            }
        }
    }

    /** Called by each command's {@link Migrator}: a signal cancels the writing operation it runs. */
    static void watch(Migrator migrator) {
        if (installed) {
            MIGRATORS.add(migrator);
        }
    }

    /**
     * The exit code of a run that a signal cancelled (128 + the signal's number: 130 for SIGINT, 143 for SIGTERM), or
     * {@code code} when no signal came.
     */
    static int exitCode(int code) {
        Signal signal = received;
        return signal == null ? code : 128 + signal.getNumber();
    }

    private static synchronized void handle(Signal signal) {
        int code = 128 + signal.getNumber();
        if (received != null) {
            err.println("Stopped at once by a second " + name(signal) + ": the migration that was running is left as a killed"
                    + " process leaves it; 'status' shows where it stands");
            err.flush();
            Runtime.getRuntime().halt(code);
        }
        received = signal;
        boolean cancelled = false;
        for (Migrator migrator : MIGRATORS) {
            cancelled |= migrator.cancel(name(signal));
        }
        if (!cancelled) {
            // Nothing is being written: stop as the JVM does by default.
            new Thread(() -> System.exit(code), "migrate-exit").start();
            return;
        }
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(GRACE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            err.println("Stopped: the cancelled command did not end within " + GRACE.toSeconds() + " s of " + name(signal)
                    + "; the migration that was running is left as a killed process leaves it; 'status' shows where it stands");
            err.flush();
            Runtime.getRuntime().halt(code);
        }, "migrate-cancel-deadline");
        deadline.setDaemon(true);
        deadline.start();
    }

    private static String name(Signal signal) {
        return "SIG" + signal.getName();
    }
}
