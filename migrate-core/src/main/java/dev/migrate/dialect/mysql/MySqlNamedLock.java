package dev.migrate.dialect.mysql;

import dev.migrate.LockStatus;
import dev.migrate.LockTimeoutException;
import dev.migrate.MigrateException;
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
 * {@code GET_LOCK(name, timeout)}: the server waits for us and frees the lock when the holder's
 * session ends, so a killed process never leaves it behind.
 */
final class MySqlNamedLock implements DatabaseLock {

    private static final Logger log = LoggerFactory.getLogger(MySqlNamedLock.class);

    private final Connection connection;
    private final String name;

    MySqlNamedLock(Connection connection, String name) {
        this.connection = connection;
        // Lock names are limited to 64 characters.
        if (name.length() > 64) {
            CRC32 crc = new CRC32();
            crc.update(name.getBytes(StandardCharsets.UTF_8));
            name = name.substring(0, 50) + "~" + Long.toHexString(crc.getValue());
        }
        this.name = name;
    }

    @Override
    public <T> T withLock(Duration timeout, Cancellation cancellation, LockedAction<T> action) {
        Locks.Steps steps = new Locks.Steps() {
            @Override
            public boolean tryAcquire() throws SQLException {
                // The server waits, not this thread: a cancel cancels the statement (KILL QUERY), which ends the wait.
                try (PreparedStatement ps = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
                    ps.setString(1, name);
                    ps.setDouble(2, timeout.toMillis() / 1000.0);
                    cancellation.watch(ps);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1) == 1;
                    } finally {
                        cancellation.unwatch();
                    }
                }
            }

            @Override
            public String holder() throws SQLException {
                return MySqlNamedLock.this.holder();
            }

            @Override
            public void release() throws SQLException {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                try (PreparedStatement ps = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                    ps.setString(1, name);
                    ps.executeQuery().close();
                }
            }
        };
        boolean acquired;
        try {
            acquired = steps.tryAcquire();
        } catch (SQLException e) {
            if (cancellation.requested()) {
                throw Locks.cancelledWaiting(cancellation, null);
            }
            throw new MigrateException("Could not take the migration lock " + name + ": " + e.getMessage(), e);
        }
        if (cancellation.requested()) {
            if (acquired) {
                try {
                    steps.release();
                } catch (SQLException e) {
                    log.debug("Could not release the lock taken as the cancel came: {}", e.toString());
                }
            }
            throw Locks.cancelledWaiting(cancellation, null);
        }
        if (!acquired) {
            String holder;
            try {
                holder = steps.holder();
            } catch (SQLException e) {
                holder = null;
            }
            throw new LockTimeoutException(timeout, holder);
        }
        return Locks.runAndRelease(steps, action);
    }

    /** {@code IS_USED_LOCK}: the holder's connection id, also where the process list does not show it. */
    @Override
    public LockStatus probe() throws SQLException {
        String holder = holder();
        return holder == null ? LockStatus.free(null) : LockStatus.held(holder);
    }

    /**
     * The connection holding the lock, with its user and host where the process list shows them (a user without the
     * PROCESS privilege sees only its own), or null when none holds it.
     */
    private String holder() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT l.id, p.user, p.host FROM (SELECT IS_USED_LOCK(?) AS id) l"
                + " LEFT JOIN information_schema.processlist p ON p.id = l.id")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getObject(1) == null) {
                    return null;
                }
                return "connection " + rs.getLong(1) + (rs.getString(2) != null ? " of " + rs.getString(2) + "@" + rs.getString(3) : "");
            }
        }
    }

    /** Lives in the connection's session: only what runs in it, or the session's end, releases it. */
    @Override
    public boolean heldBySession() {
        return true;
    }

    /**
     * A migration runs in the session that holds this lock and can release it ({@code RELEASE_ALL_LOCKS()}): the run
     * would go on without it, beside a second process. Checked before a migration's statements and again before it
     * commits; taken back when it is free, a lost lock when another process took it.
     */
    @Override
    public void confirm(Connection ignored) throws SQLException {
        Long holder;
        try (PreparedStatement ps = connection.prepareStatement("SELECT IS_USED_LOCK(?), CONNECTION_ID()")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                holder = rs.getObject(1) == null ? null : rs.getLong(1);
                if (holder != null && holder == rs.getLong(2)) {
                    return;
                }
            }
        }
        if (holder == null) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT GET_LOCK(?, 0)")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getInt(1) == 1) {
                        log.warn("A migration or callback released Migrate's lock {} in its own session (RELEASE_ALL_LOCKS(),"
                                + " RELEASE_LOCK); taken back, as no other process had taken it. Release only your own locks", name);
                        return;
                    }
                }
            }
        }
        throw new LockLostException("Lost the migration lock: a migration or callback released Migrate's lock " + name
                + " in its own session (RELEASE_ALL_LOCKS(), RELEASE_LOCK), and another process took it"
                + (holder != null ? " (connection " + holder + ")" : "") + ". Release only your own locks (RELEASE_LOCK(name)).");
    }
}
