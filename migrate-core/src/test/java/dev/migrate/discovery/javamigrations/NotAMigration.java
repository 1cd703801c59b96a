package dev.migrate.discovery.javamigrations;

/** A helper class beside migrations: ignored because it does not implement JavaMigration. */
public class NotAMigration {
}
