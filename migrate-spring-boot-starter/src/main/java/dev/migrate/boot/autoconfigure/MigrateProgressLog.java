package dev.migrate.boot.autoconfigure;

import dev.migrate.MigrationEvent;
import dev.migrate.MigrationListener;
import dev.migrate.ProgressEvent;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the progress of batched data migrations: the first batch of each loop, then at most one line
 * every {@link #INTERVAL}, and always the last batch, so a long backfill shows in the logs without
 * flooding them. The last batch is known from the total where one was counted; where none was
 * ({@code countTotal(false)}), the latest batch not logged yet is logged when its migration finishes.
 */
public class MigrateProgressLog implements MigrationListener {

    static final Duration INTERVAL = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(MigrateProgressLog.class);

    private final Duration interval;
    private final LongSupplier nanoTime;
    /** Per loop ({@code version/task}) of a running migration. */
    private final Map<String, Loop> loops = new ConcurrentHashMap<>();

    private static final class Loop {
        final String version;
        boolean loggedAny;
        long lastLoggedNanos;
        ProgressEvent notLogged;

        Loop(String version) {
            this.version = version;
        }
    }

    public MigrateProgressLog() {
        this(INTERVAL, System::nanoTime);
    }

    MigrateProgressLog(Duration interval, LongSupplier nanoTime) {
        this.interval = interval;
        this.nanoTime = nanoTime;
    }

    @Override
    public void progress(ProgressEvent event) {
        long now = nanoTime.getAsLong();
        Loop loop = loops.computeIfAbsent(event.version() + "/" + event.task(), key -> new Loop(event.version()));
        boolean finished = event.rowsTotal() >= 0 && event.rowsDone() >= event.rowsTotal();
        synchronized (loop) {
            if (!loop.loggedAny || finished || now - loop.lastLoggedNanos >= interval.toNanos()) {
                loop.loggedAny = true;
                loop.lastLoggedNanos = now;
                loop.notLogged = null;
                log.info(line(event));
            } else {
                loop.notLogged = event;
            }
        }
    }

    /** Logs the last batch of each loop of this migration, if it was throttled away; also after a failure, to show how far it got. */
    @Override
    public void migrationFinished(MigrationEvent event, Duration duration, Throwable failure) {
        for (Iterator<Loop> it = loops.values().iterator(); it.hasNext(); ) {
            Loop loop = it.next();
            if (loop.version.equals(event.version())) {
                it.remove();
                synchronized (loop) {
                    if (loop.notLogged != null) {
                        log.info(line(loop.notLogged));
                    }
                }
            }
        }
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
