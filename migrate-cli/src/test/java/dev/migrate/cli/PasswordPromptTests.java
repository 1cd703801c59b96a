package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordPromptTests {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private String read(PasswordPrompt.Terminal terminal, InputStream in) {
        return PasswordPrompt.read(terminal, in, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static InputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutATerminalThePromptGoesToStderrAndSaysThePasswordIsNotHidden() {
        assertThat(read(null, stdin("Pipe-Secret-1\n"))).isEqualTo("Pipe-Secret-1");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Database password (read from stdin, not hidden): ");
    }

    @Test
    void onlyTheFirstLineIsTakenWithoutItsLineEnd() throws Exception {
        InputStream in = stdin("Crlf-Secret-2\r\nnext line\n");
        assertThat(read(null, in)).isEqualTo("Crlf-Secret-2");
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as("left for whatever reads stdin next").isEqualTo("next line\n");
        assertThat(read(null, stdin("No-Line-End-3"))).isEqualTo("No-Line-End-3");
        assertThat(read(null, stdin("  spaced   \n"))).as("blanks are part of a password").isEqualTo("  spaced   ");
        assertThat(read(null, stdin("\n"))).as("an empty line is an empty password").isEmpty();
    }

    @Test
    void theEndOfTheInputIsNoPassword() {
        assertThat(read(null, stdin(""))).isNull();
        assertThat(err.toString(StandardCharsets.UTF_8)).as("the error that follows starts a line").endsWith(": " + System.lineSeparator());
    }

    @Test
    void aTerminalIsAskedWithoutEchoAndStderrStaysEmpty() {
        List<String> prompts = new ArrayList<>();
        PasswordPrompt.Terminal terminal = prompt -> {
            prompts.add(prompt);
            return "Typed-Secret-4".toCharArray();
        };
        assertThat(read(terminal, stdin("not this\n"))).isEqualTo("Typed-Secret-4");
        assertThat(prompts).containsExactly("Database password: ");
        assertThat(err.size()).isZero();
        assertThat(read(prompt -> null, stdin(""))).as("Ctrl-D").isNull();
    }
}
