package dev.migrate;

import java.util.List;

/**
 * Outcome of {@code repair}.
 *
 * @param removedDirty      RUNNING/FAILED rows removed (by script)
 * @param realigned         rows whose checksum or description was realigned with the file
 * @param removedMissing    applied rows whose file is gone, removed from the history
 */
public record RepairResult(List<String> removedDirty, List<String> realigned, List<String> removedMissing) {

    public RepairResult {
        removedDirty = List.copyOf(removedDirty);
        realigned = List.copyOf(realigned);
        removedMissing = List.copyOf(removedMissing);
    }
}
