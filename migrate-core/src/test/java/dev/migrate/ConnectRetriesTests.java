package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.migrate.internal.DriverDataSource;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code connectRetries}: a real H2 server that starts after Migrate's first try, a refused login
 * that is not retried, and reading operations that never wait.
 */
class ConnectRetriesTests {

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final ch.qos.logback.classic.Logger root =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Server server;

    @BeforeEach
    void captureLog() throws IOException {
        log.start();
        root.addAppender(log);
        Files.writeString(dir.resolve("V1__create_a.sql"), "CREATE TABLE a (id INT);\n");
    }

    @AfterEach
    void stop() {
        root.detachAppender(log);
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void migrateWaitsForADatabaseThatStartsAfterItsFirstTry() throws Exception {
        int port = freePort();
        Migrator migrator = Migrator.create(h2(port, "sa", ""), config().connectRetries(5).build());
        CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(migrator::migrate);
        awaitRetryLogged();
        assertThat(run).as("still waiting for the server").isNotDone();
        server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists", "-baseDir", dir.toString()).start();

        MigrateResult result = run.get(30, TimeUnit.SECONDS);
        assertThat(result.applied()).extracting(StepResult::version).containsExactly("1");
        assertThat(retries()).first().asString().startsWith("Could not connect to the database (")
                .contains("(1 of 5 retries)");
    }

    @Test
    void withoutRetriesAnUnreachableDatabaseFailsAtOnceAndTheErrorNamesTheSetting() throws IOException {
        Migrator migrator = Migrator.create(h2(freePort(), "sa", ""), config().build());
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, migrator::migrate);
        assertThat(e.getMessage()).startsWith("Could not connect to the database: ")
                .contains("or let Migrate wait for a database that is still starting with connect-retries (migrate.connect-retries,");
        assertThat(retries()).isEmpty();
    }

    /**
     * The exact message for a database that is down, on PostgreSQL's driver, whose own message ends with a
     * period ("... accepting TCP/IP connections."): one sentence ends, the next starts, no "..", and the
     * setting is named as the starter and the CLI spell it.
     */
    @Test
    void aDatabaseThatIsDownIsReportedInWholeSentencesNamingTheSettingForEachFrontEnd() throws IOException {
        String url = "jdbc:postgresql://127.0.0.1:" + freePort() + "/down";
        SQLException driver = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url, "postgres", ""));
        assertThat(driver.getMessage()).as("PostgreSQL's driver ends its sentence").endsWith(".");
        String sentence = driver.getMessage().substring(0, driver.getMessage().length() - 1);

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                Migrator.create(new DriverDataSource(url, "postgres", ""), config().build())::migrate);
        assertThat(e.getMessage()).isEqualTo("Could not connect to the database: " + sentence + ". Check the URL, user and password,"
                + " or let Migrate wait for a database that is still starting with connect-retries (migrate.connect-retries,"
                + " --connect-retries)");

        // A message without a period of its own (H2's) gets the same shape.
        JdbcDataSource h2 = h2(freePort(), "sa", "");
        SQLException h2Driver = catchThrowableOfType(SQLException.class, h2::getConnection);
        assertThat(h2Driver.getMessage()).doesNotEndWith(".");
        ConfigurationException onH2 = catchThrowableOfType(ConfigurationException.class, Migrator.create(h2, config().build())::migrate);
        assertThat(onH2.getMessage()).isEqualTo("Could not connect to the database: " + h2Driver.getMessage()
                + ". Check the URL, user and password, or let Migrate wait for a database that is still starting with connect-retries"
                + " (migrate.connect-retries, --connect-retries)");
    }

    /** The same on a real PostgreSQL server that answers but has no such database: a failure no wait cures. */
    @Test
    void aMissingDatabaseOnAPostgresServerIsOneSentenceWithoutTheRetryHint() {
        try (TestDatabase db = TestDatabase.create(DatabaseKind.POSTGRES)) {
            String url = db.url().replace("/" + db.name(), "/" + db.name() + "_missing");
            SQLException driver = catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url));
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                    Migrator.create(new DriverDataSource(url, null, null), config().connectRetries(3).build())::migrate);
            String sentence = driver.getMessage().endsWith(".") ? driver.getMessage().substring(0, driver.getMessage().length() - 1)
                    : driver.getMessage();
            assertThat(e.getMessage()).isEqualTo("Could not connect to the database: " + sentence + ". Check the URL, user and password");
            assertThat(retries()).isEmpty();
        }
    }

    @Test
    void aRefusedLoginIsNotRetried() throws Exception {
        int port = freePort();
        server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists", "-baseDir", dir.toString()).start();
        assertThat(Migrator.create(h2(port, "sa", "right"), config().build()).migrate().applied()).hasSize(1);

        Migrator wrong = Migrator.create(h2(port, "sa", "Bad-Pass-4u"), config().connectRetries(5).build());
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, wrong::migrate);
        assertThat(e.getMessage()).startsWith("Could not connect to the database: ").doesNotContain("tries in")
                .doesNotContain("connect-retries").doesNotContain("Bad-Pass-4u");
        assertThat(retries()).isEmpty();
    }

    @Test
    void readingOperationsTryOnce() throws IOException {
        Migrator migrator = Migrator.create(h2(freePort(), "sa", ""), config().connectRetries(5).build());
        assertThat(catchThrowableOfType(MigrateException.class, migrator::status)).hasMessageContaining("Could not connect");
        assertThat(catchThrowableOfType(MigrateException.class, migrator::validate)).hasMessageContaining("Could not connect");
        assertThat(retries()).isEmpty();
    }

    @Test
    void negativeRetriesAndAnIntervalUnderASecondAreRefused() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> MigratorConfig.builder().connectRetries(-1).connectRetriesInterval(Duration.ofMillis(10)).build());
        assertThat(e.getMessage()).contains("connect-retries must be zero or positive")
                .contains("connect-retries-interval must be at least 1s");
    }

    private MigratorConfig.Builder config() {
        return MigratorConfig.builder().locations("filesystem:" + dir).connectRetriesInterval(Duration.ofSeconds(1));
    }

    private static JdbcDataSource h2(int port, String user, String password) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:tcp://localhost:" + port + "/./retry");
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private List<String> retries() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("trying again"))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private void awaitRetryLogged() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (retries().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(retries()).as("a retry was logged").isNotEmpty();
    }
}
