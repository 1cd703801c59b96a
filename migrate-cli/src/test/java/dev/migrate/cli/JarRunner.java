package dev.migrate.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code migrate-cli/target/migrate.jar} as a separate process, the way a user or a CI job
 * does: {@code java -jar migrate.jar ...} in a working directory, with an environment that has no
 * {@code MIGRATE_*} variable of the test run's own except those a test sets.
 */
final class JarRunner {

    /** Flags that halve a short-lived JVM's start-up; the CLI is still the shaded jar, run with -jar. */
    private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /**
     * A class-data-sharing archive of the jar's classes, dumped by a first warm-up run and mapped by
     * every later one: it saves about a third of each start, and these tests start the jar a hundred
     * times. Made fresh by each test JVM, under a name of its own (failsafe runs two at once), so it
     * always matches the jar; without it (a JVM that cannot dump one) the runs just start slower.
     */
    private static Path archive;
    private static boolean archiveTried;

    private final Path jar;
    private final Path workingDir;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Path> classPath = new ArrayList<>();

    JarRunner(Path workingDir) {
        String property = System.getProperty("migrate.jar");
        this.jar = Path.of(property != null ? property : "target/migrate.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: these tests run in 'verify', after 'package' built the jar");
        }
        this.workingDir = workingDir;
    }

    JarRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /**
     * Runs {@code java -cp migrate.jar:JAR... dev.migrate.cli.MigrateCli} instead of {@code -jar}, as a user does to give
     * the CLI an application's Java migrations.
     */
    JarRunner classPath(Path... jars) {
        classPath.addAll(List.of(jars));
        return this;
    }

    /** The outcome of one run. */
    record Result(int exitCode, String out, String err, List<String> args) {

        /** The non-blank lines of stderr. */
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "migrate " + String.join(" ", args) + "\n  exit " + exitCode + "\n  stdout:\n" + indent(out) + "\n  stderr:\n"
                    + indent(err);
        }

        private static String indent(String s) {
            return s.lines().map(l -> "    | " + l).reduce((a, b) -> a + "\n" + b).orElse("    | (empty)");
        }
    }

    Result run(List<String> args) {
        Process process = start(args);
        try {
            // Drained concurrently, or a chatty process would block on a full pipe.
            StreamCollector out = new StreamCollector(process.getInputStream());
            StreamCollector err = new StreamCollector(process.getErrorStream());
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("migrate " + args + " did not finish within " + TIMEOUT + "; output so far:\n" + out.text());
            }
            return new Result(process.exitValue(), out.await(), err.await(), List.copyOf(args));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted", e);
        }
    }

    Result run(String... args) {
        return run(List.of(args));
    }

    /** Starts the jar without waiting: for a process that must hold the lock while another runs. */
    Background background(List<String> args) {
        Process process = start(args);
        return new Background(process, new StreamCollector(process.getInputStream()), new StreamCollector(process.getErrorStream()),
                List.copyOf(args));
    }

    private Process start(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(FAST_START);
        Path shared = sharedArchive(jar);
        if (shared != null) {
            command.add("-XX:SharedArchiveFile=" + shared);
            command.add("-Xlog:disable"); // the JVM would print a mapping warning on stdout
        }
        if (classPath.isEmpty()) {
            command.add("-jar");
            command.add(jar.toString());
        } else {
            List<String> entries = new ArrayList<>(List.of(jar.toString()));
            classPath.forEach(p -> entries.add(p.toString()));
            command.add("-cp");
            command.add(String.join(java.io.File.pathSeparator, entries));
            command.add("dev.migrate.cli.MigrateCli");
        }
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("MIGRATE_") || k.equals("NO_COLOR"));
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static synchronized Path sharedArchive(Path jar) {
        if (archiveTried) {
            return archive;
        }
        archiveTried = true;
        try {
            Path file = jar.resolveSibling("migrate-cli-tests-" + ProcessHandle.current().pid() + ".jsa");
            Files.deleteIfExists(file);
            file.toFile().deleteOnExit();
            Path empty = Files.createTempDirectory("migrate-cds-");
            List<String> command = new ArrayList<>(List.of(java()));
            command.addAll(FAST_START);
            command.addAll(List.of("-XX:ArchiveClassesAtExit=" + file, "-Xlog:disable", "-jar", jar.toString(), "--url",
                    "jdbc:h2:mem:warmup", "--locations", empty.toString(), "--json", "status"));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isRegularFile(file)) {
                archive = file;
            }
            Files.deleteIfExists(empty);
        } catch (IOException e) {
            archive = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return archive;
    }

    /** A running jar. */
    static final class Background {
        private final Process process;
        private final StreamCollector out;
        private final StreamCollector err;
        private final List<String> args;

        Background(Process process, StreamCollector out, StreamCollector err, List<String> args) {
            this.process = process;
            this.out = out;
            this.err = err;
            this.args = args;
        }

        /** Waits until stdout contains {@code text}. */
        void awaitOutput(String text, Duration timeout) throws InterruptedException {
            await(out, text, timeout);
        }

        /** Waits until stderr contains {@code text}. */
        void awaitError(String text, Duration timeout) throws InterruptedException {
            await(err, text, timeout);
        }

        private void await(StreamCollector stream, String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!stream.text().contains(text)) {
                if (!process.isAlive() && !stream.text().contains(text)) {
                    throw new AssertionError("the background migrate ended (exit " + process.exitValue() + ") before printing '" + text
                            + "':\n" + out.text() + "\n" + err.text());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the background migrate did not print '" + text + "' within " + timeout + ":\n" + out.text());
                }
                Thread.sleep(25);
            }
        }

        Result await() throws InterruptedException {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the background migrate did not finish:\n" + out.text());
            }
            return new Result(process.exitValue(), out.await(), err.await(), args);
        }

        boolean isAlive() {
            return process.isAlive();
        }

        long pid() {
            return process.pid();
        }

        /**
         * Sends SIGTERM, as {@code kill PID} or a container's stop does, without waiting. Through the process's handle:
         * {@code Process.destroy()} would also close the pipes, and what the process prints as it stops would be lost.
         */
        void terminate() {
            process.toHandle().destroy();
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String toString() {
            return "migrate " + String.join(" ", args) + "\n  stdout:\n" + out.text() + "\n  stderr:\n" + err.text();
        }
    }

    /** Reads a stream on its own thread. */
    static final class StreamCollector {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        StreamCollector(InputStream in) {
            thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        synchronized (bytes) {
                            bytes.write(buffer, 0, n);
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "jar-output");
            thread.setDaemon(true);
            thread.start();
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        String await() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            return text();
        }
    }
}
