package dev.migrate.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * A connection's schema context as it was before the migrations ran, and how to put it back
 * ({@link Dialect#sessionContext}).
 */
public interface SessionContext {

    /**
     * Puts the context back where a migration changed it; does nothing (beyond reading it) where it did not.
     *
     * @return whether it had changed
     */
    boolean restore(Connection connection) throws SQLException;

    /** The JDBC catalog and schema ({@code USE db} on MySQL, {@code SET SCHEMA} on H2). */
    static SessionContext ofJdbc(Connection connection) throws SQLException {
        String catalog = connection.getCatalog();
        String schema = connection.getSchema();
        return c -> {
            boolean changed = false;
            if (catalog != null && !Objects.equals(catalog, c.getCatalog())) {
                c.setCatalog(catalog);
                changed = true;
            }
            if (schema != null && !Objects.equals(schema, c.getSchema())) {
                c.setSchema(schema);
                changed = true;
            }
            return changed;
        };
    }
}
