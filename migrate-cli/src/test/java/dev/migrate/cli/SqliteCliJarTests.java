package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The built jar against a SQLite file. */
class SqliteCliJarTests extends CliJarContract {

    /** Rows a recursive CTE counts: far more than a machine counts in the minutes a test may take. */
    private static final String ENDLESS_COUNT = "INSERT INTO slow_result SELECT COUNT(*) FROM (WITH RECURSIVE c(x) AS"
            + " (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000000) SELECT x FROM c)";

    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.SQLITE;
    }

    /**
     * A recursive CTE that keeps the write transaction open while it counts, writing nothing until
     * the end: the holder keeps SQLite's reserved lock, so readers (the waiter reading the lock row)
     * still get in.
     */
    @Override
    String longStatement() {
        return "CREATE TABLE slow_result (n BIGINT);\n" + ENDLESS_COUNT;
    }

    /**
     * A migration whose writes outgrew SQLite's page cache holds the exclusive lock: even reads get
     * SQLITE_BUSY. A second process must still report the lock as held and exit with 4, not fail on
     * the busy database.
     */
    @Test
    void lockTimeoutExitsWith4WhileTheHolderKeepsEvenReadersOut() throws Exception {
        try (TestDb own = TestDb.createShared(kind())) {
            Path dir = Files.createDirectories(work.resolve("busy"));
            write(dir, "V1__fill_then_count.sql", """
                    CREATE TABLE slow_result (n BIGINT);
                    CREATE TABLE filler (x INT);
                    INSERT INTO filler WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500000) SELECT x FROM c;
                    """ + ENDLESS_COUNT + ";\n");
            List<String> common = with(own.connectionArgs(), "--locations", dir.toString());
            JarRunner.Background holder = runner().background(with(common, "migrate"));
            try {
                holder.awaitOutput("[1/1] apply  V1__fill_then_count.sql", Duration.ofSeconds(60));
                awaitReadersLockedOut(own);

                long start = System.nanoTime();
                JarRunner.Result blocked = runner().run(with(common, "--json", "migrate", "--lock-timeout", "1s"));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                // Each statement of the waiter must not wait out the driver's 3 s busy timeout (it took 20 s).
                assertThat(took).as("a 1s lock timeout, JVM start included").isLessThan(Duration.ofSeconds(10));
                assertThat(holder.isAlive()).as("the holder was still migrating when the waiter gave up: " + holder).isTrue();
                assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(4);
                assertThat(blocked.errLines()).as(blocked.toString()).hasSize(1);
                assertThat(blocked.errLines().get(0)).contains("Could not acquire the migration lock within 1s").contains("lock-timeout");
                JsonNode error = json(blocked).get("error");
                assertThat(error.get("kind").asString()).isEqualTo("lock-timeout");
                assertThat(error.get("exitCode").asInt()).isEqualTo(4);
            } finally {
                holder.kill();
            }
        }
    }

    /**
     * The driver loads its native library with {@code System.load}: from Java 24 on, {@code java -jar} prints four
     * WARNING lines on stderr before every SQLite command unless the main jar's manifest enables native access. The
     * contract's empty-stderr assertions catch them when this suite runs on Java 24 or later (docs/testing.md says how);
     * this keeps the attribute in the manifest on the Java 17 build too.
     */
    @Test
    void theJarEnablesNativeAccessSoJava24AndLaterLoadTheDriverWithoutWarnings() throws Exception {
        try (JarFile jar = new JarFile(System.getProperty("migrate.jar", "target/migrate.jar"))) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
        }
        JarRunner.Result status = jar(cli("--locations", Files.createDirectories(work.resolve("none")).toString(), "status"));
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.err()).as(status.toString()).doesNotContain("WARNING");
    }

    /**
     * Not a migration but another connection in a write transaction (the application, a sqlite3 shell) on a database
     * Migrate has not used yet: the CLI waits the lock timeout, exits with 4 naming that connection rather than another
     * migration, and has run nothing.
     */
    @Test
    void aWriteTransactionOfAnotherConnectionIsNamedWhenTheLockTimeoutEnds() throws Exception {
        try (TestDb own = TestDb.createShared(kind()); java.sql.Connection writer = own.connect();
                java.sql.Statement st = writer.createStatement()) {
            Path dir = Files.createDirectories(work.resolve("writer"));
            write(dir, "V1__t.sql", "CREATE TABLE t (id INT);\n");
            st.execute("CREATE TABLE app (x INT)");
            st.execute("BEGIN IMMEDIATE");
            st.execute("INSERT INTO app VALUES (1)");
            JarRunner.Result blocked = runner().run(with(own.connectionArgs(), "--locations", dir.toString(),
                    "--baseline-on-migrate", "--baseline-version", "0", "migrate", "--lock-timeout", "3s"));
            assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(4);
            assertThat(blocked.errLines()).as(blocked.toString()).singleElement().asString()
                    .contains("Could not acquire the migration lock within 3s (held by no migration but another connection's"
                            + " write transaction on the database file")
                    .contains("wait for it to finish, or raise --lock-timeout");
            st.execute("COMMIT");
            assertThat(own.count("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('t', 'migrate_history')")).isZero();
        }
    }

    /** Waits until a read from this JVM fails because the holder's migration has the file locked. */
    private static void awaitReadersLockedOut(TestDb own) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                own.count("SELECT COUNT(*) FROM migrate_lock");
            } catch (IllegalStateException busy) {
                assertThat(busy).hasMessageContaining("locked");
                return;
            }
            assertThat(System.nanoTime()).as("the holder's migration never locked readers out").isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
