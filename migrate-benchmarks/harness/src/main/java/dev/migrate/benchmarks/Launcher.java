package dev.migrate.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the matrix: for each round, size and database, every tool in an order that rotates round by
 * round (so a burst of load from elsewhere hits every tool alike), and for each tool the sequence
 * apply, noop, noop (twice in one JVM), validate, status, rollback on a fresh database, each in a
 * fresh JVM. Every launch is appended to the results CSV as soon as it ends, then checked: the count
 * the tool reported and the tables and history rows left in the database.
 *
 * <pre>
 * java -cp ... dev.migrate.benchmarks.Launcher --sizes 100,1000,5000 --rounds 5,5,3 \
 *      --dbs h2,postgres,mariadb --work target/bench-work --results target/bench-work/results.csv \
 *      --classpath-file target/classpath.txt --classes target/classes
 * </pre>
 *
 * {@code --classpath} gives the children's class path directly instead ({@code run.sh} passes a copy, so a
 * rebuild during the run changes nothing).
 *
 * PostgreSQL and MariaDB are reached through {@code MIGRATE_TEST_POSTGRES_URL} and
 * {@code MIGRATE_TEST_MARIADB_URL} (or {@code --postgres-url}, {@code --mariadb-url}).
 */
public final class Launcher {

    private static final Pattern RESULT = Pattern.compile("RESULT scenario=(\\w+) call=(\\d+) ms=([0-9.]+) count=(-?\\d+)");
    private static final Pattern RSS = Pattern.compile("RSS kb=(-?\\d+)");
    private static final long CHILD_TIMEOUT_MINUTES = 30;

    /** JVM options given to every child, whatever the tool. */
    public static final List<String> CHILD_JVM_OPTIONS = List.of(
            // Liquibase 5 otherwise fetches an analytics configuration over the network at startup.
            "-Dliquibase.analytics.enabled=false",
            // Every tool logs through SLF4J (Liquibase through java.util.logging, set in BenchMain) at WARN,
            // so console output is not what is measured.
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    /**
     * What to run.
     *
     * @param rounds    rounds per size, in the order sizes run within a round
     * @param grouped   one JVM per tool runs all its scenarios (the quick profile); otherwise one JVM per scenario
     * @param extraJvm  more options for every child (a JFR recording, say)
     */
    public record Config(Map<Integer, Integer> rounds, List<Db> dbs, List<Tool> tools, Path work, Path results, String classpath,
            List<String> extraJvm, boolean grouped, Databases databases) {
    }

    private final Config config;
    private final PrintStream log;
    private final String javaCommand;
    private int databaseSeq;

    public Launcher(Config config, PrintStream log) {
        this.config = config;
        this.log = log;
        this.javaCommand = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchMain.parse(args);
        List<Integer> sizes = ints(o.getOrDefault("sizes", "100,1000,5000"));
        List<Integer> rounds = ints(o.getOrDefault("rounds", "5,5,3"));
        if (rounds.size() == 1) {
            while (rounds.size() < sizes.size()) {
                rounds.add(rounds.get(0));
            }
        }
        if (rounds.size() != sizes.size()) {
            throw new IllegalArgumentException("--rounds needs one figure, or one per size");
        }
        Map<Integer, Integer> roundsBySize = new LinkedHashMap<>();
        for (int i = 0; i < sizes.size(); i++) {
            roundsBySize.put(sizes.get(i), rounds.get(i));
        }
        Path work = Path.of(o.getOrDefault("work", "target/bench-work"));
        String pg = o.getOrDefault("postgres-url", System.getenv("MIGRATE_TEST_POSTGRES_URL"));
        String maria = o.getOrDefault("mariadb-url", System.getenv("MIGRATE_TEST_MARIADB_URL"));
        List<Db> dbs = new ArrayList<>();
        for (String d : o.getOrDefault("dbs", "h2,postgres,mariadb").split(",")) {
            dbs.add(Db.of(d));
        }
        List<Tool> tools = new ArrayList<>();
        for (String t : o.getOrDefault("tools", "floor,migrate,flyway,liquibase").split(",")) {
            tools.add(Tool.of(t));
        }
        List<String> extra = new ArrayList<>();
        if (o.containsKey("jvm-args")) {
            extra.addAll(List.of(o.get("jvm-args").trim().split("\\s+")));
        }
        Config config = new Config(roundsBySize, dbs, tools, work, Path.of(o.getOrDefault("results", work.resolve("results.csv").toString())),
                o.containsKey("classpath") ? o.get("classpath")
                        : classpath(Path.of(o.getOrDefault("classes", "target/classes")), Path.of(o.getOrDefault("classpath-file", "target/classpath.txt"))),
                extra, Boolean.parseBoolean(o.getOrDefault("grouped", "false")), new Databases(work.resolve("h2"), pg, maria));
        List<Measurement> all = new Launcher(config, System.out).run();
        long bad = all.stream().filter(m -> !m.ok()).count();
        System.out.println("Done: " + all.size() + " measurements, " + bad + " not as expected; results in " + config.results());
        if (bad > 0) {
            System.exit(1);
        }
    }

    /** The class path of the children: the harness's classes and its run-time dependencies. */
    public static String classpath(Path classes, Path classpathFile) throws IOException {
        return classes.toAbsolutePath() + File.pathSeparator + Files.readString(classpathFile).trim();
    }

    /** Runs the matrix; returns every measurement (also appended to the results file as it goes). */
    public List<Measurement> run() throws Exception {
        for (Db db : config.dbs()) {
            if (!config.databases().available(db)) {
                throw new IllegalStateException(db.label() + " is not configured: set MIGRATE_TEST_"
                        + (db == Db.POSTGRES ? "POSTGRES" : "MARIADB") + "_URL, or leave it out of --dbs");
            }
        }
        List<Measurement> all = new ArrayList<>();
        int maxRounds = config.rounds().values().stream().mapToInt(Integer::intValue).max().orElse(0);
        long start = System.nanoTime();
        for (int round = 1; round <= maxRounds; round++) {
            for (Map.Entry<Integer, Integer> e : config.rounds().entrySet()) {
                int size = e.getKey();
                if (round > e.getValue()) {
                    continue;
                }
                Path generated = Generator.ensure(config.work().resolve("gen"), size);
                for (Db db : config.dbs()) {
                    for (Tool tool : rotate(config.tools(), round - 1)) {
                        log.printf(Locale.ROOT, "[%5.1f min] round %d, N=%d, %s, %s%n", (System.nanoTime() - start) / 6e10, round, size,
                                db.label(), tool.label());
                        all.addAll(sequence(round, size, db, tool, generated));
                    }
                }
            }
        }
        return all;
    }

    /**
     * Runs a benchmark's child JVM ({@code main} of {@code type} with {@code --child} and {@code args}, then the target's
     * user and password), keeps its output in {@code log}, and returns the last line of it that matches {@code result}.
     *
     * @throws IllegalStateException naming {@code what} and the log, when the child fails or prints no result
     */
    static Matcher runChild(String javaCommand, String classpath, Class<?> type, List<String> args, Target target, Path log,
                            Pattern result, long timeoutMinutes, String what) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(CHILD_JVM_OPTIONS);
        command.addAll(List.of("-cp", classpath, type.getName(), "--child"));
        command.addAll(args);
        if (target.user() != null) {
            command.add("--user=" + target.user());
        }
        if (target.password() != null) {
            command.add("--password=" + target.password());
        }
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Matcher found = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.append(line).append('\n');
                Matcher m = result.matcher(line);
                if (m.matches()) {
                    found = m;
                }
            }
        }
        if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        Files.writeString(log, output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 || found == null) {
            throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "); its output is in " + log);
        }
        return found;
    }

    static <T> List<T> rotate(List<T> list, int by) {
        List<T> rotated = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            rotated.add(list.get((i + by) % list.size()));
        }
        return rotated;
    }

    /** One tool's scenarios on a fresh database, which is dropped afterwards. */
    private List<Measurement> sequence(int round, int size, Db db, Tool tool, Path generated) throws Exception {
        String name = "bench_" + ProcessHandle.current().pid() + "_" + (++databaseSeq);
        Target target = config.databases().create(db, name);
        List<Measurement> done = new ArrayList<>();
        try {
            List<Scenario> scenarios = new ArrayList<>();
            for (Scenario s : Scenario.values()) {
                if (tool.supports(s)) {
                    scenarios.add(s);
                }
            }
            if (config.grouped()) {
                done.addAll(launch(round, size, tool, target, generated, scenarios, 1));
            } else {
                for (Scenario s : scenarios) {
                    done.addAll(launch(round, size, tool, target, generated, List.of(s), 1));
                    if (s == Scenario.NOOP) {
                        done.addAll(launch(round, size, tool, target, generated, List.of(s), 2));
                    }
                }
            }
        } finally {
            config.databases().drop(db, name);
        }
        return done;
    }

    /**
     * Starts one child and waits for it. With {@code calls == 2} only the second call is kept, as
     * {@code noop2}, the noop of a JVM that already loaded the tool's classes.
     */
    private List<Measurement> launch(int round, int size, Tool tool, Target target, Path generated, List<Scenario> scenarios, int calls)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(CHILD_JVM_OPTIONS);
        command.addAll(config.extraJvm());
        command.add("-cp");
        command.add(config.classpath());
        command.add(BenchMain.class.getName());
        command.add("--tool=" + tool.id());
        command.add("--db=" + target.db().id());
        command.add("--url=" + target.url());
        if (target.user() != null) {
            command.add("--user=" + target.user());
        }
        if (target.password() != null) {
            command.add("--password=" + target.password());
        }
        command.add("--generated=" + generated.toAbsolutePath());
        command.add("--scenarios=" + String.join(",", scenarios.stream().map(Scenario::id).toList()));
        command.add("--calls=" + calls);
        Path logFile = config.work().resolve("logs").resolve("children.log");
        Files.createDirectories(logFile.getParent());
        Files.writeString(logFile, "\n=== round " + round + " N=" + size + " " + target.db().id() + " " + tool.id() + " " + scenarios
                + " calls=" + calls + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        long start = System.nanoTime();
        Process process = pb.start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.add(line);
            }
        }
        boolean exited = process.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        double processMs = (System.nanoTime() - start) / 1e6;
        if (!exited) {
            process.destroyForcibly();
        }
        int exit = exited ? process.exitValue() : -1;
        long rss = -1;
        Map<String, double[]> results = new LinkedHashMap<>(); // scenario -> {ms, count} of the kept call
        for (String line : out) {
            Matcher m = RESULT.matcher(line);
            if (m.matches() && Integer.parseInt(m.group(2)) == calls) {
                results.put(m.group(1), new double[] {Double.parseDouble(m.group(3)), Integer.parseInt(m.group(4))});
            }
            Matcher r = RSS.matcher(line);
            if (r.matches()) {
                rss = Long.parseLong(r.group(1));
            }
        }
        Scenario last = scenarios.get(scenarios.size() - 1);
        Databases.State state = config.databases().inspect(target, tool);
        int expectedApplied = last.appliedAfter(size);
        boolean stateOk = state.tables() == expectedApplied && state.historyRows() == expectedApplied;
        List<Measurement> measured = new ArrayList<>();
        for (Scenario s : scenarios) {
            double[] r = results.get(s.id());
            boolean single = scenarios.size() == 1;
            String label = calls == 2 ? Measurement.NOOP2 : s.id();
            if (r == null || exit != 0) {
                String note = "child failed (exit " + exit + "); see " + logFile;
                log.println("  " + label + ": " + note);
                measured.add(new Measurement(round, size, target.db(), tool, label, processMs, Double.NaN, rss, -1, state.tables(),
                        state.historyRows(), false, note));
                continue;
            }
            int count = (int) r[1];
            boolean ok = count == s.expectedCount(size) && stateOk;
            String note = null;
            if (count != s.expectedCount(size)) {
                note = "reported " + count + ", expected " + s.expectedCount(size);
            } else if (!stateOk) {
                note = "left " + state.tables() + " tables and " + state.historyRows() + " history rows, expected " + expectedApplied;
            }
            double procMs = single && calls == 1 ? processMs : Double.NaN;
            Measurement m = new Measurement(round, size, target.db(), tool, label, procMs, r[0], single ? rss : -1, count,
                    state.tables(), state.historyRows(), ok, note);
            log.printf(Locale.ROOT, "  %-8s in-process %9.1f ms  process %9.1f ms  rss %4d MB  count %d%s%n", label, r[0],
                    procMs, rss / 1024, count, ok ? "" : "  NOT AS EXPECTED: " + note);
            measured.add(m);
        }
        for (Measurement m : measured) {
            Measurement.append(config.results(), m);
        }
        return measured;
    }

    private static List<Integer> ints(String csv) {
        List<Integer> list = new ArrayList<>();
        for (String s : csv.split(",")) {
            list.add(Integer.parseInt(s.trim()));
        }
        return list;
    }
}
