package dev.migrate.testing;

/**
 * The databases the test suite runs against. {@link TestDatabase#create(DatabaseKind)} gives a fresh
 * database of each kind.
 *
 * <pre>{@code
 * @ParameterizedTest
 * @EnumSource(DatabaseKind.class)
 * void appliesPendingMigrations(DatabaseKind kind) {
 *     try (TestDatabase db = TestDatabase.create(kind)) { ... }
 * }
 * }</pre>
 */
public enum DatabaseKind {

    H2("H2"),
    SQLITE("SQLite"),
    POSTGRES("PostgreSQL"),
    MARIADB("MariaDB");

    private final String displayName;

    DatabaseKind(String displayName) {
        this.displayName = displayName;
    }

    /** The product name as people write it, for messages and test names. */
    public String displayName() {
        return displayName;
    }

    /** Whether databases of this kind live on a server (PostgreSQL, MariaDB) rather than in a local file. */
    public boolean isServer() {
        return this == POSTGRES || this == MARIADB;
    }
}
