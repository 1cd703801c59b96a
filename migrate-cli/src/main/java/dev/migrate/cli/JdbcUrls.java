package dev.migrate.cli;

import dev.migrate.ConfigurationException;
import dev.migrate.UnsupportedDatabaseException;
import dev.migrate.dialect.Dialects;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

/** Checks a JDBC URL against the drivers the jar bundles before connecting. */
final class JdbcUrls {

    /** Display names of products whose JDBC URLs users try; other sub-protocols are shown as written. */
    private static final Map<String, String> PRODUCTS = Map.ofEntries(
            Map.entry("oracle", "Oracle"),
            Map.entry("sqlserver", "SQL Server"),
            Map.entry("jtds", "SQL Server"),
            Map.entry("db2", "Db2"),
            Map.entry("as400", "Db2 for i"),
            Map.entry("derby", "Apache Derby"),
            Map.entry("hsqldb", "HSQLDB"),
            Map.entry("firebirdsql", "Firebird"),
            Map.entry("informix-sqli", "Informix"),
            Map.entry("sybase", "Sybase"),
            Map.entry("sap", "SAP HANA"),
            Map.entry("snowflake", "Snowflake"),
            Map.entry("redshift", "Amazon Redshift"),
            Map.entry("clickhouse", "ClickHouse"),
            Map.entry("cassandra", "Cassandra"));

    private JdbcUrls() {
    }

    /**
     * The URL to hand the driver manager. A {@code jdbc:mysql:} URL is given to the bundled MariaDB
     * driver, which serves MySQL too but takes that spelling only with {@code permitMysqlScheme}.
     */
    static String forDriver(String url) {
        String u = url.strip();
        if (u.regionMatches(true, 0, "jdbc:mysql:", 0, "jdbc:mysql:".length())
                && !u.toLowerCase(Locale.ROOT).contains("permitmysqlscheme")) {
            return u + (u.indexOf('?') >= 0 ? "&" : "?") + "permitMysqlScheme";
        }
        return url;
    }

    /**
     * The database a URL is for, as {@code {vendor}} names it ({@code postgresql}, {@code mysql} for MySQL
     * and MariaDB alike, {@code h2}, {@code sqlite}), or null for another.
     */
    static String vendor(String url) {
        String u = url == null ? "" : url.strip().toLowerCase(Locale.ROOT);
        for (String[] prefix : new String[][] {{"jdbc:postgresql:", "postgresql"}, {"jdbc:mysql:", "mysql"}, {"jdbc:mariadb:", "mysql"},
                {"jdbc:h2:", "h2"}, {"jdbc:sqlite:", "sqlite"}}) {
            if (u.startsWith(prefix[0])) {
                return prefix[1];
            }
        }
        return null;
    }

    /**
     * Fails before connecting when no bundled driver takes {@code url}, saying why in the user's
     * terms: a URL for a product Migrate does not support, or no JDBC URL at all. (The driver
     * manager's own "No suitable driver" would be reported as a connection failure, with advice to
     * check the user and password.)
     *
     * @throws UnsupportedUrlException naming the product, the supported ones and the URL
     * @throws ConfigurationException       when {@code url} does not start with {@code jdbc:}
     */
    static void requireDriver(String url) {
        try {
            DriverManager.getDriver(url);
            return;
        } catch (SQLException noDriver) {
            // said below, in the user's terms
        }
        String u = url.strip();
        if (!u.regionMatches(true, 0, "jdbc:", 0, 5) || u.indexOf(':', 5) < 0) {
            throw new ConfigurationException("The database URL '" + Redactor.url(u) + "' is not a JDBC URL: write it like"
                    + " jdbc:postgresql://host:5432/db, jdbc:mariadb://host:3306/db, jdbc:h2:file:./db or jdbc:sqlite:app.db");
        }
        String subprotocol = u.substring(5, u.indexOf(':', 5)).toLowerCase(Locale.ROOT);
        String product = PRODUCTS.getOrDefault(subprotocol, subprotocol);
        try {
            // The core's check and wording, so the supported products are listed in one place.
            Dialects.forProduct(product);
        } catch (UnsupportedDatabaseException e) {
            throw new UnsupportedUrlException(product, e.getMessage().replaceFirst("\\.$", "") + " instead of " + Redactor.url(u) + ".", e);
        }
        // A supported product without a driver for this spelling of its URL: the connection says more.
    }

    /** A URL of a product that Migrate does not support, refused before connecting. */
    static final class UnsupportedUrlException extends ConfigurationException {

        private static final long serialVersionUID = 1L;

        private final String product;

        UnsupportedUrlException(String product, String message, UnsupportedDatabaseException cause) {
            super(message, cause);
            this.product = product;
        }

        String product() {
            return product;
        }
    }
}
