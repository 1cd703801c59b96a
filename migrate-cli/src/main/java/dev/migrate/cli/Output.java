package dev.migrate.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything a command prints goes through here: human text or JSON on stdout, errors on stderr,
 * colour only on a terminal, and every line passed through the {@link Redactor} so a password never
 * reaches the screen or a CI log.
 */
final class Output {

    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private static final String RESET = "\u001B[0m";

    private final CliContext context;
    private final boolean json;
    private final boolean color;
    private final Redactor redactor;

    Output(CliContext context, boolean json, boolean color, Redactor redactor) {
        this.context = context;
        this.json = json;
        this.color = color;
        this.redactor = redactor;
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    boolean json() {
        return json;
    }

    boolean terminal() {
        return context.terminal();
    }

    PrintStream out() {
        return context.out();
    }

    /** One line of human output. */
    void line(String text) {
        context.out().println(redactor.redact(text));
    }

    void line() {
        context.out().println();
    }

    /** Human output without a line end, flushed, for a progress line. */
    void partial(String text) {
        context.out().print(redactor.redact(text));
        context.out().flush();
    }

    /**
     * The JSON document of a command, on stdout, in UTF-8 whatever the platform's encoding (RFC 8259): written as
     * text, it went out in the locale's encoding, and under a C or POSIX locale (a container without {@code LANG})
     * every character outside ASCII, of a description, a file name or a database's error, came out as {@code ?}.
     */
    void json(JsonNode node) {
        byte[] document = (redactor.redact(MAPPER.writeValueAsString(node)) + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        context.out().write(document, 0, document.length);
        context.out().flush();
    }

    /** One line on stderr. */
    void error(String text) {
        context.err().println(redactor.redact(text));
        context.err().flush();
    }

    String green(String s) {
        return paint("32", s);
    }

    String red(String s) {
        return paint("31", s);
    }

    String yellow(String s) {
        return paint("33", s);
    }

    String bold(String s) {
        return paint("1", s);
    }

    String dim(String s) {
        return paint("2", s);
    }

    private String paint(String code, String s) {
        return color && !s.isEmpty() ? "\u001B[" + code + "m" + s + RESET : s;
    }
}
