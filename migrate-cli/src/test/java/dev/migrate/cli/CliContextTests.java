package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Console;
import org.junit.jupiter.api.Test;

/** When the CLI treats its output as a terminal (colour, a progress line redrawn in place). */
class CliContextTests {

    @Test
    void aConsoleThatSaysItIsNotATerminalIsNotOne() {
        // JDK 22+: System.console() is not null with stdout redirected, isTerminal() is false.
        assertThat(CliContext.isTerminal(true, false, "xterm-256color")).isFalse();
        assertThat(CliContext.isTerminal(true, true, "xterm-256color")).isTrue();
    }

    @Test
    void beforeJdk22AConsoleMeansATerminal() {
        assertThat(CliContext.isTerminal(true, null, "xterm")).isTrue();
        assertThat(CliContext.isTerminal(true, null, null)).isTrue();
    }

    @Test
    void noConsoleOrADumbTerminalIsNeverOne() {
        assertThat(CliContext.isTerminal(false, null, "xterm")).isFalse();
        assertThat(CliContext.isTerminal(false, true, "xterm")).isFalse();
        assertThat(CliContext.isTerminal(true, true, "dumb")).isFalse();
        assertThat(CliContext.isTerminal(true, null, "dumb")).isFalse();
    }

    @Test
    void isTerminalIsCalledWhereTheTypeHasIt() {
        assertThat(CliContext.reportsTerminal(new RedirectedConsole(), RedirectedConsole.class)).isFalse();
        assertThat(CliContext.reportsTerminal(new InteractiveConsole(), InteractiveConsole.class)).isTrue();
        assertThat(CliContext.reportsTerminal(new Object(), Object.class)).as("no isTerminal(): a JDK before 22").isNull();
        assertThat(CliContext.reportsTerminal(null, Console.class)).isNull();
        assertThat(CliContext.reportsTerminal(new FailingConsole(), FailingConsole.class)).isNull();
    }

    @Test
    void onThisJdkTheLookupOnConsoleMatchesItsVersion() {
        boolean hasMethod;
        try {
            Console.class.getMethod("isTerminal");
            hasMethod = true;
        } catch (NoSuchMethodException e) {
            hasMethod = false;
        }
        assertThat(hasMethod).as("Console.isTerminal() exists from JDK 22 on").isEqualTo(Runtime.version().feature() >= 22);
        Console console = System.console();
        if (console != null && !hasMethod) {
            assertThat(CliContext.reportsTerminal(console, Console.class)).isNull();
        }
    }

    public static final class RedirectedConsole {
        public boolean isTerminal() {
            return false;
        }
    }

    public static final class InteractiveConsole {
        public boolean isTerminal() {
            return true;
        }
    }

    public static final class FailingConsole {
        public boolean isTerminal() {
            throw new IllegalStateException("closed");
        }
    }
}
