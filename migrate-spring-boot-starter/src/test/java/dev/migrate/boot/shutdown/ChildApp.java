package dev.migrate.boot.shutdown;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@link ShutdownTestApplication} in a JVM of its own, started with the test's class path. Its output (both streams)
 * goes to a file, not a pipe: {@link Process#destroy()} closes the pipes, and what the application prints after SIGTERM
 * (its failure report) is what the tests read.
 */
final class ChildApp implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildApp(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the application with {@code args} ({@code --name=value}) in {@code dir}. */
    static ChildApp start(Path dir, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                ShutdownTestApplication.class.getName(), "--spring.main.banner-mode=off"));
        command.addAll(args);
        Path log = Files.createTempFile(dir, "app-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("MIGRATE_") || k.startsWith("SPRING_"));
        return new ChildApp(builder.start(), log);
    }

    /** The first line that matches, waiting for it up to {@code timeout}; fails when the process ends or the time runs out. */
    String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean alive = process.isAlive();
            for (String line : output().split("\n")) {
                if (match.test(line)) {
                    return line;
                }
            }
            if (!alive || System.nanoTime() - deadline >= 0) {
                throw new AssertionError("No such line within " + timeout + (alive ? "" : " (the application ended)") + "; output:\n"
                        + output());
            }
            Thread.sleep(50);
        }
    }

    /** SIGTERM ({@link Process#destroy()} on Linux), as a process manager stops an application. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the exit; a process still running after {@code timeout} is killed and the test fails. */
    int await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("The application did not end within " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
