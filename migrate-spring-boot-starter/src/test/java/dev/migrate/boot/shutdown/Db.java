package dev.migrate.boot.shutdown;

import dev.migrate.boot.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The database the application migrates in {@link ShutdownTests} and {@link ContextCloseTests}: a scratch PostgreSQL or
 * MariaDB database, or an H2 file no other process has open.
 */
record Db(String url, String user, TestDatabase server) implements AutoCloseable {

    static Db create(TestDatabase.Kind kind, Path work) {
        if (kind == TestDatabase.Kind.H2) {
            // H2 closes a database at JVM shutdown unless told not to, under the cancelled migration's FAILED mark.
            return new Db("jdbc:h2:file:" + work.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", null);
        }
        TestDatabase server = TestDatabase.create(kind);
        return new Db(server.url(), null, server);
    }

    /**
     * Three migrations in {@code work/migrations}: V1 creates {@code data} with one row, V2 inserts a second and then runs
     * a statement far longer than {@code sleep} (line 2), V3 creates {@code t3}.
     */
    static Path slowMigrations(TestDatabase.Kind kind, Path work, Duration sleep) throws IOException {
        Path dir = Files.createDirectories(work.resolve("migrations"));
        Files.writeString(dir.resolve("V1__data.sql"), "CREATE TABLE data (id INT PRIMARY KEY);\nINSERT INTO data VALUES (1);\n");
        Files.writeString(dir.resolve("V2__slow.sql"), "INSERT INTO data VALUES (2);\n" + switch (kind) {
            case POSTGRES -> "SELECT pg_sleep(" + sleep.toSeconds() + ");\n";
            case MARIADB -> "SELECT SLEEP(" + sleep.toSeconds() + ");\n";
            // Minutes of counting on this machine: far longer than any sleep here.
            case H2 -> "SELECT SUM(X) FROM SYSTEM_RANGE(1, 100000000000);\n";
        });
        Files.writeString(dir.resolve("V3__t3.sql"), "CREATE TABLE t3 (id INT);\n");
        return dir;
    }

    /** The application's settings: this database, the migrations in {@code dir}, each statement logged (dev). */
    List<String> args(Path dir) {
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + url, "--migrate.locations=filesystem:" + dir,
                "--migrate.environment=dev"));
        if (user != null) {
            args.add("--spring.datasource.username=" + user);
        }
        return args;
    }

    DriverManagerDataSource dataSource() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url);
        if (user != null) {
            dataSource.setUsername(user);
        }
        return dataSource;
    }

    List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
