package dev.migrate.dialect.postgres;

import dev.migrate.LockStatus;
import dev.migrate.lock.Cancellation;
import dev.migrate.lock.DatabaseLock;
import dev.migrate.lock.LockLostException;
import dev.migrate.lock.Locks;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session-level advisory lock ({@code pg_try_advisory_lock}), polled until the timeout. Being
 * session-level, it survives the migrations' commits and rollbacks, allows
 * {@code CREATE INDEX CONCURRENTLY}, and is released by the server when the holder's connection dies.
 */
final class PostgresAdvisoryLock implements DatabaseLock {

    private static final Logger log = LoggerFactory.getLogger(PostgresAdvisoryLock.class);
    private static final String OURS = " FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = ?"
            + " AND l.objid::bigint = ? AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";

    private final Connection connection;
    private final long key;

    PostgresAdvisoryLock(Connection connection, String name) {
        this.connection = connection;
        CRC32 high = new CRC32();
        high.update("migrate".getBytes(StandardCharsets.UTF_8));
        CRC32 low = new CRC32();
        low.update(name.getBytes(StandardCharsets.UTF_8));
        this.key = (high.getValue() << 32) | low.getValue();
    }

    @Override
    public <T> T withLock(Duration timeout, Cancellation cancellation, LockedAction<T> action) {
        return Locks.poll(new Locks.Steps() {
            @Override
            public boolean tryAcquire() throws SQLException {
                return queryBoolean("SELECT pg_try_advisory_lock(?)");
            }

            @Override
            public String holder() throws SQLException {
                return PostgresAdvisoryLock.this.holder();
            }

            @Override
            public void release() throws SQLException {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                queryBoolean("SELECT pg_advisory_unlock(?)");
            }
        }, timeout, cancellation, action);
    }

    /** Lives in the connection's session: only what runs in it, or the session's end, releases it. */
    @Override
    public boolean heldBySession() {
        return true;
    }

    /**
     * A migration runs in the session that holds this lock and can release it ({@code pg_advisory_unlock_all()},
     * {@code DISCARD ALL}): the run would go on without it, beside a second process. Checked before a migration's
     * statements and again before it commits; taken back when it is free, a lost lock when another process took it.
     */
    @Override
    public void confirm(Connection ignored) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT EXISTS (SELECT 1" + OURS + " AND l.pid = pg_backend_pid())")) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xffffffffL);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    return;
                }
            }
        }
        if (queryBoolean("SELECT pg_try_advisory_lock(?)")) {
            log.warn("A migration or callback released Migrate's advisory lock in its own session (pg_advisory_unlock_all(),"
                    + " DISCARD ALL); taken back, as no other process had taken it. Release only your own advisory locks"
                    + " (pg_advisory_unlock(key))");
            return;
        }
        String holder = holder();
        throw new LockLostException("Lost the migration lock: a migration or callback released Migrate's advisory lock in its"
                + " own session (pg_advisory_unlock_all(), DISCARD ALL), and another process took it"
                + (holder != null ? " (" + holder + ")" : "") + ". Release only your own advisory locks (pg_advisory_unlock(key)).");
    }

    /** Reads pg_locks, which every user may read; pg_stat_activity hides the client of another user's session. */
    @Override
    public LockStatus probe() throws SQLException {
        String holder = holder();
        return holder == null ? LockStatus.free(null) : LockStatus.held(holder);
    }

    /** The session holding the lock, or null when none does. */
    private String holder() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT l.pid, a.usename, a.client_addr, a.application_name"
                + OURS.replace("FROM pg_locks l", "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"))) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xffffffffL);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String user = rs.getString(2);
                String app = rs.getString(4);
                return "PostgreSQL backend pid " + rs.getInt(1) + (user != null ? ", user " + user : "")
                        + (rs.getString(3) != null ? " from " + rs.getString(3) : "")
                        + (app != null && !app.isEmpty() ? " (" + app + ")" : "");
            }
        }
    }

    private boolean queryBoolean(String sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
