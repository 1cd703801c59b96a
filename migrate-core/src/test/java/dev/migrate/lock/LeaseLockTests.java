package dev.migrate.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrateException;
import dev.migrate.internal.DriverDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lease lock of H2 and SQLite: {@code confirm} skips its write while the lease was renewed
 * less than a quarter lease ago, and still detects a takeover once that is no longer so.
 */
class LeaseLockTests {

    @TempDir
    Path dir;

    private DriverDataSource dataSource(String kind) {
        String name = "lease_" + UUID.randomUUID().toString().replace("-", "");
        return kind.equals("h2")
                ? new DriverDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "")
                : new DriverDataSource("jdbc:sqlite:" + dir.resolve(name + ".db"), null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite"})
    void confirmRightAfterTakingTheLockDoesNotWriteTheRow(String kind) throws Exception {
        DriverDataSource ds = dataSource(kind);
        try (Connection c = ds.getConnection(); Connection other = ds.getConnection()) {
            LeaseLock lock = new LeaseLock(c, ds, "migrate_lock", Duration.ofSeconds(10));
            AtomicReference<Long> expiresBefore = new AtomicReference<>();
            AtomicReference<Long> expiresAfter = new AtomicReference<>();
            lock.withLock(Duration.ofSeconds(5), () -> {
                expiresBefore.set(expiresAt(other));
                pause(20);
                lock.confirm(c);
                expiresAfter.set(expiresAt(other));
                return null;
            });
            assertThat(expiresAfter.get()).as("no write within a quarter lease of taking the lock").isEqualTo(expiresBefore.get());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite"})
    void confirmDetectsATakeoverOnceTheLastRenewalIsAQuarterLeaseOld(String kind) throws Exception {
        DriverDataSource ds = dataSource(kind);
        try (Connection c = ds.getConnection(); Connection other = ds.getConnection()) {
            LeaseLock lock = new LeaseLock(c, ds, "migrate_lock", Duration.ofMillis(800));
            lock.withLock(Duration.ofSeconds(5), () -> {
                // Another process took the row over (as it may once a lease has expired).
                try (Statement st = other.createStatement()) {
                    st.executeUpdate("UPDATE migrate_lock SET owner = 'thief', expires_at = " + (System.currentTimeMillis() + 60_000)
                            + " WHERE id = 1");
                }
                pause(450);
                assertThatThrownBy(() -> lock.confirm(c)).isInstanceOf(MigrateException.class)
                        .hasMessageContaining("Lost the migration lock");
                return null;
            });
            assertThat(owner(other)).as("the release leaves the new owner's row alone").isEqualTo("thief");
        }
    }

    private static long expiresAt(Connection c) throws java.sql.SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT expires_at FROM migrate_lock WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String owner(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT owner FROM migrate_lock WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    /** H2: a user without rights on the schema cannot create the lock table; that is the error, not "table not found". */
    @org.junit.jupiter.api.Test
    void aLockTableThatCannotBeCreatedFailsWithTheCreatesError() throws Exception {
        String name = "lease_" + UUID.randomUUID().toString().replace("-", "");
        DriverDataSource admin = new DriverDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
        try (Connection keeper = admin.getConnection(); Statement st = keeper.createStatement()) {
            st.execute("CREATE USER reader PASSWORD 'r'");
            DriverDataSource reader = new DriverDataSource("jdbc:h2:mem:" + name, "reader", "r");
            try (Connection c = reader.getConnection()) {
                LeaseLock lock = new LeaseLock(c, reader, "migrate_lock", Duration.ofSeconds(10));
                assertThatThrownBy(() -> lock.withLock(Duration.ofSeconds(2), () -> null))
                        .hasStackTraceContaining("Not enough rights").hasStackTraceContaining("MIGRATE_LOCK");
            }
        }
    }
}
