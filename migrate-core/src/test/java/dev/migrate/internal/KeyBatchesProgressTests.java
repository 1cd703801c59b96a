package dev.migrate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.migrate.Direction;
import dev.migrate.MigrationListener;
import dev.migrate.ProgressEvent;
import dev.migrate.dialect.Dialects;
import dev.migrate.history.ProgressTable;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The numbers of {@link ProgressEvent}s, measured against a clock the test moves: each batch "takes"
 * a known time, so the rate (rows of this run per second of this run) and the ETA (rows left at that
 * rate) have exact expected values, including after a resume.
 */
class KeyBatchesProgressTests {

    private static final long SECOND = 1_000_000_000L;

    private TestDatabase db;
    private Connection connection;
    private ProgressTable progress;
    private final AtomicLong clock = new AtomicLong(42 * SECOND);
    private final List<ProgressEvent> events = new ArrayList<>();
    private final MigrationListener listener = new MigrationListener() {
        @Override
        public void progress(ProgressEvent event) {
            events.add(event);
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.create(DatabaseKind.H2);
        connection = db.connect();
        progress = new ProgressTable(Dialects.detect(connection), null, "migrate_progress");
        db.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, touched INT NOT NULL)");
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO items VALUES (?, 0)")) {
            for (int i = 1; i <= 2500; i++) {
                ps.setLong(1, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        connection.close();
        db.close();
    }

    private KeyBatches loop() {
        return new KeyBatches(connection, progress, "7", Direction.UP, List.of(listener), "items", "id", "items.id", task -> { },
                () -> { }, new dev.migrate.lock.Cancellation(), (failure, where) -> { }, clock::get);
    }

    @Test
    void rateAndEtaFollowTheTimeTheBatchesTake() throws Exception {
        long done = loop().size(1000).forEach(batch -> {
            batch.update("UPDATE items SET touched = touched + 1 WHERE id BETWEEN ? AND ?");
            clock.addAndGet(2 * SECOND);
        });

        assertThat(done).isEqualTo(2500);
        assertThat(events).extracting(ProgressEvent::rowsDone).containsExactly(1000L, 2000L, 2500L);
        assertThat(events).extracting(ProgressEvent::batchRows).containsExactly(1000, 1000, 500);
        assertThat(events).extracting(ProgressEvent::rowsTotal).containsOnly(2500L);
        assertThat(events).extracting(ProgressEvent::task).containsOnly("items.id");
        // 1,000 rows in 2 s, 2,000 in 4 s, 2,500 in 6 s
        assertThat(events.get(0).rate()).isCloseTo(500.0, within(1e-9));
        assertThat(events.get(1).rate()).isCloseTo(500.0, within(1e-9));
        assertThat(events.get(2).rate()).isCloseTo(2500.0 / 6, within(1e-9));
        // 1,500 rows left at 500 rows/s, then 500, then none
        assertThat(events).extracting(ProgressEvent::eta)
                .containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ZERO);
        assertThat(events).extracting(ProgressEvent::fraction).containsExactly(0.4, 0.8, 1.0);
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 1")).isEqualTo(2500);
    }

    @Test
    void aResumedRunCountsEarlierRowsAsDoneButMeasuresItsRateOnItsOwnRows() throws Exception {
        assertThatThrownBy(() -> loop().size(1000).forEach(batch -> {
            clock.addAndGet(10 * SECOND);
            if (batch.number() == 2) {
                throw new IllegalStateException("interrupted");
            }
            batch.update("UPDATE items SET touched = touched + 1 WHERE id BETWEEN ? AND ?");
        })).hasMessage("interrupted");
        assertThat(events).extracting(ProgressEvent::rowsDone).containsExactly(1000L);
        events.clear();

        long done = loop().size(1000).forEach(batch -> {
            batch.update("UPDATE items SET touched = touched + 1 WHERE id BETWEEN ? AND ?");
            clock.addAndGet(SECOND);
        });

        assertThat(done).isEqualTo(2500);
        assertThat(events).extracting(ProgressEvent::rowsDone).containsExactly(2000L, 2500L);
        assertThat(events).extracting(ProgressEvent::rowsTotal).containsOnly(2500L);
        // this run: 1,000 rows in 1 s, then 1,500 in 2 s; the 10 s batches before the resume do not count
        assertThat(events.get(0).rate()).isCloseTo(1000.0, within(1e-9));
        assertThat(events.get(1).rate()).isCloseTo(750.0, within(1e-9));
        assertThat(events).extracting(ProgressEvent::eta).containsExactly(Duration.ofMillis(500), Duration.ZERO);
        assertThat(db.count("SELECT COUNT(*) FROM items WHERE touched = 1")).isEqualTo(2500);
    }

    /** Rows the application inserts while the loop runs, after its mark: the total follows, so done never passes it. */
    @Test
    void rowsInsertedWhileTheLoopRunsRaiseTheTotalInsteadOfPassingIt() throws Exception {
        long done = loop().size(1000).forEach(batch -> {
            if (batch.number() == 1) {
                db.execute("INSERT INTO items SELECT X + 3000, 0 FROM SYSTEM_RANGE(1, 1000)");
            }
            clock.addAndGet(SECOND);
        });

        assertThat(done).isEqualTo(3500);
        assertThat(events).extracting(ProgressEvent::rowsDone).containsExactly(1000L, 2000L, 3000L, 3500L);
        assertThat(events).extracting(ProgressEvent::rowsTotal).containsExactly(2500L, 2500L, 3000L, 3500L);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.fraction()).isBetween(0.0, 1.0);
            assertThat(e.eta().isNegative()).as("eta " + e.eta()).isFalse();
        });
        assertThat(new ProgressEvent("7", "items.id", 1, 1, 0, 1.0, Duration.ZERO).fraction()).as("a total of 0 is known").isEqualTo(1.0);
    }

    @Test
    void withoutACountThereIsNoTotalNorEta() throws Exception {
        loop().size(1000).countTotal(false).forEach(batch -> clock.addAndGet(SECOND));

        assertThat(events).extracting(ProgressEvent::rowsDone).containsExactly(1000L, 2000L, 2500L);
        assertThat(events).extracting(ProgressEvent::rowsTotal).containsOnly(-1L);
        assertThat(events).extracting(ProgressEvent::eta).containsOnlyNulls();
        assertThat(events).extracting(ProgressEvent::fraction).containsOnly(-1.0);
        assertThat(events.get(2).rate()).isCloseTo(2500.0 / 3, within(1e-9));
    }

    @Test
    void aLoopNameThatCannotBeStoredIsRefusedNamingTheMigration() {
        assertThatThrownBy(() -> loop().task(" ")).isInstanceOf(dev.migrate.ConfigurationException.class)
                .hasMessageContaining("Migration 7: batches(\"items\", \"id\").task(...) needs a name of 1 to 150 characters");
        assertThatThrownBy(() -> loop().task("x".repeat(151))).isInstanceOf(dev.migrate.ConfigurationException.class);
        assertThat(events).isEmpty();
    }
}
