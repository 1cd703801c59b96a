package dev.migrate.boot.testing;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A fresh, uniquely named database for one test class; {@link #close()} drops it. A trimmed copy of
 * migrate-core's test helper of the same name (whose module publishes no test jar).
 * <ul>
 *   <li>H2: an in-memory database {@code jdbc:h2:mem:migrate_t_<random>}, kept open until closed.</li>
 *   <li>PostgreSQL and MariaDB: {@code CREATE DATABASE migrate_t_<random>} on the server named by
 *       {@code MIGRATE_TEST_POSTGRES_URL} / {@code MIGRATE_TEST_MARIADB_URL}; where unset, a Testcontainers
 *       container if Docker is available; where neither, the test is skipped, except with
 *       {@code CI=true}, where it fails.</li>
 * </ul>
 */
public final class TestDatabase implements AutoCloseable {

    public enum Kind {
        H2, POSTGRES, MARIADB
    }

    private static final String POSTGRES_VARIABLE = "MIGRATE_TEST_POSTGRES_URL";
    private static final String MARIADB_VARIABLE = "MIGRATE_TEST_MARIADB_URL";

    private static String postgresContainerUrl;
    private static String mariadbContainerUrl;

    private final Kind kind;
    private final String name;
    private final String url;
    private final String adminUrl;
    private final Connection keeper;

    private TestDatabase(Kind kind, String name, String url, String adminUrl, Connection keeper) {
        this.kind = kind;
        this.name = name;
        this.url = url;
        this.adminUrl = adminUrl;
        this.keeper = keeper;
    }

    public static TestDatabase create(Kind kind) {
        String name = "migrate_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        if (kind == Kind.H2) {
            String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
            try {
                return new TestDatabase(kind, name, url, null, DriverManager.getConnection(url, "sa", ""));
            } catch (SQLException e) {
                throw new IllegalStateException("Could not create " + url, e);
            }
        }
        String admin = adminUrl(kind);
        try (Connection c = connect(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + fileCopy(c));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " on " + redact(admin) + ": " + e.getMessage(), e);
        }
        return new TestDatabase(kind, name, withDatabase(admin, name), admin, null);
    }

    /** Skips the calling test class (or fails it with {@code CI=true}) when the kind's server is not available. */
    public static void requireServer(Kind kind) {
        if (kind != Kind.H2) {
            adminUrl(kind);
        }
    }

    public Kind kind() {
        return kind;
    }

    /** A JDBC URL that carries the user and password. */
    public String url() {
        return url;
    }

    /**
     * The URL without its {@code user} and {@code password} parameters, to connect as another user (for
     * H2 also without {@code DB_CLOSE_DELAY}, which only an admin may set: this object keeps the database open).
     */
    public String urlWithoutCredentials() {
        if (kind == Kind.H2) {
            return url.replace(";DB_CLOSE_DELAY=-1", "");
        }
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        String kept = java.util.Arrays.stream(url.substring(query + 1).split("&"))
                .filter(pair -> !pair.toLowerCase(java.util.Locale.ROOT).matches("(user|password)(=.*)?"))
                .collect(java.util.stream.Collectors.joining("&"));
        return url.substring(0, query) + (kept.isEmpty() ? "" : "?" + kept);
    }

    /** The user {@link #url()} connects as. */
    public String user() {
        return kind == Kind.H2 ? "sa" : parameter(url, "user");
    }

    /** The password {@link #url()} connects with, "" when it has none. */
    public String password() {
        String password = kind == Kind.H2 ? null : parameter(url, "password");
        return password == null ? "" : password;
    }

    /** A small pool on this database; the caller closes it. */
    public HikariDataSource dataSource() {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        if (kind == Kind.H2) {
            dataSource.setUsername("sa");
        }
        dataSource.setMaximumPoolSize(4);
        return dataSource;
    }

    public void execute(String sql) {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    public long count(String sql) {
        try (Connection c = connect(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (kind == Kind.H2) {
                try (keeper; Statement s = keeper.createStatement()) {
                    s.execute("SHUTDOWN");
                }
                return;
            }
            try (Connection c = connect(adminUrl); Statement s = c.createStatement()) {
                if (kind == Kind.POSTGRES) {
                    s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                } else {
                    List<Long> sessions = new ArrayList<>();
                    try (ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '" + name
                            + "' AND ID <> CONNECTION_ID()")) {
                        while (rs.next()) {
                            sessions.add(rs.getLong(1));
                        }
                    }
                    for (long session : sessions) {
                        try {
                            s.execute("KILL " + session);
                        } catch (SQLException e) {
                            // ended by itself
                        }
                    }
                    s.execute("DROP DATABASE IF EXISTS " + name);
                }
            }
        } catch (SQLException e) {
            System.err.println("WARNING: could not drop test database " + name + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return kind + " database " + name;
    }

    private static synchronized String adminUrl(Kind kind) {
        String variable = kind == Kind.POSTGRES ? POSTGRES_VARIABLE : MARIADB_VARIABLE;
        String url = System.getenv(variable);
        if (url != null && !url.isBlank()) {
            return url.strip();
        }
        if (kind == Kind.POSTGRES && postgresContainerUrl != null) {
            return postgresContainerUrl;
        }
        if (kind == Kind.MARIADB && mariadbContainerUrl != null) {
            return mariadbContainerUrl;
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            JdbcDatabaseContainer<?> container = kind == Kind.POSTGRES ? new PostgreSQLContainer("postgres:15-alpine")
                    : new MariaDBContainer("mariadb:10.11").withUsername("root");
            container.start();
            String started = container.getJdbcUrl() + (container.getJdbcUrl().contains("?") ? "&" : "?") + "user="
                    + container.getUsername() + "&password=" + container.getPassword();
            if (kind == Kind.POSTGRES) {
                postgresContainerUrl = started;
            } else {
                mariadbContainerUrl = started;
            }
            return started;
        }
        String example = kind == Kind.POSTGRES ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
                : "jdbc:mariadb://127.0.0.1:3306/test?user=root";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(variable + " is not set and Docker is not available; with CI=true that is a failure."
                    + " Run the build through 'bash .ci/run', which sets " + variable + "=" + example);
        }
        Assumptions.abort(kind + " tests skipped: set " + variable + "=" + example + " (or run 'bash .ci/run', or start Docker)");
        return null;
    }

    private static Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        String user = parameter(url, "user");
        String password = parameter(url, "password");
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        if (url.startsWith("jdbc:h2:")) {
            properties.setProperty("user", "sa");
        }
        return DriverManager.getConnection(url, properties);
    }

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

    private static String parameter(String url, String key) {
        int query = url.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String pair : url.substring(query + 1).split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (name.equalsIgnoreCase(key)) {
                return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)([?&;]password=)[^&;]*", "$1***");
    }

    /** {@code STRATEGY FILE_COPY} on PostgreSQL 15 and later: copying the template's files costs the server half the CPU of PostgreSQL 15's default, which writes them all to the WAL. */
    private static String fileCopy(java.sql.Connection c) throws java.sql.SQLException {
        java.sql.DatabaseMetaData metaData = c.getMetaData();
        return metaData.getDatabaseProductName().equals("PostgreSQL") && metaData.getDatabaseMajorVersion() >= 15
                ? " STRATEGY FILE_COPY" : "";
    }
}
