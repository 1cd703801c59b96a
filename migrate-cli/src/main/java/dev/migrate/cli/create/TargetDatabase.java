package dev.migrate.cli.create;

import dev.migrate.ConfigurationException;
import dev.migrate.dialect.Dialect;
import dev.migrate.dialect.Dialects;
import java.util.Locale;

/** The database a template is rendered for, from {@code --dialect} or the JDBC URL's prefix. */
public enum TargetDatabase {

    POSTGRES("postgres", "PostgreSQL"),
    MYSQL("mysql", "MySQL/MariaDB"),
    H2("h2", "H2"),
    SQLITE("sqlite", "SQLite");

    private static final String NAMES = "postgres, mysql, mariadb, h2 or sqlite";

    private final String id;
    private final String displayName;

    TargetDatabase(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** The core's dialect, for the column types Migrate itself uses (identity key, timestamps, text). */
    public Dialect dialect() {
        return Dialects.forName(id);
    }

    /**
     * A {@code --dialect} value.
     *
     * @throws ConfigurationException listing the names
     */
    public static TargetDatabase forName(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "postgres", "postgresql", "pg" -> POSTGRES;
            case "mysql", "mariadb" -> MYSQL;
            case "h2" -> H2;
            case "sqlite", "sqlite3" -> SQLITE;
            default -> throw new ConfigurationException("Unknown dialect '" + name + "': use " + NAMES);
        };
    }

    /**
     * The database of a JDBC URL, chosen from its prefix without connecting.
     *
     * @throws ConfigurationException when the URL names another product
     */
    public static TargetDatabase forUrl(String url) {
        String u = url.strip().toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        if (u.startsWith("jdbc:mariadb:") || u.startsWith("jdbc:mysql:")) {
            return MYSQL;
        }
        if (u.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (u.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        throw new ConfigurationException("Cannot tell the database from the URL " + url.replaceAll("(?i)(password=)[^&;]*", "$1***")
                + ": pass --dialect " + NAMES);
    }
}
