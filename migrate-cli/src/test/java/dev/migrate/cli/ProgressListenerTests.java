package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Direction;
import dev.migrate.MigrationEvent;
import dev.migrate.ProgressEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressListenerTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private ProgressListener listener(boolean terminal) {
        CliContext context = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(PrintStream.nullOutputStream()), Map.of(), Path.of("."), terminal);
        return new ProgressListener(new Output(context, false, terminal, new Redactor(List.of())));
    }

    @Test
    void logShowsEachStepWhenItStartsAndHowItEnded() {
        ProgressListener p = listener(false);
        MigrationEvent first = new MigrationEvent("1", "a", "V1__a.sql", Direction.UP, 1, 2);
        MigrationEvent second = new MigrationEvent("2", "b", "V2__b.sql", Direction.UP, 2, 2);
        p.migrationStarted(first);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[1/2] apply  V1__a.sql ... ");
        p.migrationFinished(first, Duration.ofMillis(12), null);
        p.migrationStarted(second);
        p.migrationFinished(second, Duration.ofMillis(1500), new RuntimeException());
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "[1/2] apply  V1__a.sql ... done 12 ms",
                "[2/2] apply  V2__b.sql ... FAILED after 1.5 s");
    }

    /**
     * A group's steps all start before the first one's outcome is known, which is told when the group ends. Each
     * outcome used to be printed after the last label, so "[1/2] apply V1 ... [2/2] apply V2 ... done 12 ms" put
     * the first step's outcome beside the second, whose own went on a line of its own without a name.
     */
    @Test
    void groupedStepsEachGetTheirOwnLineAndTheirOwnOutcome() {
        ProgressListener p = listener(false);
        MigrationEvent first = new MigrationEvent("1", "a", "V1__a.sql", Direction.UP, 1, 2);
        MigrationEvent second = new MigrationEvent("2", "b", "V2__b.sql", Direction.UP, 2, 2);
        p.migrationStarted(first);
        p.migrationStarted(second);
        p.migrationFinished(first, Duration.ofMillis(12), new dev.migrate.GroupRolledBackException("Rolled back with its group"));
        p.migrationFinished(second, Duration.ofMillis(3), new RuntimeException());
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "[1/2] apply  V1__a.sql ... ",
                "[2/2] apply  V2__b.sql ... ",
                "[1/2] apply  V1__a.sql undone (rolled back with its group)",
                "[2/2] apply  V2__b.sql FAILED after 3 ms");
    }

    @Test
    void groupedStepsOnATerminalAreNamedWithTheirOwnOutcome() {
        ProgressListener p = listener(true);
        MigrationEvent first = new MigrationEvent("1", "a", "V1__a.sql", Direction.UP, 1, 2);
        MigrationEvent second = new MigrationEvent("2", "b", "V2__b.sql", Direction.UP, 2, 2);
        p.migrationStarted(first);
        p.migrationStarted(second);
        p.migrationFinished(first, Duration.ofMillis(12), null);
        p.migrationFinished(second, Duration.ofMillis(3), null);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("[1/2] apply  V1__a.sql  \u001B[32mdone\u001B[0m 12 ms\n")
                .contains("[2/2] apply  V2__b.sql  \u001B[32mdone\u001B[0m 3 ms\n");
    }

    @Test
    void batchedDataMigrationsShowRowsRateAndTimeLeft() {
        ProgressListener p = listener(false);
        MigrationEvent step = new MigrationEvent("8", "backfill", "V8__Backfill", Direction.UP, 1, 1);
        p.migrationStarted(step);
        p.progress(new ProgressEvent("8", "books.id", 10_000, 250_000, 1_000_000, 50_000, Duration.ofSeconds(15)));
        p.progress(new ProgressEvent("8", "books.id", 10_000, 300_000, 1_000_000, 50_000, Duration.ofSeconds(14))); // within 5 s: not logged
        p.migrationFinished(step, Duration.ofSeconds(20), null);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "[1/1] apply  V8__Backfill ... ",
                "      250,000 / 1,000,000 rows (25%), 50,000 rows/s, about 15.0 s left",
                "[1/1] apply  V8__Backfill done 20.0 s");
    }

    @Test
    void terminalRedrawsTheLineInPlaceWithColour() {
        ProgressListener p = listener(true);
        MigrationEvent step = new MigrationEvent("3", "c", "V3__c.sql", Direction.DOWN, 1, 1);
        p.migrationStarted(step);
        p.migrationFinished(step, Duration.ofMillis(5), null);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\r\u001B[K[1/1] revert V3__c.sql").contains("\u001B[32mdone\u001B[0m 5 ms").endsWith("\n");
    }
}
