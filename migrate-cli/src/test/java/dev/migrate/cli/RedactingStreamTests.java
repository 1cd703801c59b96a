package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The stream that stands in for System.err, so log lines are redacted like the CLI's own output. */
class RedactingStreamTests {

    private final ByteArrayOutputStream target = new ByteArrayOutputStream();
    private final List<String> secrets = new CopyOnWriteArrayList<>();
    private final PrintStream err = new PrintStream(
            new RedactingStream(new PrintStream(target, true, StandardCharsets.UTF_8), () -> new Redactor(secrets)), false,
            StandardCharsets.UTF_8);

    private String written() {
        return target.toString(StandardCharsets.UTF_8);
    }

    @Test
    void logLinesLoseKnownPasswordsAndUrlPasswords() {
        secrets.add("Log-Secret-7");
        err.println("[DEBUG] Engine - V1__users.sql line 3: CREATE USER app PASSWORD 'Log-Secret-7'");
        err.println("[INFO] connecting to jdbc:postgresql://db/app?password=Url-Secret-8");
        assertThat(written()).isEqualTo("[DEBUG] Engine - V1__users.sql line 3: CREATE USER app PASSWORD '***'\n"
                + "[INFO] connecting to jdbc:postgresql://db/app?password=***\n");
    }

    @Test
    void aPasswordLearnedLaterIsRedactedFromThenOn() {
        err.println("before: Late-Secret-9");
        secrets.add("Late-Secret-9"); // read from migrate.properties once the command runs
        err.println("after: Late-Secret-9");
        assertThat(written()).isEqualTo("before: Late-Secret-9\nafter: ***\n");
    }

    @Test
    void aPasswordSplitAcrossWritesOfOneLineIsStillFound() {
        secrets.add("Split-Secret-3");
        err.print("error: Split-");
        err.print("Secret");
        err.print("-3 rejected");
        assertThat(written()).as("nothing is passed on before the line ends").isEmpty();
        err.println();
        assertThat(written()).isEqualTo("error: *** rejected\n");
    }

    @Test
    void severalLinesInOneWriteAndStackTraces() {
        secrets.add("Trace-Secret-4");
        new IllegalStateException("bad login Trace-Secret-4").printStackTrace(err);
        String text = written();
        assertThat(text).startsWith("java.lang.IllegalStateException: bad login ***\n").contains("\tat ").doesNotContain("Trace-Secret-4");
        byte[] lines = "one Trace-Secret-4\ntwo Trace-Secret-4\nthree".getBytes(StandardCharsets.UTF_8);
        err.write(lines, 0, lines.length);
        err.flush();
        assertThat(written().substring(text.length())).isEqualTo("one ***\ntwo ***\nthree");
    }
}
