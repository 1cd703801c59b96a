package dev.migrate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.TestAbortedException;

class TestDatabaseTests {

    private static final int THREADS = 8;

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void eachCreateGivesAnIsolatedEmptyDatabase(DatabaseKind kind) {
        try (TestDatabase first = TestDatabase.create(kind); TestDatabase second = TestDatabase.create(kind)) {
            assertThat(first.name()).isNotEqualTo(second.name());
            assertThat(first.tableNames()).isEmpty();

            first.execute("CREATE TABLE only_in_first (id INT)");

            assertThat(first.tableNames()).containsExactly("only_in_first");
            assertThat(second.tableNames()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void tableNamesAreLowerCasedSortedAndLeaveOutViews(DatabaseKind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.execute("CREATE TABLE Zebra (id INT)");
            db.execute("CREATE TABLE apple (id INT)");
            db.execute("CREATE VIEW apple_view AS SELECT id FROM apple");

            assertThat(db.tableNames()).containsExactly("apple", "zebra");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void countReturnsTheFirstColumnOfTheFirstRow(DatabaseKind kind) throws SQLException {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.execute("CREATE TABLE items (id INT)");
            try (Connection connection = db.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO items (id) VALUES (1), (2), (3)");
            }

            assertThat(db.count("SELECT COUNT(*) FROM items")).isEqualTo(3);
            assertThat(db.count("SELECT MAX(id) FROM items")).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void urlAloneIsEnoughToConnect(DatabaseKind kind) throws SQLException {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.execute("CREATE TABLE reachable (id INT)");
            try (Connection connection = DriverManager.getConnection(db.url())) {
                assertThat(connection.isValid(5)).isTrue();
            }
            assertThat(db.kind()).isEqualTo(kind);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void threadsWithTheirOwnConnectionsShareTheDatabase(DatabaseKind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.execute("CREATE TABLE hits (thread INT)");
            ExecutorService executor = Executors.newFixedThreadPool(THREADS);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> writers = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    int thread = i;
                    writers.add(executor.submit(() -> {
                        start.await();
                        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
                            for (int row = 0; row < 10; row++) {
                                statement.executeUpdate("INSERT INTO hits (thread) VALUES (" + thread + ")");
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> writer : writers) {
                    writer.get(60, TimeUnit.SECONDS);
                }
            } finally {
                executor.shutdownNow();
            }

            assertThat(db.count("SELECT COUNT(*) FROM hits")).isEqualTo(THREADS * 10);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void closeRemovesTheDatabaseEvenWithALeakedConnection(DatabaseKind kind) throws SQLException {
        TestDatabase db = TestDatabase.create(kind);
        db.execute("CREATE TABLE held (id INT)");
        Connection leaked = db.connect();
        try {
            // An open transaction that has read a table: MariaDB's DROP DATABASE would wait on its lock.
            leaked.setAutoCommit(false);
            leaked.createStatement().executeQuery("SELECT COUNT(*) FROM held").close();

            db.close();

            if (kind.isServer()) {
                assertThatThrownBy(() -> DriverManager.getConnection(db.url()).close())
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining(db.name());
            } else {
                assertThat(Path.of(System.getProperty("java.io.tmpdir"), db.name())).doesNotExist();
            }
            assertThatThrownBy(db::connect).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            db.close(); // a second close does nothing
        } finally {
            try {
                leaked.close();
            } catch (SQLException alreadyEnded) {
                // expected: the server ended the session when it dropped the database
            }
        }
    }

    @Test
    void missingServerIsSkippedWithHowToEnableIt() {
        assertThatThrownBy(() -> TestDatabase.create(DatabaseKind.POSTGRES, Map.<String, String>of()::get, () -> false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("set MIGRATE_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        assertThatThrownBy(() -> TestDatabase.create(DatabaseKind.MARIADB, Map.<String, String>of()::get, () -> false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("set MIGRATE_TEST_MARIADB_URL=jdbc:mariadb://127.0.0.1:3306/test?user=root");
    }

    @Test
    void missingServerFailsOnCi() {
        assertThatThrownBy(() -> TestDatabase.create(DatabaseKind.POSTGRES, Map.of("CI", "true")::get, () -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MIGRATE_TEST_POSTGRES_URL is not set")
                .hasMessageContaining("bash .ci/run");
    }

    @ParameterizedTest
    @EnumSource(names = {"POSTGRES", "MARIADB"})
    void unreachableServerFailsRatherThanSkips(DatabaseKind kind) {
        String variable = kind == DatabaseKind.POSTGRES ? "MIGRATE_TEST_POSTGRES_URL" : "MIGRATE_TEST_MARIADB_URL";
        String url = (kind == DatabaseKind.POSTGRES ? "jdbc:postgresql" : "jdbc:mariadb")
                + "://127.0.0.1:1/test?user=admin&password=s3cret&connectTimeout=5";

        assertThatThrownBy(() -> TestDatabase.create(kind, Map.of(variable, url)::get, () -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:1/test?user=admin&password=***")
                .hasMessageContaining(variable)
                .hasMessageContaining("bash .ci/run")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void urlForAnotherProductFails() {
        Map<String, String> environment = Map.of("MIGRATE_TEST_POSTGRES_URL", "jdbc:mariadb://127.0.0.1:3306/test");

        assertThatThrownBy(() -> TestDatabase.create(DatabaseKind.POSTGRES, environment::get, () -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be a PostgreSQL JDBC URL");
    }

    /** Only host, port, database, user and password reach Connector/J: MariaDB's driver options are not its own. */
    @Test
    void connectorJUrlKeepsOnlyTheServerDatabaseAndCredentials() {
        assertThat(TestDatabase.connectorJUrl("jdbc:mariadb://127.0.0.1:3306/migrate_t_1?user=root&sslMode=disable", "root", null))
                .isEqualTo("jdbc:mysql://127.0.0.1:3306/migrate_t_1?user=root");
        assertThat(TestDatabase.connectorJUrl("jdbc:mariadb://db:3306/x", "test", "p&w"))
                .isEqualTo("jdbc:mysql://db:3306/x?user=test&password=p%26w");
    }

    @Test
    void withDatabaseReplacesOnlyThePath() {
        assertThat(TestDatabase.withDatabase("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "x"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/x?user=postgres");
        assertThat(TestDatabase.withDatabase("jdbc:mariadb://localhost:3306/test", "x"))
                .isEqualTo("jdbc:mariadb://localhost:3306/x");
        assertThat(TestDatabase.withDatabase("jdbc:postgresql://db/?a=b/c", "x"))
                .isEqualTo("jdbc:postgresql://db/x?a=b/c");
        assertThat(TestDatabase.withDatabase("jdbc:mariadb://db:3306?user=root", "x"))
                .isEqualTo("jdbc:mariadb://db:3306/x?user=root");
    }

    @Test
    void credentialsAreReadFromTheUrlAndPasswordsRedacted() {
        String url = TestDatabase.withParameter("jdbc:postgresql://h/db?user=me", "password", "p&ss");

        assertThat(TestDatabase.parameter(url, "user")).isEqualTo("me");
        assertThat(TestDatabase.parameter(url, "password")).isEqualTo("p&ss");
        assertThat(TestDatabase.redact(url)).isEqualTo("jdbc:postgresql://h/db?user=me&password=***");
    }

    @Test
    void fileDatabasesLiveInTheirOwnTemporaryDirectory() {
        for (DatabaseKind kind : List.of(DatabaseKind.H2, DatabaseKind.SQLITE)) {
            try (TestDatabase db = TestDatabase.create(kind)) {
                assertThat(Files.isDirectory(Path.of(System.getProperty("java.io.tmpdir"), db.name()))).isTrue();
            }
        }
    }
}
