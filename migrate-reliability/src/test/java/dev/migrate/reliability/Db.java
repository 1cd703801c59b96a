package dev.migrate.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
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
 * A fresh database that other processes reach by URL: an H2 file (with {@code AUTO_SERVER=TRUE}, so
 * several processes may open it: the first one serves it to the others; or, with {@link #h2Server()},
 * served by an H2 TCP server in the test's JVM, which outlives the processes under test), a SQLite file, or a {@code migrate_t_<random>} database created on
 * the PostgreSQL or MariaDB server named by {@code MIGRATE_TEST_POSTGRES_URL} /
 * {@code MIGRATE_TEST_MARIADB_URL}. No connection is kept open between calls: the processes under
 * test must be the ones that open an H2 file. {@link #close()} drops or deletes it.
 *
 * <p>Without the variable a server database is skipped with a message saying how to enable it, except
 * with {@code CI=true}, where that is a failure.
 */
final class Db implements AutoCloseable {

    enum Kind {
        POSTGRES, MARIADB, H2, SQLITE;

        /** Whether a failed or killed migration leaves no trace: DDL inside a transaction rolls back. */
        boolean transactionalDdl() {
            return this == POSTGRES || this == SQLITE;
        }
    }

    static final String H2_USER = "sa";
    static final String H2_PASSWORD = "h2-Pw-" + UUID.randomUUID().toString().substring(0, 8);

    private final Kind kind;
    private final String url;
    private final String user;
    private final String password;
    private final Path directory;
    private final String adminUrl;
    private final String name;
    private final List<String> users = new ArrayList<>();
    private org.h2.tools.Server h2Server;

    private Db(Kind kind, String url, String user, String password, Path directory, String adminUrl, String name) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.password = password;
        this.directory = directory;
        this.adminUrl = adminUrl;
        this.name = name;
    }

    static Db create(Kind kind) {
        try {
            return switch (kind) {
                case H2 -> {
                    Path dir = Files.createTempDirectory(Settings.work(), "h2-");
                    yield new Db(kind, "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";AUTO_SERVER=TRUE", H2_USER, H2_PASSWORD,
                            dir, null, null);
                }
                case SQLITE -> {
                    Path dir = Files.createTempDirectory(Settings.work(), "sqlite-");
                    yield new Db(kind, "jdbc:sqlite:" + dir.resolve("test.db").toAbsolutePath(), null, null, dir, null, null);
                }
                case POSTGRES, MARIADB -> onServer(kind);
            };
        } catch (IOException e) {
            throw new IllegalStateException("Could not create a temporary directory: " + e, e);
        }
    }

    /**
     * A database that something else created and removes (a {@link PasswordPostgres} server's), reached
     * with {@code url} and {@code password}; {@link #close()} leaves it alone.
     */
    static Db existing(Kind kind, String url, String password, String name) {
        return new Db(kind, url, null, password, null, null, name);
    }

    /**
     * An H2 database served by a TCP server in this JVM ({@code jdbc:h2:tcp://...}): unlike
     * {@code AUTO_SERVER}, where the process that opened the file first serves it and takes it away when
     * it exits, the database stays reachable for every process under test.
     */
    static Db h2Server() {
        try {
            Path dir = Files.createTempDirectory(Settings.work(), "h2-tcp-");
            org.h2.tools.Server server = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir",
                    dir.toString()).start();
            Db db = new Db(Kind.H2, "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/db", H2_USER, H2_PASSWORD, dir, null, null);
            db.h2Server = server;
            return db;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Could not start an H2 TCP server: " + e, e);
        }
    }

    /** The admin URL of a server database, or an aborted test (a failure with {@code CI=true}). */
    static String serverUrl(Kind kind) {
        String variable = kind == Kind.POSTGRES ? "MIGRATE_TEST_POSTGRES_URL" : "MIGRATE_TEST_MARIADB_URL";
        String example = kind == Kind.POSTGRES ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
                : "jdbc:mariadb://127.0.0.1:3306/test?user=root";
        String admin = System.getenv(variable);
        if (admin == null || admin.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(variable + " is not set and CI=true: run the build through 'bash .ci/run', which sets "
                        + variable + "=" + example);
            }
            Assumptions.abort(kind + " reliability tests skipped: set " + variable + "=" + example + " (or run 'bash .ci/run')");
        }
        return admin;
    }

    private static Db onServer(Kind kind) {
        String admin = serverUrl(kind);
        String name = "migrate_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + fileCopy(c));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage()
                    + " (is the server running? 'bash .ci/run' starts it)", e);
        }
        return new Db(kind, withDatabase(admin, name), null, null, null, admin, name);
    }

    Kind kind() {
        return kind;
    }

    /** The JDBC URL, as other processes get it (no password in it). */
    String url() {
        return url;
    }

    /** The database name on a server, else null. */
    String name() {
        return name;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** {@code --url} and, for H2, {@code --user}/{@code --password}: the CLI's connection options. */
    List<String> cliArgs() {
        List<String> args = new ArrayList<>(List.of("--url", url));
        if (user != null) {
            args.addAll(List.of("--user", user));
        }
        if (password != null) {
            args.addAll(List.of("--password", password));
        }
        return args;
    }

    /**
     * Creates a user with {@code password} who may do anything in this database (MariaDB only: the
     * local PostgreSQL trusts every password, see {@link PasswordPostgres} for one that does not; SQLite
     * has none, and H2's user is fixed at creation).
     * Dropped by {@link #close()}.
     */
    String createUser(String password) {
        if (kind != Kind.MARIADB) {
            throw new IllegalStateException("createUser is for MariaDB");
        }
        String userName = "mt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(adminUrl); Statement st = c.createStatement()) {
            st.execute("CREATE USER '" + userName + "'@'%' IDENTIFIED BY '" + password.replace("'", "''") + "'");
            st.execute("CREATE USER '" + userName + "'@'localhost' IDENTIFIED BY '" + password.replace("'", "''") + "'");
            st.execute("GRANT ALL PRIVILEGES ON " + name + ".* TO '" + userName + "'@'%'");
            st.execute("GRANT ALL PRIVILEGES ON " + name + ".* TO '" + userName + "'@'localhost'");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create user " + userName + ": " + e.getMessage(), e);
        }
        users.add(userName);
        return userName;
    }

    /** The URL without the admin's user parameter: for connecting as another user. */
    String urlWithoutUser() {
        return url.replaceAll("([?&])user=[^&]*&?", "$1").replaceAll("[?&]$", "");
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

    void execute(String... sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(String.join("; ", sql) + ": " + e.getMessage(), e);
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

    /** The first column of every row, as text. */
    List<String> strings(String sql) {
        List<String> values = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Every row of a query, each column as text, for searching or printing. */
    List<List<String>> rows(String sql) {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Names of the tables, lower case, sorted (Migrate's own included). */
    List<String> tables() {
        try (Connection c = connect()) {
            String schema = switch (kind) {
                case POSTGRES -> "public";
                case H2 -> "PUBLIC";
                default -> null;
            };
            String catalog = kind == Kind.MARIADB ? name : null;
            List<String> names = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(catalog, schema, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    names.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
                }
            }
            names.sort(Comparator.naturalOrder());
            return names;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not list the tables: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (h2Server != null) {
            h2Server.stop();
        }
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
        if (adminUrl == null) {
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
                for (String u : users) {
                    st.execute("DROP USER IF EXISTS '" + u + "'@'%'");
                    st.execute("DROP USER IF EXISTS '" + u + "'@'localhost'");
                }
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
