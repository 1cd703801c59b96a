package dev.migrate.boot.autoconfigure;

import dev.migrate.MigrationListener;
import dev.migrate.ProgressEvent;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the progress of batched data migrations: at most one line per loop every
 * {@link #INTERVAL}, and the last batch always, so a long backfill shows in the logs without
 * flooding them.
 */
public class MigrateProgressLog implements MigrationListener {

    static final Duration INTERVAL = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(MigrateProgressLog.class);

    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

    @Override
    public void progress(ProgressEvent event) {
        String key = event.version() + "/" + event.task();
        long now = System.nanoTime();
        Long last = lastLogged.get(key);
        boolean finished = event.rowsTotal() >= 0 && event.rowsDone() >= event.rowsTotal();
        if (!finished && last != null && now - last < INTERVAL.toNanos()) {
            return;
        }
        lastLogged.put(key, now);
        log.info(line(event));
    }

    static String line(ProgressEvent e) {
        StringBuilder sb = new StringBuilder("Data migration ").append(e.version()).append(' ').append(e.task()).append(": ")
                .append(String.format(Locale.ROOT, "%,d", e.rowsDone()));
        if (e.rowsTotal() >= 0) {
            sb.append(String.format(Locale.ROOT, "/%,d rows (%.1f%%)", e.rowsTotal(), e.fraction() * 100));
        } else {
            sb.append(" rows");
        }
        sb.append(String.format(Locale.ROOT, ", %,.0f rows/s", e.rate()));
        if (e.eta() != null) {
            sb.append(", about ").append(e.eta().toSeconds()).append("s left");
        }
        return sb.toString();
    }
}
