package dev.migrate.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A separate process whose stdout and stderr are read line by line on their own threads, each line
 * stamped with the time it arrived, so a test can wait for a line ("the migration started") and measure
 * from it. {@link #kill()} sends SIGKILL ({@link Process#destroyForcibly()} on Linux).
 */
final class Proc {

    /** One line of output: when it arrived ({@link System#nanoTime()}), from which stream, and its text. */
    record Line(long nanos, boolean err, String text) {
    }

    private final String name;
    private final Process process;
    private final long startedNanos;
    private final List<Line> lines = new ArrayList<>();
    /** The text after the last newline: the CLI prints a step's progress line when the step starts and ends it when it is done. */
    private final StringBuilder partialOut = new StringBuilder();
    private final StringBuilder partialErr = new StringBuilder();
    private final Thread outReader;
    private final Thread errReader;

    private Proc(String name, Process process, long startedNanos) {
        this.name = name;
        this.process = process;
        this.startedNanos = startedNanos;
        this.outReader = reader(process.getInputStream(), false);
        this.errReader = reader(process.getErrorStream(), true);
    }

    /**
     * Starts {@code command} in {@code dir} with an environment cleared of {@code MIGRATE_*} and
     * {@code DATABASE_*} variables of the test run's own, plus {@code env}.
     */
    static Proc start(String name, List<String> command, Path dir, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("MIGRATE_") || k.startsWith("DATABASE_") || k.startsWith("SAMPLE_")
                || k.equals("NO_COLOR"));
        builder.environment().putAll(env);
        long now = System.nanoTime();
        try {
            return new Proc(name, builder.start(), now);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + command, e);
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Thread reader(InputStream in, boolean err) {
        Thread thread = new Thread(() -> {
            try (InputStreamReader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                char[] buffer = new char[8192];
                int n;
                while ((n = r.read(buffer)) >= 0) {
                    long now = System.nanoTime();
                    synchronized (lines) {
                        StringBuilder partial = err ? partialErr : partialOut;
                        partial.append(buffer, 0, n);
                        int newline;
                        while ((newline = partial.indexOf("\n")) >= 0) {
                            lines.add(new Line(now, err, partial.substring(0, newline)));
                            partial.delete(0, newline + 1);
                        }
                        lines.notifyAll();
                    }
                }
            } catch (IOException ended) {
                // the process ended
            }
            synchronized (lines) {
                StringBuilder partial = err ? partialErr : partialOut;
                if (partial.length() > 0) {
                    lines.add(new Line(System.nanoTime(), err, partial.toString()));
                    partial.setLength(0);
                }
                lines.notifyAll();
            }
        }, name + (err ? "-err" : "-out"));
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    long startedNanos() {
        return startedNanos;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until a line, or the unfinished last line of a stream, matches; returns it (stamped with the
     * time it was seen), or null when the process ended or the time ran out without one.
     */
    Line awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (match.test(lines.get(seen).text())) {
                        return lines.get(seen);
                    }
                }
                for (StringBuilder partial : List.of(partialOut, partialErr)) {
                    if (partial.length() > 0 && match.test(partial.toString())) {
                        return new Line(System.nanoTime(), partial == partialErr, partial.toString());
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !outReader.isAlive() && !errReader.isAlive())) {
                    return null;
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
            }
        }
    }

    /** Waits for the exit; a process still running after {@code timeout} is killed and the test fails. */
    int await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError(name + " did not finish within " + timeout + "; output so far:\n" + output());
        }
        outReader.join(10_000);
        errReader.join(10_000);
        return process.exitValue();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " survived SIGKILL for 30 s");
        }
        outReader.join(5_000);
        errReader.join(5_000);
    }

    /** SIGTERM, as a process manager stops an application, and waits for the exit. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return await(timeout);
    }

    String stdout() {
        return text(false);
    }

    String stderr() {
        return text(true);
    }

    /** Both streams, interleaved in arrival order. */
    String output() {
        StringBuilder all = new StringBuilder();
        synchronized (lines) {
            for (Line line : lines) {
                all.append(line.text()).append('\n');
            }
            all.append(partialOut).append(partialErr);
        }
        return all.toString();
    }

    private String text(boolean err) {
        StringBuilder all = new StringBuilder();
        synchronized (lines) {
            for (Line line : lines) {
                if (line.err() == err) {
                    all.append(line.text()).append('\n');
                }
            }
            all.append(err ? partialErr : partialOut);
        }
        return all.toString();
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
