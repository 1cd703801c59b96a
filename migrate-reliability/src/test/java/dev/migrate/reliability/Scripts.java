package dev.migrate.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Migration folders the tests generate. */
final class Scripts {

    private Scripts() {
    }

    /** A new empty folder under the work directory. */
    static Path folder(String prefix) {
        try {
            return Files.createTempDirectory(Settings.work(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path dir, String name, String content) {
        try {
            Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code count} migrations from version {@code first}: the first creates {@code applied_log}, every
     * other one creates its own table and writes its version into {@code applied_log}, so a migration
     * applied twice shows up as a duplicate row (or a failed CREATE TABLE).
     */
    static Path exactlyOnce(int first, int count) {
        Path dir = folder("exactly-once-");
        write(dir, "V" + first + "__applied_log.sql", "CREATE TABLE applied_log (version INT NOT NULL);\n");
        for (int v = first + 1; v < first + count; v++) {
            write(dir, "V" + v + "__table_" + v + ".sql", "CREATE TABLE t_" + v + " (id INT PRIMARY KEY, note VARCHAR(40));\n"
                    + "INSERT INTO t_" + v + " (id, note) VALUES (1, 'version " + v + "');\n"
                    + "INSERT INTO applied_log (version) VALUES (" + v + ");\n");
        }
        return dir;
    }
}
