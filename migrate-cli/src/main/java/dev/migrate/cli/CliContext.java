package dev.migrate.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one run of the CLI may touch outside its arguments: its streams, its environment variables
 * and its working directory. {@link MigrateCli#main} passes the real ones; tests pass their own, so
 * a command can run in-process without touching {@code System.getenv()} or {@code System.out}.
 *
 * @param terminal whether stdout is an interactive terminal (colour, a progress line redrawn in place)
 */
public record CliContext(PrintStream out, PrintStream err, Map<String, String> env, Path workingDir, boolean terminal) {

    /** The process's own streams, environment and directory. */
    public static CliContext system() {
        Map<String, String> env = System.getenv();
        // System.console() is null when stdout or stdin is redirected, which is when colour and
        // carriage returns would end up in a log file.
        boolean terminal = System.console() != null && !"dumb".equals(env.get("TERM"));
        return new CliContext(System.out, System.err, env, Path.of("").toAbsolutePath(), terminal);
    }

    /** Resolves {@code path} against the working directory. */
    public Path resolve(String path) {
        return workingDir.resolve(path).normalize();
    }
}
