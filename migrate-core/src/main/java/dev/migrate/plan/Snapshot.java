package dev.migrate.plan;

import dev.migrate.MigrationState;
import dev.migrate.MigrationType;
import dev.migrate.MigrationVersion;
import dev.migrate.discovery.ResolvedMigration;
import dev.migrate.history.HistoryRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The migrations found and the history read, reconciled once per operation: what is applied,
 * what is pending, what is dirty, changed or missing. Everything {@code status}, {@code validate}
 * and the {@link Planner} need, computed from one read of the history.
 */
public final class Snapshot {

    private final List<ResolvedMigration> resolved;
    private final List<HistoryRow> rows;
    private final MigrationGraph graph;
    private final Map<MigrationVersion, HistoryRow> appliedByVersion = new HashMap<>();
    /** Each row's parsed version (null for a repeatable), in row order: parsed once per operation. */
    private final List<MigrationVersion> rowVersions = new ArrayList<>();
    private final Map<String, HistoryRow> lastRepeatableRun = new HashMap<>();
    private final MigrationVersion baseline;
    private final MigrationVersion current;
    private final List<HistoryRow> dirty = new ArrayList<>();
    private final String environment;
    private List<ResolvedMigration> pending;
    private List<ResolvedMigration> notHere;
    private List<HistoryRow> future;

    /** For every environment: no migration is left out for naming others ({@code -- migrate:environments}). */
    public Snapshot(List<ResolvedMigration> resolved, List<HistoryRow> rows) {
        this(resolved, rows, null);
    }

    /**
     * @param environment the environment the operation runs in: migrations that name others
     *                    ({@code -- migrate:environments}) are never pending in it; null for every environment
     */
    public Snapshot(List<ResolvedMigration> resolved, List<HistoryRow> rows, String environment) {
        this.environment = environment;
        this.resolved = List.copyOf(resolved);
        this.rows = List.copyOf(rows);
        this.graph = new MigrationGraph(resolved);
        MigrationVersion base = null;
        MigrationVersion max = null;
        for (HistoryRow row : rows) {
            if (row.state().isDirty()) {
                dirty.add(row);
            }
            if (row.version() == null) {
                rowVersions.add(null);
                if (row.state() == MigrationState.SUCCESS) {
                    lastRepeatableRun.put(row.description(), row);
                }
                continue;
            }
            MigrationVersion v = row.parsedVersion();
            rowVersions.add(v);
            appliedByVersion.put(v, row);
            if (row.type() == MigrationType.BASELINE) {
                base = v;
            }
            if (row.state() == MigrationState.SUCCESS && (max == null || v.isNewerThan(max))) {
                max = v;
            }
        }
        this.baseline = base;
        this.current = max;
    }

    public List<ResolvedMigration> resolved() {
        return resolved;
    }

    public List<HistoryRow> rows() {
        return rows;
    }

    public MigrationGraph graph() {
        return graph;
    }

    /** Highest successfully applied version, or null. */
    public MigrationVersion current() {
        return current;
    }

    public MigrationVersion baseline() {
        return baseline;
    }

    public List<HistoryRow> dirty() {
        return dirty;
    }

    public HistoryRow applied(MigrationVersion version) {
        return appliedByVersion.get(version);
    }

    /** Whether {@code version} counts as applied: it has a row, or lies at or below the baseline. */
    public boolean isApplied(MigrationVersion version) {
        return appliedByVersion.containsKey(version) || (baseline != null && version.isAtMost(baseline));
    }

    public int lastBatch() {
        return rows.stream().mapToInt(HistoryRow::batch).max().orElse(0);
    }

    public int nextRank() {
        return rows.stream().mapToInt(HistoryRow::rank).max().orElse(0) + 1;
    }

    /**
     * Versioned migrations not applied, in version order, then repeatables that are new or changed.
     * Computed once: planning and the out-of-order check both ask, and with thousands of
     * migrations every start pays for each walk.
     */
    public List<ResolvedMigration> pending() {
        if (pending == null) {
            pending = List.copyOf(findPending());
        }
        return pending;
    }

    /** The environment the operation runs in, or null for every environment. */
    public String environment() {
        return environment;
    }

    /**
     * Migrations not applied that name other environments than this one ({@code -- migrate:environments}):
     * neither pending nor a problem here. A repeatable one is listed even if it ran (another environment's
     * run, a copied database): it is never run again here.
     */
    public List<ResolvedMigration> notHere() {
        if (notHere == null) {
            List<ResolvedMigration> found = new ArrayList<>();
            for (ResolvedMigration m : resolved) {
                if (!m.runsIn(environment) && (m.isRepeatable() || !isApplied(m.version()))) {
                    found.add(m);
                }
            }
            notHere = List.copyOf(found);
        }
        return notHere;
    }

    private List<ResolvedMigration> findPending() {
        List<ResolvedMigration> pending = new ArrayList<>();
        for (ResolvedMigration m : resolved) {
            if (!m.runsIn(environment)) {
                continue;
            }
            if (m.isRepeatable()) {
                HistoryRow last = lastRepeatableRun.get(m.description());
                if (last == null || !java.util.Objects.equals(last.checksum(), m.checksum())) {
                    pending.add(m);
                }
            } else if (!isApplied(m.version())) {
                pending.add(m);
            }
        }
        return pending;
    }

    /** Pending versioned migrations lower than the highest applied version. */
    public List<ResolvedMigration> outOfOrder() {
        if (current == null) {
            return List.of();
        }
        return pending().stream().filter(m -> !m.isRepeatable() && current.isNewerThan(m.version())).toList();
    }

    /** The migration behind a history row, or null when its file is gone. */
    public ResolvedMigration resolvedFor(HistoryRow row) {
        if (row.version() == null) {
            return resolved.stream().filter(m -> m.isRepeatable() && m.description().equals(row.description())).findFirst().orElse(null);
        }
        return graph.get(row.parsedVersion());
    }

    /**
     * Applied rows newer than every versioned migration found: a newer build of the application applied
     * them (or their files were deleted). Empty when no versioned migration was found at all, which is
     * a wrong location rather than an older build.
     */
    public List<HistoryRow> future() {
        if (future == null) {
            future = List.copyOf(findFuture());
        }
        return future;
    }

    private List<HistoryRow> findFuture() {
        MigrationVersion latest = null;
        for (ResolvedMigration m : resolved) {
            if (!m.isRepeatable() && (latest == null || m.version().isNewerThan(latest))) {
                latest = m.version();
            }
        }
        List<HistoryRow> future = new ArrayList<>();
        if (latest == null) {
            return future;
        }
        for (int i = 0; i < rows.size(); i++) {
            HistoryRow row = rows.get(i);
            if (row.version() != null && row.type() != MigrationType.BASELINE && row.state() == MigrationState.SUCCESS
                    && rowVersions.get(i).isNewerThan(latest)) {
                future.add(row);
            }
        }
        return future;
    }

    /**
     * Applied versioned rows whose file is gone, other than the {@link #future()} ones: deleted on purpose
     * (squashed into a baseline, or old files removed) or by mistake.
     */
    public List<HistoryRow> missing() {
        List<HistoryRow> missing = new ArrayList<>();
        List<HistoryRow> future = future();
        for (int i = 0; i < rows.size(); i++) {
            HistoryRow row = rows.get(i);
            if (row.version() != null && row.type() != MigrationType.BASELINE && row.state() == MigrationState.SUCCESS
                    && graph.get(rowVersions.get(i)) == null && !future.contains(row)) {
                missing.add(row);
            }
        }
        return missing;
    }

    /**
     * Why an applied Java or DSL migration is not found, and what to do: its class is read from the class path only,
     * which a tool run beside the application (the CLI's {@code java -jar}) does not share.
     */
    public static final String CLASS_NOT_FOUND = "it is a Java migration, found only as a class on the class path in a"
            + " classpath: location (or given as an instance, such as a Spring bean), and no such class is there. Put the"
            + " application's classes on the class path (CLI: java -cp migrate.jar:app.jar dev.migrate.cli.MigrateCli"
            + " --locations classpath:db/migration ...)";

    /** Whether the row is of a migration written as a class ({@code JAVA} or {@code DSL}), not a file. */
    public static boolean isClass(HistoryRow row) {
        return row.type() == MigrationType.JAVA || row.type() == MigrationType.DSL;
    }

    /** {@link #problems(boolean)} with future migrations counted as missing. */
    public List<String> problems() {
        return problems(false);
    }

    /** {@link #problems(boolean, boolean)} with missing applied files as problems. */
    public List<String> problems(boolean ignoreFuture) {
        return problems(ignoreFuture, false);
    }

    /**
     * Problems between the files and the history, each naming the migration and the fix: changed
     * applied files, applied files gone missing, and the dependency graph's problems.
     *
     * @param ignoreFuture  whether the {@link #future()} rows are left out rather than missing
     * @param ignoreMissing whether the {@link #missing()} rows are left out
     */
    public List<String> problems(boolean ignoreFuture, boolean ignoreMissing) {
        List<String> problems = new ArrayList<>();
        List<HistoryRow> future = future();
        for (int i = 0; i < rows.size(); i++) {
            HistoryRow row = rows.get(i);
            if (row.version() == null || row.type() == MigrationType.BASELINE || row.state() != MigrationState.SUCCESS) {
                continue;
            }
            ResolvedMigration m = graph.get(rowVersions.get(i));
            if (m == null && future.contains(row)) {
                if (!ignoreFuture) {
                    problems.add(dev.migrate.StatusResult.newerBuildProblem(row.script(), row.version()));
                }
            } else if (m == null) {
                if (!ignoreMissing && isClass(row)) {
                    problems.add("Applied migration " + row.script() + " (version " + row.version() + ") is missing from the"
                            + " locations: " + CLASS_NOT_FOUND + "; if it was deleted on purpose, run 'repair' to remove it from the"
                            + " history, or allow it with ignoreMigrationPatterns *:missing (migrate.ignore-migration-patterns)");
                } else if (!ignoreMissing) {
                    problems.add("Applied migration " + row.script() + " (version " + row.version() + ") is missing from the"
                            + " locations: restore the file, or run 'repair' to remove it from the history; if it was deleted on"
                            + " purpose, allow it with ignoreMigrationPatterns *:missing (migrate.ignore-migration-patterns)");
                }
            } else if (row.checksum() != null && m.checksum() != null && !row.checksum().equals(m.checksum())) {
                problems.add("Migration " + m.location() + " (version " + row.version() + ") was changed after it was applied:"
                        + " stored checksum " + row.checksum() + ", file checksum " + m.checksum()
                        + ". Revert the change, or run 'repair' if it was intended");
            }
        }
        problems.addAll(graph.validate(resolved, this::isApplied));
        return problems;
    }

    /** Digest of the history rows; any applied, rolled back, repaired or failed migration changes it. */
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (HistoryRow r : rows) {
                md.update((r.rank() + "|" + r.version() + "|" + r.description() + "|" + r.checksum() + "|" + r.state() + "|"
                        + r.batch() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
