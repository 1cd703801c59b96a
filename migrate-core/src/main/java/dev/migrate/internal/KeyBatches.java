package dev.migrate.internal;

import dev.migrate.BatchRun;
import dev.migrate.ConfigurationException;
import dev.migrate.Direction;
import dev.migrate.MigrationListener;
import dev.migrate.ProgressEvent;
import dev.migrate.history.ProgressTable;
import dev.migrate.lock.Cancellation;
import dev.migrate.lock.LockLostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BatchRun} over a table's key: selects the next {@code size} keys after the last one done,
 * hands the range to the action, and (outside the migration's transaction) commits the batch with
 * its progress mark, keyed by the migration's version, the direction and the loop's name.
 */
final class KeyBatches implements BatchRun {

    private static final Logger log = LoggerFactory.getLogger(KeyBatches.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");

    private final Connection connection;
    private final ProgressTable progress;
    private final String version;
    private final Direction direction;
    private final List<MigrationListener> listeners;
    private final String table;
    private final String key;
    private final Consumer<String> claim;
    private final LockCheck lockCheck;
    private final Cancellation cancellation;
    private final FailedBatch failedBatch;
    private final LongSupplier nanoTime;
    private int size = 1000;
    private String task;
    private boolean countTotal = true;

    /**
     * @param defaultTask the loop's name unless {@link #task} sets one
     * @param claim       called with the loop's name when it starts; throws when the name is taken
     * @param lockCheck   confirms the migration lock inside each batch's transaction, just before it commits
     * @param cancellation the operation's: checked before each batch, and watching the loop's own statements
     * @param failedBatch told which batch the action failed in, so that the migration's failure can name it
     * @param nanoTime    the clock the rate and ETA of progress events are measured with
     */
    KeyBatches(Connection connection, ProgressTable progress, String version, Direction direction, List<MigrationListener> listeners,
            String table, String key, String defaultTask, Consumer<String> claim, LockCheck lockCheck, Cancellation cancellation,
            FailedBatch failedBatch, LongSupplier nanoTime) {
        this.connection = connection;
        this.progress = progress;
        this.version = version;
        this.direction = direction;
        this.listeners = listeners;
        this.table = table;
        this.key = key;
        this.task = defaultTask;
        this.claim = claim;
        this.lockCheck = lockCheck;
        this.cancellation = cancellation;
        this.failedBatch = failedBatch;
        this.nanoTime = nanoTime;
        if (!IDENTIFIER.matcher(table).matches() || !IDENTIFIER.matcher(key).matches()) {
            throw refused(new ConfigurationException("Migration " + version + ": batches(\"" + table + "\", \"" + key + "\"): name"
                    + " a table and its key column as plain identifiers"));
        }
    }

    /** Confirms that this process still holds the migration lock, until the connection's transaction commits. */
    @FunctionalInterface
    interface LockCheck {
        /** @throws LockLostException when another process has taken the lock over */
        void confirmUntilCommit() throws SQLException;
    }

    /** Where the failure of a batch's action is noted, for the message of the migration's failure. */
    @FunctionalInterface
    interface FailedBatch {
        /**
         * @param failure     what the action threw
         * @param description the loop, the batch and its keys ("batch loop items.id, batch 3 (keys 2001 to 3000)")
         */
        void failed(Throwable failure, String description);
    }

    @Override
    public BatchRun size(int rows) {
        if (rows < 1) {
            throw new ConfigurationException("batch size must be at least 1, not " + rows);
        }
        this.size = rows;
        return this;
    }

    @Override
    public BatchRun task(String name) {
        if (name == null || name.isBlank() || name.length() > 150) {
            throw refused(new ConfigurationException("Migration " + version + ": batches(\"" + table + "\", \"" + key + "\").task(...)"
                    + " needs a name of 1 to 150 characters, not " + (name == null ? "null" : "'" + name + "'")));
        }
        if (name.regionMatches(true, 0, ProgressTable.DOWN_PREFIX, 0, ProgressTable.DOWN_PREFIX.length())) {
            // The progress table tells a down loop's marks by this prefix (compared case-insensitively by MariaDB's
            // and SQLite's LIKE): an up loop so named had its marks deleted whenever it started, so a resumed run
            // began again at the first key, and it shared its marks with the down loop of the rest of the name.
            throw refused(new ConfigurationException("Migration " + version + ": batches(\"" + table + "\", \"" + key + "\").task(\""
                    + name + "\") is refused: a loop's name may not start with '" + ProgressTable.DOWN_PREFIX + "', which "
                    + progress.name() + " uses to keep the marks of down() loops apart. Give the loop another name"));
        }
        this.task = name;
        return this;
    }

    @Override
    public BatchRun countTotal(boolean count) {
        this.countTotal = count;
        return this;
    }

    @Override
    public long forEach(BatchAction action) throws Exception {
        try {
            claim.accept(task);
        } catch (ConfigurationException e) {
            throw refused(e);
        }
        boolean ownTransactions = connection.getAutoCommit();
        KeyType type;
        try {
            type = keyType();
        } catch (ConfigurationException e) {
            throw refused(e);
        }
        Object after = null;
        long done = 0;
        int markCapacity = Integer.MAX_VALUE;
        String markCharset = null;
        if (ownTransactions) {
            progress.createIfMissing(connection);
            markCapacity = progress.keyCapacity(connection);
            markCharset = type == KeyType.TEXT || type == KeyType.UNTYPED_TEXT ? progress.narrowKeyCharset(connection) : null;
            progress.deleteOtherDirection(connection, version, direction);
            var mark = progress.read(connection, version, direction, task);
            if (mark.isPresent()) {
                after = type.parse(mark.get().lastKey());
                done = mark.get().rowsDone();
                log.info("Resuming {} of version {} ({}) after key {} ({} rows already done)", task, version, direction.tag(),
                        type.display(after), done);
            }
        }
        long total = countTotal ? done + countAfter(type, after) : -1;
        long start = nanoTime.getAsLong();
        long doneThisRun = 0;
        long number = 0;
        while (true) {
            // Between two batches, inside the migration's transaction too: there no commit would check it, and a cancelled
            // loop went on to its last batch, after which the migration was recorded as applied.
            cancellation.check();
            Object first = null;
            Object last = null;
            int rows = 0;
            try (PreparedStatement ps = connection.prepareStatement(after == null
                    ? "SELECT " + key + " FROM " + table + " ORDER BY " + key + " LIMIT " + size
                    : "SELECT " + key + " FROM " + table + " WHERE " + key + " > ? ORDER BY " + key + " LIMIT " + size)) {
                if (after != null) {
                    type.bind(ps, 1, after);
                }
                try (ResultSet rs = watched(ps)) {
                    while (rs.next()) {
                        Object k = type.read(rs);
                        if (k == null) {
                            throw number == 0 ? refused(nullKey()) : nullKey();
                        }
                        if (first == null) {
                            first = k;
                        }
                        last = k;
                        rows++;
                    }
                }
            }
            if (rows == 0) {
                break;
            }
            number++;
            SimpleBatch batch = new SimpleBatch(type, first, last, rows, number);
            if (ownTransactions) {
                String mark = type.mark(last);
                if (mark.length() > markCapacity) {
                    throw number == 1 ? refused(markTooLong(number, mark, markCapacity)) : markTooLong(number, mark, markCapacity);
                }
                if (markCharset != null && !progress.keyFits(connection, markCharset, mark)) {
                    throw number == 1 ? refused(markNotStorable(number, mark, markCharset))
                            : markNotStorable(number, mark, markCharset);
                }
                connection.setAutoCommit(false);
                Throwable failed = null;
                try {
                    process(action, batch);
                    progress.save(connection, version, direction, task, mark, done + rows);
                    confirmLock(number, type.display(first), type.display(last));
                    connection.commit();
                } catch (Exception | Error e) {
                    // An Error too: auto-commit put back below would commit the half-done batch without its progress mark.
                    failed = e;
                    try {
                        connection.rollback();
                    } catch (SQLException r) {
                        e.addSuppressed(r);
                    }
                    throw e;
                } finally {
                    // SQLite rolls the transaction back itself when a statement is interrupted (a cancel), and then refuses
                    // the rollback and the commit that putting auto-commit back makes: that must not hide why the batch failed.
                    try {
                        connection.setAutoCommit(true);
                    } catch (SQLException e) {
                        if (failed == null) {
                            throw e;
                        }
                        failed.addSuppressed(e);
                    }
                }
            } else {
                process(action, batch);
            }
            after = last;
            done += rows;
            doneThisRun += rows;
            if (total >= 0 && done > total) {
                // Rows the application inserted after the count, with keys after the mark: the total counted them not,
                // and events said "3,000 of 2,500 rows" (a starter log line "1/0 rows (-100.0%)" for a table empty at first).
                total = done;
            }
            notifyProgress(rows, done, total, doneThisRun, start);
        }
        return done;
    }

    /** Runs the action over {@code batch}, noting which batch failed when it throws. */
    private void process(BatchAction action, SimpleBatch batch) throws Exception {
        try {
            action.process(batch);
        } catch (Exception | Error e) {
            failedBatch.failed(e, "batch loop " + task + ", batch " + batch.number + " (" + (batch.rows == 1 ? "key "
                    + batch.type.display(batch.first) : "keys " + batch.type.display(batch.first) + " to "
                    + batch.type.display(batch.last) + ", " + batch.rows + " rows") + ")");
            throw e;
        }
    }

    /** Runs {@code ps}'s query so that a cancel stops it. */
    private ResultSet watched(PreparedStatement ps) throws SQLException {
        cancellation.watch(ps);
        try {
            return ps.executeQuery();
        } finally {
            cancellation.unwatch();
        }
    }

    /**
     * A process paused for longer than the lock's lease (a long GC, a suspended VM) may find that another
     * process took the lock over and resumed this loop: its batch must not commit as well.
     */
    private void confirmLock(long number, String first, String last) throws SQLException {
        try {
            lockCheck.confirmUntilCommit();
        } catch (LockLostException e) {
            throw new LockLostException("Batch loop " + task + " in " + direction.tag() + "() of version " + version + " stopped before"
                    + " committing batch " + number + " (keys " + first + " to " + last + "), which was rolled back: " + e.getMessage(), e);
        }
    }

    /**
     * {@code refusal}, thrown before this loop committed a batch, after leaving the migration a progress mark
     * when its up runs outside its own transaction ({@link ProgressTable#markRestartable}): the next migrate runs
     * it again as it does a migration interrupted mid-loop, rather than refusing its FAILED row until 'repair'.
     * Inside the migration's transaction the refusal rolls everything back, and there is nothing to leave. A
     * down refused so needs no mark: 'rollback' runs it again as it is.
     */
    private ConfigurationException refused(ConfigurationException refusal) {
        if (version.isEmpty() || direction != Direction.UP) {
            return refusal;
        }
        try {
            if (connection.getAutoCommit()) {
                progress.createIfMissing(connection);
                progress.markRestartable(connection, version);
            }
        } catch (SQLException e) {
            refusal.addSuppressed(e);
        }
        return refusal;
    }

    /**
     * A NULL key has no place in key order and no mark to resume after: taken as the last key, it made the
     * next query start from the first row again (an endless loop) and was marked as the text "null".
     */
    private ConfigurationException nullKey() {
        return new ConfigurationException("Batch loop " + task + " in " + direction.tag() + "() of version " + version + ": table "
                + table + " has rows whose key column " + key + " is NULL (SQLite allows that even in a PRIMARY KEY that is not an"
                + " INTEGER PRIMARY KEY, and a UNIQUE column allows it everywhere). The loop cannot order those rows or resume"
                + " after them; give them keys or delete them, or walk the table by a NOT NULL unique column, and migrate again.");
    }

    private ConfigurationException markTooLong(long number, String mark, int capacity) {
        return new ConfigurationException("Batch loop " + task + " in " + direction.tag() + "() of version " + version
                + " stopped before batch " + number + ": its last key (" + mark.substring(0, 40) + "...) takes " + mark.length()
                + " characters as a progress mark, but column last_key of " + progress.name() + ", made by an earlier release,"
                + " holds only " + capacity + ". Nothing of the batch ran. Widen the column (" + progress.widenStatement()
                + "), then migrate again" + (number == 1 ? "." : ": the loop resumes after batch " + (number - 1) + "."));
    }

    private ConfigurationException markNotStorable(long number, String mark, String charset) {
        return new ConfigurationException("Batch loop " + task + " in " + direction.tag() + "() of version " + version
                + " stopped before batch " + number + ": its last key (" + (mark.length() > 40 ? mark.substring(0, 40) + "..." : mark)
                + ") holds characters that column last_key of " + progress.name() + " cannot store: it is of character set "
                + charset + " (the database's default when the table was made). Nothing of the batch ran. Convert the column ("
                + progress.widenStatement() + "), then migrate again" + (number == 1 ? "." : ": the loop resumes after batch "
                + (number - 1) + "."));
    }

    private KeyType keyType() throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + key + " FROM " + table + " WHERE 1 = 0")) {
            KeyType type = KeyType.of(rs.getMetaData(), task + " in " + direction.tag() + "() of version " + version, table, key);
            if (rs.getMetaData().isNullable(1) != ResultSetMetaData.columnNoNulls && hasNullKey()) {
                // Before the first batch: NULLs sort last on PostgreSQL, where `key > ?` would pass them by unseen.
                throw nullKey();
            }
            return type;
        }
    }

    private boolean hasNullKey() throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM (SELECT " + key + " FROM " + table + " WHERE " + key
                     + " IS NULL LIMIT 1) n")) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    private long countAfter(KeyType type, Object after) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(after == null
                ? "SELECT COUNT(*) FROM " + table : "SELECT COUNT(*) FROM " + table + " WHERE " + key + " > ?")) {
            if (after != null) {
                type.bind(ps, 1, after);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private void notifyProgress(int batchRows, long done, long total, long doneThisRun, long startNanos) {
        double seconds = Math.max(1e-3, (nanoTime.getAsLong() - startNanos) / 1e9);
        double rate = doneThisRun / seconds;
        Duration eta = total >= 0 && rate > 0 ? Duration.ofMillis((long) (Math.max(0, total - done) / rate * 1000)) : null;
        ProgressEvent event = new ProgressEvent(version, task, batchRows, done, total, rate, eta);
        Listeners.tell(listeners, l -> l.progress(event));
    }

    private final class SimpleBatch implements Batch {
        private final KeyType type;
        private final Object first;
        private final Object last;
        private final int rows;
        private final long number;

        SimpleBatch(KeyType type, Object first, Object last, int rows, long number) {
            this.type = type;
            this.first = first;
            this.last = last;
            this.rows = rows;
            this.number = number;
        }

        @Override
        public Object first() {
            return first;
        }

        @Override
        public Object last() {
            return last;
        }

        @Override
        public int rows() {
            return rows;
        }

        @Override
        public long number() {
            return number;
        }

        @Override
        public int update(String sql) throws SQLException {
            int count;
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                type.bind(ps, 1, first);
                type.bind(ps, 2, last);
                cancellation.watch(ps);
                try {
                    count = ps.executeUpdate();
                } finally {
                    cancellation.unwatch();
                }
            }
            // MariaDB's KILL QUERY may end a statement (SLEEP) without an error
            cancellation.check();
            return count;
        }
    }
}
