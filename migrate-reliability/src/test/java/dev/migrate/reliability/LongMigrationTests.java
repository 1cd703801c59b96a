package dev.migrate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Processes that start while another one is in the middle of a long migration, as application
 * instances do while a deploy job migrates: they must wait for the lock and then find nothing to do.
 *
 * <p>On H2 and SQLite the lock is a row with a lease (10 s by default) that the holder keeps renewing,
 * and a waiter takes the lock over once the lease has run out. The migration here runs longer than the
 * lease (about 20 s), so this also checks that the holder keeps its lease (renewed from a background
 * thread on H2, inside the migration's transaction on SQLite, whose write lock keeps the background
 * renewal out) and that no waiter takes over a lock still in use. The waiters start once the holder
 * has printed that the migration started. H2 is served by a TCP server here: with {@code AUTO_SERVER}
 * the waiters' connections would go through the holder, and die with it (see {@code CrashTests}).
 */
@Execution(ExecutionMode.CONCURRENT) // mostly waiting: side by side where -Dreliability.parallel=true (the short profile)
class LongMigrationTests {

    private static final Pattern DONE = Pattern.compile("apply  V1__outlives_the_lease\\.sql \\.\\.\\. done (?:([0-9]+)m )?([0-9.]+) ?s");
    private static final int WAITERS = 3;
    private static final double LEASE_SECONDS = 10;
    private static final int MIGRATION_SECONDS = 20;

    @ParameterizedTest
    @EnumSource(value = Db.Kind.class, names = {"H2", "SQLITE"})
    void processesStartedDuringAMigrationLongerThanTheLeaseWaitAndApplyNothing(Db.Kind kind) throws Exception {
        try (Db db = kind == Db.Kind.H2 ? Db.h2Server() : Db.create(kind)) {
            Path scripts = Scripts.folder("long-");
            Scripts.write(scripts, "V1__outlives_the_lease.sql", kind == Db.Kind.H2
                    ? "CREATE ALIAS SLEEP_MS FOR 'java.lang.Thread.sleep(long)';\nCREATE TABLE applied_log (version INT);\n"
                            + "CALL SLEEP_MS(" + MIGRATION_SECONDS * 1000 + ");\nINSERT INTO applied_log (version) VALUES (1);\n"
                    : "CREATE TABLE applied_log (version INT);\nCREATE TABLE filler (x INT);\n"
                            + "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " + sqliteRowsFor(MIGRATION_SECONDS)
                            + ") INSERT INTO filler SELECT x FROM c;\nINSERT INTO applied_log (version) VALUES (1);\n");
            Scripts.write(scripts, "V2__after.sql", "INSERT INTO applied_log (version) VALUES (2);\n");

            Proc holder = Cli.start("holder", Cli.args(db, scripts, "migrate", "--lock-timeout", "5m"));
            assertThat(holder.awaitLine(l -> l.contains("apply  V1__outlives_the_lease.sql"), Duration.ofMinutes(2)))
                    .as("the holder never started the migration:\n%s", holder.output()).isNotNull();
            Thread.sleep(1_000);
            List<Proc> waiters = new ArrayList<>();
            for (int i = 1; i <= WAITERS; i++) {
                waiters.add(Cli.start("waiter-" + i, Cli.args(db, scripts, "migrate", "--lock-timeout", "5m")));
            }

            assertThat(holder.await(Duration.ofMinutes(5))).as("%s:\n%s", holder, holder.output()).isZero();
            Matcher m = DONE.matcher(holder.stdout());
            assertThat(m.find()).as("the holder applied V1:\n%s", holder.output()).isTrue();
            // "20.3 s", or "1m 48s" past a minute (a loaded machine).
            double seconds = (m.group(1) == null ? 0 : 60 * Integer.parseInt(m.group(1))) + Double.parseDouble(m.group(2));
            for (Proc waiter : waiters) {
                assertThat(waiter.await(Duration.ofMinutes(5))).as("%s, started while the migration ran:\n%s", waiter, waiter.output())
                        .isZero();
                assertThat(waiter.stdout()).as("%s:\n%s", waiter, waiter.output()).contains("nothing to migrate");
            }
            assertThat(seconds).as("the migration must outlast the lease for this test to mean anything").isGreaterThan(LEASE_SECONDS);
            assertThat(db.strings("SELECT version FROM applied_log ORDER BY version")).containsExactly("1", "2");
            assertThat(db.strings("SELECT state FROM migrate_history ORDER BY installed_rank")).containsExactly("SUCCESS", "SUCCESS");
            Settings.figure(String.format("long migration on %s: a %.1f s migration (lease %.0f s), %d processes started while it ran"
                    + " waited and found nothing to do", kind, seconds, LEASE_SECONDS, WAITERS));
        }
    }

    /**
     * With {@code AUTO_SERVER=TRUE} the process that opened the H2 file first serves it to the others.
     * When it finishes and exits, the waiters reopen the file, and one of them may find its connection
     * closed in the handover. It must reconnect and wait on, not poll the closed connection until its
     * lock timeout and report a lock held by nobody (in manual runs, before the fix, one waiter in three
     * ended that way every time): every waiter exits 0 having found nothing to do.
     */
    @Test
    void waitersOnAnAutoServerH2FileAreNotLeftPollingAClosedConnection() throws Exception {
        try (Db db = Db.create(Db.Kind.H2)) {
            Path scripts = Scripts.folder("h2-handover-");
            Scripts.write(scripts, "V1__sleeps.sql", "CREATE ALIAS SLEEP_MS FOR 'java.lang.Thread.sleep(long)';\nCALL SLEEP_MS(8000);\n");
            Proc holder = Cli.start("h2-holder", Cli.args(db, scripts, "migrate"));
            assertThat(holder.awaitLine(l -> l.contains("apply  V1__sleeps.sql"), Duration.ofMinutes(2))).as(holder.output()).isNotNull();
            List<Proc> waiters = new ArrayList<>();
            for (int i = 1; i <= WAITERS; i++) {
                waiters.add(Cli.start("h2-waiter-" + i, Cli.args(db, scripts, "migrate", "--lock-timeout", "45s", "--verbose")));
            }
            assertThat(holder.await(Duration.ofMinutes(2))).as(holder.output()).isZero();
            int reconnected = 0;
            for (Proc waiter : waiters) {
                int exit = waiter.await(Duration.ofMinutes(2));
                String verdict = waiter.stderr().lines().filter(l -> l.startsWith("Error:")).findFirst().orElse("");
                assertThat(verdict).as("%s (exit %d):%n%s", waiter, exit, waiter.output())
                        .doesNotContain("Could not acquire the migration lock");
                assertThat(exit).as("%s:%n%s", waiter, waiter.output()).isZero();
                assertThat(waiter.stdout()).as("%s:%n%s", waiter, waiter.output()).contains("nothing to migrate");
                if (waiter.stderr().contains("connecting again")) {
                    reconnected++;
                }
            }
            Settings.figure(String.format("H2 AUTO_SERVER handover: %d of %d waiters lost their connection when the serving"
                    + " process exited and connected again", reconnected, waiters.size()));
        }
    }

    /** Rows the recursive insert needs to take about {@code seconds} on this machine, measured on a scratch file. */
    private static long sqliteRowsFor(int seconds) throws Exception {
        Path scratch = Scripts.folder("sqlite-speed-").resolve("speed.db");
        long rows = 2_000_000;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + scratch); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE filler (x INT)");
            long start = System.nanoTime();
            st.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " + rows
                    + ") INSERT INTO filler SELECT x FROM c");
            double took = (System.nanoTime() - start) / 1e9;
            return (long) (rows * seconds / Math.max(took, 0.05));
        }
    }
}
