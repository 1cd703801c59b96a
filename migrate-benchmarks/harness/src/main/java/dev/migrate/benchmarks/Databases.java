package dev.migrate.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Creates and drops the uniquely named databases the runs use ({@code bench_<pid>_<n>}), and checks
 * what a run left behind. PostgreSQL and MariaDB are reached through an administrative URL such as
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}; H2 databases are files in a directory.
 */
public final class Databases {

    private static final Pattern SERVER_URL = Pattern.compile("^(jdbc:(?:postgresql|mariadb|mysql)://[^/?]+/)([^?;]*)(.*)$");
    private static final Pattern BENCH_TABLE = Pattern.compile("(?i)t_\\d+");

    private final Path h2Dir;
    private final String postgresUrl;
    private final String mariadbUrl;

    /**
     * @param postgresUrl administrative URL of the PostgreSQL server, or null when there is none
     * @param mariadbUrl  administrative URL of the MariaDB server, or null when there is none
     */
    public Databases(Path h2Dir, String postgresUrl, String mariadbUrl) {
        this.h2Dir = h2Dir.toAbsolutePath();
        this.postgresUrl = postgresUrl;
        this.mariadbUrl = mariadbUrl;
    }

    public boolean available(Db db) {
        return switch (db) {
            case H2 -> true;
            case POSTGRES -> postgresUrl != null;
            case MARIADB -> mariadbUrl != null;
        };
    }

    /** Creates the empty database {@code name} and returns how to reach it. */
    public Target create(Db db, String name) throws SQLException {
        switch (db) {
            case H2 -> {
                try {
                    Files.createDirectories(h2Dir);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                deleteH2Files(name);
                return new Target(db, "jdbc:h2:file:" + h2Dir.resolve(name), "sa", "");
            }
            case POSTGRES -> {
                execute(postgresUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                execute(postgresUrl, "CREATE DATABASE " + name);
                return new Target(db, withDatabase(postgresUrl, name), null, null);
            }
            case MARIADB -> {
                execute(mariadbUrl, "DROP DATABASE IF EXISTS " + name);
                execute(mariadbUrl, "CREATE DATABASE " + name);
                return new Target(db, withDatabase(mariadbUrl, name), null, null);
            }
            default -> throw new IllegalArgumentException(db.toString());
        }
    }

    public void drop(Db db, String name) throws SQLException {
        switch (db) {
            case H2 -> deleteH2Files(name);
            case POSTGRES -> execute(postgresUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            case MARIADB -> execute(mariadbUrl, "DROP DATABASE IF EXISTS " + name);
        }
    }

    /** Product name and version of the server, for the report. */
    public String serverVersion(Db db) throws SQLException {
        String url = switch (db) {
            case H2 -> "jdbc:h2:mem:version";
            case POSTGRES -> postgresUrl;
            case MARIADB -> mariadbUrl;
        };
        try (Connection c = DriverManager.getConnection(url, new Properties())) {
            DatabaseMetaData md = c.getMetaData();
            return md.getDatabaseProductName() + " " + md.getDatabaseProductVersion() + " (driver " + md.getDriverName() + " "
                    + md.getDriverVersion() + ")";
        }
    }

    /** What a run left behind: the benchmark's tables and the rows of the tool's history table. */
    public record State(int tables, int historyRows) {
    }

    public State inspect(Target target, Tool tool) throws SQLException {
        try (Connection c = connect(target)) {
            DatabaseMetaData md = c.getMetaData();
            int tables = 0;
            String history = null;
            try (ResultSet rs = md.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME");
                    if (BENCH_TABLE.matcher(name).matches()) {
                        tables++;
                    } else if (name.equalsIgnoreCase(tool.historyTable())) {
                        history = name;
                    }
                }
            }
            int rows = 0;
            if (history != null) {
                String q = md.getIdentifierQuoteString().trim();
                // Flyway 13 also keeps a marker row (rank -1, type TABLE) for the creation of its table.
                String where = tool == Tool.FLYWAY ? " WHERE " + q + "installed_rank" + q + " > 0" : "";
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + q + history + q + where)) {
                    rs.next();
                    rows = rs.getInt(1);
                }
            }
            return new State(tables, rows);
        }
    }

    static Connection connect(Target target) throws SQLException {
        Properties props = new Properties();
        if (target.user() != null) {
            props.setProperty("user", target.user());
        }
        if (target.password() != null) {
            props.setProperty("password", target.password());
        }
        return DriverManager.getConnection(target.url(), props);
    }

    /** {@code url} with its database replaced by {@code name}, keeping host, port and parameters. */
    static String withDatabase(String url, String name) {
        Matcher m = SERVER_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("Cannot tell the database in the URL " + url
                    + ": expected jdbc:postgresql://host:port/db?... or jdbc:mariadb://host:port/db?...");
        }
        return m.group(1) + name + m.group(3);
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, new Properties()); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private void deleteH2Files(String name) {
        if (!Files.isDirectory(h2Dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(h2Dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ".")) {
                    Files.delete(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
