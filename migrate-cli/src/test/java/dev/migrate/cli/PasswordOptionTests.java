package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --password} without a value, run in-process with stdin replaced: without a terminal (as in
 * the test JVM) the prompt goes to stderr and the password is read from stdin, so stdout holds the
 * result alone.
 */
class PasswordOptionTests {

    private static final String SECRET = "Prompt-Secret-8";

    @TempDir
    Path work;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private String url;

    @BeforeEach
    void createDatabaseWithAPassword() throws Exception {
        Path sql = Files.createDirectories(work.resolve("sql"));
        Files.writeString(sql.resolve("V1__books.sql"), "CREATE TABLE books (id INT);\n");
        url = "jdbc:h2:file:" + work.resolve("db").toAbsolutePath();
        assertThat(run("", "--url", url, "--user", "sa", "--password", SECRET, "--locations", "sql", "migrate")).as(err()).isZero();
    }

    private int run(String stdin, String... args) {
        return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    private int run(InputStream stdin, String... args) {
        out.reset();
        err.reset();
        InputStream original = System.in;
        System.setIn(stdin);
        try {
            return MigrateCli.run(args, new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), work, false));
        } finally {
            System.setIn(original);
        }
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private List<String> args(String... args) {
        List<String> all = new ArrayList<>(List.of("--url", url, "--user", "sa", "--locations", "sql"));
        all.addAll(List.of(args));
        return all;
    }

    @Test
    void withoutATerminalTheJsonOnStdoutIsAllThereIs() {
        assertThat(run(SECRET + "\n", args("--json", "status", "--password").toArray(String[]::new))).as(err()).isZero();
        JsonNode status = JsonMapper.builder().build().readTree(out());
        assertThat(status.get("current").asString()).isEqualTo("1");
        assertThat(out()).doesNotContain("Database password").doesNotContain(SECRET);
        assertThat(err()).startsWith("Database password (read from stdin, not hidden): ").doesNotContain(SECRET);
    }

    @Test
    void thePromptedPasswordIsTheOneUsed() {
        assertThat(run("Wrong-Secret-9\n", args("--password", "status").toArray(String[]::new))).isNotZero();
        assertThat(out() + err()).doesNotContain("Wrong-Secret-9");
        assertThat(run(SECRET + "\n", args("--password", "status").toArray(String[]::new))).as("before the command: " + err()).isZero();
        assertThat(out()).contains("Version:     1").doesNotContain("Database password");
    }

    /** The command after a valueless --password is the command, not a secret to blank from the output. */
    @Test
    void theCommandAfterAValuelessPasswordOptionIsNotBlankedFromTheOutput() throws Exception {
        Files.writeString(work.resolve("sql/V2__status_flag.sql"), "ALTER TABLE books ADD COLUMN flag INT;\n");
        assertThat(run(SECRET + "\n", args("--password", "status").toArray(String[]::new))).as(err()).isZero();
        assertThat(out()).contains("status flag").doesNotContain("***");
        assertThat(MigrateCli.secretArguments(new String[] {"--password", "status"},
                MigrateCli.optionNames(new picocli.CommandLine(new MigrateCli())))).isEmpty();
    }

    @Test
    void aPasswordGivenWithTheOptionReadsNothing() throws Exception {
        ByteArrayInputStream stdin = new ByteArrayInputStream("untouched\n".getBytes(StandardCharsets.UTF_8));
        assertThat(run(stdin, args("--password=" + SECRET, "status").toArray(String[]::new))).as(err()).isZero();
        assertThat(stdin.available()).isEqualTo("untouched\n".length());
        assertThat(err()).doesNotContain("Database password");
    }

    @Test
    void anEmptyInputIsAUsageErrorNamingTheOtherWays() {
        assertThat(run("", args("status", "--password").toArray(String[]::new))).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("--password was given without a value").contains("MIGRATE_PASSWORD");
        assertThat(run("", args("--json", "status", "--password").toArray(String[]::new))).isEqualTo(ExitCodes.USAGE);
        assertThat(JsonMapper.builder().build().readTree(out()).get("error").get("kind").asString()).isEqualTo("usage");
    }
}
