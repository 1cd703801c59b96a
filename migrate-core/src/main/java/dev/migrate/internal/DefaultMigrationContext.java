package dev.migrate.internal;

import dev.migrate.BatchRun;
import dev.migrate.ConfigurationException;
import dev.migrate.Direction;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationListener;
import dev.migrate.MigrationVersion;
import dev.migrate.history.ProgressTable;
import dev.migrate.lock.Cancellation;
import dev.migrate.sql.SqlSplitter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The {@link MigrationContext} handed to Java migrations. */
final class DefaultMigrationContext implements MigrationContext {

    private final Connection connection;
    private final String databaseName;
    private final MigrationVersion version;
    private final Direction direction;
    private final String environment;
    private final Map<String, String> placeholders;
    private final ProgressTable progress;
    private final List<MigrationListener> listeners;
    private final KeyBatches.LockCheck lockCheck;
    private final SqlSplitter splitter;
    /** The operation's: {@link #execute} runs each statement so that a cancel stops it. */
    private final Cancellation cancellation;
    private boolean usedBatches;
    /** How many loops over each {@code table.key} this run of the migration started, for default loop names. */
    private final Map<String, Integer> loops = new HashMap<>();
    /** The loop names that ran in this run of the migration: each has its own progress marks. */
    private final Set<String> tasks = new HashSet<>();
    /** What the action of a batch threw last, and which batch that was ({@link #failedBatch}). */
    private Throwable batchFailure;
    private String batchFailureWhere;

    DefaultMigrationContext(Connection connection, String databaseName, MigrationVersion version, Direction direction,
            String environment, Map<String, String> placeholders, ProgressTable progress, List<MigrationListener> listeners,
            KeyBatches.LockCheck lockCheck, SqlSplitter splitter, Cancellation cancellation) {
        this.connection = connection;
        this.cancellation = cancellation;
        this.splitter = splitter;
        this.databaseName = databaseName;
        this.version = version;
        this.direction = direction;
        this.environment = environment;
        this.placeholders = placeholders;
        this.progress = progress;
        this.listeners = listeners;
        this.lockCheck = lockCheck;
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
    public SqlSplitter splitter() {
        return splitter;
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
            cancellation.watch(st);
            try {
                st.execute(sql);
            } finally {
                cancellation.unwatch();
            }
        }
        cancellation.check();
    }

    /**
     * A loop is named {@code table.key} by default, and {@code table.key#2}, {@code #3}... when the same
     * run of the migration walks the same table and key again, so that each loop keeps its own
     * progress marks. The count restarts with each run, so a resumed run names its loops as the
     * interrupted one did, as long as the migration starts the same loops in the same order.
     */
    @Override
    public BatchRun batches(String table, String keyColumn) {
        usedBatches = true;
        String loop = table + "." + keyColumn;
        int ordinal = loops.merge(loop, 1, Integer::sum);
        return new KeyBatches(connection, progress, version == null ? "" : version.toString(), direction, listeners, table,
                keyColumn, ordinal == 1 ? loop : loop + "#" + ordinal, this::claim, lockCheck, cancellation, this::noteFailedBatch,
                System::nanoTime);
    }

    /**
     * Refuses a second loop of the same name in one run, which would resume from the first one's marks. Names
     * that differ only in case or trailing blanks count as the same: MariaDB's and MySQL's usual collations
     * compare the progress table's {@code task} column so, and the two loops would share one mark there.
     */
    private void claim(String task) {
        if (!tasks.add(task.stripTrailing().toLowerCase(Locale.ROOT))) {
            throw new ConfigurationException("Migration " + version + " runs two batch loops named '" + task + "' in its "
                    + direction.tag() + " (names that differ only in case count as one): the second would take the first one's"
                    + " progress as its own. Give each loop its own name with .task(\"...\")");
        }
    }

    private void noteFailedBatch(Throwable failure, String where) {
        batchFailure = failure;
        batchFailureWhere = where;
    }

    /**
     * The batch whose action threw {@code failure} (or one of its causes: the migration may wrap what its loop threw), as
     * "batch loop items.id, batch 3 (1000 rows, keys 2001 to 3000)"; null when it did not come from a batch, as when the
     * code caught a batch's failure and failed later for another reason.
     */
    String failedBatch(Throwable failure) {
        for (Throwable t = failure; t != null && batchFailure != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t == batchFailure) {
                return batchFailureWhere;
            }
        }
        return null;
    }

    /** Whether a batch loop ran, so its progress marks must be cleared once the migration succeeds. */
    boolean usedBatches() {
        return usedBatches;
    }
}
