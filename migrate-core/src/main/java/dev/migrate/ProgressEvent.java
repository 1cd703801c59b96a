package dev.migrate;

import java.time.Duration;

/**
 * Progress of a batched data migration ({@link MigrationContext#batches}), sent to
 * {@link MigrationListener#progress} after each batch (see there for a loop inside the migration's transaction).
 *
 * @param version   the migration's version
 * @param task      the batch loop's name ({@code table.key}, {@code table.key#2}... unless named)
 * @param batchRows rows in the batch just committed
 * @param rowsDone  rows processed so far, including those of earlier, interrupted runs
 * @param rowsTotal rows in all, or -1 when not counted: counted once when the loop starts, and raised to
 *                  {@code rowsDone} when rows inserted since then take the loop past it
 * @param rate      rows per second in this run
 * @param eta       estimated time left, or null when unknown
 */
public record ProgressEvent(String version, String task, int batchRows, long rowsDone, long rowsTotal, double rate, Duration eta) {

    /** Done as a fraction between 0 and 1, or -1 when the total is unknown. */
    public double fraction() {
        return rowsTotal < 0 ? -1 : rowsTotal == 0 ? 1.0 : Math.min(1.0, (double) rowsDone / rowsTotal);
    }
}
