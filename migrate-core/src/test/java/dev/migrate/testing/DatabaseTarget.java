package dev.migrate.testing;

import dev.migrate.testing.TestDatabase.Driver;

/**
 * A database reached through a driver: the four {@link DatabaseKind}s through their own drivers, and MariaDB through
 * MySQL's driver, Connector/J, as an application written for MySQL reaches it. For the tests that run on more than
 * the four kinds; {@link TestDatabase#create(DatabaseTarget)} gives a fresh database of each.
 *
 * <pre>{@code
 * @ParameterizedTest
 * @EnumSource(value = DatabaseTarget.class, names = {"POSTGRES", "MARIADB", "MARIADB_CONNECTOR_J"})
 * void holdsTheLock(DatabaseTarget target) {
 *     try (TestDatabase db = TestDatabase.create(target)) { ... db.kind() ... }
 * }
 * }</pre>
 */
public enum DatabaseTarget {

    H2(DatabaseKind.H2, Driver.OWN),
    SQLITE(DatabaseKind.SQLITE, Driver.OWN),
    POSTGRES(DatabaseKind.POSTGRES, Driver.OWN),
    MARIADB(DatabaseKind.MARIADB, Driver.OWN),
    /** The MariaDB server through MySQL Connector/J ({@code jdbc:mysql:}, no options). */
    MARIADB_CONNECTOR_J(DatabaseKind.MARIADB, Driver.CONNECTOR_J);

    private final DatabaseKind kind;
    private final Driver driver;

    DatabaseTarget(DatabaseKind kind, Driver driver) {
        this.kind = kind;
        this.driver = driver;
    }

    /** The database server or engine, which decides what SQL runs and what the test expects. */
    public DatabaseKind kind() {
        return kind;
    }

    public Driver driver() {
        return driver;
    }
}
