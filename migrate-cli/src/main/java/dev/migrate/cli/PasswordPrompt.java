package dev.migrate.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;

/**
 * Asks for the password of {@code --password} given without a value, never on stdout, which holds
 * only the result ({@code migrate --json status --password > status.json} must write JSON alone).
 *
 * <p>On a terminal the prompt goes to the terminal and the password is read without echo. Without
 * one, which on Java 17 to 21 is whenever stdin or stdout is redirected, Java cannot turn echo off:
 * the prompt goes to stderr, saying that the password is not hidden, and the password is the first
 * line of stdin, so that {@code secret-tool lookup db app | migrate --password status} works too.
 *
 * <pre>{@code
 * String password = PasswordPrompt.read(PasswordPrompt.Terminal.system(), System.in, context.err());
 * }</pre>
 */
final class PasswordPrompt {

    static final String PROMPT = "Database password: ";
    /** The prompt without a terminal, where what is typed shows. */
    static final String PROMPT_WITHOUT_TERMINAL = "Database password (read from stdin, not hidden): ";

    /** A terminal that reads a line without echo: {@link Console#readPassword}. */
    @FunctionalInterface
    interface Terminal {

        /** Shows {@code prompt} and reads a line without echoing it; null at the end of input. */
        char[] readPassword(String prompt);

        /**
         * The process's console when it is a terminal, else null. From Java 22 on {@link System#console()}
         * exists even with stdin or stdout redirected, and would then print the prompt on stdout: only
         * {@code Console.isTerminal()} tells them apart.
         */
        static Terminal system() {
            Console console = System.console();
            if (console == null || Boolean.FALSE.equals(CliContext.reportsTerminal(console, Console.class))) {
                return null;
            }
            return prompt -> console.readPassword("%s", prompt);
        }
    }

    private PasswordPrompt() {
    }

    /**
     * The password from {@code terminal}, or when it is null from the first line of {@code in} after a
     * prompt on {@code err}; null when the input ended before a password (Ctrl-D, an empty pipe).
     */
    static String read(Terminal terminal, InputStream in, PrintStream err) {
        if (terminal != null) {
            char[] password = terminal.readPassword(PROMPT);
            return password == null ? null : new String(password);
        }
        err.print(PROMPT_WITHOUT_TERMINAL);
        err.flush();
        String password = readLine(in);
        if (password == null) {
            err.println(); // so that the error saying why is not run on after the prompt
        }
        return password;
    }

    /**
     * One line of {@code in} without its line end, read byte by byte so nothing after it is taken
     * from the stream; null at the end of the input before any byte.
     */
    private static String readLine(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            if (b < 0 && line.size() == 0) {
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the password from stdin", e);
        }
        String text = line.toString(stdinCharset());
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * The encoding of what a terminal or a pipe passes on stdin: the platform's, as the console's own
     * is ({@code native.encoding}), where Java 18 and later default to UTF-8 for everything else.
     */
    private static Charset stdinCharset() {
        String name = System.getProperty("stdin.encoding", System.getProperty("native.encoding"));
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }
}
