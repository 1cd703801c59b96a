package dev.migrate.history;

import dev.migrate.MigrationState;
import dev.migrate.MigrationType;
import dev.migrate.MigrationVersion;
import dev.migrate.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;

/**
 * The history table: one row per applied migration. Rows are read once per operation; every
 * change is a single-row statement on the caller's connection, so it joins the migration's
 * transaction where there is one.
 */
public final class HistoryTable extends ManagedTable {

    /**
     * The calendar the JDBC timestamp calls read and write UTC through. Drivers may change the
     * calendar they are given and {@code Calendar} is not thread-safe, so each thread has its own.
     */
    private static final ThreadLocal<Calendar> UTC_CALENDAR =
            ThreadLocal.withInitial(() -> new GregorianCalendar(TimeZone.getTimeZone("UTC")));
    private static final int MAX_ERROR = 4000;


    /** @param schema the table's schema, or null for the connection's current one */
    public HistoryTable(Dialect dialect, String schema, String table) {
        super(dialect, schema, table);
    }



    @Override
    protected String keyColumn() {
        return "installed_rank";
    }

    @Override
    protected String probeColumns() {
        return "state, installed_rank, description, type, script, installed_by, installed_on, execution_time_ms, batch";
    }

    @Override
    protected String kind() {
        return "history table";
    }

    /** Creates the table when missing (through {@link #createIfMissing}). Called with the lock held. */
    @Override
    protected void create(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + sql + " ("
                    + "installed_rank INT NOT NULL PRIMARY KEY, "
                    + "version " + varchar(MigrationVersion.MAX_LENGTH) + ", "
                    + "description " + varchar(200) + " NOT NULL, "
                    + "type " + varchar(20) + " NOT NULL, "
                    + "script " + varchar(1000) + " NOT NULL, "
                    + "checksum INT, "
                    + "installed_by " + varchar(100) + " NOT NULL, "
                    + "installed_on " + dialect.timestampType() + " NOT NULL, "
                    + "execution_time_ms BIGINT NOT NULL, "
                    + "state " + varchar(10) + " NOT NULL, "
                    + "batch INT NOT NULL, "
                    + "error " + dialect.textType() + ")");
        }
    }

    /** Every row, in rank order. An absent table reads as empty. */
    public List<HistoryRow> read(Connection c) throws SQLException {
        List<HistoryRow> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT installed_rank, version, description, type, script, checksum, installed_by,"
                     + " installed_on, execution_time_ms, state, batch, error FROM " + sql + " ORDER BY installed_rank")) {
            while (rs.next()) {
                int checksum = rs.getInt(6);
                Integer boxed = rs.wasNull() ? null : checksum;
                Timestamp on = rs.getTimestamp(8, utc());
                rows.add(new HistoryRow(rs.getInt(1), rs.getString(2), composed(rs.getString(3)),
                        named(MigrationType.values(), rs.getString(4)), composed(rs.getString(5)), boxed, rs.getString(7), on == null ? null : on.toInstant(), rs.getLong(9),
                        named(MigrationState.values(), rs.getString(10)), rs.getInt(11), rs.getString(12)));
            }
        }
        return rows;
    }

    /**
     * The rows as the up-to-date check of every start needs them: rank, version, description, type,
     * script, checksum and state, without the user, time, duration, batch and error that only reports
     * show (turning a thousand timestamps into instants is a measurable part of a start). Those
     * fields are null or zero in the rows returned, which must not be reported or written back.
     * An absent table fails the query.
     */
    public List<HistoryRow> readForUpToDateCheck(Connection c) throws SQLException {
        List<HistoryRow> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT installed_rank, version, description, type, script, checksum, state FROM "
                     + sql + " ORDER BY installed_rank")) {
            while (rs.next()) {
                int checksum = rs.getInt(6);
                Integer boxed = rs.wasNull() ? null : checksum;
                rows.add(new HistoryRow(rs.getInt(1), rs.getString(2), composed(rs.getString(3)),
                        named(MigrationType.values(), rs.getString(4)), composed(rs.getString(5)), boxed, null, null, 0, named(MigrationState.values(), rs.getString(7)), 0, null));
            }
        }
        return rows;
    }

    public void insert(Connection c, HistoryRow row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + sql + " (installed_rank, version, description, type,"
                + " script, checksum, installed_by, installed_on, execution_time_ms, state, batch, error)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setInt(1, row.rank());
            ps.setString(2, row.version());
            ps.setString(3, truncate(row.description(), 200));
            ps.setString(4, row.type().name());
            ps.setString(5, truncate(row.script(), 1000));
            if (row.checksum() == null) {
                ps.setNull(6, Types.INTEGER);
            } else {
                ps.setInt(6, row.checksum());
            }
            ps.setString(7, truncate(row.installedBy(), 100));
            ps.setTimestamp(8, Timestamp.from(row.installedOn()), utc());
            ps.setLong(9, row.executionTimeMs());
            ps.setString(10, row.state().name());
            ps.setInt(11, row.batch());
            ps.setString(12, truncate(row.error(), MAX_ERROR));
            ps.executeUpdate();
        }
    }

    public void updateState(Connection c, int rank, MigrationState state, long executionTimeMs, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + sql + " SET state = ?, execution_time_ms = ?, error = ? WHERE installed_rank = ?")) {
            ps.setString(1, state.name());
            ps.setLong(2, executionTimeMs);
            ps.setString(3, truncate(error, MAX_ERROR));
            ps.setInt(4, rank);
            try {
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!cannotStore(e) || error == null || ascii(error).equals(error)) {
                    throw e;
                }
                // A FAILED mark matters more than the characters of its error that the column cannot hold.
                ps.setString(3, truncate(ascii(error), MAX_ERROR));
                ps.executeUpdate();
            }
        }
    }

    /**
     * Whether {@code e} says a text holds characters its column's character set lacks (MySQL/MariaDB error 1366, "Incorrect
     * string value"): a history or audit table made in a latin1 database by an earlier release, whose text columns took
     * the database's character set.
     */
    static boolean cannotStore(SQLException e) {
        return e.getErrorCode() == 1366;
    }

    /** {@code s} with every character outside ASCII written as {@code ?}, which every character set holds. */
    static String ascii(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> sb.append(cp < 0x80 ? (char) cp : '?'));
        return sb.toString();
    }

    /** Realigns a row with its migration as found now (repair): checksum, description, script name and type. */
    public void realign(Connection c, int rank, Integer checksum, String description, String script, MigrationType type)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + sql + " SET checksum = ?, description = ?, script = ?, type = ? WHERE installed_rank = ?")) {
            if (checksum == null) {
                ps.setNull(1, Types.INTEGER);
            } else {
                ps.setInt(1, checksum);
            }
            ps.setString(2, truncate(description, 200));
            ps.setString(3, truncate(script, 1000));
            ps.setString(4, type.name());
            ps.setInt(5, rank);
            ps.executeUpdate();
        }
    }

    public void delete(Connection c, int rank) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql + " WHERE installed_rank = ?")) {
            ps.setInt(1, rank);
            ps.executeUpdate();
        }
    }

    /** {@code s} as a column of {@code max} characters keeps it: cut, ending in "...", when longer. */
    public static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /**
     * A stored description or script name in Unicode's composed form (NFC), as discovery spells file names: a row
     * written from a macOS checkout, whose file system gave the decomposed form ({@code u} + U+0308 for {@code ü}),
     * still names the file a Linux checkout of the same repository finds.
     */
    private static String composed(String text) {
        return text == null || Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /** This thread's UTC calendar, for {@code getTimestamp}/{@code setTimestamp}. */
    static Calendar utc() {
        return UTC_CALENDAR.get();
    }

    /** Current time truncated to milliseconds, as every dialect stores it. */
    public static Instant now() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }

    /**
     * The constant called {@code name}; a loop rather than {@code valueOf}, whose first call builds
     * a reflective lookup table: measurable at every application start.
     */
    private static <E extends Enum<E>> E named(E[] values, String name) {
        for (E e : values) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("Unknown value '" + name + "' in the history table: expected one of "
                + java.util.Arrays.toString(values));
    }
}
