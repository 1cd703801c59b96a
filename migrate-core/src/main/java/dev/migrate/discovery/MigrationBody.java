package dev.migrate.discovery;

import dev.migrate.JavaMigration;

/** What runs for one direction of a migration: a piece of SQL text or a Java method. */
public sealed interface MigrationBody {

    /** The file the body comes from, for messages (a class name for Java). */
    String source();

    /**
     * SQL text from a file.
     *
     * @param text          the SQL, as written (placeholders not replaced)
     * @param source        the file name shown in messages
     * @param firstLine     line in {@code source} where {@code text} starts (1 for a whole file)
     * @param noTransaction whether the file says {@code -- migrate:no-transaction}
     */
    record Sql(String text, String source, int firstLine, boolean noTransaction) implements MigrationBody {
    }

    /** The {@code up} or {@code down} method of a Java migration. */
    record Java(JavaMigration migration, boolean up, boolean transactional) implements MigrationBody {
        @Override
        public String source() {
            return JavaMigrations.userClass(migration).getName();
        }
    }
}
