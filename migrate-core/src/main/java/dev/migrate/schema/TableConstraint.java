package dev.migrate.schema;

/**
 * A named table constraint: part of a {@link CreateTable}, or added and dropped on its own
 * ({@link AddUnique}, {@link AddCheck}, {@link AddForeignKey}, {@link DropConstraint}).
 */
public sealed interface TableConstraint permits UniqueConstraint, CheckConstraint, ForeignKey {

    /** The constraint's name, by which it is dropped. */
    String name();
}
