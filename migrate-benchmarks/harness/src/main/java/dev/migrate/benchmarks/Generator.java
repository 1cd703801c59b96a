package dev.migrate.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes N equivalent migrations in each tool's native format. Migration i creates table
 * {@code t_i (id bigint primary key, name varchar(100), created_at timestamp)}, inserts 10 rows with
 * one statement each, and every 10th also creates an index; its reverse drops the table.
 *
 * <pre>
 * n1000/migrate/V1__m1.sql, U1__m1.sql, ...   Migrate (the floor reads the same files)
 * n1000/flyway/V1__m1.sql, ...                 Flyway (the same up files, no U files: undo is not in Flyway Community)
 * n1000/liquibase/changelog.sql                Liquibase formatted SQL, one changeset per migration, with --rollback
 * </pre>
 */
public final class Generator {

    static final int ROWS = 10;
    static final int INDEX_EVERY = 10;
    private static final String COMPLETE = ".complete";

    private Generator() {
    }

    /** Generates the N migrations below {@code root} unless an earlier call finished doing so; returns their directory. */
    public static Path ensure(Path root, int n) {
        Path dir = root.resolve("n" + n);
        if (Files.exists(dir.resolve(COMPLETE))) {
            return dir;
        }
        try {
            Path migrate = Files.createDirectories(migrateDir(dir));
            Path flyway = Files.createDirectories(flywayDir(dir));
            Path liquibase = Files.createDirectories(liquibaseDir(dir));
            StringBuilder changelog = new StringBuilder("--liquibase formatted sql\n");
            for (int i = 1; i <= n; i++) {
                String up = String.join("\n", up(i)) + "\n";
                String down = String.join("\n", down(i)) + "\n";
                Files.writeString(migrate.resolve(upFileName(i)), up, StandardCharsets.UTF_8);
                Files.writeString(migrate.resolve("U" + i + "__m" + i + ".sql"), down, StandardCharsets.UTF_8);
                Files.writeString(flyway.resolve(upFileName(i)), up, StandardCharsets.UTF_8);
                changelog.append("\n--changeset bench:").append(i).append('\n').append(up);
                for (String statement : down(i)) {
                    changelog.append("--rollback ").append(statement).append('\n');
                }
            }
            Files.writeString(liquibase.resolve(LiquibaseRunner.CHANGELOG), changelog, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(COMPLETE), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    public static Path migrateDir(Path generated) {
        return generated.resolve("migrate");
    }

    public static Path flywayDir(Path generated) {
        return generated.resolve("flyway");
    }

    public static Path liquibaseDir(Path generated) {
        return generated.resolve("liquibase");
    }

    static String upFileName(int i) {
        return "V" + i + "__m" + i + ".sql";
    }

    static String downFileName(int i) {
        return "U" + i + "__m" + i + ".sql";
    }

    /** The statements of migration i, each on one line ending with a semicolon. */
    static List<String> up(int i) {
        List<String> statements = new ArrayList<>();
        String table = "t_" + i;
        statements.add("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name VARCHAR(100), created_at TIMESTAMP);");
        for (int row = 1; row <= ROWS; row++) {
            statements.add("INSERT INTO " + table + " (id, name, created_at) VALUES (" + row + ", 'row " + row + " of " + table
                    + "', TIMESTAMP '2026-01-01 00:00:00');");
        }
        if (i % INDEX_EVERY == 0) {
            statements.add("CREATE INDEX ix_" + table + "_name ON " + table + " (name);");
        }
        return statements;
    }

    /** The reverse of migration i (dropping the table drops its index). */
    static List<String> down(int i) {
        return List.of("DROP TABLE t_" + i + ";");
    }
}
