package dev.migrate.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A folder of migration files written by a test, used as a {@code filesystem:} location. */
public final class MigrationFiles {

    private final Path dir;

    public MigrationFiles(Path dir) {
        this.dir = dir;
    }

    public String location() {
        return "filesystem:" + dir;
    }

    public Path dir() {
        return dir;
    }

    public MigrationFiles write(String name, String content) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public MigrationFiles writeBytes(String name, byte[] content) {
        try {
            Files.write(dir.resolve(name), content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public MigrationFiles delete(String name) {
        try {
            Files.delete(dir.resolve(name));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** V{n}__create_t{n}.sql creating table t{n}, and its U file dropping it. */
    public MigrationFiles table(int n) {
        write("V" + n + "__create_t" + n + ".sql", "CREATE TABLE t" + n + " (id INT PRIMARY KEY, name VARCHAR(50));\n");
        return write("U" + n + "__create_t" + n + ".sql", "DROP TABLE t" + n + ";\n");
    }
}
