package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Standard output that cannot be written, as a shell sets it up: a device that is always full (a full disk), and a
 * pipe whose reader has gone ({@code migrate history | head -1}).
 */
class StdoutJarTests {

    @TempDir
    Path work;

    private String url;

    private ProcessBuilder migrate(String... args) throws Exception {
        Path sql = Files.createDirectories(work.resolve("sql"));
        if (url == null) {
            for (int n = 1; n <= 300; n++) {
                Files.writeString(sql.resolve("V" + n + "__table_" + n + ".sql"), "CREATE TABLE t" + n + " (id INT);\n");
            }
            url = "jdbc:h2:file:" + work.resolve("db").toAbsolutePath();
        }
        String jar = Path.of(System.getProperty("migrate.jar", "target/migrate.jar")).toAbsolutePath().toString();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", jar, "--url", url, "--user", "sa", "--locations", "sql"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("MIGRATE_"));
        return builder;
    }

    @Test
    void outputToAFullDeviceIsAnErrorThatSaysTheCommandRan() throws Exception {
        File full = new File("/dev/full");
        assertThat(full).as("Linux's always-full device").exists();
        Path err = work.resolve("stderr.txt");
        Process migrated = migrate("migrate").redirectOutput(full).redirectError(err.toFile()).start();
        assertThat(migrated.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(migrated.exitValue()).as(Files.readString(err)).isEqualTo(ExitCodes.USAGE);
        assertThat(Files.readString(err)).contains("Could not write the output to stdout (No space left on device)")
                .contains("The command itself ran ('status' shows where the database stands)");

        // The migrations were applied all the same: a status with somewhere to write says so, and exits 0.
        Path out = work.resolve("status.json");
        Process status = migrate("--json", "status").redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(status.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(status.exitValue()).as(Files.readString(err)).isZero();
        assertThat(JsonMapper.builder().build().readTree(Files.readString(out)).get("current").asString()).isEqualTo("300");

        // A command that fails keeps its own code.
        Files.writeString(work.resolve("sql/V1__table_1.sql"), "CREATE TABLE t1 (id BIGINT);\n");
        Process validate = migrate("validate").redirectOutput(full).redirectError(err.toFile()).start();
        assertThat(validate.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(validate.exitValue()).as(Files.readString(err)).isEqualTo(ExitCodes.VALIDATION_FAILED);
        assertThat(Files.readString(err)).contains("The command itself ran and ended with exit code 3");
    }

    @Test
    void aReaderThatStopsReadingIsNoFailure() throws Exception {
        Process migrated = migrate("migrate").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(migrated.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(migrated.exitValue()).isZero();

        // The reading end is closed before the process starts writing: every write of its 300 rows fails (EPIPE).
        Path err = work.resolve("stderr.txt");
        Process history = migrate("history").redirectError(err.toFile()).start();
        history.getInputStream().close();
        assertThat(history.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(history.exitValue()).as(Files.readString(err)).isZero();
        assertThat(Files.readString(err)).doesNotContain("Could not write");
    }
}
