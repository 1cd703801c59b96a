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
     * @param inTransaction      {@code false} when the script must run outside a transaction
     *                           ({@code -- migrate:no-transaction}, or {@code executeInTransaction=false}
     *                           in its {@code .conf} file), {@code true} when its {@code .conf} file asks
     *                           for one, null when Migrate decides from the statements
     * @param transactionSetting what set {@code inTransaction}, for messages; null when nothing did
     * @param skipIf        the query of {@code -- migrate:skip-if} (as written, placeholders not replaced), or null
     * @param skipIfLine    the line of that directive in {@code source}, or 0
     * @param placeholderReplacement whether placeholders are replaced in it: false when its {@code .conf} file says
     *                      {@code placeholderReplacement=false} (Flyway's per-script setting)
     */
    record Sql(String text, String source, int firstLine, Boolean inTransaction, String transactionSetting, String skipIf,
            int skipIfLine, boolean placeholderReplacement) implements MigrationBody {

        /** A body whose placeholders are replaced. */
        public Sql(String text, String source, int firstLine, Boolean inTransaction, String transactionSetting, String skipIf,
                int skipIfLine) {
            this(text, source, firstLine, inTransaction, transactionSetting, skipIf, skipIfLine, true);
        }

        /** A body without {@code -- migrate:skip-if}. */
        public Sql(String text, String source, int firstLine, Boolean inTransaction, String transactionSetting) {
            this(text, source, firstLine, inTransaction, transactionSetting, null, 0);
        }

        /** A body whose transaction mode is Migrate's decision, or none with {@code noTransaction}. */
        public Sql(String text, String source, int firstLine, boolean noTransaction) {
            this(text, source, firstLine, noTransaction ? Boolean.FALSE : null, noTransaction ? "-- migrate:no-transaction" : null);
        }

        /** Whether the script must run outside a transaction. */
        public boolean noTransaction() {
            return Boolean.FALSE.equals(inTransaction);
        }

        /** Whether the script's configuration asks for a transaction even where Migrate would run it outside one. */
        public boolean transactionRequired() {
            return Boolean.TRUE.equals(inTransaction);
        }
    }

    /** The {@code up} or {@code down} method of a Java migration. */
    record Java(JavaMigration migration, boolean up, boolean transactional) implements MigrationBody {
        @Override
        public String source() {
            return JavaMigrations.userClass(migration).getName();
        }
    }
}
