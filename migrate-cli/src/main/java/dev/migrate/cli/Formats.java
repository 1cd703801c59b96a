package dev.migrate.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How human output shows times and durations. */
final class Formats {

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private Formats() {
    }

    /** {@code 2026-11-22 10:00:00} in the machine's time zone, as Flyway's info table shows it. */
    static String instant(Instant instant) {
        return instant == null ? "" : LOCAL_TIME.format(instant);
    }

    /** {@code 12 ms}, {@code 1.2 s}, {@code 2m 05s}. */
    static String millis(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }

    /** A duration the way --lock-timeout takes it: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, else {@code 90s}. */
    static String setting(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s != 0 && s % 3600 == 0) {
            return (s / 3600) + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return (s / 60) + "m";
        }
        return s + "s";
    }

    static String duration(Duration d) {
        return millis(d.toMillis());
    }

    /** Seconds with one decimal, for a progress line redrawn several times a second. */
    static String elapsed(long nanos) {
        return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
    }

    /**
     * {@code text} on one line, cut to {@code max} columns with an ellipsis, measured as a terminal draws it
     * ({@link DisplayWidth}: a CJK character takes two).
     */
    static String truncate(String text, int max) {
        if (text == null) {
            return "";
        }
        String one = text.replaceAll("\\s+", " ").strip();
        if (DisplayWidth.of(one) <= max) {
            return one;
        }
        StringBuilder cut = new StringBuilder();
        int width = 0;
        for (int cp : one.codePoints().toArray()) {
            width += DisplayWidth.of(cp);
            if (width > max - 3) {
                break;
            }
            cut.appendCodePoint(cp);
        }
        return cut + "...";
    }

    /** {@code "1 migration"}, {@code "3 migrations"}. */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
