package dev.migrate;

/** How a migration is written; stored in the history table's {@code type} column. */
public enum MigrationType {
    /** A versioned SQL script. */
    SQL,
    /** A class implementing {@link JavaMigration}. */
    JAVA,
    /** A schema DSL migration whose reverse is generated. */
    DSL,
    /** The marker row written by {@code baseline}. */
    BASELINE,
    /** A repeatable SQL script ({@code R__name.sql}), re-applied when its checksum changes. */
    REPEATABLE
}
