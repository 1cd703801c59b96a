package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.migrate.internal.DriverDataSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations scan the migration files on another thread while the caller connects: what a caller
 * sees must be the same as when the scan ran first, and the connection must stay on its thread.
 */
class ScanWhileConnectingTests {

    @TempDir
    Path dir;

    @Test
    void aBrokenFileIsReportedEvenWhenTheDatabaseIsUnreachable() throws Exception {
        Files.writeString(dir.resolve("V1__one.sql"), "CREATE TABLE one (id INT);\n");
        Files.writeString(dir.resolve("V1__again.sql"), "CREATE TABLE again (id INT);\n");
        // Nothing listens on port 1: the connection is refused at once.
        Migrator migrator = Migrator.create(new DriverDataSource("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "x", null),
                MigratorConfig.builder().locations("filesystem:" + dir).build());

        ValidationException e = catchThrowableOfType(ValidationException.class, migrator::migrate);

        assertThat(e.getMessage()).contains("Version 1 is used twice").contains("V1__again.sql").contains("V1__one.sql")
                .contains("give one of them another version");
    }

    @Test
    void theConnectionErrorIsReportedWhenTheFilesAreFine() throws Exception {
        Files.writeString(dir.resolve("V1__one.sql"), "CREATE TABLE one (id INT);\n");
        Migrator migrator = Migrator.create(new DriverDataSource("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "x", null),
                MigratorConfig.builder().locations("filesystem:" + dir).build());

        for (Runnable operation : List.<Runnable>of(migrator::migrate, migrator::status, migrator::validate)) {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class, operation::run);
            assertThat(e.getMessage()).contains("Could not connect to the database").contains("Check the URL, user and password");
        }
    }

    @Test
    void aBrokenFileChangesNothingInTheDatabase() throws Exception {
        Files.writeString(dir.resolve("V1__one.sql"), "CREATE TABLE one (id INT);\n");
        Files.writeString(dir.resolve("V2__bad name.sql"), "CREATE TABLE two (id INT);\n");
        Files.writeString(dir.resolve("V2__two.up.sql"), "CREATE TABLE two (id INT);\n");
        Files.writeString(dir.resolve("2_two.up.sql"), "CREATE TABLE two (id INT);\n");
        String url = "jdbc:h2:mem:scan_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        Migrator migrator = Migrator.create(new DriverDataSource(url, "sa", ""),
                MigratorConfig.builder().locations("filesystem:" + dir).build());

        ValidationException e = catchThrowableOfType(ValidationException.class, migrator::migrate);

        assertThat(e.getMessage()).contains("2_two.up.sql");
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
            assertThat(rs.next()).as("no table may be created, not even the history").isFalse();
        }
    }

    @Test
    void connectionsAreTakenOnTheCallersThread() throws Exception {
        Files.writeString(dir.resolve("V1__one.sql"), "CREATE TABLE one (id INT);\n");
        String url = "jdbc:h2:mem:threads_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        ThreadRecordingDataSource dataSource = new ThreadRecordingDataSource(new DriverDataSource(url, "sa", ""));
        Migrator migrator = Migrator.create(dataSource, MigratorConfig.builder().locations("filesystem:" + dir).build());

        migrator.migrate();
        migrator.migrate();
        migrator.status();
        migrator.validate();

        // The lease lock's refresher takes its own connection on its own thread; every other one is the caller's.
        assertThat(dataSource.threads).isNotEmpty();
        assertThat(dataSource.threads.stream().filter(t -> !t.startsWith("migrate-lock")).distinct())
                .containsExactly(Thread.currentThread().getName());
        assertThat(migrator.status().applied()).hasSize(1);
    }

    /** Records the thread of every {@code getConnection}, as a thread-bound routing data source would see it. */
    private static final class ThreadRecordingDataSource implements DataSource {
        final List<String> threads = new CopyOnWriteArrayList<>();
        private final DataSource target;

        ThreadRecordingDataSource(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            threads.add(Thread.currentThread().getName());
            return target.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            threads.add(Thread.currentThread().getName());
            return target.getConnection(username, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
