package dev.migrate.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-script benchmark on a small script, so that {@code data-script.sh} never rots: every contender
 * applies it once on H2 in its own JVM, the parent checks that each left every row, and the report has a
 * line per contender. Timings are never asserted.
 */
class DataScriptBenchTests {

    @Test
    void everyContenderLoadsEveryRowAndTheReportListsThemAll(@TempDir Path work) throws Exception {
        String classpath = Launcher.classpath(Path.of(System.getProperty("bench.classes")),
                Path.of(System.getProperty("bench.classpath.file")));
        Path out = work.resolve("report.md");

        DataScriptBench.main(new String[] {"--rows=300", "--rounds=1", "--dbs=h2", "--work=" + work, "--classpath=" + classpath,
                "--out=" + out});

        String report = Files.readString(out);
        assertThat(report).contains("### H2 (file)", "| rows, rounds | 300, 1 |");
        for (DataScriptBench.Contender c : DataScriptBench.Contender.values()) {
            assertThat(report).contains("| " + c.label + " | ");
        }
        assertThat(Files.readAllLines(work.resolve("data-script-results.csv"))).hasSize(1 + DataScriptBench.Contender.values().length);
    }

    /** Through the latency proxy, which holds every chunk of bytes for half the round trip in each direction. */
    @Test
    void throughTheLatencyProxyEveryRowArrivesAndTheReportSaysWhatWasAdded(@TempDir Path work) throws Exception {
        String pg = System.getenv("MIGRATE_TEST_POSTGRES_URL");
        if (pg == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("MIGRATE_TEST_POSTGRES_URL is not set (bash .ci/run sets it)");
            }
            System.err.println("MIGRATE_TEST_POSTGRES_URL is not set: the latency proxy is not checked");
            return;
        }
        String classpath = Launcher.classpath(Path.of(System.getProperty("bench.classes")),
                Path.of(System.getProperty("bench.classpath.file")));
        Path out = work.resolve("report.md");

        DataScriptBench.main(new String[] {"--rows=300", "--rounds=1", "--dbs=postgres", "--round-trips-ms=2",
                "--contenders=jdbc,migrate-batched", "--work=" + work, "--classpath=" + classpath, "--out=" + out});

        String report = Files.readString(out);
        assertThat(report).contains("## Results: 2.0 ms added to each round trip", "holds every chunk of bytes 1.00 ms",
                "| plain JDBC, one statement at a time | ", "| Migrate, `batch-statements` | ");
        // 300 statements one at a time wait for 300 round trips of 2 ms: the delay is really there.
        String jdbc = Files.readAllLines(work.resolve("data-script-results.csv")).stream().filter(l -> l.contains(",jdbc,"))
                .findFirst().orElseThrow();
        assertThat(Double.parseDouble(jdbc.substring(jdbc.lastIndexOf(',') + 1))).isGreaterThan(600);
    }
}
