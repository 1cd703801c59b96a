package dev.migrate.internal;

import dev.migrate.AppliedMigration;
import dev.migrate.AuditEntry;
import dev.migrate.ConfigurationException;
import dev.migrate.ConnectionFailedException;
import dev.migrate.Direction;
import dev.migrate.LockStatus;
import dev.migrate.MigrateException;
import dev.migrate.MigrateResult;
import dev.migrate.MigrationCallback;
import dev.migrate.MigrationDetails;
import dev.migrate.MigrationFailedException;
import dev.migrate.MigrationListener;
import dev.migrate.MigrationState;
import dev.migrate.MigrationTarget;
import dev.migrate.MigrationType;
import dev.migrate.MigrationVersion;
import dev.migrate.MigratorConfig;
import dev.migrate.Operation;
import dev.migrate.PendingMigration;
import dev.migrate.Plan;
import dev.migrate.PlanStep;
import dev.migrate.RepairResult;
import dev.migrate.RollbackRequest;
import dev.migrate.RollbackResult;
import dev.migrate.StalePlanException;
import dev.migrate.StatusResult;
import dev.migrate.StepResult;
import dev.migrate.ValidationException;
import dev.migrate.ValidationResult;
import dev.migrate.dialect.Dialect;
import dev.migrate.dialect.Dialects;
import dev.migrate.dialect.SessionContext;
import dev.migrate.discovery.MigrationBody;
import dev.migrate.discovery.MigrationFileName;
import dev.migrate.discovery.MigrationNaming;
import dev.migrate.discovery.MigrationScanner;
import dev.migrate.discovery.ResolvedMigration;
import dev.migrate.discovery.SqlCallback;
import dev.migrate.history.AuditLog;
import dev.migrate.history.HistoryRow;
import dev.migrate.history.HistoryTable;
import dev.migrate.lock.Cancellation;
import dev.migrate.lock.DatabaseLock;
import dev.migrate.plan.Planner;
import dev.migrate.plan.Snapshot;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations behind {@link dev.migrate.Migrator}, one instance per call: open a connection,
 * detect the dialect, scan, read the history once, plan, and run under the lock.
 */
public final class Operations {

    private static final Logger log = LoggerFactory.getLogger(Operations.class);

    /** Script of a baseline row (its description is the baselineDescription setting). */
    private static final String BASELINE_MARK = "<< baseline >>";

    private final DataSource dataSource;
    private final MigratorConfig config;
    private final String performedBy;
    /** Where a writing operation puts its cancellation while it runs, for {@code Migrator.cancel}; null when none may cancel. */
    private final Set<Cancellation> running;

    public Operations(DataSource dataSource, MigratorConfig config, String performedBy) {
        this(dataSource, config, performedBy, null);
    }

    /**
     * @param running the set a writing operation adds its {@link Cancellation} to while it runs, and removes it from
     *                after, so that another thread may cancel it; null when nothing cancels
     */
    public Operations(DataSource dataSource, MigratorConfig config, String performedBy, Set<Cancellation> running) {
        this.dataSource = dataSource;
        this.config = config;
        this.performedBy = performedBy;
        this.running = running;
    }

    /**
     * The database's name for {@code {vendor}} in the locations ({@link Dialects#vendor}), on a connection
     * of its own (tried again as writing operations are, with connect-retries).
     */
    public String vendor() {
        try (Connection c = connect(true)) {
            return Dialects.vendor(c);
        } catch (SQLException e) {
            throw new MigrateException("Could not read the database's product name for {vendor} in the locations: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- writing operations

    public MigrateResult migrate(MigrationTarget target, String expectedFingerprint) {
        // Reverses are read only when this run may have to undo itself.
        boolean readReverses = config.onFailure() == MigratorConfig.OnFailure.ROLLBACK_RUN;
        MigrationScanner scanner = scanner();
        // The scan reads files only: every connection is opened on the caller's thread (a routing DataSource keys on it).
        Background<MigrationScanner.ScanResult> scanning = Background.start("migrate-scan",
                () -> scanner.scanForMigrate(config.locations(), config.javaMigrations(), readReverses));
        MigrateResult upToDate = upToDateWithoutLock(scanning, target, expectedFingerprint);
        if (upToDate != null) {
            return upToDate;
        }
        MigrationScanner.ScanResult scan = beforeWrite(Operation.MIGRATE, () -> {
            MigrationScanner.ScanResult found = scanning.join();
            checkGraph(found.migrations());
            return found;
        });
        List<ResolvedMigration> resolved = scan.migrations();
        return write(Operation.MIGRATE, request("migrate", target), (c, dialect) -> refuseUnadoptedSchema(c, dialect, resolved), engine -> {
            // An interrupted data migration's dirty row is taken out of the history only once this run goes on to apply
            // it (below): a refused run (a stale plan, a validation problem) or a lower target leaves it as it was.
            List<HistoryRow> rows = engine.history().read(engine.connection());
            Snapshot snapshot = new Snapshot(resolved, resumeInterrupted(engine, rows, false), config.environment());
            checkFingerprint(snapshot, expectedFingerprint);
            Adoption adoption = baselineOnMigrate(engine, resolved, snapshot);
            snapshot = adoption.snapshot();
            Engine.checkNotDirty(snapshot, engine.formerHolder());
            if (config.validateOnMigrate()) {
                List<String> problems = problems(snapshot);
                if (!problems.isEmpty()) {
                    throw new ValidationException(problems);
                }
            }
            logAccepted(snapshot);
            String from = versionText(snapshot.current());
            List<ResolvedMigration> toApply = Planner.migrate(snapshot, target, config.outOfOrder(),
                    auditTrail(engine.connection(), engine.dialect()));
            if (toApply.isEmpty()) {
                adoption.record(engine);
                log.info("Schema is up to date at version {}: nothing to migrate", from == null ? "<none>" : from);
                return new MigrateResult(0, from, from, List.of(), 0);
            }
            List<PreparedStep> steps = engine.prepareUp(toApply);
            // A callback that cannot run is found before the first migration, not after the last one.
            List<String> callbackProblems = engine.checkCallbacks(scan.callbacks());
            if (!callbackProblems.isEmpty()) {
                throw new ValidationException(callbackProblems);
            }
            engine.warnings().forEach(log::warn);
            engine.useEachMigrationCallbacks(scan.callbacks());
            boolean grouped = config.group();
            if (grouped) {
                checkGroup(engine.dialect(), steps);
            }
            // Recorded once nothing more can refuse the run: a refused run leaves the schema to adopt as it found it.
            engine.startChanges();
            adoption.record(engine);
            Set<String> applying = new HashSet<>();
            toApply.forEach(m -> applying.add(versionText(m.version())));
            resumeInterrupted(engine, rows.stream().filter(r -> r.version() != null && applying.contains(r.version())).toList(), true);
            int batch = snapshot.lastBatch() + 1;
            int rank = snapshot.nextRank();
            long start = System.nanoTime();
            Instant startedOn = HistoryTable.now();
            List<StepResult> applied = new ArrayList<>();
            List<PreparedStep> done = new ArrayList<>();
            // Recorded without running (-- migrate:skip-if): an undo of the run leaves them recorded, and runs no down.
            Set<PreparedStep> skippedSteps = new HashSet<>();
            MigrationVersion to = snapshot.current();
            log.info("Migrating from version {} ({} pending, batch {})", from == null ? "<none>" : from, steps.size(), batch);
            // What beforeMigrate changes in the session holds for the migrations; the application gets it back as it was.
            SessionContext session = scan.callbacks().isEmpty() && config.callbacks().isEmpty() ? null
                    : engine.dialect().sessionContext(engine.connection());
            try {
                for (CallbackRun callback : callbacks(engine, scan, MigrationCallback.Event.BEFORE_MIGRATE, null)) {
                    callback.run().run();
                    List<String> moved = session.restoreSchemaContext(engine.connection());
                    if (!moved.isEmpty()) {
                        log.warn("{} changed the connection's {}: put back, since Migrate finds its own tables through it. Name the"
                                + " schema in the migrations, or set default-schema to run them in another schema", callback.name(),
                                String.join(", ", moved));
                    }
                }
                if (grouped) {
                    engine.beginGroup();
                }
                for (int i = 0; i < steps.size(); i++) {
                    PreparedStep step = steps.get(i);
                    try {
                        applied.add(engine.run(step, rank++, batch, i + 1, steps.size()));
                    } catch (MigrationFailedException e) {
                        if (grouped) {
                            throw groupRolledBack(e, done);
                        }
                        // Without the lock, undoing is the new holder's business, not this process's.
                        if (config.onFailure() == MigratorConfig.OnFailure.ROLLBACK_RUN && !done.isEmpty()
                                && !(e.getCause() instanceof dev.migrate.lock.LockLostException)) {
                            throw undoRun(engine, resolved, done, skippedSteps, e);
                        }
                        throw e;
                    }
                    done.add(step);
                    if (engine.skippedLast()) {
                        skippedSteps.add(step);
                    }
                    if (step.migration().version() != null && (to == null || step.migration().version().isNewerThan(to))) {
                        to = step.migration().version();
                    }
                }
                if (grouped) {
                    try {
                        engine.commitGroup();
                    } catch (SQLException | RuntimeException e) {
                        String message = "Committing the group of " + steps.size() + " migrations failed: " + e.getMessage()
                                + "\n  group: the run's transaction was rolled back, so none of its migrations is applied";
                        // Their APPLY rows were in that transaction: the trail keeps the run's failure.
                        engine.auditOperationFailure(Operation.MIGRATE, null, startedOn, (System.nanoTime() - start) / 1_000_000, message);
                        if (e instanceof RuntimeException runtime) {
                            throw runtime;
                        }
                        throw new MigrateException(message, e);
                    }
                    log.info("Committed the group of {} migrations", steps.size());
                }
                for (CallbackRun callback : callbacks(engine, scan, MigrationCallback.Event.AFTER_MIGRATE, null)) {
                    callback.run().run();
                }
            } catch (RuntimeException | Error e) {
                // An Error too (from a listener, say): the group must not stay open for the connection's close to decide.
                engine.rollbackGroup();
                for (CallbackRun callback : callbacks(engine, scan, MigrationCallback.Event.AFTER_MIGRATE_ERROR, e)) {
                    try {
                        callback.run().run();
                    } catch (RuntimeException callbackFailure) {
                        log.error("{}", callbackFailure.getMessage());
                        e.addSuppressed(callbackFailure);
                    }
                }
                throw e;
            } finally {
                restoreSession(engine, session);
            }
            return new MigrateResult(batch, from, versionText(to), applied, (System.nanoTime() - start) / 1_000_000);
        });
    }

    /** One callback of an event, ready to run; {@code name} is its file or its Java name. */
    private record CallbackRun(String name, Runnable run) {
    }

    /** The callbacks of {@code event} in the order they run: the SQL scripts, then the Java callbacks. */
    private List<CallbackRun> callbacks(Engine engine, MigrationScanner.ScanResult scan, MigrationCallback.Event event, Throwable failure) {
        List<CallbackRun> runs = new ArrayList<>();
        for (SqlCallback callback : scan.callbacks(event)) {
            runs.add(new CallbackRun(callback.source(), () -> engine.runCallback(callback)));
        }
        for (MigrationCallback callback : config.callbacks()) {
            if (callback.supports(event)) {
                runs.add(new CallbackRun(callback.name(), () -> engine.runCallback(callback, event, failure)));
            }
        }
        return runs;
    }

    /** When a callback of {@code event} runs, for the plan's notes. */
    private static String when(MigrationCallback.Event event) {
        return switch (event) {
            case BEFORE_MIGRATE -> "before the first step";
            case AFTER_MIGRATE -> "after the last step";
            case AFTER_MIGRATE_ERROR -> "if a step fails";
            case BEFORE_EACH_MIGRATE -> "before each step, as part of it";
            case AFTER_EACH_MIGRATE -> "after each step, as part of it";
        };
    }

    /** {@code V2__sample_rows.sql (dev, staging)}. */
    private static String withEnvironments(ResolvedMigration m) {
        return m.script() + " (" + String.join(", ", m.environments()) + ")";
    }

    /** What {@code -- migrate:environments} leaves out in this environment, for the plan and the log; null when nothing. */
    private String notHere(Snapshot snapshot) {
        if (snapshot.notHere().isEmpty()) {
            return null;
        }
        List<String> names = snapshot.notHere().stream().map(Operations::withEnvironments).toList();
        return "Not applied in " + config.environment() + ", which their -- migrate:environments does not name: "
                + String.join("; ", names);
    }

    /** The environments the starter's presets know; a directive naming another runs only where it is set by hand. */
    private static final List<String> KNOWN_ENVIRONMENTS = List.of("dev", "staging", "prod");

    /**
     * A warning for {@code -- migrate:environments} names that are neither dev, staging, prod nor this run's
     * environment ({@code test}, say, which the starter maps to {@code staging}): such a migration may never
     * run anywhere. Null when there is none.
     */
    private String unknownEnvironmentsWarning(Snapshot snapshot) {
        List<String> found = new ArrayList<>(0);
        for (ResolvedMigration m : snapshot.resolved()) {
            for (String e : m.environments()) {
                if (!KNOWN_ENVIRONMENTS.contains(e) && !e.equalsIgnoreCase(config.environment())) {
                    found.add(m.script() + " names '" + e + "'");
                }
            }
        }
        return found.isEmpty() ? null : "-- migrate:environments " + String.join(", ", found) + ", which is not dev, staging or prod"
                + " (the starter's environments; its profile test is staging): it never runs unless the environment is set to"
                + " that name";
    }

    /** Logs what validation accepted: future migrations as a warning; missing ones, deleted on purpose, at info. */
    private void logAccepted(Snapshot snapshot) {
        String notHere = notHere(snapshot);
        if (notHere != null) {
            log.info(notHere);
        }
        String unknown = unknownEnvironmentsWarning(snapshot);
        if (unknown != null) {
            log.warn(unknown);
        }
        if (ignoresFuture() && !snapshot.future().isEmpty()) {
            log.warn(futureWarning(snapshot));
        }
        if (ignoresMissing() && !snapshot.missing().isEmpty()) {
            log.info(missingWarning(snapshot.missing()));
        }
    }

    /** Validation problems between the files and the history, less what ignoreFutureMigrations and ignoreMigrationPatterns accept. */
    private List<String> problems(Snapshot snapshot) {
        return snapshot.problems(ignoresFuture(), ignoresMissing());
    }

    /** The warnings that stand for the problems {@link #problems} leaves out. */
    private List<String> ignoredWarnings(Snapshot snapshot) {
        List<String> warnings = new ArrayList<>(0);
        if (ignoresFuture() && !snapshot.future().isEmpty()) {
            warnings.add(futureWarning(snapshot));
        }
        List<HistoryRow> missing = ignoresMissing() ? snapshot.missing() : List.of();
        if (!missing.isEmpty()) {
            warnings.add(missingWarning(missing));
        }
        return warnings;
    }

    /** "Applied migrations V1__a.sql, V2__b.sql are missing ...", naming at most five. */
    private static String missingWarning(List<HistoryRow> missing) {
        int shown = Math.min(missing.size(), 5);
        return "Applied migration" + (missing.size() == 1 ? " " : "s ")
                + missing.subList(0, shown).stream().map(HistoryRow::script).collect(java.util.stream.Collectors.joining(", "))
                + (missing.size() > shown ? " and " + (missing.size() - shown) + " more" : "")
                + (missing.size() == 1 ? " is" : " are") + " missing from the locations, accepted by ignore-migration-patterns";
    }

    private boolean ignoresFuture() {
        return config.ignoreFutureMigrations() || ignoresVersioned("future");
    }

    private boolean ignoresMissing() {
        return ignoresVersioned("missing");
    }

    /** Whether an ignore pattern covers versioned migrations in {@code status} (repeatable ones are never missing nor future). */
    private boolean ignoresVersioned(String status) {
        for (String pattern : config.ignoreMigrationPatterns()) {
            int colon = pattern.indexOf(':');
            String type = pattern.substring(0, colon);
            String patternStatus = pattern.substring(colon + 1);
            if (!type.equals("repeatable") && (patternStatus.equals(status) || patternStatus.equals("*"))) {
                return true;
            }
        }
        return false;
    }

    /** Only asked with future migrations accepted: without it, future rows are validation problems. */
    private static String futureWarning(Snapshot snapshot) {
        List<HistoryRow> future = snapshot.future();
        return "The schema is at version " + snapshot.current() + ", newer than every migration of this build: "
                + future.stream().map(HistoryRow::script).collect(java.util.stream.Collectors.joining(", "))
                + (future.size() == 1 ? " was" : " were") + " applied by a newer build (ignoreFutureMigrations)";
    }

    /** Puts the session back as it was before the callbacks, for the pool; a failure is only logged. */
    private static void restoreSession(Engine engine, SessionContext session) {
        if (session == null) {
            return;
        }
        try {
            List<String> changed = session.restore(engine.connection(), true);
            if (!changed.isEmpty()) {
                log.info("The callbacks changed the connection's session ({}); put back as it was before them", String.join(", ", changed));
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not put back the connection's session after the callbacks: {}", e.toString());
        }
    }

    /**
     * The check every application start pays: when the history is there, clean and complete and
     * nothing is pending, the answer is "up to date" without taking the lock or creating anything.
     * Returns null whenever the locked path has anything to decide (no history yet, an empty or dirty
     * history, a validation problem, something pending, a plan to confirm, or any error), so that
     * path stays the only one that writes and the only one that reports problems. A migration another
     * process is running is either not yet visible (its transaction is open, so it shows as pending
     * here) or visible as a RUNNING row (dirty): both lead to the locked path, which waits for it.
     */
    private MigrateResult upToDateWithoutLock(Background<MigrationScanner.ScanResult> scanning, MigrationTarget target,
            String expectedFingerprint) {
        if (expectedFingerprint != null) {
            return null;
        }
        long start = System.nanoTime();
        String current;
        Connection opened;
        try {
            opened = open(true);
        } catch (ConfigurationException | SQLException e) {
            // Not reachable even after the configured retries: the locked path would only try again.
            // A broken file or dependency graph is still the error reported, as when the scan ran first.
            List<String> graph = graphProblems(scanning.join().migrations());
            if (!graph.isEmpty()) {
                throw new ValidationException(graph);
            }
            RuntimeException failure = e instanceof ConfigurationException ce ? ce
                    : new MigrateException(Operation.MIGRATE.tag() + " failed: " + e.getMessage(), e);
            notifyOperation(Operation.MIGRATE, null, null);
            notifyOperation(Operation.MIGRATE, Duration.ofNanos(System.nanoTime() - start), failure);
            throw failure;
        }
        try (Connection c = opened) {
            // No existence check first: without a history table the query fails, and the locked path decides.
            // Except where the driver would log that failure as a warning in the application's log.
            Dialect dialect = Dialects.detect(c);
            HistoryTable history = new HistoryTable(dialect, config.schema(), config.table());
            if (dialect.driverLogsFailedStatements() && !history.exists(c)) {
                return null;
            }
            List<HistoryRow> rows = dialect.withoutWaiting(c, () -> history.readForUpToDateCheck(c));
            if (rows.isEmpty() || rows.stream().anyMatch(r -> r.state().isDirty())) {
                return null;
            }
            List<ResolvedMigration> found = scanning.join().migrations();
            Snapshot snapshot = new Snapshot(found, rows, config.environment());
            if (!new dev.migrate.plan.MigrationGraph(found).validate(found, snapshot::isApplied).isEmpty()) {
                return null; // the dependency graph's problems: the locked path reports them
            }
            if (config.validateOnMigrate() && !problems(snapshot).isEmpty()
                    || !Planner.migrate(snapshot, target, config.outOfOrder(), List::of).isEmpty()) {
                return null;
            }
            current = versionText(snapshot.current());
            logAccepted(snapshot);
        } catch (SQLException | RuntimeException e) {
            log.debug("Checking for pending migrations without the lock did not decide ({}); taking the lock", e.toString());
            return null;
        }
        notifyOperation(Operation.MIGRATE, null, null);
        log.info("Schema is up to date at version {}: nothing to migrate", current == null ? "<none>" : current);
        notifyOperation(Operation.MIGRATE, Duration.ofNanos(System.nanoTime() - start), null);
        return new MigrateResult(0, current, current, List.of(), 0);
    }

    /**
     * Takes interrupted batched data migrations (dirty rows with progress marks) out of the history
     * so they are planned again and their batch loops resume after the last committed batch.
     * Reads the progress table only when the history has a dirty row.
     */
    private static List<HistoryRow> resumeInterrupted(Engine engine, List<HistoryRow> rows, boolean delete) throws SQLException {
        if (rows.stream().noneMatch(r -> r.state().isDirty()) || !engine.progress().exists(engine.connection())) {
            return rows;
        }
        java.util.Set<String> resumable = engine.progress().versions(engine.connection());
        List<HistoryRow> kept = new ArrayList<>();
        for (HistoryRow row : rows) {
            if (row.state().isDirty() && row.version() != null && resumable.contains(row.version())) {
                if (delete) {
                    engine.history().delete(engine.connection(), row.rank());
                    log.info("Resuming interrupted data migration {} from its last committed batch", row.script());
                }
            } else {
                kept.add(row);
            }
        }
        return kept;
    }

    /** See {@link dev.migrate.Migrator#markApplied(String)}. */
    public MigrateResult markApplied(MigrationTarget target, String expectedFingerprint) {
        List<ResolvedMigration> resolved = beforeWrite(Operation.MARK_APPLIED, () -> {
            List<ResolvedMigration> found = scanner().scan(config.locations(), config.javaMigrations(), false);
            checkGraph(found);
            return found;
        });
        // No refusal of a schema with tables and no history: marking everything as applied adopts it on purpose.
        return write(Operation.MARK_APPLIED, request("mark-applied", target), engine -> {
            Snapshot snapshot = new Snapshot(resolved, engine.history().read(engine.connection()), config.environment());
            checkFingerprint(snapshot, expectedFingerprint);
            Adoption adoption = baselineOnMigrate(engine, resolved, snapshot);
            snapshot = adoption.snapshot();
            Engine.checkNotDirty(snapshot, engine.formerHolder());
            List<String> problems = problems(snapshot);
            if (!problems.isEmpty()) {
                throw new ValidationException(problems);
            }
            String from = versionText(snapshot.current());
            List<ResolvedMigration> toMark = Planner.migrate(snapshot, target, config.outOfOrder(),
                    auditTrail(engine.connection(), engine.dialect()));
            engine.startChanges();
            adoption.record(engine);
            if (toMark.isEmpty()) {
                log.info("Nothing to mark as applied: the schema is up to date at version {}", from == null ? "<none>" : from);
                return new MigrateResult(0, from, from, List.of(), 0);
            }
            long start = System.nanoTime();
            int batch = snapshot.lastBatch() + 1;
            engine.markApplied(toMark, snapshot.nextRank(), batch);
            MigrationVersion to = snapshot.current();
            List<StepResult> marked = new ArrayList<>();
            for (ResolvedMigration m : toMark) {
                marked.add(new StepResult(versionText(m.version()), m.description(), m.script(), Direction.UP, 0));
                if (m.version() != null && (to == null || m.version().isNewerThan(to))) {
                    to = m.version();
                }
            }
            log.info("Marked {} migration(s) as applied without running them, in batch {}: {}", toMark.size(), batch,
                    toMark.stream().map(ResolvedMigration::script).collect(java.util.stream.Collectors.joining(", ")));
            return new MigrateResult(batch, from, versionText(to), marked, (System.nanoTime() - start) / 1_000_000);
        });
    }

    /**
     * Refuses a group that cannot be one, before anything is applied: on a database that commits each
     * DDL statement, or with a migration that must run outside a transaction.
     */
    private static void checkGroup(Dialect dialect, List<PreparedStep> steps) {
        if (!dialect.supportsTransactionalDdl()) {
            throw new ConfigurationException("group is on, but " + dialect.name() + " commits each DDL statement by itself, so the"
                    + " migrations of a run cannot be undone together: turn group off (on-failure=rollback-run undoes a failed"
                    + " run with the downs instead)");
        }
        List<String> problems = new ArrayList<>();
        for (PreparedStep step : steps) {
            if (!step.transactional()) {
                String why = step.notes().stream().filter(n -> n.startsWith("runs ")).findFirst().orElse("runs outside a transaction");
                problems.add(step.migration().displayName() + " " + why + ", so it cannot join the group's transaction: turn group"
                        + " off for this run, or apply it in a run of its own (migrate with a target below it first)");
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    /** A failed step in a group: the rollback undid the steps before it too. */
    private static MigrationFailedException groupRolledBack(MigrationFailedException failure, List<PreparedStep> done) {
        String message = failure.getMessage() + "\n  group: the run's transaction was rolled back, so "
                + (done.isEmpty() ? "nothing was applied" : "what ran before it (" + done.stream().map(s -> s.migration().script())
                        .collect(java.util.stream.Collectors.joining(", ")) + ") is undone too: none of the run's migrations is applied");
        MigrationFailedException wrapped = new MigrationFailedException(message, failure.version(), failure.script(), failure.line(),
                failure.getCause());
        for (Throwable suppressed : failure.getSuppressed()) {
            wrapped.addSuppressed(suppressed);
        }
        return wrapped;
    }

    /**
     * A rollback that failed part-way: the error also names the migrations it rolled back before, which stay rolled back,
     * by their scripts as the history does (not by their down files).
     */
    private static MigrationFailedException rolledBackBefore(MigrationFailedException failure, List<PreparedStep> done) {
        String message = failure.getMessage() + "\n  Rolled back before it, and staying so: " + done.stream()
                .map(s -> s.migration().script()).collect(java.util.stream.Collectors.joining(", ")) + ".";
        MigrationFailedException wrapped = new MigrationFailedException(message, failure.version(), failure.script(), failure.line(),
                failure.getCause());
        for (Throwable suppressed : failure.getSuppressed()) {
            wrapped.addSuppressed(suppressed);
        }
        return wrapped;
    }

    /** Undoes what this run applied, newest first, after {@code failure}; returns the exception to throw. */
    private MigrateException undoRun(Engine engine, List<ResolvedMigration> resolved, List<PreparedStep> done, Set<PreparedStep> skipped,
            MigrationFailedException failure) {
        List<String> undone = new ArrayList<>();
        List<String> notUndone = new ArrayList<>();
        Set<String> takenOut = new LinkedHashSet<>();
        List<HistoryRow> rows;
        try {
            rows = engine.history().read(engine.connection());
        } catch (SQLException e) {
            failure.addSuppressed(e);
            return failure;
        }
        engine.undoingFailedRun(failure.script());
        // With the rows this run wrote: a repeatable it applied that depends on a version it undoes is taken out too.
        Snapshot snapshot = new Snapshot(resolved, rows, config.environment());
        List<ResolvedMigration> reversed = new ArrayList<>();
        for (int i = done.size() - 1; i >= 0; i--) {
            reversed.add(done.get(i).migration());
        }
        Set<ResolvedMigration> skippedMigrations = new HashSet<>();
        skipped.forEach(step -> skippedMigrations.add(step.migration()));
        // A version that stays applied stops the undo too: undoing older ones would leave it above versions no longer
        // applied (out of order for the next migrate) and perhaps above one it depends on, which rollback never does.
        String stoppedAt = null;
        int index = 0;
        for (ResolvedMigration m : reversed) {
            index++;
            if (stoppedAt != null) {
                notUndone.add(m.script() + " (not tried: the undo stopped at " + stoppedAt + ")");
                continue;
            }
            if (skippedMigrations.contains(m)) {
                notUndone.add(m.script() + " (recorded by its -- migrate:skip-if without running: it stays recorded as applied)");
                stoppedAt = m.script() + ", which stays applied";
                continue;
            }
            if (m.isRepeatable()) {
                notUndone.add(m.script() + " (repeatable)");
                continue;
            }
            if (!m.isReversible()) {
                notUndone.add(m.script() + " (no down)");
                stoppedAt = m.script() + ", which stays applied";
                continue;
            }
            HistoryRow row = rows.stream().filter(r -> m.version().toString().equals(r.version())).findFirst().orElse(null);
            if (row == null) {
                notUndone.add(m.script() + " (not in the history)");
                continue;
            }
            try {
                Planner.Reversal reversal = Planner.reversalWithRepeatables(snapshot, row, m);
                PreparedStep step = engine.prepareDown(List.of(reversal)).get(0);
                engine.run(step, 0, 0, index, reversed.size());
                undone.add(m.script());
                reversal.repeatables().forEach(r -> takenOut.add(r.script()));
            } catch (RuntimeException e) {
                notUndone.add(m.script() + " (" + e.getMessage().lines().findFirst().orElse("") + ")");
                failure.addSuppressed(e);
                stoppedAt = "the failure before it";
            }
        }
        // A repeatable reached before the version it depends on (the run applied it after) was taken out with that version.
        notUndone.removeIf(entry -> takenOut.stream().anyMatch(script -> entry.equals(script + " (repeatable)")));
        // Where DDL commits at once, the failed migration itself may be half done: its FAILED row says so.
        boolean failedLeftDirty = rows.stream().anyMatch(r -> r.state().isDirty() && r.script().equals(failure.script()));
        String message = failure.getMessage() + "\n  on-failure=rollback-run: undid " + (undone.isEmpty() ? "nothing" : String.join(", ", undone))
                + (takenOut.isEmpty() ? "" : "; took " + String.join(", ", takenOut) + " out of the history (depending on a version"
                        + " it undid), so the next migrate applies " + (takenOut.size() == 1 ? "it" : "them") + " again")
                + (notUndone.isEmpty() ? "" : "; could not undo " + String.join(", ", notUndone))
                + (failedLeftDirty ? "; the failed " + failure.script() + " itself stays marked FAILED and may be partly applied:"
                        + " check the schema, then run 'repair' (or 'rollback')."
                        : notUndone.isEmpty() ? "; the database is back at its version before the run." : ".");
        MigrationFailedException wrapped = new MigrationFailedException(message, failure.version(), failure.script(), failure.line(),
                failure.getCause());
        for (Throwable s : failure.getSuppressed()) {
            wrapped.addSuppressed(s);
        }
        return wrapped;
    }

    public RollbackResult rollback(RollbackRequest request, String expectedFingerprint) {
        List<ResolvedMigration> resolved = beforeWrite(Operation.ROLLBACK, () -> {
            List<ResolvedMigration> found = scanner().scan(config.locations(), config.javaMigrations());
            checkGraph(found);
            return found;
        });
        return write(Operation.ROLLBACK, request(request), engine -> {
            Snapshot snapshot = new Snapshot(resolved, historyIfAny(engine), config.environment());
            checkFingerprint(snapshot, expectedFingerprint);
            String from = versionText(snapshot.current());
            List<Planner.Reversal> reversals = Planner.rollback(snapshot, request, auditTrail(engine.connection(), engine.dialect()));
            List<PreparedStep> steps = engine.prepareDown(reversals);
            engine.warnings().forEach(log::warn);
            engine.startChanges();
            long start = System.nanoTime();
            List<StepResult> done = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                try {
                    done.add(engine.run(steps.get(i), 0, 0, i + 1, steps.size()));
                } catch (MigrationFailedException e) {
                    throw done.isEmpty() ? e : rolledBackBefore(e, steps.subList(0, done.size()));
                }
            }
            List<HistoryRow> after = historyIfAny(engine);
            String to = versionText(new Snapshot(resolved, after, config.environment()).current());
            if (steps.isEmpty()) {
                log.info("Nothing to roll back");
            }
            return new RollbackResult(from, to, done, (System.nanoTime() - start) / 1_000_000, Planner.rollbackNotes(snapshot, reversals));
        });
    }

    /** The history's rows; none where the table does not exist ({@code rollback} and {@code repair} do not make it). */
    private static List<HistoryRow> historyIfAny(Engine engine) throws SQLException {
        return engine.history().exists(engine.connection()) ? engine.history().read(engine.connection()) : List.of();
    }

    public AppliedMigration baseline(MigrationVersion version) {
        if (version == null) {
            throw new ConfigurationException("baseline needs a version, such as 1");
        }
        if (version.toString().length() > MigrationVersion.MAX_LENGTH) {
            throw new ConfigurationException("Baseline version " + version + " is longer than the " + MigrationVersion.MAX_LENGTH
                    + " characters the history table stores: give a shorter version");
        }
        return write(Operation.BASELINE, "baseline version=" + version, auditingFailure(Operation.BASELINE, version.toString(), engine -> {
            List<HistoryRow> rows = engine.history().read(engine.connection());
            if (!rows.isEmpty()) {
                throw new ValidationException(List.of("Cannot baseline: the history table " + engine.history().name() + " already has "
                        + rows.size() + " row(s). Baseline adopts a database no migration has touched"));
            }
            engine.startChanges();
            // The row and its audit row together: a baseline that could not be audited must not stay recorded.
            Connection c = engine.connection();
            c.setAutoCommit(false);
            HistoryRow row;
            try {
                row = recordBaseline(engine, version);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            log.info("Baselined at version {}", version);
            return toApplied(row, false);
        }));
    }

    /**
     * With baselineOnMigrate, a schema that held tables but no history table when this operation created it
     * is adopted at the baseline version (migrate, markApplied): the snapshot to check and plan over, which has
     * the baseline row, and the row itself, written by {@link Adoption#record} only once nothing more can refuse
     * the operation.
     */
    private Adoption baselineOnMigrate(Engine engine, List<ResolvedMigration> resolved, Snapshot snapshot) throws SQLException {
        if (!config.baselineOnMigrate() || !engine.historyCreated()) {
            return new Adoption(snapshot, null, null);
        }
        List<String> found = tablesOfTheApplication(engine.connection(), engine.dialect());
        if (found.isEmpty()) {
            return new Adoption(snapshot, null, null);
        }
        HistoryRow row = baselineRow(engine, MigrationVersion.parse(config.baselineVersion()));
        return new Adoption(new Snapshot(resolved, List.of(row), config.environment()), row, describe(found));
    }

    /** A baseline to record, or none ({@code row} null); {@code found} describes the tables that made it one. */
    private final class Adoption {
        private final Snapshot snapshot;
        private HistoryRow row;
        private final String found;

        Adoption(Snapshot snapshot, HistoryRow row, String found) {
            this.snapshot = snapshot;
            this.row = row;
            this.found = found;
        }

        Snapshot snapshot() {
            return snapshot;
        }

        void record(Engine engine) throws SQLException {
            if (row == null) {
                return;
            }
            recordBaseline(engine, row);
            log.info("The schema holds {} but no migration history: baselined at version {} (baseline-on-migrate); only later"
                    + " migrations count", found, row.version());
            row = null;
        }
    }

    /** The baseline row of an empty history. */
    private HistoryRow baselineRow(Engine engine, MigrationVersion version) {
        return new HistoryRow(1, version.toString(), config.baselineDescription(), MigrationType.BASELINE, BASELINE_MARK, null,
                engine.performedBy(), HistoryTable.now(), 0, MigrationState.SUCCESS, 1, null);
    }

    /** Writes the baseline row (and its audit row) into an empty history. */
    private HistoryRow recordBaseline(Engine engine, MigrationVersion version) throws SQLException {
        return recordBaseline(engine, baselineRow(engine, version));
    }

    private HistoryRow recordBaseline(Engine engine, HistoryRow row) throws SQLException {
        engine.history().insert(engine.connection(), row);
        engine.auditOperation(Operation.BASELINE, row.version(), row.description(), true, row.installedOn(), 0, null);
        return row;
    }

    /**
     * Refuses, before anything is created, to migrate a schema that already holds tables but has no
     * history table: that is more often a wrong URL or schema than a database to adopt, and running
     * every migration from the first over it would at best fail at the first {@code CREATE TABLE} (and
     * on MySQL/MariaDB leave the statements before it committed). With {@code baselineOnMigrate} the
     * locked path records a baseline instead. The schema is listed only when the history table is not
     * there, and the history table is looked for again after the listing: Migrate creates its history
     * table before it runs any migration, so tables another instance's first run made are always seen
     * together with that history table.
     */
    private void refuseUnadoptedSchema(Connection c, Dialect dialect, List<ResolvedMigration> resolved) throws SQLException {
        if (config.baselineOnMigrate()) {
            return;
        }
        List<String> found = unadoptedTables(c, dialect, List.of());
        if (!found.isEmpty()) {
            throw new dev.migrate.NonEmptySchemaException(unadoptedSchemaProblem(c, found, true, resolved), found);
        }
    }

    /**
     * The application's tables when the schema holds some but has no history table (a database made
     * before Migrate, or the wrong one); empty otherwise. {@code history} is the history as read.
     */
    private List<String> unadoptedTables(Connection c, Dialect dialect, List<HistoryRow> history) throws SQLException {
        if (!history.isEmpty() || dialect.tableExists(c, config.schema(), config.table())) {
            return List.of();
        }
        List<String> found = tablesOfTheApplication(c, dialect);
        // Looked for again after the listing: tables another instance's first run made come with its history table.
        return found.isEmpty() || dialect.tableExists(c, config.schema(), config.table()) ? List.of() : found;
    }

    /**
     * @param refused  whether {@code migrate} is refusing it now (rather than status or validate telling it would)
     * @param resolved the migrations found, for what another tool's history says of them
     */
    private String unadoptedSchemaProblem(Connection c, List<String> found, boolean refused, List<ResolvedMigration> resolved) {
        return "The schema already holds " + describe(found) + " but has no migration history (no table " + config.table()
                + "), so every migration would run from the first over them" + (refused ? "; nothing was changed" : "")
                + ". If this is the database you meant, adopt it: run 'baseline' with the last version its schema already matches (migrate baseline --version V,"
                + " Migrator.baseline(\"V\")), or let migrate do that (baselineOnMigrate: migrate.baseline-on-migrate=true with"
                + " migrate.baseline-version=V, --baseline-on-migrate --baseline-version V). Otherwise check the URL and schema:"
                + " Migrate expects an empty schema here" + previousTool(c, found, resolved);
    }

    /**
     * A hint for a schema another migration tool manages: Flyway's current version (its V, U and R
     * files are named as Migrate's are, so baselining there carries on from Flyway), or Liquibase's
     * changelog. Empty when neither history is there or it cannot be read.
     */
    private static String previousTool(Connection c, List<String> found, List<ResolvedMigration> resolved) {
        for (String table : found) {
            if (table.equalsIgnoreCase("flyway_schema_history")) {
                FlywayHistory flyway = flywayHistory(c, table);
                String hint = flyway == null || flyway.version() == null
                        ? ". It holds Flyway's history (" + table + "): to carry on from Flyway, baseline at its current version"
                        : ". It holds Flyway's history (" + table + ") at version " + flyway.version() + ": Migrate reads Flyway's V, U"
                                + " and R file names as they are, so to carry on from Flyway, baseline at " + flyway.version()
                                + " (migrate baseline --version " + flyway.version() + ")";
                if (flyway != null && flyway.version() != null) {
                    // Below the baseline they would never run: Flyway (with outOfOrder) would have applied them, unless
                    // they are below Flyway's own baseline, which it ignores too.
                    MigrationVersion baseline = MigrationVersion.parse(flyway.version());
                    List<String> left = new ArrayList<>();
                    for (ResolvedMigration m : resolved) {
                        if (!m.isRepeatable() && m.version() != null && m.version().compareTo(baseline) <= 0
                                && !flyway.applied().contains(m.version())
                                && (flyway.baseline() == null || m.version().compareTo(flyway.baseline()) > 0)) {
                            left.add(m.script());
                        }
                    }
                    if (!left.isEmpty()) {
                        hint += ". " + String.join(", ", left) + (left.size() == 1 ? " is" : " are") + " not in Flyway's history"
                                + " although below " + flyway.version() + ": a baseline there leaves "
                                + (left.size() == 1 ? "it" : "them") + " out for good, so first apply "
                                + (left.size() == 1 ? "it" : "them") + " with Flyway (outOfOrder) or by hand";
                    }
                }
                if (flyway != null && !flyway.failed().isEmpty()) {
                    hint += ". Flyway's history also holds failed migrations (" + String.join(", ", flyway.failed()) + "), which"
                            + " Flyway would refuse to go past: they may be partly applied, and Migrate runs them again after the"
                            + " baseline, so first undo what they did";
                }
                return hint;
            }
            if (table.equalsIgnoreCase("databasechangelog")) {
                return ". It holds Liquibase's changelog (" + table + "): if your Migrate migrations start after the schema Liquibase"
                        + " made, baseline at 0";
            }
        }
        return "";
    }

    /**
     * What Flyway's history says: its current version, or null when it has applied none, the versions it has
     * applied, its own baseline (null without one), and the scripts of its failed migrations, in the order it wrote them.
     */
    private record FlywayHistory(String version, Set<MigrationVersion> applied, MigrationVersion baseline, List<String> failed) {
    }

    /**
     * Flyway's history, or null when it cannot be read. Its rows are read in the order Flyway wrote them, so that
     * a version it undid later (an {@code UNDO_SQL} row, Flyway Teams) or marked deleted ({@code DELETE}, its
     * repair) no longer counts, unless applied again after that, and a failed migration (a row with
     * {@code success} false, which Flyway leaves where DDL is not transactional) counts as failed until the same
     * version (or repeatable script) succeeds. The columns are found by name ignoring case: Flyway quotes them,
     * so on H2 they are lowercase, where an unquoted name means uppercase.
     */
    private static FlywayHistory flywayHistory(Connection c, String table) {
        try (java.sql.Statement st = c.createStatement()) {
            String quote = c.getMetaData().getIdentifierQuoteString().trim();
            java.util.TreeSet<MigrationVersion> applied = new java.util.TreeSet<>();
            java.util.Map<String, String> failed = new java.util.LinkedHashMap<>();
            MigrationVersion baseline = null;
            try (java.sql.ResultSet rs = st.executeQuery("SELECT * FROM " + quote + table + quote)) {
                java.sql.ResultSetMetaData meta = rs.getMetaData();
                java.util.Map<String, Integer> columns = new java.util.HashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.put(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), i);
                }
                for (String name : List.of("installed_rank", "version", "type", "script", "success")) {
                    if (!columns.containsKey(name)) {
                        log.debug("Flyway's history {} has no column {}", table, name);
                        return null;
                    }
                }
                record Row(int rank, String version, String type, String script, boolean success) {
                }
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new Row(rs.getInt(columns.get("installed_rank")), rs.getString(columns.get("version")),
                            rs.getString(columns.get("type")), rs.getString(columns.get("script")),
                            rs.getBoolean(columns.get("success"))));
                }
                rows.sort(java.util.Comparator.comparingInt(Row::rank));
                for (Row row : rows) {
                    if (row.type() == null || row.type().equals("SCHEMA") || row.type().equals("TABLE")) {
                        continue;
                    }
                    MigrationVersion version = row.version() == null ? null : parsedOrNull(row.version());
                    String key = row.version() != null ? "V" + row.version() : "R" + row.script();
                    if (row.type().startsWith("UNDO") || row.type().equals("DELETE")) {
                        if (row.success()) {
                            failed.remove(key);
                            if (version != null) {
                                applied.remove(version);
                            }
                        }
                    } else if (!row.success()) {
                        failed.put(key, row.script());
                    } else {
                        failed.remove(key);
                        if (version != null) {
                            applied.add(version);
                        }
                        if (version != null && row.type().equals("BASELINE") && (baseline == null || version.compareTo(baseline) > 0)) {
                            baseline = version;
                        }
                    }
                }
            }
            return new FlywayHistory(applied.isEmpty() ? null : applied.last().toString(), Set.copyOf(applied), baseline,
                    List.copyOf(failed.values()));
        } catch (SQLException e) {
            log.debug("Could not read Flyway's history {}: {}", table, e.toString());
            return null;
        }
    }

    /** A version Migrate reads, or null for one it would not (left out of the hint). */
    private static MigrationVersion parsedOrNull(String version) {
        try {
            return MigrationVersion.parse(version);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The tables and views in the connection's schema and in Migrate's schema, when that is another one,
     * other than Migrate's own tables: what tells an empty schema from a database created without Migrate.
     */
    private List<String> tablesOfTheApplication(Connection c, Dialect dialect) throws SQLException {
        java.util.Set<String> ours = new java.util.HashSet<>();
        for (String name : List.of(config.table(), config.auditTable(), config.lockTable(), config.progressTable())) {
            ours.add(name.toLowerCase(java.util.Locale.ROOT));
        }
        java.util.Set<String> found = new java.util.LinkedHashSet<>();
        for (String name : dialect.tablesAndViews(c, null)) {
            if (!ours.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                found.add(name);
            }
        }
        if (config.schema() != null) {
            for (String name : dialect.tablesAndViews(c, config.schema())) {
                if (!ours.contains(name.toLowerCase(java.util.Locale.ROOT)) && !found.contains(name)) {
                    found.add(config.schema() + "." + name);
                }
            }
        }
        List<String> sorted = new ArrayList<>(found);
        sorted.sort(String.CASE_INSENSITIVE_ORDER);
        return sorted;
    }

    /** "the table or view books", "12 tables or views (a, b, c, d, e and 7 more)". */
    private static String describe(List<String> tables) {
        if (tables.size() == 1) {
            return "the table or view " + tables.get(0);
        }
        int shown = Math.min(tables.size(), 5);
        return tables.size() + " tables or views (" + String.join(", ", tables.subList(0, shown))
                + (tables.size() > shown ? " and " + (tables.size() - shown) + " more" : "") + ")";
    }

    public RepairResult repair() {
        MigrationScanner.ScanResult scan = beforeWrite(Operation.REPAIR, () -> {
            MigrationScanner.ScanResult found = scanner().scanAll(config.locations(), config.javaMigrations());
            if (!found.problems().isEmpty()) {
                throw new ValidationException(found.problems());
            }
            return found;
        });
        return write(Operation.REPAIR, "repair", auditingFailure(Operation.REPAIR, null, engine -> {
            Instant on = HistoryTable.now();
            long start = System.nanoTime();
            Connection c = engine.connection();
            Snapshot snapshot = new Snapshot(scan.migrations(), historyIfAny(engine), config.environment());
            List<String> removedDirty = new ArrayList<>();
            List<String> realigned = new ArrayList<>();
            List<String> removedMissing = new ArrayList<>();
            boolean noVersionedMigration = scan.migrations().stream().allMatch(ResolvedMigration::isRepeatable);
            boolean noJavaMigration = scan.migrations().stream()
                    .noneMatch(m -> m.type() == MigrationType.JAVA || m.type() == MigrationType.DSL);
            List<HistoryRow> kept = new ArrayList<>(ignoresFuture() ? snapshot.future() : List.of());
            kept.addAll(ignoresMissing() ? snapshot.missing() : List.of());
            for (String warning : ignoredWarnings(snapshot)) {
                log.warn("{}: repair keeps their rows", warning);
            }
            c.setAutoCommit(false);
            try {
                for (HistoryRow row : snapshot.rows()) {
                    if (row.state().isDirty()) {
                        if (row.rollbackStoppedPartWay()) {
                            log.warn("Repair: {} (version {}) was partly rolled back ({}); it now counts as not applied, and the next"
                                    + " migrate applies it again: that is right only if its rollback was finished by hand. If what"
                                    + " its down did was undone instead, run 'mark-applied --target {}'", row.script(), row.version(),
                                    row.partWayRollback(), row.version());
                        }
                        engine.history().delete(c, row.rank());
                        removedDirty.add(row.script());
                        continue;
                    }
                    if (row.type() == MigrationType.BASELINE) {
                        continue;
                    }
                    ResolvedMigration m = snapshot.resolvedFor(row);
                    if (m == null && kept.contains(row)) {
                        continue;
                    }
                    if (m == null) {
                        if (row.version() != null && !scan.missingLocations().isEmpty()) {
                            throw new ConfigurationException(String.join("; ", scan.missingLocationWarnings()) + ". Applied migration "
                                    + row.script() + " (version " + row.version() + ") looks missing, and repair would remove its"
                                    + " history row: fix the locations and run repair again. Nothing was changed");
                        }
                        if (row.version() != null && noVersionedMigration) {
                            // A wrong or empty folder: removing every row would make the next migrate run everything again.
                            throw new ConfigurationException("No versioned migration was found in " + String.join(", ", config.locations())
                                    + ", so repair would remove every applied migration from the history (" + row.script()
                                    + ", version " + row.version() + ", first): check the locations and run repair again. Nothing was"
                                    + " changed. If the files were deleted on purpose, keep their rows with ignoreMigrationPatterns"
                                    + " *:missing (migrate.ignore-migration-patterns)");
                        }
                        if (row.version() != null && noJavaMigration && Snapshot.isClass(row)) {
                            // The CLI run as java -jar sees none of the application's classes: every Java row looks deleted.
                            throw new ConfigurationException("No Java migration was found in " + String.join(", ", config.locations())
                                    + ", so repair would remove the applied Java migration " + row.script() + " (version "
                                    + row.version() + ") from the history, and the next migrate would run it again: "
                                    + Snapshot.CLASS_NOT_FOUND + ", and run repair again. Nothing was changed. If the Java"
                                    + " migrations were deleted on purpose, keep their rows with ignoreMigrationPatterns *:missing"
                                    + " (migrate.ignore-migration-patterns)");
                        }
                        if (row.version() != null) {
                            engine.history().delete(c, row.rank());
                            removedMissing.add(row.script());
                        }
                        continue;
                    }
                    if (row.version() != null && (!java.util.Objects.equals(row.checksum(), m.checksum())
                            || !row.description().equals(HistoryTable.truncate(m.description(), MigratorConfig.MAX_DESCRIPTION_LENGTH))
                            || !row.script().equals(HistoryTable.truncate(m.script(), 1000)) || row.type() != m.type())) {
                        // A renamed or moved file, a script turned into a Java migration: the row names what is there now.
                        engine.history().realign(c, row.rank(), m.checksum(), m.description(), m.script(), m.type());
                        realigned.add(row.script().equals(m.script()) ? row.script() : row.script() + " (now " + m.script() + ")");
                    }
                }
                String details = "removed dirty: " + removedDirty + "; realigned: " + realigned + "; removed missing: " + removedMissing;
                engine.auditOperation(Operation.REPAIR, null, null, true, on, (System.nanoTime() - start) / 1_000_000, details);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            log.info("Repair: removed dirty {}, realigned {}, removed missing {}", removedDirty, realigned, removedMissing);
            return new RepairResult(removedDirty, realigned, removedMissing);
        }));
    }

    public List<String> clean() {
        // Refused before the lock and Migrate's tables are made there; the dialect's clean checks again under the lock.
        BeforeCreate notTheDatabasesOwn = (c, dialect) -> {
            List<String> named = new ArrayList<>(config.schemas());
            named.add(config.schema());
            named.add(config.defaultSchema() != null ? config.defaultSchema() : c.getSchema() != null ? c.getSchema() : c.getCatalog());
            dialect.refuseCleanOfSystemSchemas(named);
        };
        return write(Operation.CLEAN, "clean", notTheDatabasesOwn, auditingFailure(Operation.CLEAN, null, engine -> {
            Instant on = HistoryTable.now();
            long start = System.nanoTime();
            // The schema the migrations ran in (the default schema, else the connection's: null), Migrate's, and the schemas list.
            Connection c = engine.connection();
            List<String> schemas = new ArrayList<>();
            schemas.add(config.defaultSchema());
            if (config.schema() != null) {
                schemas.add(config.schema());
            }
            schemas.addAll(config.schemas());
            List<String> dropped = engine.dialect().clean(c, schemas, config.schema(), config.lockTable());
            // The audit trail is dropped with everything else; the clean itself starts the new one.
            engine.audit().createIfMissing(engine.connection());
            engine.auditOperation(Operation.CLEAN, null, null, true, on, (System.nanoTime() - start) / 1_000_000,
                    "dropped " + dropped.size() + " object(s): " + String.join(", ", dropped));
            log.warn("Clean dropped {} object(s) from the schema", dropped.size());
            return dropped;
        }));
    }

    // ---------------------------------------------------------------- reading operations

    public StatusResult status() {
        Background<MigrationScanner.ScanResult> scanning = scanAllInBackground();
        return readWhile(scanning, (c, dialect, read) -> {
            MigrationScanner.ScanResult scan = scanning.join();
            RunningCheck running = checkRunning(c, dialect, read);
            List<HistoryRow> history = running.rows();
            LockStatus lock = running.lock();
            Snapshot snapshot = new Snapshot(scan.migrations(), history, config.environment());
            List<AppliedMigration> applied = new ArrayList<>();
            List<AppliedMigration> failed = new ArrayList<>();
            List<AppliedMigration> inProgress = new ArrayList<>();
            for (HistoryRow row : snapshot.rows()) {
                AppliedMigration a = toApplied(row, Engine.reversible(snapshot, row));
                applied.add(a);
                if (row.state() == MigrationState.RUNNING && lock != null && lock.held()) {
                    inProgress.add(a);
                } else if (row.state().isDirty()) {
                    failed.add(a);
                }
            }
            List<String> found = unadoptedTables(c, dialect, history);
            // A schema baseline-on-migrate will adopt: what migrate would apply comes after the baseline it records first.
            MigrationVersion baseline = !found.isEmpty() && config.baselineOnMigrate() ? MigrationVersion.parse(config.baselineVersion())
                    : null;
            List<PendingMigration> pending = snapshot.pending().stream()
                    .filter(m -> baseline == null || m.isRepeatable() || m.version().isNewerThan(baseline))
                    .map(m -> new PendingMigration(versionText(m.version()), m.description(), m.type(), m.script())).toList();
            List<String> problems = new ArrayList<>(scan.problems());
            if (!found.isEmpty() && baseline == null) {
                problems.add(unadoptedSchemaProblem(c, found, false, scan.migrations()));
            }
            problems.addAll(problems(snapshot));
            if (!config.outOfOrder() && !snapshot.outOfOrder().isEmpty()) {
                Set<MigrationVersion> rolledBack = Planner.rolledBackVersions(auditTrail(c, dialect).get());
                for (ResolvedMigration m : snapshot.outOfOrder()) {
                    problems.add(Planner.outOfOrderProblem(snapshot, m, m.script(), rolledBack.contains(m.version())));
                }
            }
            return new StatusResult(config.environment(), versionText(snapshot.current()), snapshot.lastBatch(), applied, pending,
                    failed, problems, snapshot.notHere().stream().map(Operations::withEnvironments).toList(), inProgress, lock,
                    snapshot.future().stream().map(row -> toApplied(row, Engine.reversible(snapshot, row))).toList());
        });
    }

    /** The history {@code status} reports, and the lock as read when it holds a RUNNING row (null otherwise). */
    private record RunningCheck(List<HistoryRow> rows, LockStatus lock) {
    }

    /**
     * Tells a RUNNING row that a live process is applying from one left by a process that died: the live one holds the
     * migration lock from before it writes the row until after it marks it done. The lock is read after the history, so a
     * migration that ends in between leaves its row RUNNING in the history read and the lock free; the history is then
     * read again, and a row RUNNING in both reads, with the lock free in between, has no process running it. A row that
     * changed in between means migrations moved on: everything is read again (three times at most, then reported as read).
     */
    private RunningCheck checkRunning(Connection c, Dialect dialect, List<HistoryRow> rows) throws SQLException {
        HistoryTable table = new HistoryTable(dialect, config.schema(), config.table());
        for (int attempt = 1; ; attempt++) {
            Set<Integer> running = runningRanks(rows);
            if (running.isEmpty()) {
                return new RunningCheck(rows, null);
            }
            LockStatus lock = probeLock(c, dialect);
            if (lock.state() != LockStatus.State.FREE || attempt == 3) {
                return new RunningCheck(rows, lock);
            }
            List<HistoryRow> again = table.read(c);
            if (runningRanks(again).containsAll(running)) {
                return new RunningCheck(rows, lock);
            }
            rows = again;
        }
    }

    private static Set<Integer> runningRanks(List<HistoryRow> rows) {
        Set<Integer> ranks = new HashSet<>();
        for (HistoryRow row : rows) {
            if (row.state() == MigrationState.RUNNING) {
                ranks.add(row.rank());
            }
        }
        return ranks;
    }

    /** Who holds the migration lock now, read on {@code c} without taking it; unknown when the lock cannot be read. */
    private LockStatus probeLock(Connection c, Dialect dialect) {
        try {
            return dialect.withoutWaiting(c, () -> Engine.lockFor(c, null, dialect, config).probe());
        } catch (SQLException | RuntimeException e) {
            log.debug("Could not read the migration lock: {}", e.toString());
            return LockStatus.unknown();
        }
    }

    /** {@code Migrator.lockStatus()}. */
    public LockStatus lockStatus() {
        try (Connection c = open()) {
            return probeLock(c, Dialects.detect(c));
        } catch (SQLException e) {
            throw new MigrateException("Could not read the migration lock: " + e.getMessage(), e);
        }
    }

    public ValidationResult validate() {
        // Its warnings list a missing location; the scanner's log line would say it a second time.
        Background<MigrationScanner.ScanResult> scanning = scanAllInBackground(scanner().withoutMissingLocationLog());
        return readWhile(scanning, (c, dialect, history) -> {
            MigrationScanner.ScanResult scan = scanning.join();
            Snapshot snapshot = new Snapshot(scan.migrations(), history, config.environment());
            List<String> errors = new ArrayList<>(scan.problems());
            // With fail-on-missing-locations, a missing location is among the scan's problems instead.
            List<String> warnings = new ArrayList<>(config.failOnMissingLocations() ? List.of() : scan.missingLocationWarnings());
            List<String> found = unadoptedTables(c, dialect, history);
            if (!found.isEmpty() && config.baselineOnMigrate()) {
                warnings.add("The schema holds " + describe(found) + " but no migration history: migrate will record a baseline at"
                        + " version " + config.baselineVersion() + " (baseline-on-migrate)");
            } else if (!found.isEmpty()) {
                errors.add(unadoptedSchemaProblem(c, found, false, scan.migrations()));
            }
            errors.addAll(problems(snapshot));
            warnings.addAll(ignoredWarnings(snapshot));
            for (HistoryRow row : snapshot.dirty()) {
                errors.add("Migration " + row.script() + " is " + row.state() + (row.error() != null ? " (" + row.error() + ")" : "")
                        + (row.rollbackStoppedPartWay() ? ": finish its rollback by hand, or undo what its down did, then run 'repair'"
                                + " ('rollback' refuses to run a down that stopped part-way again)"
                                : row.version() != null ? ": run 'repair' or 'rollback'" : ": run 'repair' (a repeatable migration has no down)"));
            }
            if (!config.outOfOrder() && !snapshot.outOfOrder().isEmpty()) {
                Set<MigrationVersion> rolledBack = Planner.rolledBackVersions(auditTrail(c, dialect).get());
                for (ResolvedMigration m : snapshot.outOfOrder()) {
                    errors.add(Planner.outOfOrderProblem(snapshot, m, m.location(), rolledBack.contains(m.version())));
                }
            }
            checkFiles(scan, snapshot, new Engine(c, dialect, config, null, null, null), errors, warnings);
            for (ResolvedMigration m : snapshot.pending()) {
                if (!m.isRepeatable() && !m.isReversible()) {
                    warnings.add(m.displayName() + " is irreversible (" + Planner.irreversibleReason(m)
                            + "): once applied it cannot be rolled back");
                }
            }
            return new ValidationResult(errors, warnings);
        });
    }

    /**
     * The checks of {@link #validate} that need the files only, for {@code dialect}, without a database:
     * names, duplicates, dependencies, directives, scripts and downs that cannot be split, callbacks,
     * placeholders without a value, environment names. Nothing is connected to.
     */
    public ValidationResult validateFiles(Dialect dialect) {
        MigrationScanner.ScanResult scan = scanner().withoutMissingLocationLog().scanAll(config.locations(), config.javaMigrations());
        Snapshot snapshot = new Snapshot(scan.migrations(), List.of(), config.environment());
        List<String> errors = new ArrayList<>(scan.problems());
        List<String> warnings = new ArrayList<>(config.failOnMissingLocations() ? List.of() : scan.missingLocationWarnings());
        errors.addAll(problems(snapshot));
        checkFiles(scan, snapshot, new Engine(null, dialect, config, null, null, null), errors, warnings);
        return new ValidationResult(errors, warnings);
    }

    /** What {@link #validate} and {@link #validateFiles} both check: the scripts as {@code engine}'s dialect splits them. */
    private void checkFiles(MigrationScanner.ScanResult scan, Snapshot snapshot, Engine engine, List<String> errors,
            List<String> warnings) {
        String unknownEnvironments = unknownEnvironmentsWarning(snapshot);
        if (unknownEnvironments != null) {
            warnings.add(unknownEnvironments);
        }
        try {
            engine.prepareUp(snapshot.pending());
        } catch (ValidationException e) {
            errors.addAll(e.problems());
        }
        errors.addAll(engine.checkDowns(scan.migrations()));
        errors.addAll(engine.checkCallbacks(scan.callbacks()));
        warnings.addAll(engine.warnings());
        for (ResolvedMigration m : scan.migrations()) {
            for (MigrationBody body : new MigrationBody[] {m.up(), m.down()}) {
                if (body instanceof MigrationBody.Sql sql && sql.placeholderReplacement()) {
                    unresolvedPlaceholders(sql.source(), sql.text(), sql.firstLine(), warnings);
                }
            }
        }
        for (SqlCallback callback : scan.callbacks()) {
            if (callback.placeholderReplacement()) {
                unresolvedPlaceholders("Callback " + callback.source(), callback.text(), 1, warnings);
            }
        }
    }

    /**
     * Warns about each placeholder {@code text} uses that has no value, naming the line of its first use: any name while
     * placeholders are configured, otherwise only a {@code migrate:} or {@code flyway:} name that is no built-in one (a
     * misspelt {@code ${flyway:defaultschema}}), which is plainly meant as a placeholder.
     */
    private void unresolvedPlaceholders(String what, String text, int firstLine, List<String> warnings) {
        for (String name : Placeholders.unresolved(text, config.placeholders(), config)) {
            if (Engine.isBuiltInPlaceholder(name)) {
                continue;
            }
            boolean builtInPrefix = name.regionMatches(true, 0, "migrate:", 0, 8) || name.regionMatches(true, 0, "flyway:", 0, 7);
            if (config.placeholders().isEmpty() && !builtInPrefix) {
                continue;
            }
            String written = config.placeholderPrefix() + name + config.placeholderSuffix();
            int at = text.indexOf(written);
            int line = firstLine;
            for (int i = 0; i < at; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            String meant = Engine.builtInPlaceholderIgnoringCase(name);
            warnings.add(what + " line " + line + " uses " + written + (meant != null
                    ? ", which is no built-in placeholder (names are case-sensitive: " + config.placeholderPrefix() + meant
                            + config.placeholderSuffix() + "?)"
                    : builtInPrefix ? ", which is no built-in placeholder and has no configured value"
                    : ", which has no configured value") + ": it is left as written");
        }
    }

    public Plan planMigrate(MigrationTarget target) {
        return planMigrate(target, false);
    }

    /**
     * @param asMarkApplied plan what {@code markApplied} would record: a schema with tables and no history is
     *                      not refused, since marking adopts it; with baselineOnMigrate it is planned over the
     *                      baseline markApplied records first, as migrate does
     */
    public Plan planMigrate(MigrationTarget target, boolean asMarkApplied) {
        MigrationScanner.ScanResult scan = scanner().scanForMigrate(config.locations(), config.javaMigrations(), true);
        List<ResolvedMigration> resolved = scan.migrations();
        return read((c, dialect, history) -> {
            Engine engine = new Engine(c, dialect, config, null, null, null);
            Snapshot snapshot = new Snapshot(resolved, resumeInterrupted(engine, history, false), config.environment());
            String fingerprint = snapshot.fingerprint();
            List<String> warnings = new ArrayList<>();
            List<String> found = asMarkApplied && !config.baselineOnMigrate() ? List.of() : unadoptedTables(c, dialect, history);
            if (!found.isEmpty() && config.baselineOnMigrate()) {
                // Planned as migrate will run it: over a baseline row, which the plan's fingerprint does not include.
                snapshot = new Snapshot(resolved, List.of(new HistoryRow(1, MigrationVersion.parse(config.baselineVersion()).toString(),
                        config.baselineDescription(), MigrationType.BASELINE, BASELINE_MARK, null, null, null, 0, MigrationState.SUCCESS, 1, null)),
                        config.environment());
                warnings.add("The schema holds " + describe(found) + " but no migration history: migrate will first record a"
                        + " baseline at version " + config.baselineVersion() + " (baseline-on-migrate), and the migrations up to it"
                        + " will not run");
            } else if (!found.isEmpty()) {
                throw new dev.migrate.NonEmptySchemaException(unadoptedSchemaProblem(c, found, false, resolved), found);
            }
            if (!snapshot.dirty().isEmpty()) {
                // Not taken, only asked how a process that left a RUNNING row may still run.
                Engine.checkNotDirty(snapshot, Engine.lockFor(c, null, dialect, config).formerHolder());
            }
            List<String> problems = problems(snapshot);
            if (config.validateOnMigrate() && !problems.isEmpty()) {
                throw new ValidationException(problems);
            }
            if (asMarkApplied) {
                // What mark-applied records does not depend on the tables nor the time: its plan, made again after a
                // plan --sql script ran, must show the same steps.
                engine.prepareTimeless();
            }
            List<PreparedStep> steps = engine.prepareUp(Planner.migrate(snapshot, target, config.outOfOrder(), auditTrail(c, dialect)));
            warnings.addAll(engine.warnings());
            for (PreparedStep s : steps) {
                if (!s.migration().isRepeatable() && !s.migration().isReversible()) {
                    warnings.add(s.migration().displayName() + " is irreversible (" + Planner.irreversibleReason(s.migration())
                            + "): once applied it cannot be rolled back");
                }
            }
            List<String> notes = new ArrayList<>();
            String notHere = notHere(snapshot);
            if (notHere != null) {
                notes.add(notHere);
            }
            if (config.group() && !steps.isEmpty()) {
                try {
                    checkGroup(dialect, steps);
                    notes.add("group: the " + steps.size() + " steps run in one transaction, all of them or none");
                } catch (MigrateException e) {
                    warnings.add("migrate will refuse this plan: " + e.getMessage());
                }
            }
            List<Plan.Callback> callbacks = new ArrayList<>();
            if (!steps.isEmpty()) {
                // migrate refuses a callback that cannot run before its first migration: so does its plan.
                List<String> callbackProblems = engine.checkCallbacks(scan.callbacks());
                if (!callbackProblems.isEmpty()) {
                    throw new ValidationException(callbackProblems);
                }
                for (SqlCallback callback : scan.callbacks()) {
                    notes.add("Callback " + callback.source() + " runs " + when(callback.event()));
                }
                for (MigrationCallback callback : config.callbacks()) {
                    for (MigrationCallback.Event event : MigrationCallback.Event.values()) {
                        if (callback.supports(event)) {
                            notes.add("Callback " + callback.name() + " (Java) runs " + when(event));
                        }
                    }
                }
                for (MigrationCallback.Event event : MigrationCallback.Event.values()) {
                    for (SqlCallback callback : scan.callbacks(event)) {
                        callbacks.add(engine.planCallback(callback));
                    }
                    for (MigrationCallback callback : config.callbacks()) {
                        if (callback.supports(event)) {
                            callbacks.add(new Plan.Callback(event, callback.name(), true,
                                    !event.eachMigration() && dialect.supportsTransactionalDdl(), List.of()));
                        }
                    }
                }
            }
            return new Plan(Operation.MIGRATE, steps.stream().map(step -> step.toPlanStep(dialect.supportsTransactionalDdl())).toList(),
                    fingerprint, warnings, notes, callbacks);
        });
    }

    public Plan planRollback(RollbackRequest request) {
        List<ResolvedMigration> resolved = scanner().scan(config.locations(), config.javaMigrations());
        return read((c, dialect, history) -> {
            Snapshot snapshot = new Snapshot(resolved, history, config.environment());
            Engine engine = new Engine(c, dialect, config, null, null, null);
            List<Planner.Reversal> reversals = Planner.rollback(snapshot, request, auditTrail(c, dialect));
            List<PreparedStep> steps = engine.prepareDown(reversals);
            List<String> warnings = new ArrayList<>(engine.warnings());
            if (request instanceof RollbackRequest.Steps asked && !steps.isEmpty() && asked.count() > steps.size()) {
                warnings.add(asked.count() + " steps were asked for but only " + steps.size() + " applied migration"
                        + (steps.size() == 1 ? " is" : "s are") + " left to roll back: the plan rolls back all of "
                        + (steps.size() == 1 ? "it" : "them"));
            }
            return new Plan(Operation.ROLLBACK, steps.stream().map(step -> step.toPlanStep(dialect.supportsTransactionalDdl())).toList(),
                    snapshot.fingerprint(), warnings,
                    Planner.rollbackNotes(snapshot, reversals));
        });
    }

    /** The audit trail, oldest first, read on first use only: empty while the table does not exist. */
    private Supplier<List<AuditEntry>> auditTrail(Connection c, Dialect dialect) {
        AuditLog audit = new AuditLog(dialect, config.schema(), config.auditTable());
        List<List<AuditEntry>> read = new ArrayList<>(1);
        return () -> {
            if (read.isEmpty()) {
                try {
                    read.add(audit.exists(c) ? audit.read(c, 0) : List.of());
                } catch (SQLException e) {
                    throw new MigrateException("Could not read the audit table " + audit.name() + ": " + e.getMessage(), e);
                }
            }
            return read.get(0);
        };
    }

    /**
     * Appends a {@link AuditEntry#REFUSED} row for a write refused before it started; see {@code Migrator.recordRefusal}.
     * Neither takes nor waits for the lock, nor makes the audit table; logs instead of throwing.
     */
    public boolean recordRefusal(Operation operation, String request, String reason) {
        Instant on = HistoryTable.now();
        try (Connection c = connect(false)) {
            Dialect dialect = Dialects.detect(c);
            AuditLog audit = new AuditLog(dialect, config.schema(), config.auditTable());
            return dialect.withoutWaiting(c, () -> {
                if (!audit.exists(c)) {
                    log.warn("Refused {} ({}) not recorded: the audit table {} does not exist yet, and is not made only to record"
                            + " a refusal. Reason: {}", operation.tag(), request, audit.name(), reason);
                    return false;
                }
                String who = performedBy != null ? performedBy : Engine.defaultUser(c, config);
                audit.record(c, operation.name(), null, request, null, AuditEntry.REFUSED, who, config.environment(), on, 0, reason);
                if (!c.getAutoCommit()) {
                    c.commit();
                }
                return true;
            });
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not record the refused {} ({}) in the audit table {}: {}. Reason it was refused: {}", operation.tag(),
                    request, config.auditTable(), e.toString(), reason);
            return false;
        }
    }

    public List<AuditEntry> history(int limit) {
        return read((c, dialect, rows) -> {
            AuditLog audit = new AuditLog(dialect, config.schema(), config.auditTable());
            if (!audit.exists(c)) {
                return List.of();
            }
            return audit.read(c, limit);
        });
    }

    /**
     * One migration: the versioned one of {@code version} where there is one, else the repeatable one that
     * {@code name} names (its script, or its description); see {@code Migrator.describe}.
     *
     * @param version    {@code name} read as a version, or null where it is not one
     * @param notVersion why {@code name} is not a version, where it is not
     * @throws ConfigurationException before connecting, when {@code name} is neither a version, nor a repeatable
     *                                migration's script name, nor the script or description of one in the locations
     */
    public Optional<MigrationDetails> describe(MigrationVersion version, String name, String notVersion) {
        MigrationScanner.ScanResult scan = scanner().scanAll(config.locations(), config.javaMigrations());
        if (version == null && !repeatableScriptName(name)
                && scan.migrations().stream().noneMatch(m -> m.isRepeatable() && names(name, m.script(), m.description()))) {
            throw new ConfigurationException("Invalid version: " + notVersion + "; nor is it the script or description of a repeatable"
                    + " migration in the locations (such as R__book_titles.sql or book titles)");
        }
        return read((c, dialect, history) -> {
            Snapshot snapshot = new Snapshot(scan.migrations(), history, config.environment());
            Optional<MigrationDetails> versioned = version == null ? Optional.empty() : describe(version, snapshot, history, c, dialect);
            return versioned.isPresent() ? versioned : describeRepeatable(name, snapshot, history, c, dialect);
        });
    }

    /**
     * A repeatable migration named by its script ({@code R__book_titles.sql}, {@code views/R__x.sql}) or its
     * description ({@code book titles}, {@code book_titles}, in any case), found as a file or, where the file is
     * gone, in the history. The history row is its last run's.
     */
    private Optional<MigrationDetails> describeRepeatable(String name, Snapshot snapshot, List<HistoryRow> history, Connection c,
            Dialect dialect) throws SQLException {
        ResolvedMigration m = snapshot.resolved().stream().filter(r -> r.isRepeatable() && names(name, r.script(), r.description()))
                .findFirst().orElse(null);
        String description = m != null ? m.description() : history.stream()
                .filter(r -> r.version() == null && names(name, r.script(), r.description())).map(HistoryRow::description)
                .reduce((first, last) -> last).orElse(null);
        if (description == null) {
            return Optional.empty();
        }
        HistoryRow last = history.stream().filter(r -> r.version() == null && r.description().equals(description))
                .reduce((first, later) -> later).orElse(null);
        List<PlanStep.PlannedStatement> up = m == null ? List.of()
                : new Engine(c, dialect, config, null, null, null).prepareUp(List.of(m)).get(0).toPlanStep().statements();
        List<String> dependsOn = m == null ? List.of() : m.dependsOn().stream().map(MigrationVersion::toString).toList();
        return Optional.of(new MigrationDetails(null, description, m != null ? m.type() : last.type(),
                m != null ? m.script() : last.script(), m != null ? m.checksum() : last.checksum(),
                last == null ? null : toApplied(last, false), m != null && snapshot.pending().contains(m), false, dependsOn, up,
                List.of()));
    }

    /** Whether {@code name} is the script ({@code views/R__x.sql} or {@code R__x.sql}) or the description of a repeatable migration. */
    private static boolean names(String name, String script, String description) {
        if (name.equals(script) || script != null && script.endsWith("/" + name)) {
            return true;
        }
        return description != null && (name.equalsIgnoreCase(description) || name.replace('_', ' ').equalsIgnoreCase(description));
    }

    private Optional<MigrationDetails> describe(MigrationVersion version, Snapshot snapshot, List<HistoryRow> history, Connection c,
            Dialect dialect) throws SQLException {
        HistoryRow row = snapshot.applied(version);
        ResolvedMigration m = snapshot.graph().get(version);
        if (row == null && m == null) {
            return Optional.empty();
        }
        Engine engine = new Engine(c, dialect, config, null, null, null);
        List<PlanStep.PlannedStatement> up = List.of();
        List<PlanStep.PlannedStatement> down = List.of();
        if (m != null) {
            up = engine.prepareUp(List.of(m)).get(0).toPlanStep().statements();
            if (m.down() != null) {
                HistoryRow any = row != null ? row : new HistoryRow(0, version.toString(), m.description(), m.type(), m.script(),
                        m.checksum(), null, null, 0, MigrationState.SUCCESS, 0, null);
                down = engine.prepareDown(List.of(new Planner.Reversal(any, m))).get(0).toPlanStep().statements();
            }
        }
        List<String> dependsOn = m == null ? List.of() : m.dependsOn().stream().map(MigrationVersion::toString).toList();
        // A baseline row stands for every version up to its own: those count as applied and cannot be rolled back.
        HistoryRow baseline = row != null && row.type() == MigrationType.BASELINE ? row
                : row != null ? null : history.stream().filter(r -> r.type() == MigrationType.BASELINE && r.version() != null
                        && !version.isNewerThan(r.parsedVersion())).findFirst().orElse(null);
        if (baseline != null) {
            return Optional.of(new MigrationDetails(version.toString(), m != null ? m.description() : baseline.description(),
                    MigrationType.BASELINE, m != null ? m.script() : baseline.script(), null, toApplied(baseline, false), false, false,
                    dependsOn, up, down));
        }
        AppliedMigration applied = row == null ? null : toApplied(row, Engine.reversible(snapshot, row));
        return Optional.of(new MigrationDetails(version.toString(), m != null ? m.description() : row.description(),
                m != null ? m.type() : row.type(), m != null ? m.script() : row.script(), m != null ? m.checksum() : row.checksum(),
                applied, row == null, m != null && m.isReversible(), dependsOn, up, down));
    }

    // ---------------------------------------------------------------- plumbing

    /** Work done under the lock with an engine. */
    @FunctionalInterface
    private interface Locked<T> {
        T run(Engine engine) throws SQLException;
    }

    /**
     * A check before Migrate creates its tables; throws to refuse. It runs before the lock is taken, so
     * that a refusal leaves nothing behind (where it cannot read, as when a SQLite migration holds the
     * file, it is put off), and again under the lock while the history table does not exist yet.
     */
    private interface BeforeCreate {
        void check(Connection c, Dialect dialect) throws SQLException;
    }

    /** Work done on a connection without the lock. */
    @FunctionalInterface
    private interface Reading<T> {
        T run(Connection c, Dialect dialect, List<HistoryRow> history) throws SQLException;
    }

    /** How often a writing operation starts again after its connection died while it waited for the lock. */
    private static final int RECONNECTS = 3;

    /**
     * {@code work}, with any failure recorded as a FAILURE row of {@code operation} with its error (baseline, repair
     * and clean, whose work writes one row for the whole operation). A refusal ({@link #isRefusal}) is left to
     * {@link #write}, which records it as a REFUSED row. The row is written after the work's transaction is rolled
     * back, so it stays; see {@link Engine#auditOperationFailure}.
     *
     * @param version the version the operation names (baseline), or null
     */
    private static <T> Locked<T> auditingFailure(Operation operation, String version, Locked<T> work) {
        return engine -> {
            Instant on = HistoryTable.now();
            long start = System.nanoTime();
            try {
                return work.run(engine);
            } catch (SQLException | RuntimeException | Error e) {
                if (isRefusal(e, engine)) {
                    throw e; // a REFUSED row, written by write()
                }
                String error = e instanceof SQLException ? operation.tag() + " failed: " + e.getMessage() : e.getMessage() != null
                        ? e.getMessage() : e.toString();
                engine.auditOperationFailure(operation, version, on, (System.nanoTime() - start) / 1_000_000, error);
                throw e;
            }
        };
    }

    /**
     * Runs {@code work} under the lock on a connection of its own, Migrate's tables made first. A refusal of the
     * operation after it connected ({@link #isRefusal}) is recorded as a REFUSED row, {@code request} as its description
     * and the refusal's message as its details, where the audit table already existed; the refusal itself is thrown
     * unchanged.
     *
     * @param request what was asked in the canonical text form of the Actuator endpoint ({@code rollback steps=2})
     */
    private <T> T write(Operation operation, String request, Locked<T> work) {
        return write(operation, request, null, work);
    }

    /** {@link #write(Operation, String, Locked)} with a check before the lock is taken and anything created ({@link BeforeCreate}). */
    private <T> T write(Operation operation, String request, BeforeCreate beforeCreate, Locked<T> work) {
        long start = System.nanoTime();
        notifyOperation(operation, null, null);
        Throwable failure = null;
        Cancellation cancellation = new Cancellation();
        if (running != null) {
            running.add(cancellation);
        }
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return writeOnce(operation, request, beforeCreate, work, attempt > 1, cancellation);
                } catch (dev.migrate.lock.ConnectionLostException e) {
                    // Lost before the lock was had, so nothing ran: start again on a new connection.
                    if (attempt > RECONNECTS) {
                        throw e;
                    }
                    log.warn("{}; connecting again ({} of {})", e.getMessage(), attempt, RECONNECTS);
                    try {
                        if (cancellation.pause(500L * attempt)) {
                            throw dev.migrate.lock.Locks.cancelledWaiting(cancellation, null);
                        }
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            failure = e;
            throw new MigrateException(operation.tag() + " failed: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            if (running != null) {
                running.remove(cancellation);
            }
            notifyOperation(operation, Duration.ofNanos(System.nanoTime() - start), failure);
        }
    }

    /**
     * Whether {@code operation} makes the history table where it is missing. {@code rollback} and {@code repair} have
     * nothing to do without one, and making it would turn a schema that holds tables but no history (a wrong URL, a
     * database to adopt) into one Migrate manages: the next {@code migrate} would run every migration over it instead
     * of refusing, and {@code baselineOnMigrate} would no longer adopt it.
     */
    private static boolean makesHistory(Operation operation) {
        return operation != Operation.ROLLBACK && operation != Operation.REPAIR;
    }

    private <T> T writeOnce(Operation operation, String request, BeforeCreate beforeCreate, Locked<T> work, boolean reconnecting,
            Cancellation cancellation) throws SQLException {
        Connection opened;
        try {
            opened = open(!reconnecting, true);
        } catch (ConfigurationException e) {
            if (reconnecting) {
                // The server (or the H2 process serving the file) may still be changing hands.
                throw new dev.migrate.lock.ConnectionLostException(e.getMessage(), e);
            }
            throw e;
        }
        Instant startedOn = HistoryTable.now();
        long start = System.nanoTime();
        try (Connection c = opened) {
            Dialect dialect = Dialects.detect(c);
            String user = performedBy != null ? performedBy : Engine.defaultUser(c, config);
            HistoryTable history = new HistoryTable(dialect, config.schema(), config.table());
            AuditLog audit = new AuditLog(dialect, config.schema(), config.auditTable());
            Engine engine = new Engine(c, dialect, config, history, audit, user);
            if (beforeCreate != null) {
                try {
                    dialect.withoutWaiting(c, () -> {
                        beforeCreate.check(c, dialect);
                        return null;
                    });
                } catch (SQLException e) {
                    log.debug("Could not check the schema before taking the lock ({}); checking under the lock", e.toString());
                } catch (RuntimeException e) {
                    if (isRefusal(e, engine)) {
                        // Without the lock, as recordRefusal: nothing is made for it, and SQLite's busy writer is not waited for.
                        recordRefusalWithoutLock(c, dialect, audit, operation, request, user, startedOn, elapsedMs(start), e);
                    }
                    throw e;
                }
            }
            if (config.schema() != null) {
                dialect.createSchemaIfMissing(c, config.schema());
            }
            DatabaseLock lock = Engine.lockFor(c, dataSource, dialect, config);
            engine.useLock(lock);
            engine.useCancellation(cancellation);
            return lock.withLock(config.lockTimeout(), cancellation, () -> {
                boolean created = !history.exists(c);
                boolean auditExisted = audit.exists(c);
                boolean auditMade = false;
                // Whether a refusal now would be the operation's: not where making Migrate's tables or schemas failed.
                boolean checking = false;
                try {
                    if (created && beforeCreate != null) {
                        checking = true;
                        beforeCreate.check(c, dialect);
                        checking = false;
                    }
                    engine.historyCreated(created && makesHistory(operation));
                    if (created && makesHistory(operation)) {
                        history.createIfMissing(c);
                    }
                    audit.createIfMissing(c);
                    auditMade = !auditExisted;
                    if (!dialect.name().equals("SQLite")) {
                        // SQLite has no rights to check, and its writer lock is the lock row's.
                        if (!engine.historyCreated() && history.exists(c)) {
                            history.refuseUnwritable(c, true);
                            history.convertToUtf8mb4(c);
                        }
                        if (!auditMade) {
                            audit.refuseUnwritable(c, false);
                            audit.convertToUtf8mb4(c);
                        }
                    }
                    createManagedSchemas(c, dialect);
                    checking = true;
                    return work.run(engine);
                } catch (SQLException | RuntimeException | Error e) {
                    if (engine.historyCreated() || auditMade) {
                        dropCreatedTables(c, engine.historyCreated() ? history : null, auditMade ? audit : null, lock);
                    }
                    // A refusal is recorded where the trail was there before it: the table is not made only for this.
                    if (checking && auditExisted && isRefusal(e, engine)) {
                        engine.auditRefusal(operation, request, startedOn, elapsedMs(start), e.getMessage());
                    }
                    throw e;
                }
            });
        }
    }

    /**
     * Drops the history and audit tables a failed or refused operation made when they are still empty (the operation
     * was refused before it recorded anything, or its only migration was rolled back): an empty history table makes the
     * schema look managed, so a schema that held tables would no longer be refused as one to adopt, nor adopted by
     * baselineOnMigrate, and the next migrate would run every migration from the first over its tables; and a run
     * refused before it changed anything leaves none of Migrate's tables behind that it made (the lock table of H2 and
     * SQLite excepted). Only while this process still holds the lock: a lease lock is confirmed in the transaction that
     * drops the tables, and a process whose lease was taken over leaves them to the new holder.
     *
     * @param history the history table to drop if empty, or null
     * @param audit   the audit table to drop if empty, or null
     */
    private static void dropCreatedTables(Connection c, HistoryTable history, AuditLog audit, DatabaseLock lock) {
        try {
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                c.setAutoCommit(false);
            } else {
                c.rollback();
            }
            try {
                lock.confirmUntilCommit(c);
                boolean droppedHistory = history != null && history.dropIfEmpty(c);
                boolean droppedAudit = audit != null && audit.dropIfEmpty(c);
                c.commit();
                if (droppedHistory || droppedAudit) {
                    log.debug("Dropped the {} this failed operation made, as it recorded nothing", droppedHistory && droppedAudit
                            ? "tables " + history.name() + " and " + audit.name() : droppedHistory ? "table " + history.name()
                            : "table " + audit.name());
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                if (autoCommit) {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("Left the tables this failed operation made: {}", e.toString());
        }
    }

    /**
     * Whether {@code failure} is a refusal of the operation, not a failure: thrown by its checks before it changed
     * anything (validation, a dirty history, a stale plan, an irreversible or unknown migration, a setting that does not
     * fit the database), so that nothing ran. A failure to connect, to get the lock or to read is none.
     */
    private static boolean isRefusal(Throwable failure, Engine engine) {
        if (engine.changesStarted()) {
            return false;
        }
        return failure instanceof ValidationException || failure instanceof dev.migrate.DirtyDatabaseException
                || failure instanceof StalePlanException || failure instanceof dev.migrate.IrreversibleMigrationException
                || failure instanceof dev.migrate.SchemaStateException
                || failure instanceof ConfigurationException && !(failure instanceof ConnectionFailedException);
    }

    /**
     * The REFUSED row of a refusal before the lock ({@link BeforeCreate}), on the operation's connection, as
     * {@link #recordRefusal}: only where the audit table exists, without waiting for SQLite's busy writer, and never
     * thrown; a failure to record is added to the refusal as suppressed, so the caller still sees the refusal.
     */
    private void recordRefusalWithoutLock(Connection c, Dialect dialect, AuditLog audit, Operation operation, String request,
            String user, Instant startedOn, long ms, RuntimeException refusal) {
        try {
            if (c.isReadOnly()) {
                return;
            }
            dialect.withoutWaiting(c, () -> {
                if (audit.exists(c)) {
                    audit.record(c, operation.name(), null, request, null, AuditEntry.REFUSED, user, config.environment(), startedOn,
                            ms, refusal.getMessage());
                    if (!c.getAutoCommit()) {
                        c.commit();
                    }
                }
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not record the refused {} ({}) in the audit table {}: {}", operation.tag(), request, audit.name(),
                    e.toString());
        }
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The request of a {@code migrate} or {@code markApplied}: {@code migrate}, {@code migrate target=3}. */
    private static String request(String operation, MigrationTarget target) {
        return target == null || target instanceof MigrationTarget.Latest ? operation : operation + " target=" + target;
    }

    /** The request of a {@code rollback}: {@code rollback last}, {@code rollback steps=2}, {@code rollback target=4}... */
    private static String request(RollbackRequest request) {
        if (request instanceof RollbackRequest.Only only) {
            return "rollback only=" + only.version();
        }
        if (request instanceof RollbackRequest.Steps steps) {
            return "rollback steps=" + steps.count();
        }
        if (request instanceof RollbackRequest.ToVersion to) {
            return "rollback target=" + to.version();
        }
        return request instanceof RollbackRequest.LastBatch ? "rollback batch" : request instanceof RollbackRequest.Base
                ? "rollback all" : "rollback last";
    }

    /** The {@code schemas} beside the default one and Migrate's, created when missing (under the lock: PostgreSQL's IF NOT EXISTS races). */
    private void createManagedSchemas(Connection c, Dialect dialect) {
        for (String schema : config.schemas()) {
            // The same schema as the database names it: App and app are two databases on MariaDB, one schema on PostgreSQL.
            if (sameSchema(dialect, schema, config.defaultSchema()) || sameSchema(dialect, schema, config.schema())) {
                continue;
            }
            try {
                dialect.createSchemaIfMissing(c, schema);
            } catch (SQLException e) {
                throw new ConfigurationException("Could not create schema '" + schema + "' (schemas): " + e.getMessage()
                        + ". Check that the user may create it, or create it first", e);
            }
        }
    }

    private static boolean sameSchema(Dialect dialect, String schema, String other) {
        return other != null && dialect.sqlName(schema).equals(dialect.sqlName(other));
    }

    private <T> T read(Reading<T> work) {
        try (Connection c = open()) {
            Dialect dialect = Dialects.detect(c);
            HistoryTable history = new HistoryTable(dialect, config.schema(), config.table());
            List<HistoryRow> rows = history.exists(c) ? history.read(c) : List.of();
            return work.run(c, dialect, rows);
        } catch (SQLException e) {
            throw new MigrateException("Could not read the migration history: " + e.getMessage(), e);
        }
    }

    /** Starts scanning every location on another thread (see {@link Background}). */
    private Background<MigrationScanner.ScanResult> scanAllInBackground() {
        return scanAllInBackground(scanner());
    }

    private Background<MigrationScanner.ScanResult> scanAllInBackground(MigrationScanner scanner) {
        return Background.start("migrate-scan", () -> scanner.scanAll(config.locations(), config.javaMigrations()));
    }

    /**
     * {@link #read} while {@code scanning} runs. When both fail, the scan's error is the one thrown,
     * as it was when the scan ran first: a broken migration file is reported even with the database down.
     */
    private <T> T readWhile(Background<?> scanning, Reading<T> work) {
        try {
            return read(work);
        } catch (RuntimeException e) {
            scanning.join(); // throws the scan's exception, if it failed
            throw e;
        }
    }

    private Connection open() throws SQLException {
        return open(false);
    }

    /**
     * A connection in auto-commit. With {@code retry}, a database that cannot be reached yet is tried
     * again up to {@link MigratorConfig#connectRetries()} times, waiting 1 s, 2 s, 4 s... at most
     * {@link MigratorConfig#connectRetriesInterval()}.
     */
    private Connection open(boolean retry) throws SQLException {
        return open(retry, false);
    }

    /**
     * {@link #open(boolean)}, with the init SQL run on it, then in the configured default schema when
     * there is one: {@code create} makes it where it is missing (writing operations); otherwise a missing
     * one is left (nothing of Migrate's is there to read) and the connection stays in its own. Closing
     * the connection puts both back.
     */
    private Connection open(boolean retry, boolean create) throws SQLException {
        Connection c = connect(retry);
        if (create) {
            c = writable(c);
            Dialect.PutBack leftovers = leftovers(c);
            if (leftovers != null) {
                c = RestoredOnClose.wrap(c, leftovers);
            }
        }
        if (config.defaultSchema() == null && config.initSql().isEmpty()) {
            return c;
        }
        try {
            Dialect dialect = Dialects.detect(c);
            List<Dialect.PutBack> putBack = new ArrayList<>();
            if (!config.initSql().isEmpty()) {
                SessionContext before = dialect.sessionContext(c);
                for (String sql : config.initSql()) {
                    try {
                        dev.migrate.dialect.Sql.execute(c, sql);
                    } catch (SQLException e) {
                        throw new ConfigurationException("init-sql statement '" + sql + "' failed: " + sentence(e.getMessage())
                                + " Correct it or remove it from the init-sql setting", e);
                    }
                }
                putBack.add(connection -> before.restore(connection, true));
            }
            if (config.defaultSchema() != null) {
                try {
                    if (create) {
                        dialect.createSchemaIfMissing(c, config.defaultSchema());
                    }
                    Dialect.PutBack own = dialect.useSchema(c, config.defaultSchema());
                    if (own != null) {
                        putBack.add(0, own);
                    }
                } catch (SQLException e) {
                    throw new ConfigurationException("Could not make default-schema '" + config.defaultSchema() + "' the connection's"
                            + " current schema: " + sentence(e.getMessage()) + " Check that the user may create and use it", e);
                }
            }
            return putBack.isEmpty() ? c : RestoredOnClose.wrap(c, connection -> {
                for (Dialect.PutBack each : putBack) {
                    each.putBack(connection);
                }
            });
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * For SQLite's driver failing to load its native library, where it says only "Error opening connection": it first
     * unpacks the library into a temporary folder, so on a machine or container whose temporary folder is missing or
     * read-only (Kubernetes' readOnlyRootFilesystem without a writable /tmp) no SQLite database opens. Empty for every
     * other failure.
     */
    private static String nativeLibraryHint(SQLException e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getClass().getName().equals("org.sqlite.NativeLibraryNotFoundException")
                    || t instanceof UnsatisfiedLinkError && String.valueOf(t.getMessage()).contains("sqlite")) {
                // Where the driver unpacks it: read for this message only, as the driver reads it.
                String folder = System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir"));
                return " SQLite's driver could not load its native library, which it unpacks into a temporary folder first: "
                        + folder + " (the system property org.sqlite.tmpdir, else java.io.tmpdir) must exist and be writable."
                        + " Give the JVM one that is: java -Dorg.sqlite.tmpdir=/a/writable/folder ... (for the CLI, or where"
                        + " the command line cannot change, JAVA_TOOL_OPTIONS=-Dorg.sqlite.tmpdir=/a/writable/folder).";
            }
        }
        return "";
    }

    /** H2's error code for a database file another process holds ("Database may be already in use"). */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    /**
     * For H2's "Database may be already in use": another process has the file. For SQLite's "unable to open database file": which file, and what keeps it from opening (SQLite makes the file but
     * not the folders above it), so the message need not be read against the URL. Empty for every other failure.
     */
    private String fileHint(SQLException e) {
        if (e.getErrorCode() == H2_DATABASE_ALREADY_OPEN || String.valueOf(e.getMessage()).contains("Database may be already in use")) {
            return " Another process has the H2 database file open, and an H2 file takes one process at a time unless each"
                    + " opens it with ;AUTO_SERVER=TRUE in its URL (or through an H2 server, jdbc:h2:tcp://). Stop that process"
                    + " (the application, an H2 console), or add ;AUTO_SERVER=TRUE to the URLs of both.";
        }
        if (!String.valueOf(e.getMessage()).contains("SQLITE_CANTOPEN")) {
            return "";
        }
        String file = null;
        if (dataSource instanceof DriverDataSource driver && driver.url().startsWith("jdbc:sqlite:")) {
            String path = driver.url().substring("jdbc:sqlite:".length());
            path = path.startsWith("file:") ? path.substring("file:".length()) : path;
            int query = path.indexOf('?');
            path = query >= 0 ? path.substring(0, query) : path;
            if (!path.isEmpty() && !path.equals(":memory:")) {
                file = path;
            }
        }
        if (file == null) {
            return " SQLite could not open the database file: create the folder it is in (SQLite makes the file, not its"
                    + " folders) and check that the process may read and write the file and that folder.";
        }
        java.nio.file.Path absolute;
        try {
            absolute = java.nio.file.Path.of(file).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException invalid) {
            return " SQLite could not open the database file " + file + ".";
        }
        java.nio.file.Path folder = absolute.getParent();
        if (folder != null && !java.nio.file.Files.isDirectory(folder)) {
            return " SQLite could not open the database file " + absolute + ": the folder " + folder + " does not exist, and SQLite"
                    + " makes the file but not its folders. Create the folder, or correct the path.";
        }
        return " SQLite could not open the database file " + absolute + ": check that the process may read and write it and"
                + " its folder " + folder + ".";
    }

    private Connection connect(boolean retry) throws SQLException {
        Connection c;
        int retries = retry ? config.connectRetries() : 0;
        long start = System.nanoTime();
        long waitMs = 1000;
        for (int attempt = 1; ; attempt++) {
            try {
                c = dataSource.getConnection();
                break;
            } catch (SQLException e) {
                if (attempt > retries || !mayConnectLater(e)) {
                    String tried = attempt == 1 ? "" : " (" + attempt + " tries in " + Duration.ofNanos(System.nanoTime() - start).toSeconds()
                            + " s)";
                    String fileHint = nativeLibraryHint(e) + fileHint(e);
                    throw new ConnectionFailedException("Could not connect to the database" + tried + ": " + sentence(e.getMessage())
                            + (!fileHint.isEmpty() ? fileHint : " Check the URL, user and password" + (retries == 0 && retry
                            && mayConnectLater(e) ? ", or let Migrate wait for a database that is still starting with connect-retries"
                            + " (migrate.connect-retries, --connect-retries)" : "")), e, mayConnectLater(e));
                }
                long wait = Math.min(waitMs, config.connectRetriesInterval().toMillis());
                log.warn("Could not connect to the database ({}); trying again in {} s ({} of {} retries)", e.getMessage(),
                        wait / 1000, attempt, retries);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ConfigurationException("Interrupted while waiting to connect to the database: " + e.getMessage(), e);
                }
                waitMs = Math.min(waitMs * 2, config.connectRetriesInterval().toMillis());
            }
        }
        try {
            if (!c.getAutoCommit()) {
                // A pool configured without auto-commit (HikariCP's autoCommit=false) gets the connection back so; not
                // every pool sets it again itself.
                c.setAutoCommit(true);
                return RestoredOnClose.wrap(c, connection -> connection.setAutoCommit(false));
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** {@link Dialect#leftovers} of {@code c}'s database; closes {@code c} on a failure. */
    private static Dialect.PutBack leftovers(Connection c) throws SQLException {
        try {
            return Dialects.detect(c).leftovers(c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * {@code c} with the driver's read-only flag off, for a writing operation, and set again when it is closed: a pool
     * configured read-only (HikariCP's {@code readOnly=true}) hands out connections on which PostgreSQL's driver opens
     * every transaction {@code READ ONLY} and MariaDB's refuses every write, so each migration failed as if its script
     * were wrong ("cannot execute CREATE TABLE in a read-only transaction"), or the history table could not be made.
     * A connection the driver cannot make writable (SQLite's opened read-only) is refused, naming the flag.
     */
    private static Connection writable(Connection c) throws SQLException {
        try {
            if (!c.isReadOnly()) {
                return c;
            }
            try {
                c.setReadOnly(false);
            } catch (SQLException e) {
                throw new ConfigurationException("The DataSource hands out read-only connections (Connection.isReadOnly()), and the"
                        + " driver would not make this one writable: " + sentence(e.getMessage()) + " A writing operation needs a"
                        + " connection that may write: give Migrate a DataSource that is not read-only (a pool's readOnly setting,"
                        + " SQLite's open mode), or a DataSource of its own", e);
            }
            log.debug("The connection was handed out read-only; writing with the flag off, set again when it is given back");
            return RestoredOnClose.wrap(c, connection -> connection.setReadOnly(true));
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * A driver's message as one sentence ending in a period, for a message that goes on after it: PostgreSQL's
     * ends with one already ("... accepting TCP/IP connections."), H2's and MariaDB's do not.
     */
    static String sentence(String message) {
        String text = message == null ? "no message from the driver" : message.strip();
        return text.endsWith(".") ? text : text + ".";
    }

    /**
     * Whether a failure to connect may pass by itself: the server cannot be reached or is starting
     * (SQL state class 08, PostgreSQL's 57P03 "starting up", H2's 90067 "connection broken", a transient
     * or recoverable exception, or no state at all). A refused login (class 28) or an unknown database
     * will not.
     */
    static boolean mayConnectLater(SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.startsWith("28")) {
            return false;
        }
        return state == null || state.startsWith("08") || state.equals("57P03") || state.equals("90067")
                || e instanceof java.sql.SQLTransientException || e instanceof java.sql.SQLRecoverableException;
    }

    /**
     * The checks of a writing operation that come before {@link #write} (scanning the migrations, the dependency graph):
     * when they refuse it, the listeners are told of the operation and its failure as when {@code write} fails, so that a
     * run refused by a broken file counts as a failed run for them too.
     */
    private <T> T beforeWrite(Operation operation, java.util.function.Supplier<T> checks) {
        long start = System.nanoTime();
        try {
            return checks.get();
        } catch (RuntimeException | Error e) {
            notifyOperation(operation, null, null);
            notifyOperation(operation, Duration.ofNanos(System.nanoTime() - start), e);
            throw e;
        }
    }

    private void notifyOperation(Operation operation, Duration took, Throwable failure) {
        Listeners.tell(config.listeners(), l -> {
            if (took == null) {
                l.operationStarted(operation);
            } else {
                l.operationFinished(operation, took, failure);
            }
        });
    }

    /**
     * Refuses cycles and dependencies on later versions before the lock is taken or any table created;
     * unknown dependencies are checked against the history later (a baseline may cover them). When the
     * graph is refused here anyway, the history is read (without waiting for a lock) to name the
     * unknown dependencies in the same error, so that one run lists every problem of the graph.
     */
    /** The dependency graph's problems that the files alone show (every unknown dependency taken as applied). */
    private static List<String> graphProblems(List<ResolvedMigration> resolved) {
        return new dev.migrate.plan.MigrationGraph(resolved).validate(resolved, v -> true);
    }

    private void checkGraph(List<ResolvedMigration> resolved) {
        List<String> problems = graphProblems(resolved);
        if (problems.isEmpty()) {
            return;
        }
        dev.migrate.plan.MigrationGraph graph = new dev.migrate.plan.MigrationGraph(resolved);
        try (Connection c = open()) {
            Dialect dialect = Dialects.detect(c);
            HistoryTable history = new HistoryTable(dialect, config.schema(), config.table());
            List<HistoryRow> rows = dialect.withoutWaiting(c, () -> history.exists(c) ? history.readForUpToDateCheck(c) : List.of());
            problems = graph.validate(resolved, new Snapshot(resolved, rows, config.environment())::isApplied);
        } catch (SQLException | RuntimeException e) {
            log.debug("Could not read the history to check unknown dependencies too ({}); reporting the graph's other problems", e.toString());
        }
        throw new ValidationException(problems);
    }

    private static void checkFingerprint(Snapshot snapshot, String expected) {
        if (expected != null && !expected.equals(snapshot.fingerprint())) {
            throw new StalePlanException(expected, snapshot.fingerprint());
        }
    }

    private MigrationScanner scanner() {
        ClassLoader loader = config.classLoader();
        if (loader == null) {
            loader = Thread.currentThread().getContextClassLoader();
        }
        if (loader == null) {
            loader = Operations.class.getClassLoader();
        }
        // A repeatable runs again when a configured value it uses changes (Flyway's rule); built-in values, known only
        // once connected (and the timestamp, new at every run), are left out.
        return new MigrationScanner(loader).failOnMissingLocations(config.failOnMissingLocations()).encoding(config.encoding())
                .naming(naming()).repeatableChecksumText(text -> Placeholders.replace(text, config.placeholders(), config));
    }

    private MigrationNaming naming() {
        return new MigrationNaming(config.sqlMigrationPrefix(), config.undoSqlMigrationPrefix(),
                config.repeatableSqlMigrationPrefix(), config.sqlMigrationSeparator(), config.sqlMigrationSuffixes());
    }

    /** Whether {@code name}'s last part is named as a repeatable migration's script ({@code R__book_titles.sql}). */
    private boolean repeatableScriptName(String name) {
        String fileName = name.substring(name.lastIndexOf('/') + 1);
        try {
            MigrationFileName parsed = MigrationFileName.parse(fileName, naming());
            return parsed != null && parsed.kind() == MigrationFileName.Kind.REPEATABLE;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static String versionText(MigrationVersion v) {
        return v == null ? null : v.toString();
    }

    static AppliedMigration toApplied(HistoryRow row, boolean reversible) {
        return new AppliedMigration(row.rank(), row.version(), row.description(), row.type(), row.script(), row.checksum(),
                row.state(), row.batch(), row.installedBy(), row.installedOn(), row.executionTimeMs(), reversible, row.error());
    }
}
