package dev.migrate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh database for the CLI's tests, reachable by URL from another process (the jar): an H2 file,
 * a SQLite file, or a {@code migrate_t_<random>} database created on the PostgreSQL or MariaDB server
 * named by {@code MIGRATE_TEST_POSTGRES_URL} / {@code MIGRATE_TEST_MARIADB_URL}. {@link #close()}
 * deletes or drops it.
 *
 * <p>A trimmed copy of migrate-core's test helper {@code dev.migrate.testing.TestDatabase} (which the
 * CLI cannot depend on without a test-jar): unlike it, no connection is kept open, because an H2 file
 * database held open by the test JVM could not be opened by the jar. Without the variable a server
 * test is skipped with a message saying how to enable it, except with {@code CI=true}, where it fails.
 */
final class TestDb implements AutoCloseable {

    enum Kind {
        H2, SQLITE, POSTGRES, MARIADB
    }

    static final String H2_USER = "sa";
    static final String H2_PASSWORD = "h2-Secret-42";

    private final Kind kind;
    private final String url;
    private final String user;
    private final String password;
    private final Path directory;
    private final String adminUrl;
    private final String name;

    private TestDb(Kind kind, String url, String user, String password, Path directory, String adminUrl, String name) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.password = password;
        this.directory = directory;
        this.adminUrl = adminUrl;
        this.name = name;
    }

    static TestDb create(Kind kind) {
        try {
            return switch (kind) {
                case H2 -> {
                    Path dir = Files.createTempDirectory("migrate-cli-h2-");
                    yield new TestDb(kind, "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), H2_USER, H2_PASSWORD, dir, null, null);
                }
                case SQLITE -> {
                    Path dir = Files.createTempDirectory("migrate-cli-sqlite-");
                    yield new TestDb(kind, "jdbc:sqlite:" + dir.resolve("test.db").toAbsolutePath(), null, null, dir, null, null);
                }
                case POSTGRES, MARIADB -> onServer(kind);
            };
        } catch (IOException e) {
            throw new IllegalStateException("Could not create a temporary directory: " + e, e);
        }
    }

    /**
     * A database that several processes may open at the same time: for H2 a file served by the first
     * process that opens it to the others ({@code AUTO_SERVER=TRUE}), as a plain H2 file can be open
     * in one process only; the others as {@link #create}.
     */
    static TestDb createShared(Kind kind) {
        TestDb db = create(kind);
        if (kind != Kind.H2) {
            return db;
        }
        return new TestDb(kind, db.url + ";AUTO_SERVER=TRUE", db.user, db.password, db.directory, null, null);
    }

    /** This H2 database opened with {@code settings} added to its URL ({@code ;DATABASE_TO_LOWER=TRUE}). */
    TestDb withSettings(String settings) {
        if (kind != Kind.H2) {
            throw new IllegalStateException("Settings in the URL are H2's: " + kind);
        }
        return new TestDb(kind, url + settings, user, password, directory, null, null);
    }

    private static TestDb onServer(Kind kind) {
        String variable = kind == Kind.POSTGRES ? "MIGRATE_TEST_POSTGRES_URL" : "MIGRATE_TEST_MARIADB_URL";
        String example = kind == Kind.POSTGRES ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
                : "jdbc:mariadb://127.0.0.1:3306/test?user=root";
        String admin = System.getenv(variable);
        if (admin == null || admin.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(variable + " is not set and CI=true: run the build through 'bash .ci/run', which sets "
                        + variable + "=" + example);
            }
            Assumptions.abort(kind + " CLI tests skipped: set " + variable + "=" + example + " (or run 'bash .ci/run') to run them");
        }
        String name = "migrate_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + fileCopy(c));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " with " + variable + ": " + e.getMessage()
                    + " (is the server running? 'bash .ci/run' starts it)", e);
        }
        return new TestDb(kind, withDatabase(admin, name), null, null, null, admin, name);
    }

    Kind kind() {
        return kind;
    }

    String url() {
        return url;
    }

    /** The connection options for the jar: {@code --url} and, for H2, {@code --user}/{@code --password}. */
    List<String> connectionArgs() {
        List<String> args = new ArrayList<>(List.of("--url", url));
        if (user != null) {
            args.addAll(List.of("--user", user));
        }
        if (password != null) {
            args.addAll(List.of("--password", password));
        }
        return args;
    }

    Connection connect() throws SQLException {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(url, p);
    }

    void execute(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    long count(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** What the database's client said, and its exit code. */
    record ClientRun(int exitCode, String output) {
    }

    /** Runs a SQL script as a DBA would: psql, mariadb and sqlite3 (.ci/run requires them), H2's own RUNSCRIPT. */
    ClientRun runScript(Path script) throws IOException, InterruptedException {
        List<String> command;
        boolean stdin = false;
        switch (kind) {
            case H2 -> {
                try {
                    execute("RUNSCRIPT FROM '" + script.toAbsolutePath() + "'");
                    return new ClientRun(0, "");
                } catch (IllegalStateException e) {
                    return new ClientRun(1, e.getMessage());
                }
            }
            case POSTGRES -> command = List.of("psql", url.substring("jdbc:".length()), "-v", "ON_ERROR_STOP=1", "-q", "-f", script.toString());
            case MARIADB -> {
                java.net.URI uri = java.net.URI.create(url.substring("jdbc:".length()));
                // --comments, as the script's header says: the client strips the comments of a procedure's body without it.
                List<String> args = new ArrayList<>(List.of("mariadb", "--comments", "-h", uri.getHost(), "-P", String.valueOf(uri.getPort())));
                for (String parameter : uri.getQuery() == null ? new String[0] : uri.getQuery().split("&")) {
                    if (parameter.startsWith("user=")) {
                        args.addAll(List.of("-u", parameter.substring("user=".length())));
                    } else if (parameter.startsWith("password=")) {
                        args.add("-p" + parameter.substring("password=".length()));
                    }
                }
                args.add(uri.getPath().substring(1));
                command = args;
                stdin = true;
            }
            case SQLITE -> {
                command = List.of("sqlite3", "-bail", url.substring("jdbc:sqlite:".length()));
                stdin = true;
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin) {
            builder.redirectInput(script.toFile());
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish within 60 s:\n" + output);
        }
        return new ClientRun(process.exitValue(), command + ":\n" + output);
    }

    /** The rows {@code sql} returns, each as its columns joined by {@code |}. */
    List<String> rows(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (directory != null) {
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                System.err.println("WARNING: could not delete " + directory + ": " + e);
            }
            return;
        }
        try (Connection c = DriverManager.getConnection(adminUrl); Statement st = c.createStatement()) {
            if (kind == Kind.POSTGRES) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } else {
                List<Long> sessions = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '" + name
                        + "' AND ID <> CONNECTION_ID()")) {
                    while (rs.next()) {
                        sessions.add(rs.getLong(1));
                    }
                }
                for (long id : sessions) {
                    try {
                        st.execute("KILL " + id);
                    } catch (SQLException ended) {
                        // the session ended by itself
                    }
                }
                st.execute("DROP DATABASE IF EXISTS " + name);
            }
        } catch (SQLException e) {
            System.err.println("WARNING: could not drop " + name + ": " + e.getMessage());
        }
    }

    /** Replaces the database in {@code jdbc:<driver>://host[:port][/database][?parameters]}. */
    static String withDatabase(String url, String database) {
        int authority = url.indexOf("//");
        int query = url.indexOf('?', authority);
        int end = query < 0 ? url.length() : query;
        int path = url.indexOf('/', authority + 2);
        if (path < 0 || path > end) {
            path = end;
        }
        return url.substring(0, path) + "/" + database + url.substring(end);
    }

    @Override
    public String toString() {
        return kind + " " + (name != null ? name : directory);
    }

    /** {@code STRATEGY FILE_COPY} on PostgreSQL 15 and later: copying the template's files costs the server half the CPU of PostgreSQL 15's default, which writes them all to the WAL. */
    private static String fileCopy(java.sql.Connection c) throws java.sql.SQLException {
        java.sql.DatabaseMetaData metaData = c.getMetaData();
        return metaData.getDatabaseProductName().equals("PostgreSQL") && metaData.getDatabaseMajorVersion() >= 15
                ? " STRATEGY FILE_COPY" : "";
    }
}
