package dev.migrate.dialect.mysql;

import dev.migrate.LockTimeoutException;
import dev.migrate.MigrateException;
import dev.migrate.lock.DatabaseLock;
import dev.migrate.lock.Locks;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.zip.CRC32;

/**
 * {@code GET_LOCK(name, timeout)}: the server waits for us and frees the lock when the holder's
 * session ends, so a killed process never leaves it behind.
 */
final class MySqlNamedLock implements DatabaseLock {

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
    public <T> T withLock(Duration timeout, LockedAction<T> action) {
        Locks.Steps steps = new Locks.Steps() {
            @Override
            public boolean tryAcquire() throws SQLException {
                try (PreparedStatement ps = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
                    ps.setString(1, name);
                    ps.setDouble(2, timeout.toMillis() / 1000.0);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1) == 1;
                    }
                }
            }

            @Override
            public String holder() throws SQLException {
                try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT p.id, p.user, p.host FROM information_schema.processlist p WHERE p.id = IS_USED_LOCK(?)")) {
                    ps.setString(1, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? "connection " + rs.getLong(1) + " of " + rs.getString(2) + "@" + rs.getString(3) : null;
                    }
                }
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
            throw new MigrateException("Could not take the migration lock " + name + ": " + e.getMessage(), e);
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
}
