package dev.migrate.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The child process: runs scenarios with one tool on one database and prints, on standard output,
 * one line per call and the process's peak resident set size:
 *
 * <pre>
 * RESULT scenario=noop call=1 ms=412.350 count=0
 * RSS kb=98304
 * </pre>
 *
 * {@code ms} is the in-process time, from just before the tool is configured to just after its call
 * returns. Peak RSS is the kernel's high-water mark ({@code VmHWM} in {@code /proc/self/status}),
 * read after the last call.
 *
 * <pre>
 * java -cp ... dev.migrate.benchmarks.BenchMain --tool migrate --db postgres --url jdbc:postgresql://... \
 *      --generated target/bench-work/gen/n1000 --scenarios noop --calls 2
 * </pre>
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        quietJavaUtilLogging();
        Tool tool = Tool.of(required(options, "tool"));
        Target target = new Target(Db.of(required(options, "db")), required(options, "url"), options.get("user"),
                options.get("password"));
        Path generated = Path.of(required(options, "generated"));
        int calls = Integer.parseInt(options.getOrDefault("calls", "1"));
        List<Scenario> scenarios = new ArrayList<>();
        for (String s : required(options, "scenarios").split(",")) {
            scenarios.add(Scenario.of(s));
        }
        Runner runner = tool.runner(target, generated);
        for (Scenario scenario : scenarios) {
            for (int call = 1; call <= calls; call++) {
                long start = System.nanoTime();
                int count = runner.run(scenario);
                long nanos = System.nanoTime() - start;
                System.out.printf(Locale.ROOT, "RESULT scenario=%s call=%d ms=%.3f count=%d%n", scenario.id(), call, nanos / 1e6, count);
            }
        }
        System.out.println("RSS kb=" + peakRssKb());
        System.out.flush();
    }

    /**
     * Liquibase logs through java.util.logging, at INFO by default; the others log through SLF4J, set to
     * WARN by the launcher. Console output is not what is measured.
     */
    private static void quietJavaUtilLogging() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        for (java.util.logging.Handler h : root.getHandlers()) {
            h.setLevel(java.util.logging.Level.WARNING);
        }
    }

    /** The process's peak resident set size in KiB, or -1 where /proc is not available. */
    static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no figure
        }
        return -1;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            int eq = key.indexOf('=');
            if (eq >= 0) {
                options.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(key, args[++i]);
            } else {
                options.put(key, "true");
            }
        }
        return options;
    }

    static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null) {
            throw new IllegalArgumentException("Missing --" + key);
        }
        return value;
    }
}
