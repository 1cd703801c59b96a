package dev.migrate.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.LockTimeoutException;
import dev.migrate.MigrateException;
import dev.migrate.dialect.AbstractDialect;
import dev.migrate.dialect.Dialects;
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
 * less than a quarter lease ago, and still detects a takeover once that is no longer so; leases are
 * timed by the database's clock, so a process whose clock is wrong neither takes a live holder's
 * lock nor waits for a dead one's beyond the lease.
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
            LeaseLock lock = lock(c, ds, Duration.ofSeconds(10), System::currentTimeMillis);
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
            LeaseLock lock = lock(c, ds, Duration.ofMillis(800), System::currentTimeMillis);
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

    /**
     * A connection closed before the lock table is even looked at (an H2 AUTO_SERVER file whose serving process
     * just exited) is a lost connection, which the operation answers by connecting again, not a failure to make the table.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite"})
    void aConnectionClosedBeforeTheLockTableIsMadeIsReportedAsLost(String kind) throws Exception {
        DriverDataSource ds = dataSource(kind);
        Connection c = ds.getConnection();
        LeaseLock lock = lock(c, ds, Duration.ofSeconds(10), System::currentTimeMillis);
        c.close();
        assertThatThrownBy(() -> lock.withLock(Duration.ofSeconds(1), () -> null)).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("The connection to the database closed while making the lock table");
    }

    private static final long HOUR = 3_600_000;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite"})
    void aWaiterWhoseClockRunsAheadLeavesALiveHolderAlone(String kind) throws Exception {
        DriverDataSource ds = dataSource(kind);
        try (Connection c = ds.getConnection(); Connection other = ds.getConnection()) {
            LeaseLock holder = lock(c, ds, Duration.ofSeconds(1), System::currentTimeMillis);
            LeaseLock ahead = lock(other, ds, Duration.ofSeconds(1), () -> System.currentTimeMillis() + HOUR);
            holder.withLock(Duration.ofSeconds(5), () -> {
                // Longer than the lease: only the holder's renewals keep the lock from the waiter.
                assertThatThrownBy(() -> ahead.withLock(Duration.ofMillis(2500), () -> null)).isInstanceOf(LockTimeoutException.class);
                holder.confirm(c);
                return null;
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite"})
    void aHolderWhoseClockRunsBehindKeepsTheLock(String kind) throws Exception {
        DriverDataSource ds = dataSource(kind);
        try (Connection c = ds.getConnection(); Connection other = ds.getConnection()) {
            LeaseLock behind = lock(c, ds, Duration.ofSeconds(1), () -> System.currentTimeMillis() - HOUR);
            LeaseLock waiter = lock(other, ds, Duration.ofSeconds(1), System::currentTimeMillis);
            behind.withLock(Duration.ofSeconds(5), () -> {
                assertThatThrownBy(() -> waiter.withLock(Duration.ofMillis(2500), () -> null)).isInstanceOf(LockTimeoutException.class);
                behind.confirmUntilCommit(c);
                return null;
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite"})
    void aWaiterWhoseClockRunsBehindTakesADeadHoldersLockOver(String kind) throws Exception {
        DriverDataSource ds = dataSource(kind);
        try (Connection c = ds.getConnection(); Connection other = ds.getConnection()) {
            lock(other, ds, Duration.ofSeconds(1), System::currentTimeMillis).withLock(Duration.ofSeconds(5), () -> null);
            // A process that died holding the lock: its lease ran out a second ago.
            try (Statement st = other.createStatement()) {
                st.executeUpdate("UPDATE migrate_lock SET owner = 'pid 1 on host gone [0000]', expires_at = "
                        + (System.currentTimeMillis() - 1000) + " WHERE id = 1");
            }
            LeaseLock behind = lock(c, ds, Duration.ofSeconds(1), () -> System.currentTimeMillis() - HOUR);
            long start = System.nanoTime();
            assertThat(behind.withLock(Duration.ofSeconds(5), () -> owner(other))).as("owner while it runs").startsWith("pid ")
                    .isNotEqualTo("pid 1 on host gone [0000]");
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms to take the lock over").isLessThan(2000);
        }
    }

    /**
     * The lease thread borrows its connection while the caller's thread, interrupted in the meantime, releases the lock:
     * the release must not stop waiting for the lease thread at once and leave the connection it is getting unclosed
     * (a pooled application loses one connection per interrupted migration), nor leave the thread running.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite"})
    void anInterruptedReleaseStillClosesTheLeaseConnection(String kind) throws Exception {
        DriverDataSource ds = dataSource(kind);
        dev.migrate.testing.TrackingDataSource tracking = new dev.migrate.testing.TrackingDataSource(slowToConnect(ds, 300),
                kind.equals("h2") ? dev.migrate.testing.DatabaseKind.H2 : dev.migrate.testing.DatabaseKind.SQLITE);
        try (Connection c = ds.getConnection()) {
            LeaseLock lock = lock(c, tracking.dataSource(), Duration.ofMillis(800), System::currentTimeMillis);
            lock.withLock(Duration.ofSeconds(5), () -> {
                pause(250); // the first refresh starts after 200 ms and is still connecting
                Thread.currentThread().interrupt();
                return null;
            });
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline && Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.isAlive() && t.getName().equals("migrate-lock-lease"))) {
                Thread.sleep(20);
            }
            assertThat(tracking.opened()).as("the lease thread's connection").isEqualTo(1);
            assertThat(tracking.problems()).isEmpty();
            assertThat(owner(c)).as("the lock is free").isNull();
        }
    }

    /** {@code ds}, whose connections take {@code millis} to come, however the waiting thread is interrupted (a busy pool). */
    private static javax.sql.DataSource slowToConnect(javax.sql.DataSource ds, long millis) {
        return (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(LeaseLockTests.class.getClassLoader(),
                new Class<?>[] {javax.sql.DataSource.class}, (p, m, a) -> {
                    if (m.getName().equals("getConnection")) {
                        long until = System.nanoTime() + millis * 1_000_000;
                        while (System.nanoTime() < until) {
                            try {
                                Thread.sleep(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                    try {
                        return m.invoke(ds, a);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static LeaseLock lock(Connection c, javax.sql.DataSource ds, Duration lease, java.util.function.LongSupplier clock)
            throws java.sql.SQLException {
        String nowSql = ((AbstractDialect) Dialects.detect(c)).epochMillisSql();
        return new LeaseLock(c, ds, "migrate_lock", "migrate_lock", lease, nowSql, clock);
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

    private static String owner(Connection c) throws java.sql.SQLException {
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
                LeaseLock lock = lock(c, reader, Duration.ofSeconds(10), System::currentTimeMillis);
                assertThatThrownBy(() -> lock.withLock(Duration.ofSeconds(2), () -> null))
                        .hasStackTraceContaining("Not enough rights").hasStackTraceContaining("MIGRATE_LOCK");
            }
        }
    }
}
