package dev.migrate.history;

import dev.migrate.AuditEntry;
import dev.migrate.MigrationVersion;
import dev.migrate.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only audit table: every apply, rollback, baseline, repair, clean and failure, with
 * who, when, how long and the outcome, and the writes refused before they started. Nothing ever deletes from it.
 */
public final class AuditLog extends ManagedTable {


    /** @param schema the table's schema, or null for the connection's current one */
    public AuditLog(Dialect dialect, String schema, String table) {
        super(dialect, schema, table);
    }


    @Override
    protected String keyColumn() {
        return "id";
    }

    @Override
    protected String probeColumns() {
        return "operation, outcome, started_on, duration_ms";
    }

    @Override
    protected String kind() {
        return "audit table";
    }

    /** Creates the table when missing (through {@link #createIfMissing}). Called with the lock held. */
    @Override
    protected void create(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + sql + " ("
                    + dialect.identityColumn("id") + ", "
                    + "operation " + varchar(20) + " NOT NULL, "
                    + "version " + varchar(MigrationVersion.MAX_LENGTH) + ", "
                    + "description " + varchar(200) + ", "
                    + "script " + varchar(1000) + ", "
                    + "outcome " + varchar(10) + " NOT NULL, "
                    + "performed_by " + varchar(200) + ", "
                    + "environment " + varchar(50) + ", "
                    + "started_on " + dialect.timestampType() + " NOT NULL, "
                    + "duration_ms BIGINT NOT NULL, "
                    + "details " + dialect.textType() + ")");
        }
    }

    /**
     * Appends one entry on {@code c} (inside the caller's transaction, if one is open).
     *
     * @param version null for an operation-level entry
     */
    public void record(Connection c, String operation, String version, String description, String script, boolean success,
            String performedBy, String environment, Instant startedOn, long durationMs, String details) throws SQLException {
        record(c, operation, version, description, script, success ? AuditEntry.SUCCESS : AuditEntry.FAILURE, performedBy,
                environment, startedOn, durationMs, details);
    }

    /**
     * Appends one entry with {@code outcome} ({@link AuditEntry#SUCCESS}, {@link AuditEntry#FAILURE} or
     * {@link AuditEntry#REFUSED}: the column holds at most 10 characters).
     */
    public void record(Connection c, String operation, String version, String description, String script, String outcome,
            String performedBy, String environment, Instant startedOn, long durationMs, String details) throws SQLException {
        try {
            insert(c, operation, version, description, script, outcome, performedBy, environment, startedOn, durationMs, details);
        } catch (SQLException e) {
            if (!HistoryTable.cannotStore(e)) {
                throw e;
            }
            // An entry matters more than the characters of its texts that the table's columns cannot hold.
            insert(c, operation, version, HistoryTable.ascii(description), HistoryTable.ascii(script), outcome,
                    HistoryTable.ascii(performedBy), HistoryTable.ascii(environment), startedOn, durationMs, HistoryTable.ascii(details));
        }
    }

    private void insert(Connection c, String operation, String version, String description, String script, String outcome,
            String performedBy, String environment, Instant startedOn, long durationMs, String details) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + sql + " (operation, version, description, script,"
                + " outcome, performed_by, environment, started_on, duration_ms, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, operation);
            ps.setString(2, version);
            ps.setString(3, HistoryTable.truncate(description, 200));
            ps.setString(4, HistoryTable.truncate(script, 1000));
            ps.setString(5, outcome);
            ps.setString(6, HistoryTable.truncate(performedBy, 200));
            ps.setString(7, HistoryTable.truncate(environment, 50));
            ps.setTimestamp(8, Timestamp.from(startedOn), HistoryTable.utc());
            ps.setLong(9, durationMs);
            ps.setString(10, HistoryTable.truncate(details, 4000));
            ps.executeUpdate();
        }
    }

    /** Whether a row of {@code operation} with {@code details} exists: the starter's record of a used planId. */
    public boolean hasRow(Connection c, String operation, String details) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + sql + " WHERE operation = ? AND details = ?")) {
            ps.setString(1, operation);
            ps.setString(2, details);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /** Entries oldest first; at most {@code limit} of the newest when {@code limit > 0}. */
    public List<AuditEntry> read(Connection c, int limit) throws SQLException {
        List<AuditEntry> entries = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, operation, version, description, script, outcome, performed_by,"
                     + " environment, started_on, duration_ms, details FROM " + sql + " ORDER BY id")) {
            while (rs.next()) {
                Timestamp on = rs.getTimestamp(9, HistoryTable.utc());
                entries.add(new AuditEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), on == null ? null : on.toInstant(), rs.getLong(10),
                        rs.getString(11)));
            }
        }
        if (limit > 0 && entries.size() > limit) {
            return new ArrayList<>(entries.subList(entries.size() - limit, entries.size()));
        }
        return entries;
    }
}
