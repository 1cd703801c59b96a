package dev.migrate.benchmarks;

import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.internal.DriverDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.flywaydb.core.Flyway;

/**
 * One large data script, applied by each contender side by side: a migration that creates a table and
 * inserts {@code rows} rows with one {@code INSERT} each (a reference-data load, a dump turned into a
 * migration). It measures what Migrate's {@code batchStatements} changes, against the same work in plain
 * JDBC (one statement at a time, and in batches of 100, both in one transaction), Flyway Community (which
 * has no batching: that is a Teams feature) and Liquibase (a formatted-SQL changeset).
 *
 * <p>Every launch is a fresh JVM on a fresh database; the contenders' order rotates round by round. The
 * parent checks after each launch that the table holds exactly {@code rows} rows, and writes the report.
 *
 * <pre>
 * java -cp ... dev.migrate.benchmarks.DataScriptBench --rows 20000 --rounds 5 --dbs h2,postgres,mariadb \
 *      --work target/bench-work --classpath ... --out docs/benchmarks-data-script.md --command ...
 * </pre>
 */
public final class DataScriptBench {

    static final String TABLE = "ref_data";
    private static final Pattern RESULT = Pattern.compile("RESULT ms=([0-9.]+)");
    private static final long CHILD_TIMEOUT_MINUTES = 20;

    /** The contenders, in the order of the report. */
    enum Contender {
        JDBC("plain JDBC, one statement at a time"),
        JDBC_BATCHED("plain JDBC, batches of 100"),
        MIGRATE("Migrate"),
        MIGRATE_BATCHED("Migrate, `batch-statements`"),
        FLYWAY("Flyway Community"),
        LIQUIBASE("Liquibase");

        final String label;

        Contender(String label) {
            this.label = label;
        }

        String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Contender of(String id) {
            return valueOf(id.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    private DataScriptBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchMain.parse(args);
        if (o.containsKey("child")) {
            child(o);
            return;
        }
        parent(o);
    }

    // ---------------------------------------------------------------- the script

    /** Writes the script in each tool's format below {@code dir} (once per row count) and returns its directory. */
    static Path generate(Path work, int rows) throws IOException {
        Path dir = work.resolve("data-script-" + rows);
        Path done = dir.resolve(".complete");
        if (Files.exists(done)) {
            return dir;
        }
        Files.createDirectories(dir.resolve("migrate"));
        Files.createDirectories(dir.resolve("flyway"));
        Files.createDirectories(dir.resolve("liquibase"));
        StringBuilder sql = new StringBuilder(rows * 90);
        for (String statement : statements(rows)) {
            sql.append(statement).append(";\n");
        }
        Files.writeString(dir.resolve("migrate/V1__reference_data.sql"), sql, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("flyway/V1__reference_data.sql"), sql, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("liquibase/changelog.sql"), "--liquibase formatted sql\n\n--changeset bench:1\n" + sql,
                StandardCharsets.UTF_8);
        Files.writeString(done, "");
        return dir;
    }

    /** The script's statements, without their semicolons: the table, then one INSERT per row. */
    static List<String> statements(int rows) {
        List<String> statements = new ArrayList<>(rows + 1);
        statements.add("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, name VARCHAR(100), created_at TIMESTAMP)");
        for (int i = 1; i <= rows; i++) {
            statements.add("INSERT INTO " + TABLE + " (id, name, created_at) VALUES (" + i + ", 'reference row " + i
                    + "', TIMESTAMP '2026-01-01 00:00:00')");
        }
        return statements;
    }

    // ---------------------------------------------------------------- the child: one contender, one database

    private static void child(Map<String, String> o) throws Exception {
        Contender contender = Contender.of(BenchMain.required(o, "contender"));
        Target target = new Target(Db.of(BenchMain.required(o, "db")), BenchMain.required(o, "url"), o.get("user"), o.get("password"));
        Path dir = Path.of(BenchMain.required(o, "dir"));
        int rows = Integer.parseInt(BenchMain.required(o, "rows"));
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        long start = System.nanoTime();
        switch (contender) {
            case JDBC, JDBC_BATCHED -> jdbc(target, statements(rows), contender == Contender.JDBC_BATCHED);
            case MIGRATE, MIGRATE_BATCHED -> Migrator.create(new DriverDataSource(target.url(), target.user(), target.password()),
                    MigratorConfig.builder().locations("filesystem:" + dir.resolve("migrate"))
                            .batchStatements(contender == Contender.MIGRATE_BATCHED).build()).migrate();
            case FLYWAY -> Flyway.configure().dataSource(target.url(), target.user(), target.password())
                    .locations("filesystem:" + dir.resolve("flyway")).load().migrate();
            case LIQUIBASE -> {
                Connection connection = Databases.connect(target);
                Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
                try (Liquibase liquibase = new Liquibase("changelog.sql", new DirectoryResourceAccessor(dir.resolve("liquibase")),
                        database)) {
                    liquibase.update(new Contexts(), new LabelExpression());
                }
            }
        }
        long nanos = System.nanoTime() - start;
        System.out.printf(Locale.ROOT, "RESULT ms=%.3f%n", nanos / 1e6);
        System.out.flush();
    }

    /** The floor: the statements on one connection in one transaction, each alone or in batches of 100. */
    private static void jdbc(Target target, List<String> statements, boolean batched) throws SQLException {
        try (Connection c = Databases.connect(target); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            int inBatch = 0;
            for (String sql : statements) {
                if (!batched || !sql.startsWith("INSERT")) {
                    st.execute(sql);
                    continue;
                }
                st.addBatch(sql);
                if (++inBatch == MigratorConfig.STATEMENT_BATCH_SIZE) {
                    st.executeBatch();
                    inBatch = 0;
                }
            }
            if (inBatch > 0) {
                st.executeBatch();
            }
            c.commit();
        }
    }

    // ---------------------------------------------------------------- the parent: the rounds and the report

    private static void parent(Map<String, String> o) throws Exception {
        int rows = Integer.parseInt(o.getOrDefault("rows", "20000"));
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "3"));
        Path work = Path.of(o.getOrDefault("work", "target/bench-work")).toAbsolutePath();
        String classpath = BenchMain.required(o, "classpath");
        Databases databases = new Databases(work.resolve("h2"), o.getOrDefault("postgres-url", System.getenv("MIGRATE_TEST_POSTGRES_URL")),
                o.getOrDefault("mariadb-url", System.getenv("MIGRATE_TEST_MARIADB_URL")));
        List<Db> dbs = new ArrayList<>();
        for (String d : o.getOrDefault("dbs", "postgres,mariadb,h2").split(",")) {
            Db db = Db.of(d);
            if (!databases.available(db)) {
                throw new IllegalStateException(db.label() + " is not configured: set MIGRATE_TEST_POSTGRES_URL / MIGRATE_TEST_MARIADB_URL");
            }
            dbs.add(db);
        }
        Path dir = generate(work, rows);
        Path results = work.resolve("data-script-results.csv");
        Files.deleteIfExists(results);
        Files.writeString(results, "round,round_trip_ms,db,contender,ms\n");
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        List<Contender> chosen = new ArrayList<>();
        for (String c : o.getOrDefault("contenders", "jdbc,jdbc-batched,migrate,migrate-batched,flyway,liquibase").split(",")) {
            chosen.add(Contender.of(c));
        }
        Contender[] contenders = chosen.toArray(new Contender[0]);
        List<Double> latencies = new ArrayList<>();
        for (String l : o.getOrDefault("round-trips-ms", "0").split(",")) {
            latencies.add(Double.parseDouble(l.trim()));
        }
        Map<Double, Map<Db, Map<Contender, List<Double>>>> times = new java.util.LinkedHashMap<>();
        double loadStart = load();
        String started = now();
        int seq = 0;
        for (double roundTrip : latencies) {
            for (int round = 1; round <= rounds; round++) {
                for (Db db : dbs) {
                    if (roundTrip > 0 && db == Db.H2) {
                        continue; // embedded: no network to delay
                    }
                    for (int k = 0; k < contenders.length; k++) {
                        Contender contender = contenders[(k + round - 1) % contenders.length];
                        String name = "benchds_" + ProcessHandle.current().pid() + "_" + (++seq);
                        Target target = databases.create(db, name);
                        try (LatencyProxy proxy = roundTrip > 0
                                ? LatencyProxy.in(target.url(), roundTrip / 2, db == Db.POSTGRES ? 5432 : 3306) : null) {
                            Target reached = proxy == null ? target
                                    : new Target(db, proxy.through(target.url()), target.user(), target.password());
                            double ms = launch(javaCommand, classpath, contender, reached, dir, rows, work);
                            long found = count(target);
                            if (found != rows) {
                                throw new IllegalStateException(contender.label + " on " + db.label() + " left " + found
                                        + " rows in " + TABLE + ", not " + rows);
                            }
                            times.computeIfAbsent(roundTrip, x -> new EnumMap<>(Db.class))
                                    .computeIfAbsent(db, x -> new EnumMap<>(Contender.class))
                                    .computeIfAbsent(contender, x -> new ArrayList<>()).add(ms);
                            Files.writeString(results, round + "," + roundTrip + "," + db.id() + "," + contender.id() + ","
                                    + String.format(Locale.ROOT, "%.3f", ms) + "\n", StandardOpenOption.APPEND);
                            System.out.printf(Locale.ROOT, "round %d +%.1f ms %-10s %-16s %9.0f ms%n", round, roundTrip, db.id(),
                                    contender.id(), ms);
                        } finally {
                            databases.drop(db, name);
                        }
                    }
                }
            }
        }
        String report = report(o, rows, rounds, dbs, databases, times, started, now(), loadStart, load());
        Path out = Path.of(o.getOrDefault("out", "docs/benchmarks-data-script.md"));
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.out.println("Wrote " + out + "; raw figures in " + results);
    }

    private static double launch(String javaCommand, String classpath, Contender contender, Target target, Path dir, int rows,
            Path work) throws IOException, InterruptedException {
        Matcher m = Launcher.runChild(javaCommand, classpath, DataScriptBench.class, List.of("--contender=" + contender.id(),
                "--db=" + target.db().id(), "--url=" + target.url(), "--dir=" + dir, "--rows=" + rows), target,
                work.resolve("logs/data-script-" + target.db().id() + "-" + contender.id() + ".log"), RESULT, CHILD_TIMEOUT_MINUTES,
                contender.label + " on " + target.db().label());
        return Double.parseDouble(m.group(1));
    }

    private static long count(Target target) throws SQLException {
        try (Connection c = Databases.connect(target); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String now() {
        return java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                + " UTC";
    }

    // ---------------------------------------------------------------- the report

    private static String report(Map<String, String> o, int rows, int rounds, List<Db> dbs, Databases databases,
            Map<Double, Map<Db, Map<Contender, List<Double>>>> times, String started, String finished, double loadStart, double loadEnd)
            throws SQLException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark: one large data script, batched and not\n\n");
        md.append("<!-- Written by migrate-benchmarks/data-script.sh (dev.migrate.benchmarks.DataScriptBench); do not edit by hand. -->\n\n");
        md.append(String.format(Locale.ROOT, "One migration creates a table and inserts %,d rows with one `INSERT` statement each (a reference-data%n", rows));
        md.append("load, a dump turned into a migration). Each contender applies it to a fresh database in a fresh JVM; the\n");
        md.append("contenders alternate round by round; after each launch the table is checked to hold every row. The time is\n");
        md.append("the in-process time of the apply call (connecting, reading and splitting the script, running it, recording it).\n");
        md.append("Plain JDBC is the floor: the same statements on one connection in one transaction, with nothing read or\n");
        md.append("recorded. Migrate's `batch-statements` (`MigratorConfig.Builder.batchStatements`) sends consecutive\n");
        md.append("`INSERT`/`UPDATE`/`DELETE`/`MERGE` statements in JDBC batches of 100; Flyway's equivalent, `batch`, is a Teams\n");
        md.append("feature, so Flyway Community runs the statements one by one. See [core.md](core.md#batched-statements).\n\n");
        Report.runTable(md, o, "migrate-benchmarks/data-script.sh", started, finished, loadStart, loadEnd);
        md.append("| Flyway | ").append(Report.version("org.flywaydb", "flyway-core", Flyway.class)).append(" Community |\n");
        md.append("| Liquibase | ").append(liquibase.util.LiquibaseUtil.getBuildVersion()).append(" |\n");
        for (Db db : dbs) {
            md.append("| ").append(db.label()).append(" | ").append(databases.serverVersion(db)).append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "| rows, rounds | %,d, %d |%n%n", rows, rounds));
        for (Map.Entry<Double, Map<Db, Map<Contender, List<Double>>>> latency : times.entrySet()) {
            results(md, rows, latency.getKey(), latency.getValue());
        }
        md.append("A figure under 1 × is faster than the contender it is compared with.\n\n");
        md.append("## Re-running it\n\n");
        md.append("    migrate-benchmarks/data-script.sh    # 20,000 rows, 3 rounds, PostgreSQL, MariaDB and H2, then 1 ms added\n\n");
        md.append("`BENCH_ROWS`, `BENCH_ROUNDS`, `BENCH_DBS` and `BENCH_ROUND_TRIPS_MS` (`0,1`: the local server as it is, then with\n");
        md.append("1 ms added to each round trip) change what it runs. Raw figures (one CSV line per launch) and each launch's\n");
        md.append("output stay in `migrate-benchmarks/harness/target/bench-work`.\n");
        return md.toString();
    }

    private static void results(StringBuilder md, int rows, double roundTrip, Map<Db, Map<Contender, List<Double>>> times) {
        if (roundTrip == 0) {
            md.append("## Results: the local server\n\n");
        } else {
            md.append(String.format(Locale.ROOT, "## Results: %.1f ms added to each round trip%n%n", roundTrip));
            md.append(String.format(Locale.ROOT, "Through a TCP proxy in the harness that holds every chunk of bytes %.2f ms in each direction, as%n",
                    roundTrip / 2));
            md.append("a database in the next rack or availability zone would (H2 is embedded: not run). Pipelined statements of a\n");
            md.append("batch travel together; statements sent one at a time each wait for their answer.\n\n");
        }
        for (Map.Entry<Db, Map<Contender, List<Double>>> entry : times.entrySet()) {
            Db db = entry.getKey();
            Map<Contender, List<Double>> byContender = entry.getValue();
            Stats migrate = Stats.of(byContender.getOrDefault(Contender.MIGRATE, List.of()));
            Stats flyway = Stats.of(byContender.getOrDefault(Contender.FLYWAY, List.of()));
            md.append("### ").append(db.label()).append("\n\n");
            md.append("| contender | median | min–max | rows/s | vs Migrate unbatched | vs Flyway |\n|---|---:|---:|---:|---:|---:|\n");
            for (Map.Entry<Contender, List<Double>> c : byContender.entrySet()) {
                Stats s = Stats.of(c.getValue());
                md.append(String.format(Locale.ROOT, "| %s | %.2f s | %.2f–%.2f s | %,.0f | %s | %s |%n", c.getKey().label,
                        s.median() / 1000, s.min() / 1000, s.max() / 1000, rows / (s.median() / 1000), ratio(s, migrate),
                        ratio(s, flyway)));
            }
            md.append("\n");
        }
    }

    private static String ratio(Stats s, Stats base) {
        return base == null ? "–" : String.format(Locale.ROOT, "%.2f ×", s.median() / base.median());
    }
}
