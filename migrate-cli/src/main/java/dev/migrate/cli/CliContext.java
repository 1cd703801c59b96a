package dev.migrate.cli;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
        Console console = System.console();
        boolean terminal = isTerminal(console != null, reportsTerminal(console, Console.class), env.get("TERM"));
        return new CliContext(System.out, System.err, env, Path.of("").toAbsolutePath(), terminal);
    }

    /**
     * Whether to treat the output as an interactive terminal.
     *
     * @param hasConsole      whether {@link System#console()} returned a console
     * @param reportsTerminal what {@code Console.isTerminal()} answered, or null on a JDK without it (before 22)
     * @param term            the {@code TERM} environment variable, or null
     */
    static boolean isTerminal(boolean hasConsole, Boolean reportsTerminal, String term) {
        if (!hasConsole || "dumb".equals(term)) {
            return false;
        }
        // Before JDK 22 a console exists only when stdin and stdout are both a terminal. From 22 on,
        // System.console() also returns one when they are redirected, and only isTerminal() tells:
        // without it, colour and carriage returns would end up in a CI log or a file.
        return reportsTerminal == null || reportsTerminal;
    }

    /**
     * {@code console.isTerminal()} called reflectively, since the CLI is compiled for Java 17 and the
     * method exists from Java 22; null when {@code type} has no such method or the call fails.
     *
     * @param type the class to look the method up on ({@link Console}, or a stand-in in tests)
     */
    static Boolean reportsTerminal(Object console, Class<?> type) {
        if (console == null) {
            return null;
        }
        Method isTerminal;
        try {
            isTerminal = type.getMethod("isTerminal");
        } catch (NoSuchMethodException e) {
            return null;
        }
        try {
            return isTerminal.invoke(console) instanceof Boolean b ? b : null;
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            return null;
        }
    }

    /** Resolves {@code path} against the working directory. */
    public Path resolve(String path) {
        return workingDir.resolve(path).normalize();
    }
}
