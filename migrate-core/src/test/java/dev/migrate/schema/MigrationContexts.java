package dev.migrate.schema;

import dev.migrate.MigrationContext;
import dev.migrate.dialect.Dialects;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link MigrationContext} over one connection that runs and records statements, as the runner's
 * context would, for running a {@link DslMigration}'s up and down without the engine. A proxy, so that
 * methods added to the interface later need no change here; they throw.
 */
final class MigrationContexts {

    private MigrationContexts() {
    }

    static MigrationContext over(Connection connection, List<String> executed) throws SQLException {
        dev.migrate.dialect.Dialect dialect = Dialects.detect(connection);
        String databaseName = dialect.name();
        // as the runner makes it: for the session as it is now (MySQL's sql_mode)
        dev.migrate.sql.SqlSplitter splitter = dialect.splitter(connection);
        return (MigrationContext) Proxy.newProxyInstance(MigrationContext.class.getClassLoader(),
                new Class<?>[] {MigrationContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "connection":
                            return connection;
                        case "databaseName":
                            return databaseName;
                        case "splitter":
                            return splitter;
                        case "execute":
                            String sql = (String) args[0];
                            executed.add(sql);
                            try (Statement st = connection.createStatement()) {
                                st.execute(sql);
                            }
                            return null;
                        case "toString":
                            return "MigrationContext over " + databaseName;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    /**
     * Runs the migration's up or down as the runner does: in a transaction unless it requires none,
     * committed at the end, rolled back on failure.
     *
     * @return the statements run
     */
    static List<String> run(DslMigration migration, boolean up, Connection connection) throws Exception {
        List<String> executed = new ArrayList<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(migration.requiresNoTransaction());
        try {
            MigrationContext context = over(connection, executed);
            if (up) {
                migration.up(context);
            } else {
                migration.down(context);
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (Exception e) {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            throw e instanceof InvocationTargetException ite && ite.getCause() instanceof Exception cause ? cause : e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return executed;
    }
}
