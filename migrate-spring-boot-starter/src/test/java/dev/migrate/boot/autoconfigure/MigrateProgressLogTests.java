package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.migrate.Direction;
import dev.migrate.JavaMigration;
import dev.migrate.MigrationContext;
import dev.migrate.MigrationEvent;
import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.ProgressEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MigrateProgressLogTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true", "migrate.locations=classpath:migrations/single");

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void captureTheLog() {
        appender.start();
        ((Logger) LoggerFactory.getLogger(MigrateProgressLog.class)).addAppender(appender);
    }

    @AfterEach
    void stopCapturing() {
        ((Logger) LoggerFactory.getLogger(MigrateProgressLog.class)).detachAppender(appender);
    }

    @Test
    void describesRowsRateAndTimeLeft() {
        ProgressEvent event = new ProgressEvent("8", "books.id", 5_000, 250_000, 1_000_000, 12_500.4, Duration.ofSeconds(60));
        assertThat(MigrateProgressLog.line(event))
                .isEqualTo("Data migration 8 books.id: 250,000/1,000,000 rows (25.0%), 12,500 rows/s, about 60s left");
    }

    @Test
    void leavesOutTheTotalWhenItWasNotCounted() {
        ProgressEvent event = new ProgressEvent("8", "books.id", 5_000, 5_000, -1, 100, null);
        assertThat(MigrateProgressLog.line(event)).isEqualTo("Data migration 8 books.id: 5,000 rows, 100 rows/s");
    }

    @Test
    void logsTheFirstBatchThenAtMostOneLinePerInterval() {
        AtomicLong now = new AtomicLong();
        MigrateProgressLog progress = new MigrateProgressLog(Duration.ofSeconds(5), now::get);
        for (int second = 0; second <= 11; second++) {
            now.set(Duration.ofSeconds(second).toNanos());
            progress.progress(new ProgressEvent("8", "books.id", 100, 100L * (second + 1), 10_000, 100, null));
        }
        assertThat(lines()).extracting(line -> line.substring(0, line.indexOf(" rows")))
                .containsExactly("Data migration 8 books.id: 100/10,000", "Data migration 8 books.id: 600/10,000",
                        "Data migration 8 books.id: 1,100/10,000");
    }

    @Test
    void logsTheLastBatchAtOnceWhenTheTotalIsReached() {
        AtomicLong now = new AtomicLong();
        MigrateProgressLog progress = new MigrateProgressLog(Duration.ofSeconds(5), now::get);
        progress.progress(new ProgressEvent("8", "books.id", 100, 100, 200, 100, null));
        now.set(Duration.ofSeconds(1).toNanos());
        progress.progress(new ProgressEvent("8", "books.id", 100, 200, 200, 100, null));
        progress.migrationFinished(new MigrationEvent("8", "backfill", "V8", Direction.UP, 1, 1), Duration.ofSeconds(1), null);
        assertThat(lines()).hasSize(2).last().asString().startsWith("Data migration 8 books.id: 200/200 rows (100.0%)");
    }

    @Test
    void logsTheLastBatchWithoutATotalWhenTheMigrationFinishes() {
        AtomicLong now = new AtomicLong();
        MigrateProgressLog progress = new MigrateProgressLog(Duration.ofSeconds(5), now::get);
        progress.progress(new ProgressEvent("8", "books.id", 100, 100, -1, 100, null));
        now.set(Duration.ofSeconds(1).toNanos());
        progress.progress(new ProgressEvent("8", "books.id", 100, 200, -1, 100, null));
        progress.progress(new ProgressEvent("8", "books.id", 50, 250, -1, 100, null));
        assertThat(lines()).hasSize(1);
        progress.migrationFinished(new MigrationEvent("8", "backfill", "V8", Direction.UP, 1, 1), Duration.ofSeconds(1), null);
        assertThat(lines()).hasSize(2).last().asString().startsWith("Data migration 8 books.id: 250 rows,");
        progress.migrationFinished(new MigrationEvent("8", "backfill", "V8", Direction.UP, 1, 1), Duration.ofSeconds(1), null);
        assertThat(lines()).as("logged once").hasSize(2);
    }

    @Test
    void isRegisteredAndLogsABatchedDataMigrationWithoutATotal() {
        runner.withUserConfiguration(Batched.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(MigrateProgressLog.class);
            assertThat(context.getBean(Migrator.class).config().listeners()).contains(context.getBean(MigrateProgressLog.class));
            assertThat(context.getBean(Migrator.class).status().current()).isEqualTo("4");
            List<String> lines = lines();
            assertThat(lines).first().asString().startsWith("Data migration 4 numbers.n: 100 rows,");
            assertThat(lines).last().asString().startsWith("Data migration 4 numbers.n: 2,500 rows,");
            assertThat(lines).as("25 batches, throttled").hasSizeLessThan(25);
        });
    }

    private List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Configuration(proxyBeanMethods = false)
    static class Batched {

        @Bean
        JavaMigration numbers() {
            return new Numbers();
        }
    }

    /** Fills a table, then walks it in 25 batches of 100 without counting the rows first. */
    @MigrationInfo(version = "4", description = "numbers", transactional = false)
    static class Numbers implements JavaMigration {
        @Override
        public void up(MigrationContext context) throws Exception {
            context.execute("CREATE TABLE numbers (n INT PRIMARY KEY, twice INT)");
            context.execute("INSERT INTO numbers (n) SELECT X FROM SYSTEM_RANGE(1, 2500)");
            context.batches("numbers", "n").size(100).countTotal(false)
                    .forEach(batch -> batch.update("UPDATE numbers SET twice = n * 2 WHERE n BETWEEN ? AND ?"));
        }
    }
}
