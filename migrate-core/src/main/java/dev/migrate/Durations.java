package dev.migrate;

import java.time.Duration;

/** Formats durations the way messages and tables show them: {@code 30s}, {@code 1.5s}, {@code 250ms}. */
final class Durations {

    private Durations() {
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms % 1000 == 0) {
            return (ms / 1000) + "s";
        }
        return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
