package dev.migrate.cli;

import dev.migrate.Direction;
import dev.migrate.GroupRolledBackException;
import dev.migrate.MigrationEvent;
import dev.migrate.MigrationListener;
import dev.migrate.ProgressEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The progress line of {@code migrate} and {@code rollback}: {@code [2/5] apply V2__add_index.sql 3.4s}.
 *
 * <p>On a terminal the line is redrawn in place several times a second, so a long migration shows
 * its elapsed time while it runs; elsewhere (a CI log, a pipe) each step prints
 * {@code [2/5] apply V2__add_index.sql ... } when it starts and its outcome when it ends, so the log
 * shows which migration is running even if it never ends. A batched data migration
 * ({@code MigrationContext.batches}) adds its rows done, rate and time left: redrawn on a terminal,
 * a line every {@value #LOG_EVERY_MILLIS} ms elsewhere. A group's steps all start before their outcomes are
 * known: each outcome is printed with its own step's label, and a step the group's rollback undid says so instead of
 * FAILED.
 */
final class ProgressListener implements MigrationListener {

    private static final long REDRAW_MILLIS = 200;
    private static final String CLEAR_LINE = "\r\u001B[K";
    private static final long LOG_EVERY_MILLIS = 5_000;

    private final Output output;
    private final boolean live;
    private ScheduledExecutorService ticker;
    private ScheduledFuture<?> redraw;
    private long runStart;
    private long stepStart;
    private String label;
    private String rows = "";
    private long lastRowsLine;
    private boolean lineBroken;
    /** Each started step's label by its index, until it finishes: a group's steps all start before the first finishes. */
    private final Map<Integer, String> started = new HashMap<>();
    /** The index of the step whose line is open ("... " printed, its outcome not yet), or 0. */
    private int open;

    ProgressListener(Output output) {
        this.output = output;
        this.live = output.terminal();
    }

    @Override
    public synchronized void migrationStarted(MigrationEvent event) {
        long now = System.nanoTime();
        if (runStart == 0) {
            runStart = now;
        }
        stepStart = now;
        rows = "";
        lastRowsLine = 0;
        lineBroken = false;
        label = "[" + event.index() + "/" + event.total() + "] " + (event.direction() == Direction.UP ? "apply  " : "revert ")
                + event.script();
        started.put(event.index(), label);
        if (live) {
            draw();
            if (ticker == null) {
                ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "migrate-progress");
                    t.setDaemon(true);
                    return t;
                });
            }
            redraw = ticker.scheduleAtFixedRate(this::draw, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            if (open != 0) {
                // the step before has not finished (a group tells all of its steps' outcomes when it ends)
                output.line();
            }
            output.partial(label + " ... ");
            open = event.index();
        }
    }

    @Override
    public synchronized void migrationFinished(MigrationEvent event, Duration duration, Throwable failure) {
        if (redraw != null) {
            redraw.cancel(false);
            redraw = null;
        }
        String outcome = failure == null ? output.green("done") + " " + Formats.duration(duration)
                : failure instanceof GroupRolledBackException ? output.yellow("undone") + " (rolled back with its group)"
                : output.red("FAILED") + " after " + Formats.duration(duration);
        String finished = started.remove(event.index());
        if (finished == null) {
            finished = label;
        }
        if (live) {
            output.partial(CLEAR_LINE);
            output.line(finished + "  " + outcome);
        } else if (lineBroken || open != event.index()) {
            if (open != 0 && !lineBroken) {
                output.line();
            }
            output.line(finished + " " + outcome);
        } else {
            output.line(outcome);
        }
        open = 0;
        lineBroken = false;
        if (event.index() == event.total()) {
            close();
        }
    }

    @Override
    public synchronized void progress(ProgressEvent event) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%,d", event.rowsDone()));
        if (event.rowsTotal() > 0) {
            sb.append(String.format(Locale.ROOT, " / %,d rows (%.0f%%)", event.rowsTotal(), event.fraction() * 100));
        } else {
            sb.append(" rows");
        }
        if (event.rate() > 0) {
            sb.append(String.format(Locale.ROOT, ", %,.0f rows/s", event.rate()));
        }
        if (event.eta() != null) {
            sb.append(", about ").append(Formats.duration(event.eta())).append(" left");
        }
        rows = sb.toString();
        if (live) {
            draw();
            return;
        }
        long now = System.nanoTime();
        if (lastRowsLine == 0 || now - lastRowsLine >= LOG_EVERY_MILLIS * 1_000_000) {
            if (!lineBroken) {
                output.line();
                lineBroken = true;
            }
            output.line("      " + rows);
            lastRowsLine = now;
        }
    }

    /** Stops the redraw thread; called when the last step ends and, to be sure, when the command ends. */
    synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    private synchronized void draw() {
        if (label == null) {
            return;
        }
        long now = System.nanoTime();
        String total = now - runStart > now - stepStart + 50_000_000 ? output.dim("  (total " + Formats.elapsed(now - runStart) + ")") : "";
        output.partial(CLEAR_LINE + label + "  " + output.yellow(Formats.elapsed(now - stepStart))
                + (rows.isEmpty() ? "" : "  " + rows) + total);
    }
}
