package dev.migrate.testing;

import dev.migrate.internal.DriverDataSource;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A fresh, empty, uniquely named database for one test; {@link #close()} drops or deletes it.
 * Every call to {@link #create(DatabaseKind)} gives a new database, so tests never see each other's
 * tables and two builds running at once on the same servers do not collide.
 *
 * <pre>{@code
 * try (TestDatabase db = TestDatabase.create(DatabaseKind.POSTGRES)) {
 *     db.execute("CREATE TABLE people (id INT)");
 *     runMigrationsAgainst(db.dataSource());
 *     assertThat(db.tableNames()).contains("people", "migrate_history");
 *     assertThat(db.count("SELECT COUNT(*) FROM people")).isZero();
 * }
 * }</pre>
 *
 * <h2>Where the databases come from</h2>
 * <ul>
 *   <li><b>H2</b>: a file database in a new temporary directory, {@code jdbc:h2:file:<dir>/db;USER=sa}.
 *       A file rather than {@code mem:} so that every connection, from any thread, sees the same
 *       database by URL alone, exactly as an application would. H2 shares one open database among all
 *       connections of a JVM, so eight threads with their own connections work. This object keeps one
 *       connection open for its lifetime, which keeps the database open between a test's connections
 *       (no reopen on every connect, no close racing an open) without putting
 *       {@code DB_CLOSE_DELAY} in the URL; {@code close()} runs {@code SHUTDOWN} and deletes the
 *       directory. H2's lock timeout is left at its default, so lock handling is tested as users get it.
 *   <li><b>SQLite</b>: a file in a new temporary directory,
 *       {@code jdbc:sqlite:<dir>/test.db?journal_mode=WAL&busy_timeout=30000} (sqlite-jdbc reads
 *       pragmas from the URL, so every connection gets them, however it is opened). WAL lets readers
 *       proceed while one connection writes; the 30 s busy timeout (the driver's default is 3 s) makes a
 *       connection wait for the write lock instead of failing with {@code SQLITE_BUSY} when eight threads
 *       contend on a loaded machine, while a test that is truly stuck still fails. The database is
 *       switched to WAL once, in {@code create}, before any test connection exists, because changing the
 *       journal mode needs exclusive access. A transaction that reads and then writes can still get
 *       {@code SQLITE_BUSY} at once in WAL mode; code that must wait for the lock uses
 *       {@code BEGIN IMMEDIATE}.
 *   <li><b>PostgreSQL</b> and <b>MariaDB</b>: {@code CREATE DATABASE migrate_t_<random>} on an admin
 *       server, whose URL comes from {@code MIGRATE_TEST_POSTGRES_URL} or {@code MIGRATE_TEST_MARIADB_URL}
 *       ({@code .ci/run} sets both). Where the variable is unset and Docker is available, one
 *       Testcontainers container per kind is started for the whole JVM instead. Where neither, the test
 *       is skipped with a message saying how to enable it, except with {@code CI=true}, where it fails.
 *       A set variable naming a server that does not answer is always a failure, never a skip. On PostgreSQL
 *       the next database is made in the background while a test runs (see {@code Spares}).
 *   <li><b>MariaDB through Connector/J</b> ({@link #createMariaDbThroughConnectorJ()}): a database made as for
 *       MariaDB, on the same server, reached with MySQL's own driver at
 *       {@code jdbc:mysql://host:port/migrate_t_<random>?user=...} and no other option, as an application written
 *       for MySQL connects. Its {@link #kind()} is {@code MARIADB}, as the server is; {@link #driver()} says which
 *       driver the URL picks.
 * </ul>
 *
 * <p>{@link #url()} alone is enough to connect (it carries the user and password where the kind needs
 * them); {@link #user()} and {@link #password()} repeat them for APIs that take them separately.
 */
public final class TestDatabase implements AutoCloseable {

    /** Prefix of every database created on a server, so that a leftover from a killed run is recognisable. */
    static final String NAME_PREFIX = "migrate_t_";

    static final String POSTGRES_VARIABLE = "MIGRATE_TEST_POSTGRES_URL";
    static final String MARIADB_VARIABLE = "MIGRATE_TEST_MARIADB_URL";
    static final String POSTGRES_EXAMPLE_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final String MARIADB_EXAMPLE_URL = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

    /** The versions Debian 12 ships, so that a Docker run tests what {@code .ci/run} tests. */
    private static final String POSTGRES_IMAGE = "postgres:15-alpine";
    private static final String MARIADB_IMAGE = "mariadb:10.11";

    private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 30_000;

    private static final Set<String> USER_TABLE_TYPES = Set.of("TABLE", "BASE TABLE", "PARTITIONED TABLE");

    private final DatabaseKind kind;
    private final Driver driver;
    private final String name;
    private final String url;
    private final String user;
    private final String password;
    private final DriverDataSource dataSource;
    private final Disposal disposal;
    private boolean closed;

    private TestDatabase(DatabaseKind kind, String name, String url, String user, String password,
            Disposal disposal) {
        this(kind, Driver.OWN, name, url, user, password, disposal);
    }

    private TestDatabase(DatabaseKind kind, Driver driver, String name, String url, String user, String password,
            Disposal disposal) {
        this.kind = kind;
        this.driver = driver;
        this.name = name;
        this.url = url;
        this.user = user;
        this.password = password;
        this.dataSource = new DriverDataSource(url, user, password);
        this.disposal = disposal;
    }

    /**
     * Creates a new, empty database of the given kind; see the class comment for where it lives.
     *
     * @throws org.opentest4j.TestAbortedException if the kind's server is not configured, Docker is not
     *     available and {@code CI} is not {@code true} (the calling test is then reported as skipped)
     * @throws IllegalStateException if the server is configured but cannot be reached or refuses to
     *     create the database, or is missing while {@code CI=true}
     */
    public static TestDatabase create(DatabaseKind kind) {
        return create(kind, System::getenv, Docker::isAvailable);
    }

    /** {@link #create(DatabaseKind)} with the environment and the Docker check replaceable, for tests. */
    static TestDatabase create(DatabaseKind kind, Function<String, String> environment,
            BooleanSupplier dockerAvailable) {
        Objects.requireNonNull(kind, "kind");
        return switch (kind) {
            case H2 -> createH2();
            case SQLITE -> createSqlite();
            case POSTGRES, MARIADB -> createOnServer(AdminServer.resolve(kind, environment, dockerAvailable));
        };
    }

    /** {@link #create(DatabaseKind)}, or {@link #createMariaDbThroughConnectorJ()} for that target. */
    public static TestDatabase create(DatabaseTarget target) {
        return target.driver() == Driver.CONNECTOR_J ? createMariaDbThroughConnectorJ() : create(target.kind());
    }

    /**
     * A new, empty database on the MariaDB server, reached through MySQL's driver, Connector/J, with no driver
     * options: what a MySQL application's usual set-up meets when its server is MariaDB. The server comes from
     * {@code MIGRATE_TEST_MARIADB_URL} (or a container) as for {@link DatabaseKind#MARIADB}; only its host, port,
     * user and password are kept, so options meant for MariaDB's driver do not reach Connector/J.
     */
    public static TestDatabase createMariaDbThroughConnectorJ() {
        return createMariaDbThroughConnectorJ(System::getenv, Docker::isAvailable);
    }

    static TestDatabase createMariaDbThroughConnectorJ(Function<String, String> environment, BooleanSupplier dockerAvailable) {
        AdminServer server = AdminServer.resolve(DatabaseKind.MARIADB, environment, dockerAvailable);
        TestDatabase made = createOnServer(server);
        String url = connectorJUrl(made.url(), made.user(), made.password());
        return new TestDatabase(DatabaseKind.MARIADB, Driver.CONNECTOR_J, made.name(), url, made.user(), made.password(),
                made.disposal);
    }

    public DatabaseKind kind() {
        return kind;
    }

    /** The JDBC driver that {@link #url()} picks. */
    public Driver driver() {
        return driver;
    }

    /**
     * The database's unique name: the database name on a server ({@code migrate_t_...}), the temporary
     * directory's name for H2 and SQLite.
     */
    public String name() {
        return name;
    }

    /** A JDBC URL to this database that is enough to connect on its own. */
    public String url() {
        return url;
    }

    /** The user to connect as, or {@code null} where the kind has none (SQLite) or the URL names none. */
    public String user() {
        return user;
    }

    /** The password to connect with, or {@code null} where there is none. */
    public String password() {
        return password;
    }

    /** A data source that opens a new connection to this database on each call. */
    public DriverDataSource dataSource() {
        return dataSource;
    }

    /** Opens a new connection to this database; the caller closes it. */
    public Connection connect() throws SQLException {
        checkOpen();
        return dataSource.getConnection();
    }

    /** Runs one statement on a new connection in auto-commit mode. */
    public void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Statement failed on " + this + ": " + e.getMessage() + "\n  " + sql, e);
        }
    }

    /** Runs a query and returns the first column of its first row as a {@code long}, e.g. a {@code COUNT(*)}. */
    public long count(String sql) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new IllegalStateException("Query returned no rows on " + this + ":\n  " + sql);
            }
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed on " + this + ": " + e.getMessage() + "\n  " + sql, e);
        }
    }

    /**
     * The lower-cased names of the user tables in this database (in its current schema for H2 and
     * PostgreSQL), sorted; views and system tables are left out.
     */
    public List<String> tableNames() {
        try (Connection connection = connect()) {
            String catalog = kind == DatabaseKind.MARIADB ? connection.getCatalog() : null;
            String schema = kind == DatabaseKind.H2 || kind == DatabaseKind.POSTGRES ? connection.getSchema() : null;
            DatabaseMetaData metaData = connection.getMetaData();
            Set<String> names = new TreeSet<>();
            // Types are filtered here rather than passed to getTables: H2 2.x calls user tables "BASE TABLE".
            try (ResultSet tables = metaData.getTables(catalog, schema, "%", null)) {
                while (tables.next()) {
                    String type = tables.getString("TABLE_TYPE");
                    String table = tables.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    if (type != null && USER_TABLE_TYPES.contains(type.toUpperCase(Locale.ROOT))
                            && !table.startsWith("sqlite_")) {
                        names.add(table);
                    }
                }
            }
            return List.copyOf(names);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not list the tables of " + this + ": " + e.getMessage(), e);
        }
    }

    /**
     * Drops the database (servers) or deletes its files (H2, SQLite). A failure does not fail the test:
     * it is printed to stderr as a warning naming what to remove by hand. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            disposal.run();
        } catch (Exception e) {
            System.err.println("WARNING: could not remove the test " + this + ": " + e
                    + (kind.isServer()
                            ? ". Drop it by hand: DROP DATABASE " + name
                            : ". Delete its directory by hand."));
        }
    }

    @Override
    public String toString() {
        return kind.displayName() + " database " + name + (driver == Driver.OWN ? "" : " through " + driver.displayName())
                + " (" + redact(url) + ")";
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The test " + this + " is closed");
        }
    }

    private static TestDatabase createH2() {
        Path directory = createTempDirectory("migrate-h2-");
        String url = "jdbc:h2:file:" + directory.resolve("db").toAbsolutePath() + ";USER=sa";
        Connection keeper;
        try {
            keeper = DriverManager.getConnection(url, credentials("sa", ""));
        } catch (SQLException e) {
            deleteQuietly(directory);
            throw new IllegalStateException("Could not create an H2 database at " + url + ": " + e.getMessage(), e);
        }
        return new TestDatabase(DatabaseKind.H2, directory.getFileName().toString(), url, "sa", "", () -> {
            try (keeper; Statement statement = keeper.createStatement()) {
                // Closes every connection a test leaked, so the files can go.
                statement.execute("SHUTDOWN");
            } finally {
                deleteRecursively(directory);
            }
        });
    }

    private static TestDatabase createSqlite() {
        Path directory = createTempDirectory("migrate-sqlite-");
        String url = "jdbc:sqlite:" + directory.resolve("test.db").toAbsolutePath()
                + "?journal_mode=WAL&busy_timeout=" + SQLITE_BUSY_TIMEOUT_MILLIS;
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
            // Fail loudly if the driver ever stops reading pragmas from the URL.
            if (!mode.next() || !"wal".equalsIgnoreCase(mode.getString(1))) {
                throw new IllegalStateException("SQLite did not switch " + url + " to WAL mode");
            }
        } catch (SQLException e) {
            deleteQuietly(directory);
            throw new IllegalStateException("Could not create a SQLite database at " + url + ": " + e.getMessage(), e);
        }
        return new TestDatabase(DatabaseKind.SQLITE, directory.getFileName().toString(), url, null, null,
                () -> deleteRecursively(directory));
    }

    private static TestDatabase createOnServer(AdminServer server) {
        String name = server.kind() == DatabaseKind.POSTGRES ? Spares.take(server) : createDatabase(server);
        return new TestDatabase(server.kind(), name, withDatabase(server.url(), name), server.user(),
                server.password(), () -> server.drop(name));
    }

    /** Creates an empty database on the server and returns its name. */
    private static String createDatabase(AdminServer server) {
        String name = NAME_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + quote(server.kind(), name) + fileCopy(connection));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " on " + server + ": "
                    + sentence(e) + " The user in the URL needs the right to create databases.", e);
        }
        return name;
    }

    /**
     * One empty PostgreSQL database made ahead, per server, while the test that took the last one runs: a
     * {@code CREATE DATABASE} takes PostgreSQL about half a second (it copies the template's files and waits for two
     * checkpoints), mostly waiting for the disk. A spare nobody took is dropped when the JVM exits.
     */
    private static final class Spares {

        private static final Map<AdminServer, Future<String>> NEXT = new HashMap<>();

        private static final ExecutorService MAKER =
                Executors.newSingleThreadExecutor(task -> {
                    Thread thread = new Thread(task, "spare test databases");
                    thread.setDaemon(true);
                    return thread;
                });

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(Spares::dropUntaken, "spare test databases drop"));
        }

        static synchronized String take(AdminServer server) {
            Future<String> ready = NEXT.remove(server);
            String name = null;
            if (ready != null) {
                try {
                    name = ready.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    // made again below, where the failure is reported to the test
                }
            }
            if (name == null) {
                name = createDatabase(server);
            }
            NEXT.put(server, MAKER.submit(() -> createDatabase(server)));
            return name;
        }

        private static synchronized void dropUntaken() {
            NEXT.forEach((server, ready) -> {
                try {
                    server.drop(ready.get());
                } catch (Exception e) {
                    // the spare was not made, or the server went away: a migrate_t_ database may be left
                }
            });
        }
    }

    /**
     * {@code STRATEGY FILE_COPY} on PostgreSQL 15 and later, where a test makes hundreds of databases: copying the template's files costs the server half the CPU of PostgreSQL 15's default, which writes them all to the WAL.
     */
    static String fileCopy(Connection connection) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        return metaData.getDatabaseProductName().equals("PostgreSQL") && metaData.getDatabaseMajorVersion() >= 15
                ? " STRATEGY FILE_COPY" : "";
    }

    /** A driver's message as a sentence ending in one full stop, to be followed by what to do about it. */
    private static String sentence(SQLException e) {
        String message = String.valueOf(e.getMessage()).strip();
        return message.endsWith(".") ? message : message + ".";
    }

    private static String quote(DatabaseKind kind, String identifier) {
        return kind == DatabaseKind.MARIADB ? "`" + identifier + "`" : "\"" + identifier + "\"";
    }

    // --- JDBC URLs ---------------------------------------------------------------------------------

    /** Replaces the database in a {@code jdbc:<driver>://host[:port][/database][?parameters]} URL. */
    static String withDatabase(String url, String database) {
        int authority = url.indexOf("//");
        if (authority < 0) {
            throw new IllegalArgumentException("Expected a URL of the form jdbc:<driver>://host:port/database?parameters,"
                    + " got " + redact(url));
        }
        int query = url.indexOf('?', authority);
        int end = query < 0 ? url.length() : query;
        int path = url.indexOf('/', authority + 2);
        if (path < 0 || path > end) {
            path = end;
        }
        return url.substring(0, path) + "/" + database + url.substring(end);
    }

    /**
     * {@code jdbc:mysql://host[:port]/database} of a {@code jdbc:mariadb:} or {@code jdbc:mysql:} URL, with only the
     * user and password as parameters.
     */
    static String connectorJUrl(String url, String user, String password) {
        int authority = url.indexOf("//");
        int query = url.indexOf('?', authority);
        String result = "jdbc:mysql:" + url.substring(authority, query < 0 ? url.length() : query);
        if (user != null) {
            result = withParameter(result, "user", user);
        }
        if (password != null && !password.isEmpty()) {
            result = withParameter(result, "password", password);
        }
        return result;
    }

    /** Appends a query parameter, encoding its value. */
    static String withParameter(String url, String key, String value) {
        return url + (url.indexOf('?') < 0 ? "?" : "&") + key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The decoded value of a query parameter, or {@code null} if the URL has none. */
    static String parameter(String url, String key) {
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

    /** The URL with any password replaced by {@code ***}, for messages. */
    static String redact(String url) {
        return url.replaceAll("(?i)([?&;]password=)[^&;]*", "$1***");
    }

    // --- files --------------------------------------------------------------------------------------

    private static Path createTempDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new IllegalStateException("Could not create a temporary directory for a test database: " + e, e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        List<String> failures = new ArrayList<>();
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                failures.add(path + " (" + e + ")");
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException("could not delete " + String.join(", ", failures));
        }
    }

    private static void deleteQuietly(Path directory) {
        try {
            deleteRecursively(directory);
        } catch (IOException e) {
            System.err.println("WARNING: could not delete " + directory + ": " + e);
        }
    }

    private static Properties credentials(String user, String password) {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    /** Which JDBC driver a test database's URL picks. */
    public enum Driver {
        /** The database's own: H2's, SQLite's (xerial), PostgreSQL's (pgjdbc), MariaDB Connector/J. */
        OWN("its own driver"),
        /** MySQL's driver, Connector/J ({@code com.mysql:mysql-connector-j}), which calls every server MySQL. */
        CONNECTOR_J("MySQL Connector/J");

        private final String displayName;

        Driver(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }
    }

    @FunctionalInterface
    private interface Disposal {
        void run() throws Exception;
    }

    // --- servers ------------------------------------------------------------------------------------

    /**
     * A PostgreSQL or MariaDB server on which test databases are created, as an administrator.
     *
     * @param origin where the URL came from, for messages: the environment variable or the container
     */
    record AdminServer(DatabaseKind kind, String url, String user, String password, String origin) {

        /** Picks the server for a kind: the environment variable, else a container, else skip or fail. */
        static AdminServer resolve(DatabaseKind kind, Function<String, String> environment,
                BooleanSupplier dockerAvailable) {
            String variable = kind == DatabaseKind.POSTGRES ? POSTGRES_VARIABLE : MARIADB_VARIABLE;
            String example = kind == DatabaseKind.POSTGRES ? POSTGRES_EXAMPLE_URL : MARIADB_EXAMPLE_URL;
            String url = environment.apply(variable);
            if (url != null && !url.isBlank()) {
                return fromVariable(kind, variable, url.strip());
            }
            if (dockerAvailable.getAsBoolean()) {
                return Containers.adminServer(kind);
            }
            if ("true".equalsIgnoreCase(environment.apply("CI"))) {
                throw new IllegalStateException(variable + " is not set and Docker is not available, so the "
                        + kind.displayName() + " tests cannot run, and CI=true makes that a failure rather than a skip."
                        + " Run the build through 'bash .ci/run': it starts the local servers and sets " + variable
                        + "=" + example + ".");
            }
            return Assumptions.abort(kind.displayName() + " tests skipped: " + variable
                    + " is not set and Docker is not available. To run them against a local server, set "
                    + variable + "=" + example + " (or run 'bash .ci/run', which does, or start Docker).");
        }

        private static AdminServer fromVariable(DatabaseKind kind, String variable, String url) {
            boolean matches = kind == DatabaseKind.POSTGRES
                    ? url.startsWith("jdbc:postgresql://")
                    : url.startsWith("jdbc:mariadb://") || url.startsWith("jdbc:mysql://");
            if (!matches) {
                throw new IllegalStateException(variable + " must be a " + kind.displayName()
                        + " JDBC URL like " + (kind == DatabaseKind.POSTGRES ? POSTGRES_EXAMPLE_URL : MARIADB_EXAMPLE_URL)
                        + ", but is " + redact(url));
            }
            return new AdminServer(kind, url, parameter(url, "user"), parameter(url, "password"), variable);
        }

        /** Opens an administrator connection; a server that does not answer is a failure that says how to start it. */
        Connection connect() {
            try {
                return DriverManager.getConnection(url, credentials(user, password));
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot connect to " + this + ": " + sentence(e) + " " + startHint(), e);
            }
        }

        private String startHint() {
            if (!origin.startsWith("MIGRATE_TEST_")) {
                return "The container was started by this JVM; check the Testcontainers log above.";
            }
            String start = kind == DatabaseKind.POSTGRES
                    ? "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
                    : "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd";
            return origin + " is set, so a server that does not answer is a failure, not a skip. Run the build with"
                    + " 'bash .ci/run', which starts PostgreSQL and MariaDB when they are down, or start this one with '"
                    + start + "'; or unset " + origin + " to skip these tests.";
        }

        void drop(String database) throws SQLException {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                if (kind == DatabaseKind.POSTGRES) {
                    if (connection.getMetaData().getDatabaseMajorVersion() >= 13) {
                        statement.execute("DROP DATABASE IF EXISTS " + quote(kind, database) + " WITH (FORCE)");
                    } else {
                        statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                + " WHERE datname = '" + database + "' AND pid <> pg_backend_pid()");
                        statement.execute("DROP DATABASE IF EXISTS " + quote(kind, database));
                    }
                } else {
                    // DROP DATABASE would wait for the metadata locks of connections a test leaked.
                    killSessions(statement, database);
                    statement.execute("DROP DATABASE IF EXISTS " + quote(kind, database));
                }
            }
        }

        private static void killSessions(Statement statement, String database) throws SQLException {
            List<Long> sessions = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT ID FROM information_schema.PROCESSLIST"
                    + " WHERE DB = '" + database + "' AND ID <> CONNECTION_ID()")) {
                while (rows.next()) {
                    sessions.add(rows.getLong(1));
                }
            }
            for (long session : sessions) {
                try {
                    statement.execute("KILL " + session);
                } catch (SQLException e) {
                    if (e.getErrorCode() != 1094) { // 1094: unknown thread id, it ended by itself
                        throw e;
                    }
                }
            }
        }

        @Override
        public String toString() {
            return kind.displayName() + " at " + redact(url) + " (from " + origin + ")";
        }
    }

    /** One container per kind for the whole JVM, started on first use; Testcontainers' Ryuk removes it at exit. */
    private static final class Containers {

        private static final Map<DatabaseKind, AdminServer> servers = new EnumMap<>(DatabaseKind.class);
        private static final Map<DatabaseKind, RuntimeException> failures = new EnumMap<>(DatabaseKind.class);

        static synchronized AdminServer adminServer(DatabaseKind kind) {
            RuntimeException failure = failures.get(kind);
            if (failure != null) {
                throw failure;  // don't spend a minute per test retrying a container that won't start
            }
            return servers.computeIfAbsent(kind, Containers::start);
        }

        private static AdminServer start(DatabaseKind kind) {
            String image = kind == DatabaseKind.POSTGRES ? POSTGRES_IMAGE : MARIADB_IMAGE;
            try {
                JdbcDatabaseContainer<?> container = kind == DatabaseKind.POSTGRES
                        ? new PostgreSQLContainer(image)
                        // root, because the default user may only use the one database the image creates
                        : new MariaDBContainer(image).withUsername("root");
                container.start();
                String url = withParameter(withParameter(container.getJdbcUrl(), "user", container.getUsername()),
                        "password", container.getPassword());
                return new AdminServer(kind, url, container.getUsername(), container.getPassword(),
                        "Testcontainers " + image);
            } catch (RuntimeException e) {
                String variable = kind == DatabaseKind.POSTGRES ? POSTGRES_VARIABLE : MARIADB_VARIABLE;
                IllegalStateException failure = new IllegalStateException("Could not start a " + kind.displayName()
                        + " container (" + image + "): " + e.getMessage() + ". Set " + variable
                        + " to use a running server instead.", e);
                failures.put(kind, failure);
                throw failure;
            }
        }
    }

    /** Asks Testcontainers once per JVM: the first check takes most of a second and logs an error without Docker. */
    private static final class Docker {

        private static Boolean available;

        static synchronized boolean isAvailable() {
            if (available == null) {
                available = DockerClientFactory.instance().isDockerAvailable();
            }
            return available;
        }
    }
}
