package dev.migrate.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A connection's session as it was before the migrations ran (its schema context, and where the
 * database has them the role and settings a script may change), and how to put it back
 * ({@link Dialect#sessionContext}).
 */
public interface SessionContext {

    /**
     * Puts back what a migration changed; does nothing (beyond reading it) where it changed nothing.
     *
     * @param settingsMayHaveChanged false when the migration cannot have changed a setting (its SQL has no
     *                               {@code SET}, {@code RESET}, {@code set_config} nor {@code DISCARD}): the
     *                               settings, dearer to read than the schema context and the role, are not read
     * @return what was put back, for the log (such as {@code search_path} or {@code role app_owner}); empty
     *         when nothing had changed
     */
    List<String> restore(Connection connection, boolean settingsMayHaveChanged) throws SQLException;

    /**
     * Puts back only the schema context (PostgreSQL's {@code search_path}, the JDBC catalog and schema),
     * through which Migrate's own tables are found when no schema is configured.
     *
     * @return what was put back; empty when it had not changed
     */
    default List<String> restoreSchemaContext(Connection connection) throws SQLException {
        return List.of();
    }

    /** Nothing a migration can change. */
    static SessionContext none() {
        return (c, settings) -> List.of();
    }

    /** The JDBC catalog and schema ({@code USE db} on MySQL, {@code SET SCHEMA} on H2). */
    static SessionContext ofJdbc(Connection connection) throws SQLException {
        String catalog = connection.getCatalog();
        String schema = connection.getSchema();
        return new SessionContext() {
            @Override
            public List<String> restore(Connection c, boolean settingsMayHaveChanged) throws SQLException {
                return restoreSchemaContext(c);
            }

            @Override
            public List<String> restoreSchemaContext(Connection c) throws SQLException {
                List<String> changed = new ArrayList<>(0);
                if (catalog != null && !Objects.equals(catalog, c.getCatalog())) {
                    changed.add("database " + c.getCatalog());
                    c.setCatalog(catalog);
                }
                if (schema != null && !Objects.equals(schema, c.getSchema())) {
                    changed.add("schema " + c.getSchema());
                    c.setSchema(schema);
                }
                return changed;
            }
        };
    }

    /**
     * The driver's read-only flag and transaction isolation ({@link Connection#setReadOnly},
     * {@link Connection#setTransactionIsolation}), which Java code may change: left changed, a pool would hand the
     * connection to the application read-only (PostgreSQL's driver then opens every transaction {@code READ ONLY}) or at
     * another isolation level, and Migrate's own writes that follow would meet them too. Read again only where settings
     * may have changed; put back last, after the database's settings that the flags may follow.
     */
    static SessionContext ofJdbcFlags(Connection connection) throws SQLException {
        boolean readOnly = connection.isReadOnly();
        int isolation = connection.getTransactionIsolation();
        return (c, settingsMayHaveChanged) -> {
            if (!settingsMayHaveChanged) {
                return List.of();
            }
            List<String> changed = new ArrayList<>(0);
            if (c.isReadOnly() != readOnly) {
                c.setReadOnly(readOnly);
                changed.add("read-only (JDBC)");
            }
            if (c.getTransactionIsolation() != isolation) {
                c.setTransactionIsolation(isolation);
                changed.add("isolation level (JDBC)");
            }
            return changed;
        };
    }

    /** This context, then {@code other}. */
    default SessionContext and(SessionContext other) {
        SessionContext first = this;
        return new SessionContext() {
            @Override
            public List<String> restore(Connection c, boolean settingsMayHaveChanged) throws SQLException {
                List<String> changed = new ArrayList<>(first.restore(c, settingsMayHaveChanged));
                changed.addAll(other.restore(c, settingsMayHaveChanged));
                return changed;
            }

            @Override
            public List<String> restoreSchemaContext(Connection c) throws SQLException {
                List<String> changed = new ArrayList<>(first.restoreSchemaContext(c));
                changed.addAll(other.restoreSchemaContext(c));
                return changed;
            }
        };
    }
}
