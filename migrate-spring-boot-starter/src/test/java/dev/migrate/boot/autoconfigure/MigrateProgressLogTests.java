package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.ProgressEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MigrateProgressLogTests {

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
}
