package dev.migrate.history;

import dev.migrate.Direction;
import dev.migrate.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Progress marks of batched data migrations: the last key committed by each batch loop, written in
 * the same transaction as the batch, so a resumed run starts right after it.
 *
 * <p>A mark belongs to one loop of one direction: the {@code task} column holds the loop's name for
 * the up, and {@code down:} and the name for the down, so that a loop never resumes from the other
 * direction's progress. The marks of a migration go once it has completed or been rolled back.
 */
public final class ProgressTable extends ManagedTable {

    /** What the {@code task} column of a down loop's mark starts with; no loop's own name may start with it. */
    public static final String DOWN_PREFIX = "down:";

    /** The last committed batch of one loop. */
    public record Mark(String lastKey, long rowsDone) {
    }


    public ProgressTable(Dialect dialect, String schema, String table) {
        super(dialect, schema, table);
    }


    @Override
    protected String keyColumn() {
        return "rows_done";
    }

    @Override
    protected String probeColumns() {
        return "version, task, last_key, rows_done, updated_on";
    }

    @Override
    protected String kind() {
        return "progress table";
    }

    /** Creates the table when missing (through {@link #createIfMissing}). Called before a batch loop starts, outside its transactions. */
    @Override
    protected void create(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + sql + " (version " + varchar(50) + " NOT NULL, task " + varchar(200) + " NOT NULL,"
                    + " last_key " + dialect.textType() + " NOT NULL, rows_done BIGINT NOT NULL, updated_on " + dialect.timestampType()
                    + " NOT NULL, PRIMARY KEY (version, task))");
        }
    }

    /**
     * How many characters {@code last_key} holds: no limit that matters for a table made by this release, 200 for
     * one made by an earlier release (VARCHAR(200)), where a longer key failed the batch's commit or, on MariaDB
     * without strict mode, was cut short and resumed from the wrong key. SQLite does not enforce declared lengths.
     */
    public int keyCapacity(Connection c) throws SQLException {
        if (dialect.name().equals("SQLite")) {
            return Integer.MAX_VALUE;
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT last_key FROM " + sql + " WHERE 1 = 0")) {
            int precision = rs.getMetaData().getPrecision(1);
            return precision <= 0 ? Integer.MAX_VALUE : precision;
        }
    }

    /**
     * MySQL/MariaDB: the character set of {@code last_key} when it is not {@code utf8mb4}, else null (and always null on
     * other databases, whose text columns take any character). Such a column was made by an earlier release in a database
     * whose default character set is {@code latin1} or {@code utf8mb3}: a key of a {@code utf8mb4} column that it cannot
     * hold failed the batch's commit in strict mode, every run again at the same batch, and was stored with {@code ?} in
     * its place (a resume from the wrong key) without it.
     */
    public String narrowKeyCharset(Connection c) throws SQLException {
        if (!dialect.name().equals("MySQL")) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE"
                + " TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? AND COLUMN_NAME = 'last_key'")) {
            ps.setString(1, schema());
            ps.setString(2, table());
            try (ResultSet rs = ps.executeQuery()) {
                String charset = rs.next() ? rs.getString(1) : null;
                return charset == null || charset.toLowerCase(java.util.Locale.ROOT).startsWith("utf8mb4")
                        || !charset.matches("[A-Za-z0-9_]+") ? null : charset;
            }
        }
    }

    /** Whether {@code mark} reads back the same from a {@code last_key} of character set {@code charset} ({@link #narrowKeyCharset}). */
    public boolean keyFits(Connection c, String charset, String mark) throws SQLException {
        if (mark.chars().allMatch(ch -> ch < 0x80)) {
            return true;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT CONVERT(CONVERT(CONVERT(? USING utf8mb4) USING " + charset
                + ") USING utf8mb4)")) {
            ps.setString(1, mark);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && mark.equals(rs.getString(1));
            }
        }
    }

    /** The statement that widens {@code last_key} of a table made by an earlier release, for messages. */
    public String widenStatement() {
        return switch (dialect.name()) {
            case "PostgreSQL" -> "ALTER TABLE " + sql + " ALTER COLUMN last_key TYPE TEXT";
            case "H2" -> "ALTER TABLE " + sql + " ALTER COLUMN last_key SET DATA TYPE CHARACTER VARYING";
            default -> "ALTER TABLE " + sql + " MODIFY last_key " + dialect.textType() + " NOT NULL";
        };
    }

    /** The mark of loop {@code task} of {@code version} in {@code direction}, if a batch of it committed. */
    public Optional<Mark> read(Connection c, String version, Direction direction, String task) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_key, rows_done FROM " + sql + " WHERE version = ? AND task = ?")) {
            ps.setString(1, version);
            ps.setString(2, stored(direction, task));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Mark(rs.getString(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }

    /** Records the last key of a batch, on the batch's connection and inside its transaction. */
    public void save(Connection c, String version, Direction direction, String task, String lastKey, long rowsDone)
            throws SQLException {
        task = stored(direction, task);
        Timestamp now = Timestamp.from(HistoryTable.now());
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql + " SET last_key = ?, rows_done = ?, updated_on = ?"
                + " WHERE version = ? AND task = ?")) {
            ps.setString(1, lastKey);
            ps.setLong(2, rowsDone);
            ps.setTimestamp(3, now, HistoryTable.utc());
            ps.setString(4, version);
            ps.setString(5, task);
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + sql + " (version, task, last_key, rows_done, updated_on)"
                + " VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, version);
            ps.setString(2, task);
            ps.setString(3, lastKey);
            ps.setLong(4, rowsDone);
            ps.setTimestamp(5, now, HistoryTable.utc());
            ps.executeUpdate();
        }
    }

    /** Versions with progress marks: migrations interrupted in the middle of a batch loop. */
    public Set<String> versions(Connection c) throws SQLException {
        Set<String> versions = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT DISTINCT version FROM " + sql)) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }

    /**
     * Forgets the marks a migration's loops left in the other direction: once a loop of {@code direction}
     * starts, an interrupted run the other way is over, and its marks say nothing about this one.
     */
    public void deleteOtherDirection(Connection c, String version, Direction direction) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql + " WHERE version = ? AND task "
                + (direction == Direction.UP ? "" : "NOT ") + "LIKE ?")) {
            ps.setString(1, version);
            ps.setString(2, DOWN_PREFIX + "%");
            ps.executeUpdate();
        }
    }

    private static String stored(Direction direction, String task) {
        return direction == Direction.DOWN ? DOWN_PREFIX + task : task;
    }

    /**
     * Leaves {@code version} a mark of no loop (an empty {@code task} and {@code last_key}, no rows done) unless
     * it has marks already: a batch loop of its up was refused before its first batch, and the next migrate
     * plans the migration again as it does one interrupted mid-loop, instead of refusing its FAILED row until
     * 'repair'. No loop reads this mark (a loop's name is never empty); it goes with the migration's other
     * marks, and a down's loop deletes it with the up's.
     */
    public void markRestartable(Connection c, String version) throws SQLException {
        if (hasMarks(c, version)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + sql + " (version, task, last_key, rows_done, updated_on)"
                + " VALUES (?, ?, '', 0, ?)")) {
            ps.setString(1, version);
            ps.setString(2, "");
            ps.setTimestamp(3, Timestamp.from(HistoryTable.now()), HistoryTable.utc());
            ps.executeUpdate();
        }
    }

    /** Whether {@code version} has marks: a run of it was interrupted, and the next one takes it up again. */
    public boolean hasMarks(Connection c, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + sql + " WHERE version = ?")) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /** Forgets a migration's marks once it has completed or been rolled back. */
    public void delete(Connection c, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql + " WHERE version = ?")) {
            ps.setString(1, version);
            ps.executeUpdate();
        }
    }
}
