package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The startup warning for an H2 file database that H2 closes itself at JVM shutdown, under a migration the starter
 * cancels: which URLs are at risk, and the warning of a real context on such a file, with and without the fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class H2CloseOnExitTests {

    private static final String WARNING = "H2 closes the file database";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class))
            .withPropertyValues("spring.datasource.username=sa", "migrate.lock-timeout=10s");

    @TempDir
    Path work;

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:h2:file:/data/app                                  | true
            jdbc:h2:file:./data/app;MODE=PostgreSQL                 | true
            JDBC:H2:FILE:./data/app                                 | true
            jdbc:h2:~/app                                           | true
            jdbc:h2:./data/app                                      | true
            jdbc:h2:/var/lib/app/db;AUTO_SERVER=TRUE                | true
            jdbc:h2:C:/data/app                                     | true
            jdbc:h2:nio:./data/app                                  | true
            jdbc:h2:split:./data/app                                | true
            jdbc:h2:file:./data/app;DB_CLOSE_ON_EXIT=TRUE           | true
            jdbc:h2:file:./data/app;DB_CLOSE_ON_EXIT=FALSE          | false
            jdbc:h2:./data/app;MODE=MySQL;db_close_on_exit=false    | false
            jdbc:h2:~/app; DB_CLOSE_ON_EXIT = False ;MODE=Oracle    | false
            jdbc:h2:mem:test                                        | false
            jdbc:h2:mem:test;DB_CLOSE_DELAY=-1                      | false
            JDBC:H2:MEM:test                                        | false
            jdbc:h2:memFS:test                                      | false
            jdbc:h2:memLZF:test                                     | false
            jdbc:h2:tcp://localhost/~/app                           | false
            jdbc:h2:ssl://db.example.com:9092/app                   | false
            jdbc:h2:zip:~/backup.zip!/app                           | false
            jdbc:h2:                                                | false
            jdbc:postgresql://localhost/app                         | false
            jdbc:hsqldb:file:./data/app                             | false
            """)
    void recognisesTheUrlsOfDatabasesH2ClosesAtJvmShutdown(String url, boolean atRisk) {
        assertThat(H2CloseOnExit.atRisk(url)).as(url).isEqualTo(atRisk);
        assertThat(H2CloseOnExit.warning(url) != null).as(url).isEqualTo(atRisk);
    }

    @Test
    void warnsAtStartupForAFileUrlWithoutTheSetting(CapturedOutput output) {
        String url = "jdbc:h2:file:" + work.resolve("db");
        runner.withPropertyValues("spring.datasource.url=" + url).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output).containsOnlyOnce(WARNING + " " + url + " itself when the JVM shuts down (SIGTERM)")
                    .contains("Append ;DB_CLOSE_ON_EXIT=FALSE to the URL");
        });
    }

    @Test
    void warnsForMigrateUrlToo(CapturedOutput output) {
        String url = "jdbc:h2:file:" + work.resolve("own") + ";MODE=PostgreSQL";
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:app", "migrate.url=" + url, "migrate.user=sa")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    // The settings after ';' are left out, as of any URL the starter logs.
                    assertThat(output).containsOnlyOnce(WARNING + " jdbc:h2:file:" + work.resolve("own") + " itself");
                });
    }

    @Test
    void saysNothingWithTheSettingInMemoryOrWithoutCancel(CapturedOutput output) {
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:file:" + work.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE")
                .run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + work.getFileName())
                .run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("spring.datasource.url=jdbc:h2:file:" + work.resolve("other"), "migrate.shutdown-timeout=0")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).doesNotContain(WARNING);
    }
}
