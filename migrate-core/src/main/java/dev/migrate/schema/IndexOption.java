package dev.migrate.schema;

/** Flags of {@link CreateIndex} and {@link DropIndex}. */
public enum IndexOption {
    /** The indexed values are unique. */
    UNIQUE,
    /**
     * PostgreSQL builds or drops the index without locking out writes ({@code CONCURRENTLY}), which
     * cannot run inside a transaction; other databases ignore it.
     */
    CONCURRENTLY
}
