package dev.migrate.dialect;

import dev.migrate.UnsupportedDatabaseException;
import dev.migrate.dialect.h2.H2Dialect;
import dev.migrate.dialect.mysql.MySqlDialect;
import dev.migrate.dialect.postgres.PostgresDialect;
import dev.migrate.dialect.sqlite.SqliteDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** Chooses the {@link Dialect} of a connection from its JDBC metadata. */
public final class Dialects {

    private static final List<String> SUPPORTED = List.of("PostgreSQL", "MySQL", "MariaDB", "H2", "SQLite");

    private Dialects() {
    }

    /**
     * @throws UnsupportedDatabaseException naming the product and listing the supported ones
     */
    public static Dialect detect(Connection connection) throws SQLException {
        Dialect dialect = forProduct(connection.getMetaData().getDatabaseProductName());
        return dialect instanceof H2Dialect ? H2Dialect.of(connection) : dialect;
    }

    /**
     * The database's name in a {@code {vendor}} location, as Spring Boot and Flyway spell it: {@code h2},
     * {@code postgresql}, {@code mysql}, {@code mariadb} or {@code sqlite}. The server decides, not the driver:
     * MySQL's driver, Connector/J, calls a MariaDB server {@code MySQL}, but its version says MariaDB
     * ({@code 5.5.5-10.11.6-MariaDB}), and the scripts are the server's.
     *
     * @throws UnsupportedDatabaseException naming the product and listing the supported ones
     */
    public static String vendor(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (p.contains("mysql")) {
            String version = connection.getMetaData().getDatabaseProductVersion();
            return version != null && version.toLowerCase(Locale.ROOT).contains("mariadb") ? "mariadb" : "mysql";
        }
        for (String vendor : List.of("postgresql", "mariadb", "sqlite")) {
            if (p.contains(vendor)) {
                return vendor;
            }
        }
        if (p.equals("h2")) {
            return "h2";
        }
        throw new UnsupportedDatabaseException(product, SUPPORTED);
    }

    public static Dialect forProduct(String product) {
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) {
            return new PostgresDialect();
        }
        if (p.contains("mysql") || p.contains("mariadb")) {
            return new MySqlDialect();
        }
        if (p.equals("h2")) {
            return new H2Dialect();
        }
        if (p.contains("sqlite")) {
            return new SqliteDialect();
        }
        throw new UnsupportedDatabaseException(product, SUPPORTED);
    }

    /** Dialect named as the CLI's {@code --dialect} takes it: postgres, mysql, mariadb, h2, sqlite. */
    public static Dialect forName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "postgres", "postgresql" -> new PostgresDialect();
            case "mysql", "mariadb" -> new MySqlDialect();
            case "h2" -> new H2Dialect();
            case "sqlite" -> new SqliteDialect();
            default -> throw new UnsupportedDatabaseException(name, SUPPORTED);
        };
    }
}
