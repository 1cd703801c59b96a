package dev.migrate.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code migrate.jar} the way an operator or a deploy job does: {@code java -jar migrate.jar ...}. */
final class Cli {

    /** Flags that halve a short-lived JVM's start-up; the program is still the shaded jar, run with -jar. */
    private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m");
    static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static Path archive;
    private static boolean archiveTried;

    private Cli() {
    }

    /** The outcome of one run. */
    record Result(int exitCode, String out, String err, long millis, List<String> args) {

        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "migrate " + String.join(" ", args) + "\n  exit " + exitCode + " after " + millis + " ms\n  stdout:\n"
                    + indent(out) + "\n  stderr:\n" + indent(err);
        }

        private static String indent(String s) {
            return s.lines().map(l -> "    | " + l).reduce((a, b) -> a + "\n" + b).orElse("    | (empty)");
        }
    }

    static List<String> command(List<String> args) {
        Path jar = Settings.cliJar();
        List<String> command = new ArrayList<>(List.of(Proc.java()));
        command.addAll(FAST_START);
        Path shared = sharedArchive(jar);
        if (shared != null) {
            command.add("-XX:SharedArchiveFile=" + shared);
            command.add("-Xlog:disable");
        }
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return command;
    }

    static Proc start(String name, List<String> args) {
        return start(name, args, Map.of());
    }

    static Proc start(String name, List<String> args, Map<String, String> env) {
        return Proc.start(name, command(args), Settings.work(), env);
    }

    static Result run(List<String> args) throws InterruptedException {
        return run(args, Map.of());
    }

    static Result run(List<String> args, Map<String, String> env) throws InterruptedException {
        long start = System.nanoTime();
        Proc proc = start("migrate", args, env);
        int exit = proc.await(TIMEOUT);
        return new Result(exit, proc.stdout(), proc.stderr(), (System.nanoTime() - start) / 1_000_000, List.copyOf(args));
    }

    /** {@code db}'s connection options, {@code --locations dir}, then {@code args}. */
    static Result run(Db db, Path locations, String... args) throws InterruptedException {
        return run(args(db, locations, args));
    }

    static List<String> args(Db db, Path locations, String... args) {
        List<String> all = new ArrayList<>(db.cliArgs());
        all.add("--locations");
        all.add("filesystem:" + locations.toAbsolutePath());
        all.addAll(List.of(args));
        return all;
    }

    /**
     * A class-data-sharing archive of the jar's classes, dumped once by a warm-up run and mapped by
     * every later start: the suite starts the jar hundreds of times. Without it, starts are just slower.
     */
    private static synchronized Path sharedArchive(Path jar) {
        if (archiveTried) {
            return archive;
        }
        archiveTried = true;
        try {
            Path file = Settings.work().resolve("migrate-cli.jsa");
            Files.deleteIfExists(file);
            Path empty = Files.createTempDirectory(Settings.work(), "cds-");
            List<String> command = new ArrayList<>(List.of(Proc.java()));
            command.addAll(FAST_START);
            command.addAll(List.of("-XX:ArchiveClassesAtExit=" + file, "-Xlog:disable", "-jar", jar.toString(), "--url",
                    "jdbc:h2:mem:warmup", "--locations", empty.toString(), "--json", "status"));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isRegularFile(file)) {
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
}
