package dev.migrate.internal;

import dev.migrate.BatchRun;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationListener;
import dev.migrate.MigrationVersion;
import dev.migrate.history.ProgressTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/** The {@link MigrationContext} handed to Java migrations. */
final class DefaultMigrationContext implements MigrationContext {

    private final Connection connection;
    private final String databaseName;
    private final MigrationVersion version;
    private final String environment;
    private final Map<String, String> placeholders;
    private final ProgressTable progress;
    private final List<MigrationListener> listeners;
    private boolean usedBatches;

    DefaultMigrationContext(Connection connection, String databaseName, MigrationVersion version, String environment,
            Map<String, String> placeholders, ProgressTable progress, List<MigrationListener> listeners) {
        this.connection = connection;
        this.databaseName = databaseName;
        this.version = version;
        this.environment = environment;
        this.placeholders = placeholders;
        this.progress = progress;
        this.listeners = listeners;
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public String databaseName() {
        return databaseName;
    }

    @Override
    public MigrationVersion version() {
        return version;
    }

    @Override
    public String environment() {
        return environment;
    }

    @Override
    public Map<String, String> placeholders() {
        return placeholders;
    }

    @Override
    public void execute(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public BatchRun batches(String table, String keyColumn) {
        usedBatches = true;
        return new KeyBatches(connection, progress, version == null ? "" : version.toString(), listeners, table, keyColumn);
    }

    /** Whether a batch loop ran, so its progress marks must be cleared once the migration succeeds. */
    boolean usedBatches() {
        return usedBatches;
    }
}
