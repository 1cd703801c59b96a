package dev.migrate.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick profile of the benchmarks, at N = 40 rather than its 100 to spare CI's two cores, run by
 * {@code ./mvnw verify} so the harness never rots: one round, every tool on H2, PostgreSQL and MariaDB,
 * each tool's scenarios in one fresh JVM. It checks that every tool applied the 40 migrations, that the noop found nothing to do and that the
 * other scenarios did what they say, then writes a report from the results. Timings are never
 * asserted: on a shared CI machine they mean nothing.
 */
class QuickProfileTests {

    private static final int N = 40;

    @Test
    void everyToolAppliesEveryMigrationAndThenFindsNothingToDo(@TempDir Path work) throws Exception {
        List<Db> dbs = new ArrayList<>(List.of(Db.H2));
        String pg = System.getenv("MIGRATE_TEST_POSTGRES_URL");
        String maria = System.getenv("MIGRATE_TEST_MARIADB_URL");
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (pg != null) {
            dbs.add(Db.POSTGRES);
        }
        if (maria != null) {
            dbs.add(Db.MARIADB);
        }
        if (pg == null || maria == null) {
            String message = "The benchmark quick profile needs MIGRATE_TEST_POSTGRES_URL and MIGRATE_TEST_MARIADB_URL for"
                    + " PostgreSQL and MariaDB (bash .ci/run sets them); running on " + dbs + " only";
            if (ci) {
                fail(message);
            }
            System.err.println(message);
        }
        Launcher.Config config = new Launcher.Config(Map.of(N, 1), dbs, List.of(Tool.values()), work, work.resolve("results.csv"),
                Launcher.classpath(Path.of(System.getProperty("bench.classes")), Path.of(System.getProperty("bench.classpath.file"))),
                List.of(), true, new Databases(work.resolve("h2"), pg, maria));

        List<Measurement> all = new Launcher(config, System.out).run();

        for (Db db : dbs) {
            for (Tool tool : Tool.values()) {
                assertThat(count(all, db, tool, Scenario.APPLY)).as("%s on %s: migrations applied", tool, db).isEqualTo(N);
                assertThat(count(all, db, tool, Scenario.NOOP)).as("%s on %s: applied by the noop", tool, db).isZero();
                assertThat(count(all, db, tool, Scenario.VALIDATE)).as("%s on %s: validation problems", tool, db).isZero();
                assertThat(count(all, db, tool, Scenario.STATUS)).as("%s on %s: pending after apply", tool, db).isZero();
                if (tool.supports(Scenario.ROLLBACK)) {
                    assertThat(count(all, db, tool, Scenario.ROLLBACK)).as("%s on %s: rolled back", tool, db)
                            .isEqualTo(Math.min(Scenario.ROLLBACK_COUNT, N));
                }
            }
        }
        assertThat(all).as("launches whose count or database state was wrong").allMatch(Measurement::ok);

        Path report = work.resolve("benchmarks.md");
        Report.main(new String[] {"--results=" + config.results(), "--out=" + report});
        assertThat(Files.readString(report)).contains("## Targets", "#### H2 (file), N = " + N);
    }

    private static int count(List<Measurement> all, Db db, Tool tool, Scenario scenario) {
        return all.stream().filter(m -> m.db() == db && m.tool() == tool && m.scenario().equals(scenario.id())).findFirst()
                .orElseThrow(() -> new AssertionError(tool + " on " + db + ": no " + scenario.id() + " result")).count();
    }
}
