package dev.migrate.benchmarks;

import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.internal.DriverDataSource;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * What it costs that Migrate confirms, around each migration, that its session still holds the PostgreSQL advisory
 * lock or the MariaDB named lock (a script run in that session may have released it: docs/core.md). Migrate applies
 * the same N small generated migrations twice side by side: as built, and with every confirmation answered "held"
 * by a JDBC wrapper in the harness without reaching the server, which is what Migrate would cost without the
 * check. Both go through the same wrapper, which also counts what reaches the server: statements executed (each
 * one round trip with the local drivers' defaults), commits and rollbacks.
 *
 * <p>Each launch is a fresh JVM on a fresh database; the two alternate round by round. After each launch the
 * parent checks that N migrations were applied and N history rows left.
 *
 * <pre>
 * java -cp ... dev.migrate.benchmarks.LockConfirmBench --n 2000 --rounds 3 --dbs postgres,mariadb \
 *      --round-trips-ms 0 --work target/bench-work --classpath ... --out docs/benchmarks-lock-confirm.md
 * </pre>
 */
public final class LockConfirmBench {

    private static final Pattern RESULT = Pattern.compile(
            "RESULT ms=([0-9.]+) applied=(\\d+) calls=(\\d+) confirms=(\\d+) skipped=(\\d+)");
    private static final long CHILD_TIMEOUT_MINUTES = 30;

    /**
     * The confirmation queries of the session locks (PostgresAdvisoryLock, MySqlNamedLock). Only these are answered
     * by the wrapper; taking the lock and naming its holder still reach the server.
     */
    static boolean isConfirmation(String sql) {
        return sql.contains("pg_locks") && sql.contains("pg_backend_pid()")
                || sql.startsWith("SELECT IS_USED_LOCK(") && sql.contains("CONNECTION_ID()");
    }

    enum Contender {
        CONFIRMED("Migrate as built (lock confirmed)"),
        UNCONFIRMED("Migrate, confirmations answered without the server");

        final String label;

        Contender(String label) {
            this.label = label;
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Contender of(String id) {
            return valueOf(id.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** One launch: in-process time and what reached the server. */
    record Launch(double ms, int applied, long calls, long confirms, long skipped) {
    }

    private LockConfirmBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchMain.parse(args);
        if (o.containsKey("child")) {
            child(o);
        } else {
            parent(o);
        }
    }

    // ---------------------------------------------------------------- the child

    private static void child(Map<String, String> o) {
        Contender contender = Contender.of(BenchMain.required(o, "contender"));
        Target target = new Target(Db.of(BenchMain.required(o, "db")), BenchMain.required(o, "url"), o.get("user"), o.get("password"));
        Path dir = Path.of(BenchMain.required(o, "dir"));
        Counting counting = new Counting(new DriverDataSource(target.url(), target.user(), target.password()),
                contender == Contender.UNCONFIRMED);
        long start = System.nanoTime();
        MigrateResult result = Migrator.create(counting.dataSource(), MigratorConfig.builder().locations("filesystem:" + dir).build())
                .migrate();
        long nanos = System.nanoTime() - start;
        System.out.printf(Locale.ROOT, "RESULT ms=%.3f applied=%d calls=%d confirms=%d skipped=%d%n", nanos / 1e6,
                result.applied().size(), counting.calls.get(), counting.confirms.get(), counting.skipped.get());
        System.out.flush();
    }

    /**
     * Wraps every connection of a data source: counts the statements executed, commits and rollbacks ({@code calls}),
     * the lock confirmations among them ({@code confirms}), and, when {@code answer} is set, answers the
     * confirmations itself ({@code skipped}, not in {@code calls}).
     */
    static final class Counting {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong confirms = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        private final DataSource target;
        private final boolean answer;

        Counting(DataSource target, boolean answer) {
            this.target = target;
            this.answer = answer;
        }

        DataSource dataSource() {
            return proxy(DataSource.class, target, (p, m, a) -> {
                Object r = invoke(target, m, a);
                return r instanceof Connection c && m.getName().equals("getConnection") ? connection(c) : r;
            });
        }

        private Connection connection(Connection c) {
            return proxy(Connection.class, c, (p, m, a) -> {
                String name = m.getName();
                if (name.equals("prepareStatement") && a != null && a[0] instanceof String sql && isConfirmation(sql)) {
                    if (answer) {
                        skipped.incrementAndGet();
                        return held();
                    }
                    confirms.incrementAndGet();
                }
                if (name.equals("commit") || name.equals("rollback")) {
                    calls.incrementAndGet();
                }
                Object r = invoke(c, m, a);
                if (r instanceof Statement s && (name.equals("createStatement") || name.equals("prepareStatement")
                        || name.equals("prepareCall"))) {
                    Class<? extends Statement> type = r instanceof java.sql.CallableStatement ? java.sql.CallableStatement.class
                            : r instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                    return statement(type, s);
                }
                return r;
            });
        }

        private <S extends Statement> S statement(Class<S> type, Statement s) {
            return proxy(type, s, (p, m, a) -> {
                if (m.getName().startsWith("execute")) {
                    calls.incrementAndGet();
                }
                return invoke(s, m, a);
            });
        }

        /** A confirmation that finds the lock held: PostgreSQL's {@code EXISTS} true, MariaDB's holder equal to the connection. */
        private static PreparedStatement held() {
            ResultSet rs = proxy(ResultSet.class, null, new InvocationHandler() {
                private boolean read;

                @Override
                public Object invoke(Object p, Method m, Object[] a) {
                    return switch (m.getName()) {
                        case "next" -> {
                            boolean first = !read;
                            read = true;
                            yield first;
                        }
                        case "getBoolean" -> true;
                        case "getLong" -> 1L;
                        case "getObject" -> 1L;
                        case "wasNull" -> false;
                        case "close" -> null;
                        default -> throw new UnsupportedOperationException("ResultSet." + m.getName() + " of the answered lock confirmation");
                    };
                }
            });
            return proxy(PreparedStatement.class, null, (p, m, a) -> switch (m.getName()) {
                case "executeQuery" -> rs;
                case "setLong", "setString", "close" -> null;
                default -> throw new UnsupportedOperationException("PreparedStatement." + m.getName() + " of the answered lock confirmation");
            });
        }

        private static Object invoke(Object target, Method m, Object[] a) throws Throwable {
            try {
                return m.invoke(target, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @SuppressWarnings("unchecked")
        private static <T> T proxy(Class<T> type, Object delegate, InvocationHandler handler) {
            return (T) Proxy.newProxyInstance(LockConfirmBench.class.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
                if (m.getDeclaringClass() == Object.class) {
                    return switch (m.getName()) {
                        case "equals" -> p == a[0];
                        case "hashCode" -> System.identityHashCode(p);
                        default -> type.getSimpleName() + " wrapper of " + delegate;
                    };
                }
                return handler.invoke(p, m, a);
            });
        }
    }

    // ---------------------------------------------------------------- the parent

    private static void parent(Map<String, String> o) throws Exception {
        int n = Integer.parseInt(o.getOrDefault("n", "2000"));
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "3"));
        Path work = Path.of(o.getOrDefault("work", "target/bench-work")).toAbsolutePath();
        String classpath = BenchMain.required(o, "classpath");
        Databases databases = new Databases(work.resolve("h2"), o.getOrDefault("postgres-url", System.getenv("MIGRATE_TEST_POSTGRES_URL")),
                o.getOrDefault("mariadb-url", System.getenv("MIGRATE_TEST_MARIADB_URL")));
        List<Db> dbs = new ArrayList<>();
        for (String d : o.getOrDefault("dbs", "postgres,mariadb").split(",")) {
            Db db = Db.of(d);
            if (db == Db.H2 || !databases.available(db)) {
                throw new IllegalStateException(db.label() + ": only PostgreSQL and MariaDB hold a session lock; set MIGRATE_TEST_POSTGRES_URL"
                        + " / MIGRATE_TEST_MARIADB_URL");
            }
            dbs.add(db);
        }
        List<Double> latencies = new ArrayList<>();
        for (String l : o.getOrDefault("round-trips-ms", "0").split(",")) {
            latencies.add(Double.parseDouble(l.trim()));
        }
        Path dir = Generator.migrateDir(Generator.ensure(work.resolve("gen"), n));
        Path results = work.resolve("lock-confirm-results.csv");
        Files.createDirectories(work);
        Files.writeString(results, "round,round_trip_ms,db,contender,ms,applied,calls,confirms,skipped\n");
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Contender[] contenders = Contender.values();
        Map<Double, Map<Db, Map<Contender, List<Launch>>>> launches = new LinkedHashMap<>();
        double loadStart = load();
        String started = now();
        int seq = 0;
        for (double roundTrip : latencies) {
            for (int round = 1; round <= rounds; round++) {
                for (Db db : dbs) {
                    for (int k = 0; k < contenders.length; k++) {
                        Contender contender = contenders[(k + round - 1) % contenders.length];
                        String name = "benchlc_" + ProcessHandle.current().pid() + "_" + (++seq);
                        Target target = databases.create(db, name);
                        try (LatencyProxy proxy = roundTrip > 0
                                ? LatencyProxy.in(target.url(), roundTrip / 2, db == Db.POSTGRES ? 5432 : 3306) : null) {
                            Target reached = proxy == null ? target
                                    : new Target(db, proxy.through(target.url()), target.user(), target.password());
                            Launch launch = launch(javaCommand, classpath, contender, reached, dir, work);
                            Databases.State state = databases.inspect(target, Tool.MIGRATE);
                            if (launch.applied() != n || state.tables() != n || state.historyRows() != n) {
                                throw new IllegalStateException(contender.label + " on " + db.label() + " applied " + launch.applied()
                                        + " and left " + state + ", not " + n);
                            }
                            launches.computeIfAbsent(roundTrip, x -> new EnumMap<>(Db.class))
                                    .computeIfAbsent(db, x -> new EnumMap<>(Contender.class))
                                    .computeIfAbsent(contender, x -> new ArrayList<>()).add(launch);
                            Files.writeString(results, String.format(Locale.ROOT, "%d,%s,%s,%s,%.3f,%d,%d,%d,%d%n", round, roundTrip,
                                    db.id(), contender.id(), launch.ms(), launch.applied(), launch.calls(), launch.confirms(),
                                    launch.skipped()), StandardOpenOption.APPEND);
                            System.out.printf(Locale.ROOT, "round %d +%.1f ms %-9s %-12s %9.0f ms  %d calls, %d confirmations%n", round,
                                    roundTrip, db.id(), contender.id(), launch.ms(), launch.calls(), launch.confirms() + launch.skipped());
                        } finally {
                            databases.drop(db, name);
                        }
                    }
                }
            }
        }
        String report = report(o, n, rounds, dbs, databases, launches, started, now(), loadStart, load());
        Path out = Path.of(o.getOrDefault("out", "docs/benchmarks-lock-confirm.md"));
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.out.println("Wrote " + out + "; raw figures in " + results);
    }

    private static Launch launch(String javaCommand, String classpath, Contender contender, Target target, Path dir, Path work)
            throws IOException, InterruptedException {
        Matcher m = Launcher.runChild(javaCommand, classpath, LockConfirmBench.class, List.of("--contender=" + contender.id(),
                "--db=" + target.db().id(), "--url=" + target.url(), "--dir=" + dir), target,
                work.resolve("logs/lock-confirm-" + target.db().id() + "-" + contender.id() + ".log"), RESULT, CHILD_TIMEOUT_MINUTES,
                contender.label + " on " + target.db().label());
        return new Launch(Double.parseDouble(m.group(1)), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)), Long.parseLong(m.group(5)));
    }

    private static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String now() {
        return java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + " UTC";
    }

    // ---------------------------------------------------------------- the report

    private static String report(Map<String, String> o, int n, int rounds, List<Db> dbs, Databases databases,
            Map<Double, Map<Db, Map<Contender, List<Launch>>>> launches, String started, String finished, double loadStart,
            double loadEnd) throws java.sql.SQLException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark: confirming the session lock around each migration\n\n");
        md.append("<!-- Written by migrate-benchmarks/lock-confirm.sh (dev.migrate.benchmarks.LockConfirmBench); do not edit by hand. -->\n\n");
        md.append(String.format(Locale.ROOT, "Migrate applies %,d small generated migrations (the matrix's: a table, 10 one-row `INSERT`s, an index%n", n));
        md.append("every 10th) to an empty database, twice side by side: as built, and with every confirmation of its session\n");
        md.append("lock (PostgreSQL: its advisory lock in `pg_locks` for its own backend; MariaDB: `IS_USED_LOCK` against\n");
        md.append("`CONNECTION_ID()`) answered \"held\" by a JDBC wrapper in the harness without reaching the server, which is\n");
        md.append("what the check would cost if it were gone. Both go through the same wrapper, which counts what reaches the\n");
        md.append("server: statements executed (one round trip each with the drivers' defaults), commits and rollbacks. Each\n");
        md.append("launch is a fresh JVM on a fresh database; the two alternate round by round; every launch is checked to\n");
        md.append("have applied every migration and left its tables and history rows. See [benchmarks.md](benchmarks.md) and\n");
        md.append("[core.md](core.md) (the migration lock).\n\n");
        Report.runTable(md, o, "migrate-benchmarks/lock-confirm.sh", started, finished, loadStart, loadEnd);
        for (Db db : dbs) {
            md.append("| ").append(db.label()).append(" | ").append(databases.serverVersion(db)).append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "| migrations, rounds | %,d, %d |%n%n", n, rounds));
        for (Map.Entry<Double, Map<Db, Map<Contender, List<Launch>>>> latency : launches.entrySet()) {
            double roundTrip = latency.getKey();
            if (roundTrip == 0) {
                md.append("## Results: the local server\n\n");
            } else {
                md.append(String.format(Locale.ROOT, "## Results: %.1f ms added to each round trip%n%n", roundTrip));
                md.append(String.format(Locale.ROOT, "Through the harness's TCP proxy, which holds every chunk of bytes %.2f ms in each direction,%n",
                        roundTrip / 2));
                md.append("as a database in the next rack or availability zone would.\n\n");
            }
            md.append("| database | contender | median | min–max | vs without the check | calls per migration | confirmations per migration |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|\n");
            for (Map.Entry<Db, Map<Contender, List<Launch>>> entry : latency.getValue().entrySet()) {
                Stats base = stats(entry.getValue().get(Contender.UNCONFIRMED));
                for (Map.Entry<Contender, List<Launch>> c : entry.getValue().entrySet()) {
                    Stats s = stats(c.getValue());
                    Launch first = c.getValue().get(0);
                    md.append(String.format(Locale.ROOT, "| %s | %s | %.2f s | %.2f–%.2f s | %s | %.2f | %.2f |%n", entry.getKey().label(),
                            c.getKey().label, s.median() / 1000, s.min() / 1000, s.max() / 1000,
                            base == null ? "–" : String.format(Locale.ROOT, "%+.1f %%", (s.median() / base.median() - 1) * 100),
                            (double) first.calls() / n, (double) (first.confirms() + first.skipped()) / n));
                }
            }
            md.append("\n");
        }
        md.append("*Calls* are the statements, commits and rollbacks that reached the server, for the whole run (scan, lock,\n");
        md.append("history read included), divided by the number of migrations; *confirmations* are the lock checks Migrate made,\n");
        md.append("reaching the server or (second row) answered by the wrapper.\n\n");
        md.append("## Re-running it\n\n");
        md.append("    migrate-benchmarks/lock-confirm.sh    # 2,000 migrations, 3 rounds, PostgreSQL and MariaDB as they are\n\n");
        md.append("`BENCH_N`, `BENCH_ROUNDS`, `BENCH_DBS` and `BENCH_ROUND_TRIPS_MS` (for example `0,1`: then again with 1 ms\n");
        md.append("added to each round trip) change what it runs. Raw figures (one CSV line per launch) and each launch's output\n");
        md.append("stay in `migrate-benchmarks/harness/target/bench-work`.\n");
        return md.toString();
    }

    private static Stats stats(List<Launch> launches) {
        if (launches == null) {
            return null;
        }
        List<Double> ms = new ArrayList<>();
        for (Launch l : launches) {
            ms.add(l.ms());
        }
        return Stats.of(ms);
    }
}
