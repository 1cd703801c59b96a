package dev.migrate.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The suite's sizes and paths, from system properties that the module's pom sets: the short profile
 * by default, the full figures with {@code -Preliability-full}; each can be overridden with
 * {@code -Dreliability.kills=5} and the like.
 */
final class Settings {

    private Settings() {
    }

    /** {@code short} or {@code full}. */
    static String profile() {
        return System.getProperty("reliability.profile", "short");
    }

    /** Rounds of concurrent CLI starts per database, each on a fresh database. */
    static int rounds() {
        return Integer.getInteger("reliability.rounds", 1);
    }

    /** Rounds of concurrent sample-app starts per database (a Spring Boot start costs more than a CLI start). */
    static int appRounds() {
        return Integer.getInteger("reliability.app-rounds", 1);
    }

    /** CLI processes started at once. */
    static int processes() {
        return Integer.getInteger("reliability.processes", 8);
    }

    /** Sample-app processes started at once (each a Spring Boot start: 8 of them keep two cores busy for half a minute). */
    static int appProcesses() {
        return Integer.getInteger("reliability.app-processes", 4);
    }

    /** Pending migrations those processes find. */
    static int migrations() {
        return Integer.getInteger("reliability.migrations", 50);
    }

    /** SIGKILLs per database. */
    static int kills() {
        return Integer.getInteger("reliability.kills", 2);
    }

    static Path cliJar() {
        return existing("reliability.cli-jar", "../migrate-cli/target/migrate.jar", "./mvnw -B -pl migrate-cli -am package -DskipTests");
    }

    static Path appJar() {
        return existing("reliability.app-jar", "../migrate-sample-app/target/migrate-sample-app-0.1.0-SNAPSHOT.jar",
                "./mvnw -B -pl migrate-sample-app -am package -DskipTests");
    }

    /** A directory for this run's files (databases, generated migrations, logs). */
    static Path work() {
        Path dir = Path.of(System.getProperty("reliability.work", "target/reliability")).toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean figuresStarted;

    /**
     * Prints a measured figure and writes it to {@code target/reliability/figures.txt}, from which
     * docs/reliability.md takes its numbers. The file holds the figures of the last run only: the
     * run's first figure replaces what an earlier run left there.
     */
    static synchronized void figure(String text) {
        String line = "[reliability " + profile() + "] " + text;
        System.out.println(line);
        try {
            Path file = work().resolve("figures.txt");
            if (!figuresStarted) {
                figuresStarted = true;
                Files.writeString(file, "# reliability suite, " + profile() + " profile, run started " + Instant.now() + "\n",
                        StandardCharsets.UTF_8);
            }
            Files.writeString(file, Instant.now() + " " + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("WARNING: could not record the figure: " + e);
        }
    }

    private static Path existing(String property, String fallback, String build) {
        Path jar = Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist. The reliability suite runs the packaged jars: build them first with '"
                    + build + "' (a full './mvnw -B verify' builds them before this module)");
        }
        return jar;
    }
}
