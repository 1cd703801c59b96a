package dev.migrate.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Writes {@code docs/benchmarks.md} from the results of a run: the environment, the targets of issue 7
 * (met or missed, with the figure), medians and min–max per database and size, the ratios, the Spring
 * Boot startup comparison, and the findings kept by hand in {@code migrate-benchmarks/analysis.md}.
 *
 * <pre>
 * java -cp ... dev.migrate.benchmarks.Report --results results.csv --boot boot.csv --out docs/benchmarks.md \
 *      --analysis migrate-benchmarks/analysis.md --command "migrate-benchmarks/run.sh" --started ... --finished ...
 * </pre>
 */
public final class Report {

    private final List<Measurement> all;
    private final List<String[]> boot;
    private final Map<String, String> o;
    private final StringBuilder md = new StringBuilder();

    private Report(List<Measurement> all, List<String[]> boot, Map<String, String> options) {
        this.all = all.stream().filter(Measurement::ok).toList();
        this.boot = boot;
        this.o = options;
        this.failed = all.stream().filter(m -> !m.ok()).toList();
    }

    private final List<Measurement> failed;

    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchMain.parse(args);
        List<Measurement> all = Measurement.read(Path.of(BenchMain.required(o, "results")));
        List<String[]> boot = new ArrayList<>();
        if (o.containsKey("boot") && Files.exists(Path.of(o.get("boot")))) {
            for (String line : Files.readAllLines(Path.of(o.get("boot")))) {
                if (!line.isBlank() && !line.startsWith("round,")) {
                    boot.add(line.split(",", -1));
                }
            }
        }
        Report report = new Report(all, boot, o);
        String text = report.render();
        Path out = Path.of(o.getOrDefault("out", "docs/benchmarks.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, text, StandardCharsets.UTF_8);
        System.out.println("Wrote " + out);
    }

    // ---------------------------------------------------------------- figures

    private List<Integer> sizes() {
        return new ArrayList<>(new TreeSet<>(all.stream().map(Measurement::size).toList()));
    }

    private List<Db> dbs() {
        List<Db> dbs = new ArrayList<>();
        for (Db db : List.of(Db.POSTGRES, Db.H2, Db.MARIADB)) {
            if (all.stream().anyMatch(m -> m.db() == db)) {
                dbs.add(db);
            }
        }
        return dbs;
    }

    private Stats stats(Db db, int size, Tool tool, String scenario, Function<Measurement, Double> value) {
        List<Double> v = new ArrayList<>();
        for (Measurement m : all) {
            if (m.db() == db && m.size() == size && m.tool() == tool && m.scenario().equals(scenario)) {
                v.add(value.apply(m));
            }
        }
        return Stats.of(v);
    }

    private Stats inProcess(Db db, int size, Tool tool, String scenario) {
        return stats(db, size, tool, scenario, Measurement::inProcessMs);
    }

    private Stats process(Db db, int size, Tool tool, String scenario) {
        return stats(db, size, tool, scenario, Measurement::processMs);
    }

    private Stats rssMiB(Db db, int size, Tool tool, String scenario) {
        return stats(db, size, tool, scenario, m -> m.rssKb() < 0 ? Double.NaN : m.rssKb() / 1024.0);
    }

    /** A row of the results: how to get its figure for a tool. */
    private record Row(String label, String scenario, Kind kind) {
    }

    private enum Kind { IN_PROCESS, PROCESS, RSS }

    private static final List<Row> ROWS = List.of(
            new Row("apply, in-process", "apply", Kind.IN_PROCESS),
            new Row("apply, whole process", "apply", Kind.PROCESS),
            new Row("noop, in-process (fresh JVM)", "noop", Kind.IN_PROCESS),
            new Row("noop, whole process", "noop", Kind.PROCESS),
            new Row("noop, 2nd call in the same JVM", Measurement.NOOP2, Kind.IN_PROCESS),
            new Row("validate, in-process", "validate", Kind.IN_PROCESS),
            new Row("validate, whole process", "validate", Kind.PROCESS),
            new Row("status, in-process", "status", Kind.IN_PROCESS),
            new Row("status, whole process", "status", Kind.PROCESS),
            new Row("rollback 100, in-process", "rollback", Kind.IN_PROCESS),
            new Row("rollback 100, whole process", "rollback", Kind.PROCESS),
            new Row("peak RSS of apply (MiB)", "apply", Kind.RSS),
            new Row("peak RSS of noop (MiB)", "noop", Kind.RSS));

    private Stats figure(Db db, int size, Tool tool, Row row) {
        return switch (row.kind()) {
            case IN_PROCESS -> inProcess(db, size, tool, row.scenario());
            case PROCESS -> process(db, size, tool, row.scenario());
            case RSS -> rssMiB(db, size, tool, row.scenario());
        };
    }

    // ---------------------------------------------------------------- formatting

    static String seconds(double ms) {
        double s = ms / 1000;
        if (s >= 100) {
            return String.format(Locale.ROOT, "%.0f", s);
        }
        if (s >= 10) {
            return String.format(Locale.ROOT, "%.1f", s);
        }
        if (s >= 1) {
            return String.format(Locale.ROOT, "%.2f", s);
        }
        return String.format(Locale.ROOT, "%.3f", s);
    }

    private static String cell(Stats s, Kind kind) {
        if (s == null) {
            return "–";
        }
        if (kind == Kind.RSS) {
            return String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", s.median(), s.min(), s.max());
        }
        return seconds(s.median()) + " (" + seconds(s.min()) + "–" + seconds(s.max()) + ")";
    }

    private static String ratio(Stats a, Stats b) {
        if (a == null || b == null || b.median() == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", a.median() / b.median());
    }

    private void line(String s) {
        md.append(s).append('\n');
    }

    // ---------------------------------------------------------------- document

    private String render() throws Exception {
        line("# Benchmarks: Migrate, Flyway, Liquibase and plain JDBC");
        line("");
        line("<!-- Written by migrate-benchmarks/run.sh (dev.migrate.benchmarks.Report); edit migrate-benchmarks/analysis.md"
                + " or the Report class, not this file. -->");
        line("");
        line("Measured side by side in one run: same machine, same databases, the same N generated migrations in each tool's");
        line("native format, the same JVM and JVM options, every scenario in a fresh JVM, tools alternating round by round.");
        line("The figures below are the output of one full run of the script; nothing in them is edited by hand.");
        line("");
        environment();
        rerun();
        method();
        targets();
        results();
        bootSection();
        anomalies();
        Path analysis = o.containsKey("analysis") ? Path.of(o.get("analysis")) : null;
        if (analysis != null && Files.exists(analysis)) {
            line("");
            md.append(Files.readString(analysis, StandardCharsets.UTF_8).stripTrailing()).append('\n');
        }
        return md.toString();
    }

    private void environment() throws Exception {
        line("## This run");
        line("");
        line("| | |");
        line("|---|---|");
        line("| command | `" + o.getOrDefault("command", "migrate-benchmarks/run.sh") + "` |");
        if (o.containsKey("started")) {
            line("| started / finished | " + o.get("started") + " / " + o.getOrDefault("finished", "?") + " (matrix: "
                    + o.getOrDefault("matrix-minutes", "?") + " min) |");
        }
        if (o.containsKey("commit")) {
            line("| source | commit `" + o.get("commit") + "`" + (o.containsKey("source-note") ? "; " + o.get("source-note") : "") + " |");
        }
        line("| machine | " + cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + memory() + " RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " |");
        if (o.containsKey("load")) {
            line("| load average (1 min) at start / end | " + o.get("load") + " |");
        }
        line("| JVM | " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", default ergonomics (" + collector() + "), options of every child: `"
                + String.join(" ", Launcher.CHILD_JVM_OPTIONS) + "` |");
        line("| Migrate | " + version("dev.migrate", "migrate-core", dev.migrate.Migrator.class) + " (this repository) |");
        line("| Flyway | " + version("org.flywaydb", "flyway-core", org.flywaydb.core.Flyway.class)
                + " Community, with flyway-database-postgresql and flyway-mysql |");
        line("| Liquibase | " + liquibase.util.LiquibaseUtil.getBuildVersion()
                + ", analytics disabled (`liquibase.analytics.enabled=false`) |");
        Databases databases = new Databases(Path.of("target"), o.getOrDefault("postgres-url", System.getenv("MIGRATE_TEST_POSTGRES_URL")),
                o.getOrDefault("mariadb-url", System.getenv("MIGRATE_TEST_MARIADB_URL")));
        for (Db db : List.of(Db.POSTGRES, Db.MARIADB, Db.H2)) {
            if (databases.available(db)) {
                try {
                    line("| " + db.label() + " | " + databases.serverVersion(db) + " |");
                } catch (Exception e) {
                    line("| " + db.label() + " | (version not read: " + e.getMessage() + ") |");
                }
            }
        }
        line("| rounds | " + roundsText() + " |");
        line("");
        line("**Noise.** The machine has 2 cores and other developers' builds and test runs (and their PostgreSQL and MariaDB");
        line("work) ran on it during the run, so single figures wander; the load average above says how busy it was. Tools");
        line("alternate round by round (the first tool of a round is the last of the previous one's order), so a burst of load");
        line("falls on every tool alike; compare medians of the same run, and read the min–max ranges as the noise.");
        line("");
    }

    private String roundsText() {
        List<String> parts = new ArrayList<>();
        for (int size : sizes()) {
            int rounds = (int) all.stream().filter(m -> m.size() == size).mapToInt(Measurement::round).distinct().count();
            parts.add("N = " + String.format(Locale.ROOT, "%,d", size) + ": " + rounds);
        }
        return String.join(", ", parts);
    }

    private void rerun() {
        line("## Re-running it");
        line("");
        line("    migrate-benchmarks/run.sh            # the full matrix and the Spring Boot comparison, then this file");
        line("    migrate-benchmarks/run.sh --quick    # N = 100, one round, no Spring Boot part: a few minutes");
        line("");
        line("It builds `migrate-core` and `migrate-benchmarks` with the Maven wrapper, copies the classes and jars it runs");
        line("(so a rebuild during the run changes nothing), and reaches PostgreSQL and MariaDB through");
        line("`MIGRATE_TEST_POSTGRES_URL` and `MIGRATE_TEST_MARIADB_URL` (default: the local servers, users `postgres` and");
        line("`root`), creating and dropping its own `bench_<pid>_<n>` databases. `BENCH_SIZES`, `BENCH_ROUNDS` (one figure");
        line("per size), `BENCH_DBS`, `BENCH_BOOT_ROUNDS` and `BENCH_OUT` change what it runs and where it writes. Raw");
        line("results (one CSV line per launch) and the children's logs stay in `migrate-benchmarks/harness/target/bench-work`.");
        line("CI runs the quick profile on H2, PostgreSQL and MariaDB in `QuickProfileTests` (part of `./mvnw verify`), which");
        line("checks what each tool did and never the timings.");
        line("");
    }

    private void method() {
        line("## What is measured");
        line("");
        line("- **Migrations.** Migration *i* creates `t_i (id BIGINT PRIMARY KEY, name VARCHAR(100), created_at TIMESTAMP)`,");
        line("  inserts 10 rows (one `INSERT` each) and, every 10th, creates an index; its reverse drops the table. Migrate reads");
        line("  `V<i>__m<i>.sql` + `U<i>__m<i>.sql`; Flyway the same `V` files (no `U`: undo is not in Flyway Community);");
        line("  Liquibase one formatted-SQL changelog with one changeset per migration and its `--rollback`.");
        line("- **Floor.** The least any tool can do, in plain JDBC on one connection: list the `V` files, read and CRC32 each");
        line("  (every tool checks checksums by default), read the history table once, and run each pending file's statements in");
        line("  one transaction together with one insert into a history table. No lock, no audit, no SQL parsing. Its `validate`");
        line("  and `status` are that same reconciliation; its rollback runs the `U` files and deletes the rows.");
        line("- **Scenarios**, each in a fresh JVM on a database the previous scenario left: `apply` (empty database → N");
        line("  applied), `noop` (migrate again, nothing to do: what every application start pays), `noop, 2nd call` (a JVM");
        line("  runs noop twice; the second call, without class loading, is kept), `validate`, `status` (Flyway `info()`,");
        line("  Liquibase `listUnrunChangeSets`), `rollback 100` (Migrate `rollback(steps(100))`, Liquibase `rollback(100)`, the");
        line("  floor; Flyway Community cannot). Each tool starts from its own empty database, created for the sequence and");
        line("  dropped after it.");
        line("- **Times.** *In-process*: from just before the tool is configured (Migrate `Migrator.create`, Flyway");
        line("  `Flyway.configure()...load()`, Liquibase `new Liquibase(...)` on a new connection, the floor's connection) to just");
        line("  after its call returns, so opening the connection and loading the tool's and the driver's classes count.");
        line("  *Whole process*: from starting the JVM to its exit, as the launcher sees it.");
        line("- **Memory.** Peak RSS is the child's `VmHWM` from `/proc/self/status`, read after the call.");
        line("- **Checks.** After every launch the launcher checks the count the tool reported (N applied, nothing to do, no");
        line("  problems, nothing pending, 100 rolled back) and the tables and history rows left in the database; a launch that");
        line("  fails a check is left out of the figures and listed at the end.");
        line("- **Logging.** Every tool logs at WARN (SLF4J simple binding; java.util.logging for Liquibase), so console output");
        line("  is not measured.");
        line("");
    }

    // ---------------------------------------------------------------- targets

    private void targets() {
        line("## Targets (issue 7)");
        line("");
        line("Medians of this run, in-process unless said; N = 1,000 unless said. The issue's reference figures (PostgreSQL,");
        line("N = 1,000) were: noop floor ≈ 0.31 s, Flyway ≈ 1.14 s, Liquibase ≈ 3.2 s; apply floor ≈ 5.2 s, Flyway ≈ 14.7 s,");
        line("Liquibase ≈ 13.2 s; peak RSS of apply floor ≈ 84 MB, Flyway ≈ 335 MB.");
        line("");
        line("| target | PostgreSQL | H2 |");
        line("|---|---|---|");
        line("| `noop` in a fresh JVM ≤ 1.3 × floor | " + atMost(Db.POSTGRES, "noop", 1.3) + " | " + atMost(Db.H2, "noop", 1.3) + " |");
        line("| `noop` 2nd call in the same JVM ≤ 1.2 × floor | " + atMost(Db.POSTGRES, Measurement.NOOP2, 1.2) + " | "
                + atMost(Db.H2, Measurement.NOOP2, 1.2) + " |");
        line("| `noop` 2nd call at N = 5,000: ≥ 5 × faster than Flyway | " + fasterThanFlyway(Db.POSTGRES) + " | "
                + fasterThanFlyway(Db.H2) + " |");
        line("| `noop` linear: N = 5,000 ≤ 5 × N = 1,000 (2nd call; fresh JVM) | " + linear(Db.POSTGRES) + " | " + linear(Db.H2) + " |");
        line("| `apply` ≤ 1.2 × floor | " + atMost(Db.POSTGRES, "apply", 1.2) + " | " + atMost(Db.H2, "apply", 1.2) + " |");
        line("| peak RSS of `apply` ≤ floor + 64 MiB | " + rssTarget(Db.POSTGRES) + " | " + rssTarget(Db.H2) + " |");
        line("| Spring Boot startup with 1,000 applied (PostgreSQL): Migrate faster than Boot's Flyway and Liquibase | "
                + bootTarget() + " | (PostgreSQL only) |");
        line("");
    }

    private static String verdict(boolean met) {
        return met ? "**met**" : "**missed**";
    }

    private String atMost(Db db, String scenario, double limit) {
        Stats m = inProcess(db, 1000, Tool.MIGRATE, scenario);
        Stats f = inProcess(db, 1000, Tool.FLOOR, scenario);
        if (m == null || f == null) {
            return "not measured";
        }
        double r = m.median() / f.median();
        return verdict(r <= limit) + ": " + String.format(Locale.ROOT, "%.2f", r) + " × (Migrate " + seconds(m.median()) + " s, floor "
                + seconds(f.median()) + " s)";
    }

    private String fasterThanFlyway(Db db) {
        Stats m = inProcess(db, 5000, Tool.MIGRATE, Measurement.NOOP2);
        Stats f = inProcess(db, 5000, Tool.FLYWAY, Measurement.NOOP2);
        if (m == null || f == null) {
            return "not measured";
        }
        double r = f.median() / m.median();
        return verdict(r >= 5) + ": " + String.format(Locale.ROOT, "%.1f", r) + " × (Migrate " + seconds(m.median()) + " s, Flyway "
                + seconds(f.median()) + " s)";
    }

    private String linear(Db db) {
        Stats warm1 = inProcess(db, 1000, Tool.MIGRATE, Measurement.NOOP2);
        Stats warm5 = inProcess(db, 5000, Tool.MIGRATE, Measurement.NOOP2);
        Stats cold1 = inProcess(db, 1000, Tool.MIGRATE, "noop");
        Stats cold5 = inProcess(db, 5000, Tool.MIGRATE, "noop");
        if (warm1 == null || warm5 == null || cold1 == null || cold5 == null) {
            return "not measured";
        }
        double rw = warm5.median() / warm1.median();
        double rc = cold5.median() / cold1.median();
        return verdict(rw <= 5 && rc <= 5) + ": " + String.format(Locale.ROOT, "%.2f", rw) + " × (" + seconds(warm1.median()) + " → "
                + seconds(warm5.median()) + " s); " + String.format(Locale.ROOT, "%.2f", rc) + " × (" + seconds(cold1.median()) + " → "
                + seconds(cold5.median()) + " s)";
    }

    private String rssTarget(Db db) {
        Stats m = rssMiB(db, 1000, Tool.MIGRATE, "apply");
        Stats f = rssMiB(db, 1000, Tool.FLOOR, "apply");
        if (m == null || f == null) {
            return "not measured";
        }
        return verdict(m.median() <= f.median() + 64) + String.format(Locale.ROOT, ": floor + %.0f MiB (Migrate %.0f MiB, floor %.0f MiB)",
                m.median() - f.median(), m.median(), f.median());
    }

    private Stats bootStats(String app, int column) {
        List<Double> v = new ArrayList<>();
        for (String[] r : boot) {
            if (r[1].equals(app) && Boolean.parseBoolean(r[7]) && !r[column].isEmpty()) {
                v.add(Double.parseDouble(r[column]));
            }
        }
        return Stats.of(v);
    }

    private String bootTarget() {
        Stats m = bootStats("migrate", 2);
        Stats f = bootStats("flyway", 2);
        Stats l = bootStats("liquibase", 2);
        if (m == null || f == null || l == null) {
            return "not measured" + (boot.isEmpty() ? "" : " (some apps failed to start; see below)");
        }
        boolean met = m.median() < f.median() && m.median() < l.median();
        return verdict(met) + ": Migrate " + seconds(m.median()) + " s, Flyway " + seconds(f.median()) + " s, Liquibase "
                + seconds(l.median()) + " s to ready";
    }

    // ---------------------------------------------------------------- results

    private void results() {
        line("## Results");
        line("");
        line("Seconds (peak RSS in MiB): median (min–max) over the rounds. Ratios are of medians; below 1 means the first");
        line("is faster (or smaller).");
        for (Db db : dbs()) {
            line("");
            line("### " + db.label());
            for (int size : sizes()) {
                if (all.stream().noneMatch(m -> m.db() == db && m.size() == size)) {
                    continue;
                }
                line("");
                line("#### " + db.label() + ", N = " + String.format(Locale.ROOT, "%,d", size));
                line("");
                line("| | floor | Migrate | Flyway | Liquibase |");
                line("|---|---|---|---|---|");
                for (Row row : ROWS) {
                    StringBuilder sb = new StringBuilder("| " + row.label() + " |");
                    boolean any = false;
                    for (Tool tool : Tool.values()) {
                        Stats s = figure(db, size, tool, row);
                        any |= s != null;
                        sb.append(' ').append(tool.supports(scenarioOf(row)) ? cell(s, row.kind()) : "n/a").append(" |");
                    }
                    if (any) {
                        line(sb.toString());
                    }
                }
                line("");
                line("| ratio of medians | Migrate / floor | Flyway / floor | Liquibase / floor | Migrate / Flyway | Migrate / Liquibase |");
                line("|---|---|---|---|---|---|");
                for (Row row : ROWS) {
                    if (row.kind() == Kind.PROCESS) {
                        continue;
                    }
                    Map<Tool, Stats> s = new EnumMap<>(Tool.class);
                    for (Tool tool : Tool.values()) {
                        s.put(tool, figure(db, size, tool, row));
                    }
                    if (s.get(Tool.MIGRATE) == null) {
                        continue;
                    }
                    line("| " + row.label() + " | " + ratio(s.get(Tool.MIGRATE), s.get(Tool.FLOOR)) + " | "
                            + ratio(s.get(Tool.FLYWAY), s.get(Tool.FLOOR)) + " | " + ratio(s.get(Tool.LIQUIBASE), s.get(Tool.FLOOR)) + " | "
                            + ratio(s.get(Tool.MIGRATE), s.get(Tool.FLYWAY)) + " | " + ratio(s.get(Tool.MIGRATE), s.get(Tool.LIQUIBASE)) + " |");
                }
            }
        }
        line("");
    }

    private static Scenario scenarioOf(Row row) {
        return row.scenario().equals(Measurement.NOOP2) ? Scenario.NOOP : Scenario.of(row.scenario());
    }

    // ---------------------------------------------------------------- Spring Boot

    private void bootSection() {
        line("## Spring Boot startup (PostgreSQL, 1,000 applied migrations)");
        line("");
        if (boot.isEmpty()) {
            line("Not measured in this run.");
            line("");
            return;
        }
        line("The same small JDBC application (`migrate-benchmarks/boot-app`: `spring-boot-starter-jdbc`, HikariCP, one");
        line("`JdbcTemplate` bean) started with nothing (the baseline), with the Migrate starter, with Boot's Flyway support");
        line("(`spring-boot-starter-flyway`, Flyway " + version("org.flywaydb", "flyway-core", org.flywaydb.core.Flyway.class)
                + ") and with Boot's Liquibase support (`spring-boot-starter-liquibase`, Liquibase "
                + liquibase.util.LiquibaseUtil.getBuildVersion() + "), each with its own class path");
        line("(`migrate-benchmarks/boot-*`) and its own database where the 1,000 migrations were applied by an earlier start, so");
        line("each measured start is a deployed application's start with nothing to do. Migrations are on the class path in a");
        line("directory (`db/migration`, `db/changelog/changelog.sql` for Liquibase). Spring Boot logs at its default INFO.");
        line("*Ready*: JVM start to `ApplicationReadyEvent`; *Boot*: Spring Boot's own `timeTaken` (from");
        line("`SpringApplication.run`); *heap*: heap in use after `System.gc()` once ready; *added*: minus the baseline's.");
        line("");
        int rounds = (int) boot.stream().map(r -> r[0]).distinct().count();
        line("Medians (min–max) over " + rounds + " starts each, apps alternating start by start.");
        line("");
        line("| app | ready (s) | Boot timeTaken (s) | heap after GC (MiB) | added heap (MiB) | peak RSS (MiB) | ready vs baseline |");
        line("|---|---|---|---|---|---|---|");
        Stats baseReady = bootStats("baseline", 2);
        Stats baseHeap = bootStats("baseline", 4);
        for (String app : BootStartup.APPS) {
            Stats ready = bootStats(app, 2);
            Stats bootMs = bootStats(app, 3);
            Stats heap = bootStats(app, 4);
            Stats rss = bootStats(app, 5);
            if (ready == null) {
                line("| " + label(app) + " | failed to start (see the log) | | | | | |");
                continue;
            }
            String added = heap != null && baseHeap != null
                    ? String.format(Locale.ROOT, "%+.1f", (heap.median() - baseHeap.median()) / 1024) : "–";
            String vsBase = baseReady != null ? String.format(Locale.ROOT, "%+.2f s", (ready.median() - baseReady.median()) / 1000) : "–";
            line("| " + label(app) + " | " + cell(ready, Kind.IN_PROCESS) + " | " + cell(bootMs, Kind.IN_PROCESS) + " | "
                    + mib(heap) + " | " + added + " | " + mib(rss) + " | " + vsBase + " |");
        }
        line("");
    }

    private static String label(String app) {
        return switch (app) {
            case "baseline" -> "baseline (no migration tool)";
            case "migrate" -> "Migrate starter";
            case "flyway" -> "Boot + Flyway";
            case "liquibase" -> "Boot + Liquibase";
            default -> app;
        };
    }

    private static String mib(Stats kb) {
        if (kb == null) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.1f (%.1f–%.1f)", kb.median() / 1024, kb.min() / 1024, kb.max() / 1024);
    }

    private void anomalies() {
        line("## Checks");
        line("");
        if (failed.isEmpty()) {
            line("Every launch (" + all.size() + ") reported the expected count and left the expected tables and history rows.");
        } else {
            line(failed.size() + " launch(es) failed a check and are left out of the figures:");
            line("");
            for (Measurement m : failed) {
                line("- round " + m.round() + ", N = " + m.size() + ", " + m.db().label() + ", " + m.tool().label() + ", " + m.scenario()
                        + ": " + m.note());
            }
        }
        long bootFailed = boot.stream().filter(r -> !Boolean.parseBoolean(r[7])).count();
        if (!boot.isEmpty()) {
            line("");
            line(bootFailed == 0 ? "Every Spring Boot start reached `ApplicationReadyEvent` and left the 1,000 migrations applied."
                    : bootFailed + " Spring Boot start(s) failed and are left out.");
        }
        line("");
    }

    // ---------------------------------------------------------------- environment helpers

    static String version(String group, String artifact, Class<?> type) {
        try (InputStream in = type.getClassLoader().getResourceAsStream("META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "?");
            }
        } catch (IOException e) {
            // fall through
        }
        String v = type.getPackage().getImplementationVersion();
        return v != null ? v : "(version unknown)";
    }

    /**
     * Opens a script benchmark's "This run" section: its table's heading and its rows from the command to the JVM, for
     * the benchmark to add its own (versions, sizes).
     */
    static void runTable(StringBuilder md, java.util.Map<String, String> o, String command, String started, String finished,
                         double loadStart, double loadEnd) {
        md.append("## This run\n\n| | |\n|---|---|\n");
        md.append("| command | `").append(o.getOrDefault("command", command)).append("` |\n");
        md.append("| started / finished | ").append(started).append(" / ").append(finished).append(" |\n");
        md.append("| source | commit `").append(o.getOrDefault("commit", "?")).append("`; ").append(o.getOrDefault("source-note", ""))
                .append(" |\n");
        md.append("| machine | ").append(cpu()).append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(memory()).append(" RAM |\n");
        md.append(String.format(java.util.Locale.ROOT, "| load average (1 min) at start / end | %.2f / %.2f |%n", loadStart, loadEnd));
        md.append("| JVM | ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.vm.version"))
                .append(" |\n");
    }

    static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "?";
    }

    private static String collector() {
        List<String> names = new ArrayList<>();
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            names.add(gc.getName());
        }
        Map<String, String> known = new LinkedHashMap<>();
        known.put("G1", "G1");
        known.put("Copy", "Serial");
        known.put("PS ", "Parallel");
        for (Map.Entry<String, String> k : known.entrySet()) {
            if (names.stream().anyMatch(n -> n.startsWith(k.getKey()))) {
                return k.getValue() + " GC";
            }
        }
        return String.join("/", names);
    }
}
