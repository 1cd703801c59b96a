package dev.migrate.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
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
import java.util.stream.Stream;

/**
 * The Spring Boot startup comparison: the same application ({@code boot-app}) started with nothing
 * (the baseline), with the Migrate starter, with Boot's Flyway support and with Boot's Liquibase
 * support, each on its own PostgreSQL database holding N applied migrations, so every start is the
 * no-op start of a deployed application. One unmeasured start per tool applies the migrations first.
 * Apps alternate round by round; each start is a fresh JVM. Results go to a CSV:
 * {@code round,app,ready_ms,boot_ms,heap_kb,rss_kb,process_ms,ok}.
 *
 * <pre>
 * java -cp ... dev.migrate.benchmarks.BootStartup --rounds 7 --n 1000 --work target/bench-work \
 *      --classpaths target/bench-work/classpaths --results target/bench-work/boot.csv
 * </pre>
 *
 * {@code --classpaths} is a directory holding {@code baseline.txt}, {@code migrate.txt}, {@code flyway.txt} and
 * {@code liquibase.txt}: each app's full class path (boot-app's classes and the module's dependencies), as
 * {@code run.sh} writes them.
 */
public final class BootStartup {

    static final String HEADER = "round,app,ready_ms,boot_ms,heap_kb,rss_kb,process_ms,ok";
    private static final Pattern STARTUP = Pattern.compile(".*STARTUP ready_ms=(\\d+) boot_ms=(-?\\d+) heap_kb=(\\d+) rss_kb=(-?\\d+).*");
    static final List<String> APPS = List.of("baseline", "migrate", "flyway", "liquibase");

    private BootStartup() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchMain.parse(args);
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "7"));
        int n = Integer.parseInt(o.getOrDefault("n", "1000"));
        Path work = Path.of(o.getOrDefault("work", "target/bench-work")).toAbsolutePath();
        Path classpathDir = Path.of(BenchMain.required(o, "classpaths"));
        Path results = Path.of(o.getOrDefault("results", work.resolve("boot.csv").toString()));
        String pg = o.getOrDefault("postgres-url", System.getenv("MIGRATE_TEST_POSTGRES_URL"));
        if (pg == null) {
            throw new IllegalStateException("Set MIGRATE_TEST_POSTGRES_URL (or --postgres-url): the startup comparison runs on PostgreSQL");
        }
        Databases databases = new Databases(work.resolve("h2"), pg, null);
        Path generated = Generator.ensure(work.resolve("gen"), n);
        Path log = work.resolve("logs").resolve("boot.log");
        Files.createDirectories(log.getParent());
        String java = ProcessHandle.current().info().command().orElse("java");

        Map<String, Target> targets = new LinkedHashMap<>();
        Map<String, String> classpaths = new LinkedHashMap<>();
        Map<String, List<String>> appArgs = new LinkedHashMap<>();
        try {
            for (String app : APPS) {
                String db = "bench_boot_" + ProcessHandle.current().pid() + "_" + app;
                targets.put(app, databases.create(Db.POSTGRES, db));
                Path root = work.resolve("boot-cp").resolve(app);
                prepareMigrations(app, generated, root);
                String appCp = Files.readString(classpathDir.resolve(app + ".txt")).trim();
                classpaths.put(app, root + File.pathSeparator + appCp);
                List<String> a = new ArrayList<>();
                a.add("--spring.datasource.url=" + targets.get(app).url());
                if (app.equals("liquibase")) {
                    a.add("--spring.liquibase.change-log=classpath:db/changelog/" + LiquibaseRunner.CHANGELOG);
                }
                appArgs.put(app, a);
            }
            // Apply the migrations once, unmeasured, and check that each tool did.
            for (String app : APPS) {
                Map<String, Double> r = start(java, classpaths.get(app), appArgs.get(app), log, "migrate " + app);
                Tool tool = toolOf(app);
                if (tool != null) {
                    Databases.State state = databases.inspect(targets.get(app), tool);
                    if (r == null || state.tables() != n || state.historyRows() != n) {
                        throw new IllegalStateException(app + " did not apply " + n + " migrations at startup (" + state + "); see " + log);
                    }
                }
                System.out.printf(Locale.ROOT, "prepared %s: %d migrations applied%n", app, tool == null ? 0 : n);
            }
            if (!Files.exists(results)) {
                Files.createDirectories(results.toAbsolutePath().getParent());
                Files.writeString(results, HEADER + "\n");
            }
            for (int round = 1; round <= rounds; round++) {
                for (String app : Launcher.rotate(APPS, round - 1)) {
                    Map<String, Double> r = start(java, classpaths.get(app), appArgs.get(app), log, "round " + round + " " + app);
                    boolean ok = r != null;
                    Tool tool = toolOf(app);
                    if (ok && tool != null) {
                        Databases.State state = databases.inspect(targets.get(app), tool);
                        ok = state.tables() == n && state.historyRows() == n;
                    }
                    String line = String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%s", round, app, v(r, "ready"), v(r, "boot"), v(r, "heap"),
                            v(r, "rss"), v(r, "process"), ok);
                    Files.writeString(results, line + "\n", StandardOpenOption.APPEND);
                    System.out.printf(Locale.ROOT, "round %d %-9s ready %s ms, heap %s KiB%s%n", round, app, v(r, "ready"), v(r, "heap"),
                            ok ? "" : "  FAILED, see " + log);
                }
            }
        } finally {
            for (Map.Entry<String, Target> t : targets.entrySet()) {
                databases.drop(Db.POSTGRES, "bench_boot_" + ProcessHandle.current().pid() + "_" + t.getKey());
            }
        }
    }

    private static Tool toolOf(String app) {
        return switch (app) {
            case "migrate" -> Tool.MIGRATE;
            case "flyway" -> Tool.FLYWAY;
            case "liquibase" -> Tool.LIQUIBASE;
            default -> null;
        };
    }

    private static String v(Map<String, Double> r, String key) {
        return r == null ? "" : String.format(Locale.ROOT, "%.0f", r.get(key));
    }

    /** Puts the tool's migrations where its Boot support looks by default: db/migration, or db/changelog for Liquibase. */
    private static void prepareMigrations(String app, Path generated, Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(root);
        Path from;
        Path to;
        switch (app) {
            case "migrate" -> {
                from = Generator.migrateDir(generated);
                to = root.resolve("db/migration");
            }
            case "flyway" -> {
                from = Generator.flywayDir(generated);
                to = root.resolve("db/migration");
            }
            case "liquibase" -> {
                from = Generator.liquibaseDir(generated);
                to = root.resolve("db/changelog");
            }
            default -> {
                return;
            }
        }
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** Starts the app once; returns ready, boot, heap, rss (from the app) and process (wall time), or null on failure. */
    private static Map<String, Double> start(String java, String classpath, List<String> args, Path log, String what) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(Launcher.CHILD_JVM_OPTIONS);
        command.add("-cp");
        command.add(classpath);
        command.add("dev.migrate.benchmarks.boot.StartupApp");
        command.addAll(args);
        Files.writeString(log, "\n=== " + what + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        long start = System.nanoTime();
        Process p = pb.start();
        Map<String, Double> r = null;
        StringBuilder out = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                out.append(line).append('\n');
                Matcher m = STARTUP.matcher(line);
                if (m.matches()) {
                    r = new LinkedHashMap<>();
                    r.put("ready", Double.parseDouble(m.group(1)));
                    r.put("boot", Double.parseDouble(m.group(2)));
                    r.put("heap", Double.parseDouble(m.group(3)));
                    r.put("rss", Double.parseDouble(m.group(4)));
                }
            }
        }
        boolean exited = p.waitFor(10, TimeUnit.MINUTES);
        double processMs = (System.nanoTime() - start) / 1e6;
        if (!exited) {
            p.destroyForcibly();
        }
        try {
            Files.writeString(log, out, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (r != null) {
            r.put("process", processMs);
        }
        return exited && p.exitValue() == 0 ? r : null;
    }
}
