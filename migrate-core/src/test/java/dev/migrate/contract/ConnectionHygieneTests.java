package dev.migrate.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.migrate.CallbackContext;
import dev.migrate.JavaMigration;
import dev.migrate.LockTimeoutException;
import dev.migrate.MigrationCallback;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationEvent;
import dev.migrate.MigrationInfo;
import dev.migrate.MigrationListener;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.Operation;
import dev.migrate.RollbackRequest;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.DatabaseTarget;
import dev.migrate.testing.TestDatabase;
import dev.migrate.testing.TrackingDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a pooled application gets back from Migrate: every connection an operation takes is given back, in the state
 * it was handed out in (auto-commit on, not read-only, its isolation, no open transaction, no session lock held), no
 * thread of Migrate's is left running and the migration lock is free at once, after every operation, whether it
 * succeeded or failed: a failing SQL or Java migration, a lock timeout, a throwing listener or callback, an
 * interrupted caller, a session the server ended.
 */
class ConnectionHygieneTests {

    @TempDir
    Path folder;

    private TestDatabase db;
    private MigrationFiles files;
    private TrackingDataSource tracking;

    @AfterEach
    void tearDown() {
        Gate.reset();
        if (db != null) {
            db.close();
        }
    }

    private DatabaseKind start(DatabaseTarget target) {
        db = TestDatabase.create(target);
        files = new MigrationFiles(folder);
        tracking = new TrackingDataSource(db.dataSource(), target.kind());
        return target.kind();
    }

    private Migrator migrator(Consumer<MigratorConfig.Builder> customizer) {
        MigratorConfig.Builder builder = MigratorConfig.builder().locations(files.location()).environment("dev").cleanAllowed(true);
        customizer.accept(builder);
        return Migrator.create(tracking.dataSource(), builder.build());
    }

    /** Every connection given back clean, no thread of Migrate's left, and the lock free for another Migrator at once. */
    private void assertClean(String after) throws Exception {
        assertThat(tracking.problems()).as("connections after " + after).isEmpty();
        assertThat(tracking.opened()).as("connections taken by " + after).isPositive();
        tracking.reset();
        assertThat(migrateThreads(Duration.ofSeconds(5))).as("Migrate's threads left running after " + after).isEmpty();
        // Taken as another process would, and given back: nothing else changes.
        try (Connection c = db.connect()) {
            Throwable refused = catchThrowable(() -> dev.migrate.dialect.Dialects.detect(c)
                    .lock(c, db.dataSource(), null, "migrate_lock", Duration.ofSeconds(10)).withLock(Duration.ofSeconds(2), () -> null));
            assertThat(refused).as("the migration lock for another process after " + after).isNull();
        }
    }

    private static List<String> migrateThreads(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<String> alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.startsWith("migrate-")).toList();
            if (alive.isEmpty() || System.nanoTime() > deadline) {
                return alive;
            }
            Thread.sleep(20);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseTarget.class)
    void everyOperationGivesBackItsConnections(DatabaseTarget target) throws Exception {
        DatabaseKind kind = start(target);
        files.table(1).table(2).table(3);
        Migrator m = migrator(b -> { });
        m.validate();
        assertClean("validate");
        m.planMigrate(null);
        assertClean("planMigrate");
        m.planMarkApplied(null);
        assertClean("planMarkApplied");
        m.status();
        assertClean("status on an empty database");
        m.migrate("2");
        assertClean("migrate");
        m.migrate();
        assertClean("migrate of the rest");
        m.describe("1");
        assertClean("describe");
        m.history();
        assertClean("history");
        m.planRollback(RollbackRequest.last());
        assertClean("planRollback");
        m.rollback(RollbackRequest.last());
        assertClean("rollback");
        m.rollback(RollbackRequest.steps(1));
        assertClean("rollback steps");
        m.migrate();
        m.rollback(RollbackRequest.toVersion("1"));
        assertClean("rollback to a version");
        m.migrate();
        m.rollback(RollbackRequest.lastBatch());
        assertClean("rollback batch");
        m.migrate();
        m.rollback(RollbackRequest.base());
        assertClean("rollback base");
        m.markApplied("1");
        assertClean("markApplied");
        m.repair();
        assertClean("repair");
        m.clean();
        assertClean("clean");
        m.baseline("1");
        assertClean("baseline");
    }

    /** A pool that hands out connections with auto-commit off gets them back so, with nothing of Migrate's left open. */
    @ParameterizedTest
    @EnumSource(DatabaseTarget.class)
    void connectionsHandedOutWithoutAutoCommitAreGivenBackSo(DatabaseTarget target) throws Exception {
        DatabaseKind kind = start(target);
        tracking.autoCommitOff();
        files.table(1).table(2).write("V3__broken.sql", "INSERT INTO nosuch VALUES (1);\n");
        // Long enough for a lease refresh on H2 and SQLite, from the lease thread's own connection.
        Migrator m = migrator(b -> b.lockLease(Duration.ofSeconds(1)).callback(new Sleeps(MigrationCallback.Event.AFTER_MIGRATE_ERROR)));
        assertThat(catchThrowable(m::migrate)).isNotNull();
        assertClean("a failing migrate");
        m.status();
        catchThrowable(() -> m.planRollback(RollbackRequest.last())); // refused where V3 stays FAILED
        m.validate();
        m.history();
        assertClean("reading operations");
        files.delete("V3__broken.sql");
        m.repair();
        m.rollback(RollbackRequest.base());
        assertClean("repair and rollback");
        assertThat(db.count("SELECT COUNT(*) FROM migrate_history")).isZero();
    }

    /**
     * A pool configured read-only (HikariCP's {@code readOnly=true}) gets its connections back read-only, and the writing
     * operations write through them: PostgreSQL's driver had opened each migration's transaction READ ONLY ("Migration
     * V1__create_t1.sql line 1 failed: cannot execute CREATE TABLE in a read-only transaction"), MariaDB's had refused
     * the history table. A SQLite database opened read-only, which no flag makes writable, is refused naming it.
     */
    @ParameterizedTest
    @EnumSource(DatabaseTarget.class)
    void connectionsHandedOutReadOnlyAreWrittenThroughAndGivenBackSo(DatabaseTarget target) throws Exception {
        DatabaseKind kind = start(target);
        files.table(1).write("V2__rows.sql", "INSERT INTO t1 VALUES (1, 'a');\n").write("U2__rows.sql", "DELETE FROM t1;\n");
        if (kind == DatabaseKind.SQLITE) {
            Migrator readOnly = Migrator.create(new dev.migrate.internal.DriverDataSource(db.url() + "&open_mode=1", db.user(),
                    db.password()), MigratorConfig.builder().locations(files.location()).build());
            assertThat(readOnly.status().pending()).hasSize(2);
            assertThatThrownBy(readOnly::migrate).isInstanceOf(dev.migrate.ConfigurationException.class)
                    .hasMessageContaining("The DataSource hands out read-only connections (Connection.isReadOnly())")
                    .hasMessageContaining("give Migrate a DataSource that is not read-only");
            assertThat(db.tableNames()).isEmpty();
            return;
        }
        tracking.readOnly();
        Migrator m = migrator(b -> b.lockLease(Duration.ofSeconds(1)));
        assertThat(m.migrate().applied()).extracting(s -> s.script()).containsExactly("V1__create_t1.sql", "V2__rows.sql");
        assertClean("migrate");
        assertThat(db.count("SELECT COUNT(*) FROM t1")).isEqualTo(1);
        assertThat(m.status().applied()).hasSize(2);
        assertThat(m.rollback(RollbackRequest.last()).rolledBack()).hasSize(1);
        assertClean("status and rollback");
        assertThat(db.count("SELECT COUNT(*) FROM t1")).isZero();
    }

    @ParameterizedTest
    @EnumSource(DatabaseTarget.class)
    void failingMigrationsGiveBackTheirConnections(DatabaseTarget target) throws Exception {
        DatabaseKind kind = start(target);
        files.table(1).write("V2__broken.sql", "CREATE TABLE t2 (id INT);\nINSERT INTO nosuch VALUES (1);\n");
        Migrator m = migrator(b -> { });
        assertThat(catchThrowable(m::migrate)).isNotNull();
        assertClean("a failing SQL migration");
        assertThat(catchThrowable(m::migrate)).isNotNull();
        assertClean("migrate of a dirty database or the same failure");
        m.status();
        m.validate();
        catchThrowable(() -> m.planMigrate(null)); // refused where V2 stays FAILED
        catchThrowable(() -> m.planRollback(RollbackRequest.last()));
        assertClean("reading a dirty database");
        m.repair();
        assertClean("repair");
        files.delete("V2__broken.sql").write("V2__fixed.sql", "CREATE TABLE IF NOT EXISTS t2 (id INT);\n");
        Migrator java = migrator(b -> b.javaMigration(new Throws()));
        assertThat(catchThrowable(java::migrate)).hasMessageContaining("java fails");
        assertClean("a failing Java migration");
        java.repair();
        assertThat(catchThrowable(() -> migrator(b -> b.javaMigration(new LeavesSessionChanged())).migrate()))
                .hasMessageContaining("left");
        assertClean("a Java migration that changed the session and failed");
        java.repair();
        for (JavaMigration leaves : List.of(new LeavesTransactionOpen(), new TurnsAutoCommitOn())) {
            catchThrowable(migrator(b -> b.javaMigration(leaves))::migrate);
            assertClean(leaves.getClass().getSimpleName());
            catchThrowable(() -> migrator(b -> b.javaMigration(leaves)).rollback(RollbackRequest.last()));
            migrator(b -> b.javaMigration(leaves)).repair();
            tracking.reset();
        }
        // try (Connection c = context.connection()) { ... }: a pool would get the connection back mid-run, lock and all.
        assertThat(catchThrowable(migrator(b -> b.javaMigration(new ClosesTheConnection()))::migrate)).as("a close that is ignored").isNull();
        assertThat(db.count("SELECT COUNT(*) FROM t1 WHERE id = 9")).isEqualTo(1);
        assertClean("a Java migration that closes Migrate's connection");
        migrator(b -> b.javaMigration(new ClosesTheConnection())).rollback(RollbackRequest.last());
        migrator(b -> b.javaMigration(new ClosesTheConnection())).repair();
        tracking.reset();
        files.write("V6__left_open.sql", "BEGIN;\nINSERT INTO t1 (id, name) VALUES (6, 'open');\n");
        catchThrowable(migrator(b -> { })::migrate);
        assertClean("a script that leaves its own transaction open");
        migrator(b -> { }).repair();
        files.delete("V6__left_open.sql").write("V6__broken.sql", "INSERT INTO t1 (id, name) VALUES (6, 'x');\nINSERT INTO nosuch VALUES (1);\n");
        files.table(5);
        assertThat(catchThrowable(migrator(b -> b.group(true))::migrate)).isNotNull();
        assertClean("a failing group");
        migrator(b -> { }).repair();
        assertThat(catchThrowable(migrator(b -> b.onFailure(MigratorConfig.OnFailure.ROLLBACK_RUN))::migrate)).isNotNull();
        assertClean("a failing run undone");
    }

    @ParameterizedTest
    @EnumSource(DatabaseTarget.class)
    void throwingListenersAndCallbacksGiveBackTheirConnections(DatabaseTarget target) throws Exception {
        DatabaseKind kind = start(target);
        files.table(1).table(2);
        Migrator m = migrator(b -> b.listener(new ThrowingListener(() -> new IllegalStateException("listener fails"))));
        m.migrate("1");
        m.rollback(RollbackRequest.last());
        assertClean("throwing listeners");
        // An Error (a NoClassDefFoundError of a metrics library missing at run time, an AssertionError) is logged and
        // ignored like an exception: the operation goes on as if the listener were not there.
        Migrator erring = migrator(b -> b.listener(new MigrationListener() {
            @Override
            public void migrationFinished(MigrationEvent event, Duration duration, Throwable failure) {
                throw new AssertionError("listener fails");
            }

            @Override
            public void operationStarted(dev.migrate.Operation operation) {
                throw new NoClassDefFoundError("io/micrometer/core/instrument/Timer");
            }
        }));
        assertThat(erring.migrate().applied()).extracting(s -> s.version()).containsExactly("1", "2");
        assertClean("a listener throwing an Error");
        assertThat(erring.rollback(RollbackRequest.last()).rolledBack()).hasSize(1);
        assertClean("a listener throwing an Error in a rollback");
        assertThat(m.status().applied()).extracting(a -> a.version() + " " + a.state()).containsExactly("1 SUCCESS");
        m.repair();
        if (!m.status().applied().isEmpty()) {
            m.rollback(RollbackRequest.base());
        }
        tracking.reset();
        // Given a transaction of its own where the database has transactional DDL; elsewhere refused, as a migration is.
        Throwable leftOpen = catchThrowable(migrator(b -> b.callback(new TurnsAutoCommitOff(MigrationCallback.Event.AFTER_MIGRATE)))::migrate);
        if (kind == DatabaseKind.H2 || kind == DatabaseKind.MARIADB) {
            assertThat(leftOpen).hasMessageContaining("(afterMigrate) failed: it left a transaction open");
            assertThat(db.count("SELECT COUNT(*) FROM t1 WHERE id = 99")).as("rolled back").isZero();
        } else {
            assertThat(leftOpen).isNull();
        }
        assertClean("a callback that turns auto-commit off");
        m.rollback(RollbackRequest.base());
        files.write("afterMigrate__left_open.sql", "BEGIN;\nINSERT INTO t1 (id, name) VALUES (98, 'open');\n");
        assertThat(catchThrowable(m::migrate)).hasMessageContaining("afterMigrate__left_open.sql failed: it left a transaction open");
        assertThat(db.count("SELECT COUNT(*) FROM t1 WHERE id = 98")).as("rolled back").isZero();
        assertClean("a SQL callback that leaves its transaction open");
        files.delete("afterMigrate__left_open.sql");
        m.rollback(RollbackRequest.base());
        tracking.reset();
        for (MigrationCallback.Event event : List.of(MigrationCallback.Event.BEFORE_MIGRATE,
                MigrationCallback.Event.AFTER_EACH_MIGRATE, MigrationCallback.Event.AFTER_MIGRATE)) {
            Migrator failing = migrator(b -> b.callback(new ThrowingCallback(event)));
            assertThat(catchThrowable(failing::migrate)).as(event.tag()).isNotNull();
            assertClean("a callback throwing at " + event.tag());
            m.repair();
            if (!m.status().applied().isEmpty()) {
                m.rollback(RollbackRequest.base());
            }
            tracking.reset();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseTarget.class)
    void lockTimeoutsGiveBackTheirConnections(DatabaseTarget target) throws Exception {
        DatabaseKind kind = start(target);
        files.table(1);
        TrackingDataSource holderTracking = new TrackingDataSource(db.dataSource(), kind);
        Migrator holder = Migrator.create(holderTracking.dataSource(), MigratorConfig.builder().locations(files.location())
                .javaMigration(new Waits()).build());
        Thread holding = new Thread(holder::migrate, "holder");
        holding.start();
        assertThat(Gate.started.await(30, TimeUnit.SECONDS)).isTrue();
        try {
            Migrator waiter = migrator(b -> b.lockTimeout(Duration.ofMillis(100)).javaMigration(new Waits()));
            List<Runnable> writes = List.of(waiter::migrate, () -> waiter.rollback(RollbackRequest.last()), waiter::clean);
            for (Runnable write : writes) {
                assertThat(catchThrowable(write::run)).isInstanceOf(LockTimeoutException.class);
            }
            assertThat(tracking.problems()).as("connections of the operations that timed out").isEmpty();
            tracking.reset();
        } finally {
            Gate.release.countDown();
            holding.join(30_000);
        }
        assertThat(holderTracking.problems()).as("the holder's connections").isEmpty();
        assertThat(holderTracking.opened()).isPositive();
        migrator(b -> { }).status();
        assertClean("the holder's run");
    }

    @ParameterizedTest
    @EnumSource(DatabaseTarget.class)
    void anInterruptedCallerGivesBackItsConnections(DatabaseTarget target) throws Exception {
        DatabaseKind kind = start(target);
        files.table(1);
        Migrator m = migrator(b -> b.javaMigration(new RunsUntilInterrupted()));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                m.migrate();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "caller");
        caller.start();
        assertThat(Gate.started.await(30, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(kind.isServer() ? 100 : 400); // past the first lease refresh on H2 and SQLite
        caller.interrupt();
        caller.join(30_000);
        assertThat(caller.isAlive()).isFalse();
        assertClean("an interrupted migrate (" + failure.get() + ")");
    }

    @ParameterizedTest
    @EnumSource(DatabaseTarget.class)
    void anInterruptedWaitForTheLockGivesBackItsConnection(DatabaseTarget target) throws Exception {
        DatabaseKind kind = start(target);
        files.table(1);
        Thread holding = new Thread(Migrator.create(db.dataSource(), MigratorConfig.builder().locations(files.location())
                .javaMigration(new Waits()).build())::migrate, "holder");
        holding.start();
        try {
            assertThat(Gate.started.await(30, TimeUnit.SECONDS)).isTrue();
            Migrator m = migrator(b -> b.lockTimeout(Duration.ofSeconds(kind == DatabaseKind.MARIADB ? 1 : 30)).javaMigration(new Waits()));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread caller = new Thread(() -> failure.set(catchThrowable(m::migrate)), "caller");
            caller.start();
            Thread.sleep(300);
            caller.interrupt();
            caller.join(30_000);
            assertThat(caller.isAlive()).isFalse();
            assertThat(failure.get()).isNotNull();
            assertThat(tracking.problems()).as("connections of the interrupted wait").isEmpty();
            tracking.reset();
        } finally {
            Gate.release.countDown();
            holding.join(30_000);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseTarget.class, names = {"H2", "POSTGRES", "MARIADB", "MARIADB_CONNECTOR_J"})
    void aDefaultSchemaIsPutBackAfterAFailure(DatabaseTarget target) throws Exception {
        DatabaseKind kind = start(target);
        String app = kind == DatabaseKind.MARIADB ? "app_" + db.name().substring(db.name().length() - 8) : "app";
        try {
            files.table(1).write("V2__broken.sql", "CREATE TABLE t2 (id INT);\nINSERT INTO nosuch VALUES (1);\n");
            Migrator m = migrator(b -> b.defaultSchema(app).javaMigration(new Throws()));
            assertThat(catchThrowable(m::migrate)).isNotNull();
            assertClean("a failing migration in a default schema");
            m.status();
            m.repair();
            assertClean("status and repair in a default schema");
        } finally {
            if (kind == DatabaseKind.MARIADB) {
                db.execute("DROP DATABASE IF EXISTS " + app);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DatabaseTarget.class, names = {"POSTGRES", "MARIADB", "MARIADB_CONNECTOR_J"})
    void aSessionEndedByTheServerIsGivenBack(DatabaseTarget target) throws Exception {
        DatabaseKind kind = start(target);
        files.table(1);
        Migrator m = migrator(b -> b.javaMigration(new Waits()));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                m.migrate();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "caller");
        caller.start();
        assertThat(Gate.started.await(30, TimeUnit.SECONDS)).isTrue();
        db.execute(kind == DatabaseKind.POSTGRES ? "SELECT pg_terminate_backend(" + Gate.session.get() + ")"
                : "KILL CONNECTION " + Gate.session.get());
        Gate.release.countDown();
        caller.join(30_000);
        assertThat(failure.get()).isNotNull();
        assertClean("a migrate whose session the server ended");
    }

    // ---------------------------------------------------------------- migrations, listeners and callbacks

    /** Shared with the migrations below, which Migrate instantiates or is handed; reset after each test. */
    static final class Gate {
        static volatile CountDownLatch started = new CountDownLatch(1);
        static volatile CountDownLatch release = new CountDownLatch(1);
        static final AtomicLong session = new AtomicLong();

        static void reset() {
            release.countDown();
            started = new CountDownLatch(1);
            release = new CountDownLatch(1);
        }
    }

    @MigrationInfo(version = "4", description = "java fails")
    public static final class Throws implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            context.execute("INSERT INTO t1 (id, name) VALUES (1, 'x')");
            throw new IllegalStateException("java fails");
        }
    }

    @MigrationInfo(version = "5", description = "java leaves session changed", transactional = false)
    public static final class LeavesSessionChanged implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            Connection c = context.connection();
            if (!(c.getMetaData().getURL().startsWith("jdbc:sqlite"))) {
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                c.setReadOnly(true);
            }
            throw new IllegalStateException("left the session changed");
        }
    }

    @MigrationInfo(version = "9", description = "java closes the connection")
    public static final class ClosesTheConnection implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            try (Connection c = context.connection(); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO t1 (id, name) VALUES (9, 'closed')");
            }
        }

        @Override
        public void down(MigrationContext context) throws Exception {
            context.execute("DELETE FROM t1 WHERE id = 9");
        }
    }

    /** Opens a transaction of its own outside Migrate's and returns without ending it. */
    @MigrationInfo(version = "7", description = "java leaves its transaction open", transactional = false)
    public static final class LeavesTransactionOpen implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            context.connection().setAutoCommit(false);
            context.execute("INSERT INTO t1 (id, name) VALUES (7, 'open')");
        }

        @Override
        public void down(MigrationContext context) throws Exception {
            context.execute("DELETE FROM t1 WHERE id = 7");
        }
    }

    /** Commits Migrate's transaction by turning auto-commit on in the middle of it. */
    @MigrationInfo(version = "8", description = "java turns auto-commit on")
    public static final class TurnsAutoCommitOn implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            context.execute("INSERT INTO t1 (id, name) VALUES (8, 'auto')");
            context.connection().setAutoCommit(true);
        }

        @Override
        public void down(MigrationContext context) throws Exception {
            context.execute("DELETE FROM t1 WHERE id = 8");
        }
    }

    @MigrationInfo(version = "2", description = "java waits")
    public static final class Waits implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            String sql = context.connection().getMetaData().getURL().startsWith("jdbc:postgresql") ? "SELECT pg_backend_pid()"
                    : context.connection().getMetaData().getURL().matches("jdbc:(mariadb|mysql):.*") ? "SELECT CONNECTION_ID()" : "SELECT 1";
            try (Statement st = context.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                Gate.session.set(rs.getLong(1));
            }
            Gate.started.countDown();
            Gate.release.await(30, TimeUnit.SECONDS);
            context.execute("CREATE TABLE waited (id INT)");
        }
    }

    /** Works until its thread is interrupted, then returns with the interrupt still set, as code that polls it does. */
    @MigrationInfo(version = "2", description = "java runs until interrupted")
    public static final class RunsUntilInterrupted implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            Gate.started.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
                try (Statement st = context.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                    rs.next();
                }
            }
        }
    }

    record ThrowingListener(java.util.function.Supplier<? extends Throwable> failure) implements MigrationListener {
        private void fail() {
            Throwable t = failure.get();
            if (t instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) t;
        }

        @Override
        public void operationStarted(Operation operation) {
            fail();
        }

        @Override
        public void operationFinished(Operation operation, Duration duration, Throwable failure) {
            fail();
        }

        @Override
        public void migrationStarted(MigrationEvent event) {
            fail();
        }

        @Override
        public void migrationFinished(MigrationEvent event, Duration duration, Throwable failure) {
            fail();
        }
    }

    /** Turns auto-commit off and writes, leaving its transaction open. */
    record TurnsAutoCommitOff(MigrationCallback.Event event) implements MigrationCallback {
        @Override
        public boolean supports(Event e) {
            return e == event;
        }

        @Override
        public void handle(Event e, CallbackContext context) throws Exception {
            context.connection().setAutoCommit(false);
            try (Statement st = context.connection().createStatement()) {
                st.executeUpdate("INSERT INTO t1 (id, name) VALUES (99, 'callback')");
            }
        }
    }

    record Sleeps(MigrationCallback.Event event) implements MigrationCallback {
        @Override
        public boolean supports(Event e) {
            return e == event;
        }

        @Override
        public void handle(Event e, CallbackContext context) throws InterruptedException {
            Thread.sleep(400);
        }
    }

    record ThrowingCallback(MigrationCallback.Event event) implements MigrationCallback {
        @Override
        public boolean supports(Event e) {
            return e == event;
        }

        @Override
        public void handle(Event e, CallbackContext context) {
            throw new IllegalStateException("callback fails at " + e.tag());
        }
    }
}
