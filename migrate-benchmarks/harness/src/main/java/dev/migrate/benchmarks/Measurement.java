package dev.migrate.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One measured launch (or one call of it), as a line of the results CSV.
 *
 * @param scenario   a {@link Scenario} id, or {@code noop2} for the second noop call in one JVM
 * @param processMs  whole-process wall time seen by the launcher, NaN when not measured separately
 * @param inProcessMs the tool's call, timed inside the child
 * @param rssKb      the child's peak RSS in KiB, -1 when unknown
 * @param count      what the tool reported (see {@link Runner#run})
 * @param tables     benchmark tables in the database afterwards, -1 when not checked
 * @param history    rows in the tool's history table afterwards, -1 when not checked
 * @param ok         whether the count and the database state were as expected
 */
public record Measurement(int round, int size, Db db, Tool tool, String scenario, double processMs, double inProcessMs, long rssKb,
        int count, int tables, int history, boolean ok, String note) {

    static final String HEADER = "round,size,db,tool,scenario,process_ms,in_process_ms,rss_kb,count,tables,history,ok,note";

    public static final String NOOP2 = "noop2";

    String toCsv() {
        return String.join(",", Integer.toString(round), Integer.toString(size), db.id(), tool.id(), scenario, num(processMs),
                num(inProcessMs), Long.toString(rssKb), Integer.toString(count), Integer.toString(tables), Integer.toString(history),
                Boolean.toString(ok), note == null ? "" : '"' + note.replace('"', '\'').replace('\n', ' ') + '"');
    }

    static Measurement fromCsv(String line) {
        String[] f = line.split(",", 13);
        String note = f.length > 12 ? f[12] : "";
        if (note.startsWith("\"") && note.endsWith("\"") && note.length() >= 2) {
            note = note.substring(1, note.length() - 1);
        }
        return new Measurement(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Db.of(f[2]), Tool.of(f[3]), f[4], parse(f[5]),
                parse(f[6]), Long.parseLong(f[7]), Integer.parseInt(f[8]), Integer.parseInt(f[9]), Integer.parseInt(f[10]),
                Boolean.parseBoolean(f[11]), note.isEmpty() ? null : note);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static double parse(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    static void append(Path file, Measurement m) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, HEADER + "\n", StandardCharsets.UTF_8);
            }
            Files.writeString(file, m.toCsv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Measurement> read(Path file) throws IOException {
        List<Measurement> all = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("round,")) {
                all.add(fromCsv(line));
            }
        }
        return all;
    }
}
