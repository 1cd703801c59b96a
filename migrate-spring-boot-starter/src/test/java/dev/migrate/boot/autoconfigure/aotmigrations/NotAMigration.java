package dev.migrate.boot.autoconfigure.aotmigrations;

/** A helper beside the scanned migrations: the scanner does not create it, so it needs no reflection. */
public class NotAMigration {
}
