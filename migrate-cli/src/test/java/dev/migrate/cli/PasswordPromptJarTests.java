package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code migrate --json status --password > status.json} as a user runs it: the jar in its own
 * process, stdout redirected to a file, so that there is no console, and the password on stdin.
 */
class PasswordPromptJarTests {

    private static final String SECRET = "Jar-Prompt-Secret-6";

    @TempDir
    Path work;

    @Test
    void withStdoutInAFileThePromptGoesToStderrAndTheFileIsJsonAlone() throws Exception {
        Path sql = Files.createDirectories(work.resolve("sql"));
        Files.writeString(sql.resolve("V1__books.sql"), "CREATE TABLE books (id INT);\n");
        String url = "jdbc:h2:file:" + work.resolve("db").toAbsolutePath();
        JarRunner.Result migrated = new JarRunner(work).run("--url", url, "--user", "sa", "--password", SECRET, "--locations", "sql", "migrate");
        assertThat(migrated.exitCode()).as(migrated.toString()).isZero();

        Path out = work.resolve("status.json");
        Path err = work.resolve("stderr.txt");
        String jar = Path.of(System.getProperty("migrate.jar", "target/migrate.jar")).toAbsolutePath().toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
                "--url", url, "--user", "sa", "--locations", "sql", "--json", "status", "--password"))
                .directory(work.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("MIGRATE_"));
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write((SECRET + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("migrate finished").isTrue();

        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        assertThat(process.exitValue()).as(stdout + stderr).isZero();
        JsonNode status = JsonMapper.builder().build().readTree(stdout);
        assertThat(status.get("current").asString()).isEqualTo("1");
        assertThat(stdout).startsWith("{").doesNotContain("password").doesNotContain(SECRET);
        assertThat(stderr).startsWith("Database password (read from stdin, not hidden): ").doesNotContain(SECRET);
    }
}
