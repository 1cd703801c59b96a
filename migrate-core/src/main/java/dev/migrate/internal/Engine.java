package dev.migrate.internal;

import dev.migrate.CallbackContext;
import dev.migrate.CallbackFailedException;
import dev.migrate.Direction;
import dev.migrate.DirtyDatabaseException;
import dev.migrate.GroupRolledBackException;
import dev.migrate.MigrateException;
import dev.migrate.SchemaStateException;
import dev.migrate.MigrationCallback;
import dev.migrate.MigrationEvent;
import dev.migrate.MigrationFailedException;
import dev.migrate.MigrationListener;
import dev.migrate.MigrationState;
import dev.migrate.MigrationType;
import dev.migrate.MigratorConfig;
import dev.migrate.SchemaOperationFailedException;
import dev.migrate.Operation;
import dev.migrate.OperationCancelledException;
import dev.migrate.Plan;
import dev.migrate.PlanStep;
import dev.migrate.StepResult;
import dev.migrate.ValidationException;
import dev.migrate.dialect.Dialect;
import dev.migrate.dialect.SessionContext;
import dev.migrate.discovery.MigrationBody;
import dev.migrate.discovery.ResolvedMigration;
import dev.migrate.history.AuditLog;
import dev.migrate.history.HistoryRow;
import dev.migrate.history.HistoryTable;
import dev.migrate.history.ProgressTable;
import dev.migrate.lock.Cancellation;
import dev.migrate.lock.DatabaseLock;
import dev.migrate.lock.LockLostException;
import dev.migrate.schema.DslMigration;
import dev.migrate.plan.Planner;
import dev.migrate.plan.Snapshot;
import dev.migrate.sql.SqlSplitter;
import dev.migrate.sql.SqlStatement;
import dev.migrate.sql.SqlSyntaxException;
import dev.migrate.sql.SqlWarning;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs migration steps on one connection: prepares them (split, placeholders, transaction mode),
 * executes each in its own transaction where the database allows it, keeps the history row's
 * state explicit (RUNNING before a non-transactional step, SUCCESS after, FAILED on failure), and
 * appends every step to the audit table. One instance serves one operation.
 */
public final class Engine {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    /** How the error of a history row whose down failed starts. */
    private static final String ROLLBACK_FAILED = "rollback failed: ";
    /** Ends the error of a FAILED row whose script stopped part-way, before what of it ran and stays done. */
    private static final String UP_PART_WAY = "; ran before it and stays: ";

    private final Connection connection;
    private final Dialect dialect;
    private final MigratorConfig config;
    private final HistoryTable history;
    private final AuditLog audit;
    private final ProgressTable progress;
    private final String performedBy;
    private DatabaseLock lock;
    /** What {@code Migrator.cancel} sets, read before, during and after each statement ({@link #useCancellation}). */
    private Cancellation cancellation = new Cancellation();
    private boolean historyCreated;
    /** Set once the operation's checks passed and it starts to change the database: a refusal after that is a failure. */
    private boolean changing;
    /** Inside {@link #beginGroup()}: steps join one transaction that {@link #commitGroup()} ends. */
    private boolean grouped;
    /**
     * The group's steps done so far, told to the listeners once the group ends: as finished when it commits,
     * as failed when it is rolled back (metrics must not count a step the group's rollback undid).
     */
    private final List<GroupedStep> groupedSteps = new ArrayList<>();

    private record GroupedStep(MigrationEvent event, Duration took) {
    }
    /** Whether the step that just ran used a batch loop, whose progress marks go once it succeeds. */
    private boolean batchesUsed;
    /**
     * The tables (lower case) that the steps prepared so far change, so that a DSL migration's plan reads
     * from the database only tables no earlier step touches; null once a step may have changed anything
     * (a SQL script, Java code, a DSL {@code sql(...)}).
     */
    private Set<String> changedByEarlierSteps = new HashSet<>();
    /** The connection's session before the first step, put back after each ({@link Dialect#sessionContext}). */
    private SessionContext sessionContext;
    /** {@link #connection} as migration and callback code gets it ({@link #connectionForCode()}). */
    private Connection forCode;
    /** The {@code beforeEachMigrate}/{@code afterEachMigrate} callbacks, split ({@link #useEachMigrationCallbacks}). */
    private List<EachCallback> beforeEach = List.of();
    private List<EachCallback> afterEach = List.of();
    /** The migration {@link #run} is applying, for the Java each-migration callbacks. */
    private MigrationEvent running;
    /** Why the step {@link #run} is running was skipped ({@code -- migrate:skip-if}), for its audit row; null when it ran. */
    private String skipped;
    /** For the downs of {@code on-failure=rollback-run}, what their audit rows add ({@link #undoingFailedRun}); else null. */
    private String automaticUndo;
    /** Whether an each-migration callback may change a session setting, which is then put back after every step. */
    private boolean eachChangesSettings;
    /** Whether an each-migration callback may release a session lock ({@link #mayReleaseLock}). */
    private boolean eachMayReleaseLock;
    /**
     * Whether something other than Migrate's own statements may have released a session lock
     * ({@link DatabaseLock#heldBySession}) since it was last confirmed: true until the first confirmation, then set
     * before a step, callback or Java code that may release it runs ({@link #mayReleaseLock}).
     */
    private boolean lockMayBeReleased = true;
    /** The built-in placeholders but the file name, read once ({@link #placeholders}). */
    private java.util.Map<String, String> builtInPlaceholders;
    /** The splitter for this connection's session, made at the first split ({@link #splitter()}). */
    private SqlSplitter splitter;
    /** Whether the steps are prepared from the migrations alone: not from the tables, nor with the time ({@link #prepareTimeless}). */
    private boolean timeless;
    /** What the scripts split so far hold that the database reads silently ({@link #warnings()}), once each. */
    private final Set<String> warnings = new java.util.LinkedHashSet<>();

    public Engine(Connection connection, Dialect dialect, MigratorConfig config, HistoryTable history, AuditLog audit,
            String performedBy) {
        this.connection = connection;
        this.dialect = dialect;
        this.config = config;
        this.history = history;
        this.audit = audit;
        this.progress = new ProgressTable(dialect, config.schema(), config.progressTable());
        this.performedBy = performedBy;
        if (connection == null) {
            // Checking files without a database: nothing can be read from one.
            changedByEarlierSteps = null;
        }
    }

    /**
     * The splitter for the scripts this engine runs: for the connection's session (MySQL's sql_mode), asked once,
     * at the first split, before any script ran; the dialect's own without a connection.
     */
    private SqlSplitter splitter() {
        if (splitter == null) {
            if (connection == null) {
                splitter = dialect.splitter();
            } else {
                try {
                    splitter = dialect.splitter(connection);
                } catch (SQLException e) {
                    log.warn("Could not read the session settings that decide how scripts are split ({}); splitting them as"
                            + " the database does by default", e.toString());
                    splitter = dialect.splitter();
                }
            }
        }
        return splitter;
    }

    /**
     * Prepares the steps from here on from the migrations alone, for a plan that must be the same when made again
     * later, after the tables changed ({@code planMarkApplied}, against which a {@code plan --sql} script's id is
     * checked once the script ran): a DSL operation's SQL that reads the table shows as a comment, and
     * {@code ${migrate:timestamp}} as written.
     */
    public void prepareTimeless() {
        timeless = true;
        changedByEarlierSteps = null;
    }

    /**
     * What the scripts prepared or checked so far hold that the database reads without an error but that their
     * authors should know about (a SQLite block comment never closed, which hides the rest of its script), each
     * naming the file and its line, in the order found. {@code validate} and plans list them as warnings;
     * {@code migrate} and {@code rollback} log them before running anything.
     */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * The placeholder values for the script {@code fileName}: the configured ones, and the built-in
     * {@code migrate:schema}, {@code migrate:user}, {@code migrate:database}, {@code migrate:timestamp},
     * {@code migrate:filename}, {@code migrate:table}, {@code migrate:environment} and {@code migrate:workingDirectory}, also under Flyway's
     * {@code flyway:} names ({@code flyway:defaultSchema} for the schema). A configured value wins.
     */
    java.util.Map<String, String> placeholders(String fileName) {
        if (builtInPlaceholders == null) {
            java.util.Map<String, String> values = new java.util.HashMap<>();
            // The schema the migrations run in, where it and Migrate's own differ.
            String schema = config.defaultSchema() != null ? config.defaultSchema() : config.schema();
            String database = null;
            String user = null;
            // Without a connection (checking the files only) they keep the stand-ins below.
            if (connection != null) {
                try {
                    database = dialect != null ? dialect.currentDatabase(connection) : connection.getCatalog();
                    if (schema == null) {
                        schema = connection.getSchema() != null ? connection.getSchema() : database;
                    }
                    user = connection.getMetaData().getUserName();
                } catch (SQLException e) {
                    log.debug("Could not read the connection's schema, database or user for the built-in placeholders", e);
                }
            }
            if (user != null && user.indexOf('@') > 0) {
                user = user.substring(0, user.indexOf('@'));
            }
            // toString() would leave out ":00" seconds
            String timestamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
            builtIn(values, "schema", "defaultSchema", schema != null ? schema : "main");
            builtIn(values, "database", "database", database != null ? database : "main");
            builtIn(values, "user", "user", user != null ? user : "");
            if (!timeless) {
                builtIn(values, "timestamp", "timestamp", timestamp);
            }
            builtIn(values, "table", "table", config.table());
            // Flyway's default working directory: where the process runs.
            builtIn(values, "workingDirectory", "workingDirectory", java.nio.file.Path.of("").toAbsolutePath().toString());
            builtIn(values, "environment", "environment", config.environment());
            builtInPlaceholders = java.util.Map.copyOf(values);
        }
        java.util.Map<String, String> values = new java.util.HashMap<>(builtInPlaceholders);
        builtIn(values, "filename", "filename", fileName);
        values.putAll(config.placeholders());
        return values;
    }

    /** The placeholder values for a script: none when its {@code .conf} file says {@code placeholderReplacement=false}. */
    private java.util.Map<String, String> placeholders(MigrationBody.Sql sql) {
        return sql.placeholderReplacement() ? placeholders(fileName(sql.source())) : java.util.Map.of();
    }

    /** The placeholder values for a callback: none when its {@code .conf} file says {@code placeholderReplacement=false}. */
    private java.util.Map<String, String> placeholders(dev.migrate.discovery.SqlCallback callback) {
        return callback.placeholderReplacement() ? placeholders(callback.fileName()) : java.util.Map.of();
    }

    private static void builtIn(java.util.Map<String, String> values, String name, String flywayName, String value) {
        values.put("migrate:" + name, value);
        values.put("flyway:" + flywayName, value);
    }

    /** Whether {@code name} is one of the built-in placeholders ({@link #placeholders}), which always have a value. */
    static boolean isBuiltInPlaceholder(String name) {
        return BUILT_IN_PLACEHOLDERS.contains(name);
    }

    /** The built-in placeholder {@code name} differs from in case only ({@code flyway:defaultschema}), or null. */
    static String builtInPlaceholderIgnoringCase(String name) {
        return BUILT_IN_PLACEHOLDERS.stream().filter(n -> n.equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    private static final java.util.Set<String> BUILT_IN_PLACEHOLDERS = java.util.Set.of("migrate:schema", "migrate:database",
            "migrate:user", "migrate:timestamp", "migrate:table", "migrate:environment", "migrate:filename", "migrate:workingDirectory",
            "flyway:defaultSchema", "flyway:database", "flyway:user", "flyway:timestamp", "flyway:table", "flyway:environment",
            "flyway:filename", "flyway:workingDirectory");

    /** The lock held while steps run; its {@code confirm} is called inside each step. */
    public void useLock(DatabaseLock lock) {
        this.lock = lock;
        this.lockMayBeReleased = true;
    }

    /**
     * The operation's cancellation: a cancel stops the statement running ({@link Statement#cancel()}), fails the step
     * as an error would (rolled back, or marked FAILED naming the cancel) and starts no further step.
     */
    public void useCancellation(Cancellation cancellation) {
        this.cancellation = cancellation;
    }

    /** The lock's {@link DatabaseLock#formerHolder}, for {@link #checkNotDirty(Snapshot, String)}; null without a lock. */
    public String formerHolder() {
        return lock == null ? null : lock.formerHolder();
    }

    /** Notes whether this operation created the history table (it did not exist when the lock was had). */
    public void historyCreated(boolean created) {
        this.historyCreated = created;
    }

    /** Whether this operation created the history table: no migration run had touched the schema before. */
    public boolean historyCreated() {
        return historyCreated;
    }

    /**
     * Called by an operation once nothing more can refuse it, before its first change: a {@code migrate},
     * {@code rollback}, {@code markApplied} or {@code baseline} that fails after this is a failure (it may have
     * changed something), not a refusal ({@link #changesStarted()}).
     */
    public void startChanges() {
        changing = true;
    }

    /** Whether {@link #startChanges()} was called: the operation got past its checks. */
    public boolean changesStarted() {
        return changing;
    }

    public Connection connection() {
        return connection;
    }

    public Dialect dialect() {
        return dialect;
    }

    public HistoryTable history() {
        return history;
    }

    /**
     * Called by {@code migrate} with {@code on-failure=rollback-run} before it runs the downs that undo the failed run:
     * their audit rows (and those of the repeatables taken out with them) then say that the undo was automatic, after
     * {@code failedScript} failed, so that nobody takes them for a rollback someone asked for.
     */
    public void undoingFailedRun(String failedScript) {
        automaticUndo = Planner.automaticUndo(failedScript);
    }

    public AuditLog audit() {
        return audit;
    }

    public String performedBy() {
        return performedBy;
    }

    // ---------------------------------------------------------------- preparing

    /**
     * Prepares the up steps of {@code migrations}, splitting every script now.
     *
     * @throws ValidationException naming the file and line of every script that cannot be split
     */
    public List<PreparedStep> prepareUp(List<ResolvedMigration> migrations) {
        List<PreparedStep> steps = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ResolvedMigration m : migrations) {
            PreparedStep step = prepare(Direction.UP, m, null, m.up(), problems);
            if (step != null) {
                steps.add(step);
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return steps;
    }

    /** Prepares the down steps of {@code reversals}, in the given order. */
    public List<PreparedStep> prepareDown(List<Planner.Reversal> reversals) {
        List<PreparedStep> steps = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Planner.Reversal r : reversals) {
            PreparedStep step = prepare(Direction.DOWN, r.migration(), r.row(), r.migration().down(), problems);
            if (step != null) {
                steps.add(step.removing(r.repeatables()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return steps;
    }

    private PreparedStep prepare(Direction direction, ResolvedMigration m, HistoryRow row, MigrationBody body,
            List<String> problems) {
        List<String> notes = new ArrayList<>();
        if (body instanceof MigrationBody.Java java) {
            boolean transactional = java.transactional() && dialect.supportsTransactionalDdl();
            if (!java.transactional()) {
                notes.add("runs outside a transaction (@MigrationInfo(transactional = false))");
            }
            List<SqlStatement> statements = List.of();
            List<SqlStatement> down = List.of();
            if (java.migration() instanceof DslMigration dsl) {
                if (transactional && dsl.requiresNoTransaction() && dialect instanceof dev.migrate.dialect.postgres.PostgresDialect) {
                    transactional = false;
                    notes.add("runs outside a transaction: it creates or drops an index concurrently");
                }
                try {
                    statements = renderDsl(dsl, java.up(), notes);
                    if (java.up() && dsl.isReversible()) {
                        down = renderDslDown(dsl, notes);
                    }
                } catch (SchemaStateException e) {
                    changedByEarlierSteps = null;
                    problems.add("DSL migration " + java.source() + " is refused: " + e.operation() + ": " + e.getMessage());
                    return null;
                } catch (SQLException | RuntimeException e) {
                    changedByEarlierSteps = null;
                    problems.add("DSL migration " + java.source() + " cannot be rendered for " + dialect.name() + ": " + e.getMessage());
                    return null;
                }
            } else {
                changedByEarlierSteps = null;
            }
            noteNonTransactionalDdl(notes, direction);
            return new PreparedStep(direction, m, row, body, statements, transactional, notes, down);
        }
        MigrationBody.Sql sql = (MigrationBody.Sql) body;
        List<SqlStatement> statements;
        Map<String, String> values = placeholders(sql);
        String text = Placeholders.replace(sql.text(), values, config);
        try {
            SqlSplitter.Split read = splitter().splitWithWarnings(text);
            List<SqlStatement> split = read.statements();
            int offset = sql.firstLine() - 1;
            for (SqlWarning w : read.warnings()) {
                warnings.add("Migration " + sql.source() + " line " + (w.line() + offset) + section(m, sql) + ": " + w.message());
            }
            statements = read.statementsMovedDown(offset);
            for (SqlStatement s : split) {
                if (s.data() != null) {
                    SqlStatement.InlineData data = s.data();
                    notes.add("line " + (s.line() + offset) + " (" + firstWords(s.sql()) + ") loads " + (data.lines() == 0
                            ? "no data: the end marker \\. follows it"
                            : "the data on lines " + (data.line() + offset) + "-" + (data.line() + offset + data.lines() - 1)));
                }
            }
        } catch (SqlSyntaxException e) {
            // The splitter counts from the section's first line; the message gives the file's line.
            SqlSyntaxException inFile = e.movedDown(sql.firstLine() - 1);
            problems.add("Migration " + sql.source() + " line " + inFile.line() + section(m, sql) + ": " + inFile.getMessage()
                    + placeholderBlame(sql.text(), text, values, e.line()) + "; nothing was run");
            return null;
        }
        if (direction == Direction.UP && sql.skipIf() != null) {
            notes.add("decided when it runs: recorded as applied without running if its -- migrate:skip-if query (line "
                    + sql.skipIfLine() + ") returns true or a number other than 0: " + firstWords(sql.skipIf()));
        }
        boolean transactional = dialect.supportsTransactionalDdl();
        if (sql.noTransaction()) {
            transactional = false;
            notes.add("runs outside a transaction (" + sql.transactionSetting() + ")");
        } else {
            for (SqlStatement s : statements) {
                if (sql.transactionRequired() && refusesTransaction(s)) {
                    problems.add("Migration " + sql.source() + " line " + s.line() + section(m, sql)
                            + transactionConflict(s, sql.transactionSetting(), dialect) + ". Nothing was run");
                    return null;
                }
                if (s.controlsTransaction()) {
                    transactional = false;
                    notes.add("runs as written, outside Migrate's transaction: line " + s.line() + " controls the transaction ("
                            + firstWords(s.sql()) + ")");
                    break;
                }
                if (!s.transactional()) {
                    transactional = false;
                    notes.add("runs outside a transaction: line " + s.line() + " (" + firstWords(s.sql())
                            + ") cannot run inside one on " + dialect.name());
                    break;
                }
            }
        }
        changedByEarlierSteps = null;
        noteNonTransactionalDdl(notes, direction);
        boolean inTransaction = transactional || !dialect.supportsTransactionalDdl() && !sql.noTransaction()
                && statements.stream().noneMatch(SqlStatement::controlsTransaction);
        if (config.batchStatements() && inTransaction) {
            noteBatches(statements, notes);
        }
        return new PreparedStep(direction, m, row, body, statements, transactional, notes, List.of());
    }

    /** What {@code batchStatements} does with a script: how many of its statements go in how many batches. */
    private static void noteBatches(List<SqlStatement> statements, List<String> notes) {
        int batched = 0;
        int batches = 0;
        int run = 0;
        for (int i = 0; i <= statements.size(); i++) {
            if (i < statements.size() && statements.get(i).batchable()) {
                run++;
                continue;
            }
            // A run ends: full batches, then the rest, which runs alone when it is a single statement.
            int rest = run % MigratorConfig.STATEMENT_BATCH_SIZE;
            batches += run / MigratorConfig.STATEMENT_BATCH_SIZE + (rest > 1 ? 1 : 0);
            batched += run - (rest == 1 ? 1 : 0);
            run = 0;
        }
        if (batches > 0) {
            notes.add(String.format(Locale.ROOT, "batch-statements: %,d of its %,d statements go in %,d batch%s", batched,
                    statements.size(), batches, batches == 1 ? "" : "es"));
        }
    }

    /** Which section of a file with {@code -- migrate:up}/{@code -- migrate:down} a body is, for messages. */
    private static String section(ResolvedMigration m, MigrationBody.Sql sql) {
        boolean sameFile = m.up() instanceof MigrationBody.Sql up && m.down() instanceof MigrationBody.Sql down
                && up.source().equals(down.source());
        if (!sameFile) {
            return "";
        }
        return sql == m.down() ? " (down section)" : " (up section)";
    }

    /**
     * Splits the SQL downs of {@code migrations} without running anything, for {@code validate}: a
     * broken reverse is found before a rollback needs it.
     *
     * @return one problem per down that cannot be split, naming the file and its line
     */
    public List<String> checkDowns(List<ResolvedMigration> migrations) {
        List<String> problems = new ArrayList<>();
        for (ResolvedMigration m : migrations) {
            if (m.down() instanceof MigrationBody.Sql) {
                prepare(Direction.DOWN, m, null, m.down(), problems);
            }
        }
        return problems;
    }

    /**
     * The statements a DSL migration will run, for plans. Statements that depend on a table as it is
     * when the step runs (SQLite rebuilds, MySQL column definitions) are read from the database only
     * where no earlier step of this operation may have changed that table; elsewhere, and where reading
     * fails, they show as comments and a note says they are written when the step runs. The migration
     * itself renders each operation right before running it, so a plan never decides what runs.
     */
    private List<SqlStatement> renderDsl(DslMigration dsl, boolean up, List<String> notes) throws SQLException {
        Set<String> earlier = changedByEarlierSteps;
        DslMigration.Rendering rendering;
        String unreadable = null;
        try {
            rendering = dsl.renderForPlan(up, renderer(), earlier == null ? null : connection, earlier == null ? Set.of() : earlier);
        } catch (SQLException | RuntimeException e) {
            if (earlier == null || e instanceof SchemaStateException) {
                // the migration would refuse the operation when it runs: the plan refuses it now
                throw e;
            }
            // The table may not be there yet, or not as the statements expect: the step will say so when it runs.
            rendering = dsl.renderForPlan(up, renderer(), null, Set.of());
            unreadable = e.getMessage() == null ? e.toString() : firstWords(e.getMessage());
        }
        Optional<Set<String>> tables = dsl.changedTables();
        if (earlier != null && tables.isPresent()) {
            earlier.addAll(tables.get());
        } else {
            changedByEarlierSteps = null;
        }
        if (unreadable != null && !rendering.deferred().isEmpty()) {
            notes.add("its tables could not be read now (" + unreadable + "): the SQL of " + String.join(", ",
                    rendering.deferred()) + " is shown as a comment here and written when the step runs");
        } else if (!rendering.deferred().isEmpty()) {
            notes.add("the SQL of " + String.join(", ", rendering.deferred()) + " depends on the table as the steps and"
                    + " operations before it leave it: shown as a comment here, written when the step runs");
        }
        return statements(rendering);
    }

    /**
     * The generated down of a DSL migration to apply, for plans: it would run after the up, so nothing
     * it depends on can be read now.
     */
    private List<SqlStatement> renderDslDown(DslMigration dsl, List<String> notes) throws SQLException {
        DslMigration.Rendering rendering = dsl.renderForPlan(false, renderer(), null, Set.of());
        if (!rendering.deferred().isEmpty()) {
            notes.add("its down's SQL of " + String.join(", ", rendering.deferred()) + " depends on the table as the up"
                    + " leaves it: shown as a comment, written when the rollback runs");
        }
        return statements(rendering);
    }

    /** The DSL's renderer for this connection's session, whose string literals read as the session reads them. */
    private dev.migrate.schema.SchemaRenderer renderer() {
        return dev.migrate.schema.SchemaRenderer.forDatabase(dialect.name(), splitter());
    }

    private static List<SqlStatement> statements(DslMigration.Rendering rendering) {
        List<SqlStatement> statements = new ArrayList<>();
        for (String sql : rendering.statements()) {
            statements.add(new SqlStatement(sql, 0, true));
        }
        return statements;
    }

    private void noteNonTransactionalDdl(List<String> notes, Direction direction) {
        if (!dialect.supportsTransactionalDdl() && direction == Direction.DOWN) {
            notes.add(dialect.products() + " commits DDL at once: if the down fails part-way it is marked FAILED, and what ran of it"
                    + " stays; rollback will not run it again: finish or undo it by hand, then run 'repair'");
        } else if (!dialect.supportsTransactionalDdl()) {
            notes.add(dialect.products() + " commits DDL at once: if it fails part-way it is marked FAILED; then run 'repair' or 'rollback'");
        }
    }

    private static String firstWords(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }

    // ---------------------------------------------------------------- running

    /** Refuses to go on when the history holds a RUNNING or FAILED row. */
    public static void checkNotDirty(Snapshot snapshot) {
        checkNotDirty(snapshot, null);
    }

    /**
     * Refuses to go on when the history holds a RUNNING or FAILED row.
     *
     * @param formerHolder how the process that left a RUNNING row may still run ({@link DatabaseLock#formerHolder}), or null
     */
    public static void checkNotDirty(Snapshot snapshot, String formerHolder) {
        if (snapshot.dirty().isEmpty()) {
            return;
        }
        HistoryRow row = snapshot.dirty().get(0);
        checkNotDirty(row, formerHolder);
    }

    /** Refuses to go on because of one RUNNING or FAILED row. */
    public static void checkNotDirty(HistoryRow row) {
        checkNotDirty(row, null);
    }

    /** {@link #checkNotDirty(Snapshot, String)} for one RUNNING or FAILED row. */
    public static void checkNotDirty(HistoryRow row, String formerHolder) {
        String what = row.version() != null ? row.script() + " (version " + row.version() + ")" : row.script();
        boolean running = row.state() == MigrationState.RUNNING;
        // A lease can be taken over from a process that was only paused: clearing its row while it may still write would
        // let the next run apply the migration again beside it.
        String reason = running
                ? "was left RUNNING: the process that ran it did not finish it. It died or lost its connection"
                        + (formerHolder != null ? "; or " + formerHolder + ". Make sure that process is gone first: stop it, or wait"
                        + " until it has exited (it fails with 'Lost the migration lock' at its next check); 'repair' while it may"
                        + " still write would let the next run apply the migration again beside it" : "")
                : "failed" + (row.error() != null ? ": " + row.error() : "");
        if (row.version() != null && row.rollbackStoppedPartWay()) {
            // Running its down again would run again what of it already ran.
            throw new DirtyDatabaseException("The database is dirty: migration " + what + " failed while rolling back. Its down"
                    + " stopped part-way: " + row.partWayRollback() + ". What ran of it stays done, so 'rollback' will not run it"
                    + " again. Check the schema, then either finish the rollback by hand and run 'repair' (it then counts as not"
                    + " applied); or undo what the down did by hand, run 'repair', then 'mark-applied --target " + row.version()
                    + "' to record it applied again (with --out-of-order, migrate.out-of-order=true, if a newer version stays"
                    + " applied)", row.version(), row.script());
        }
        if (row.state() == MigrationState.FAILED && row.version() != null && row.error() != null
                && row.error().startsWith(ROLLBACK_FAILED)) {
            // Its down failed: 'repair' alone would make it pending over a schema that still holds part of it.
            if (row.type() == MigrationType.SQL) {
                // a SQL down that stopped part-way has a row of its own (above): nothing of this one stays
                throw new DirtyDatabaseException("The database is dirty: migration " + what + " " + reason + ". Nothing of its"
                        + " down stays: it failed before any statement of it was done for good. Fix the down and run 'rollback'"
                        + " again (it runs the down from its start); or, to keep the migration applied, run 'repair', then"
                        + " 'mark-applied --target " + row.version() + "' to record it applied again (with --out-of-order,"
                        + " migrate.out-of-order=true, if a newer version stays applied)", row.version(), row.script());
            }
            throw new DirtyDatabaseException("The database is dirty: migration " + what + " " + reason + ". Its down stopped"
                    + " part-way, so it may be partly rolled back. Check the schema, then either fix the down and run 'rollback'"
                    + " again; or finish the rollback by hand and run 'repair' (it then counts as not applied); or undo what the"
                    + " down did by hand, run 'repair', then 'mark-applied --target " + row.version() + "' to record it applied again"
                    + " (with --out-of-order, migrate.out-of-order=true, if a newer version stays applied)",
                    row.version(), row.script());
        }
        boolean partWay = row.state() == MigrationState.FAILED && row.error() != null && row.error().contains(UP_PART_WAY);
        throw new DirtyDatabaseException("The database is dirty: migration " + what + " " + reason
                + (partWay ? ". It is partly applied" : ". It may be partly applied")
                + ". Check the schema, then run 'repair' to clear the failed entry"
                + (row.version() != null ? ", or 'rollback' to run its down" : " (a repeatable migration has no down to roll back with)"),
                row.version(), row.script());
    }

    /**
     * Applies (UP) or reverses (DOWN) one prepared step.
     *
     * @param rank  rank of the new history row (UP)
     * @param batch batch of the new history row (UP)
     * @throws MigrationFailedException after rolling the step back where possible, or marking it FAILED
     */
    public StepResult run(PreparedStep step, int rank, int batch, int index, int total) {
        if (cancellation.requested()) {
            throw cancelledBefore(step);
        }
        MigrationEvent event = new MigrationEvent(step.version(), step.migration().description(), step.script(),
                step.direction(), index, total);
        running = event;
        skipped = null;
        notifyStarted(event);
        Instant startedOn = HistoryTable.now();
        long start = System.nanoTime();
        try {
            if (step.transactional()) {
                runInTransaction(step, rank, batch, startedOn, start);
            } else {
                runOutsideTransaction(step, rank, batch, startedOn, start);
            }
        } catch (MigrationFailedException | OperationCancelledException e) {
            // A failed step ends its group: the steps before it were rolled back with it.
            notifyGroupEnded(new GroupRolledBackException("Rolled back with its group: " + step.migration().script() + " failed after it", e));
            notifyFinished(event, start, e);
            throw e;
        }
        long ms = elapsedMs(start);
        if (grouped) {
            groupedSteps.add(new GroupedStep(event, Duration.ofNanos(System.nanoTime() - start)));
        } else {
            notifyFinished(event, start, null);
        }
        if (skipped != null) {
            log.info("Skipped {} {}: {}", step.version() != null ? "version " + step.version() : "repeatable", step.migration().script(),
                    skipped.substring("skipped: ".length()));
        } else {
            log.info("{} {} {} ({} ms)", step.direction() == Direction.UP ? "Applied" : "Rolled back",
                    step.version() != null ? "version " + step.version() : "repeatable", step.script(), ms);
        }
        return new StepResult(step.version(), step.migration().description(), step.script(), step.direction(), ms);
    }

    /**
     * A cancel that came before {@code step} started: it and the steps after it do not run. A group's steps before it
     * are rolled back with the group; otherwise they stay applied. Recorded as a failed operation in the audit table.
     */
    private OperationCancelledException cancelledBefore(PreparedStep step) {
        boolean wasGrouped = grouped;
        rollbackGroup();
        String what = step.direction() == Direction.UP ? "migrate" : "rollback";
        String message = "Cancelled by " + cancellation.reason() + " before " + step.source() + " started: it and the migrations"
                + " after it did not run. " + (wasGrouped ? "The group's transaction was rolled back: none of its migrations is"
                + " applied. " : "The migrations before it are done. ") + "The lock is released; run '" + what + "' again to go on.";
        auditOperationFailure(step.direction() == Direction.UP ? Operation.MIGRATE : Operation.ROLLBACK, null, HistoryTable.now(), 0,
                message);
        return new OperationCancelledException(message, cancellation.reason(), null, null, null);
    }

    private void runInTransaction(PreparedStep step, int rank, int batch, Instant startedOn, long start) {
        Failure failure = new Failure();
        try {
            captureSessionContext();
            if (!grouped) {
                connection.setAutoCommit(false);
            }
            confirmLock();
            noteLockMayBeReleased(step);
            execute(step, failure);
            restoreSessionContext(step);
            confirmLock();
            long ms = elapsedMs(start);
            recordDone(step, rank, batch, startedOn, ms);
            auditStep(step, startedOn, ms, true, null);
            removeDependentRepeatables(step, startedOn);
            if (!grouped) {
                connection.commit();
            }
        } catch (Exception | Error e) {
            // An Error too (a class missing at run time): putting auto-commit back below would commit the half-done step.
            // In a group this undoes the steps before this one too: the group ends here.
            rollbackQuietly();
            boolean wasGrouped = grouped;
            grouped = false;
            restoreSessionContextQuietly(step);
            if (cancellation.requested() && lockLost(e) == null) {
                OperationCancelledException cancelled = failure.cancelled(step, e, true, wasGrouped);
                auditFailure(step, startedOn, elapsedMs(start), cancelled);
                throw cancelled;
            }
            MigrationFailedException failed = failure.wrap(step, e, true);
            auditFailure(step, startedOn, elapsedMs(start), failed);
            throw failed;
        } finally {
            if (!grouped) {
                autoCommitQuietly();
            }
        }
    }

    /**
     * Records {@code migrations} as applied (SUCCESS rows of batch {@code batch}, no time spent) without
     * running them, and audits each as MARK_APPLIED, in one transaction: all of them or none.
     */
    public void markApplied(List<ResolvedMigration> migrations, int firstRank, int batch) throws SQLException {
        Instant on = HistoryTable.now();
        connection.setAutoCommit(false);
        try {
            confirmLock();
            int rank = firstRank;
            // A migration recorded as applied has no loop left to resume: marks of an interrupted run (kept by repair)
            // would make a later run of it, after a rollback, skip the rows they cover.
            boolean marks = progress.exists(connection);
            for (ResolvedMigration m : migrations) {
                String version = m.version() == null ? null : m.version().toString();
                if (marks && version != null) {
                    progress.delete(connection, version);
                }
                history.insert(connection, new HistoryRow(rank++, version, m.description(), m.type(), m.script(), m.checksum(),
                        performedBy, on, 0, MigrationState.SUCCESS, batch, null));
                audit.record(connection, Operation.MARK_APPLIED.name(), version, m.description(), m.script(), true, performedBy,
                        config.environment(), on, 0, "recorded as applied without running it");
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            // Nothing of it stays recorded, but the attempt does: after the rollback, in auto-commit.
            auditOperationFailure(Operation.MARK_APPLIED, null, on, Duration.between(on, HistoryTable.now()).toMillis(),
                    e instanceof SQLException ? Operation.MARK_APPLIED.tag() + " failed: " + e.getMessage() : e.getMessage());
            throw e;
        } finally {
            autoCommitQuietly();
        }
    }

    /**
     * Starts one transaction for the steps that follow ({@code group}): each joins it instead of
     * committing, a failed one rolls all of them back, and {@link #commitGroup()} commits them together.
     * Every step must be transactional; the caller checks.
     */
    public void beginGroup() throws SQLException {
        captureSessionContext();
        connection.setAutoCommit(false);
        grouped = true;
    }

    /**
     * Commits the group's steps together.
     *
     * @throws SQLException when the commit fails; the group is then rolled back, nothing of it applied
     */
    public void commitGroup() throws SQLException {
        if (!grouped) {
            return;
        }
        try {
            confirmLock();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            grouped = false;
            notifyGroupEnded(new GroupRolledBackException("Rolled back with its group: the group's commit failed", e));
            throw e;
        } finally {
            grouped = false;
            autoCommitQuietly();
        }
        notifyGroupEnded(null);
    }

    /** Whether the last step {@link #run} applied was recorded without running, as its {@code -- migrate:skip-if} query said. */
    public boolean skippedLast() {
        return skipped != null;
    }

    /** Rolls back a group that a failure outside its steps (a callback, an interruption) ended. */
    public void rollbackGroup() {
        if (grouped) {
            rollbackQuietly();
            grouped = false;
            autoCommitQuietly();
            notifyGroupEnded(new GroupRolledBackException("Rolled back with its group: the run failed before the group was committed"));
        }
    }

    /** Tells the listeners how the group's steps ended: {@code failure} null when it committed. */
    private void notifyGroupEnded(Throwable failure) {
        List<GroupedStep> ended = List.copyOf(groupedSteps);
        groupedSteps.clear();
        for (GroupedStep step : ended) {
            Listeners.tell(config.listeners(), l -> l.migrationFinished(step.event(), step.took(), failure));
        }
    }

    /**
     * Runs a SQL callback ({@code beforeMigrate.sql}, ...) on the lock's connection: in a transaction of its
     * own where the database has transactional DDL and the script allows one, in auto-commit otherwise.
     *
     * @throws MigrateException naming the file and the line of the statement that failed
     */
    public void runCallback(dev.migrate.discovery.SqlCallback callback) {
        List<SqlStatement> statements;
        try {
            statements = splitter().split(Placeholders.replace(callback.text(), placeholders(callback), config));
        } catch (SqlSyntaxException e) {
            throw new MigrateException(callbackSyntaxProblem(callback, e), e);
        }
        String conflict = callbackTransactionConflict(callback, statements, dialect);
        if (conflict != null) {
            throw new MigrateException(conflict);
        }
        boolean transaction = inOwnTransaction(callback, statements);
        SqlStatement current = null;
        long start = System.nanoTime();
        Instant startedOn = HistoryTable.now();
        try {
            confirmLock();
            lockMayBeReleased = true;
            if (transaction) {
                connection.setAutoCommit(false);
            }
            try (Statement st = connection.createStatement()) {
                for (SqlStatement s : statements) {
                    current = s;
                    // Not cancelled: afterMigrateError runs after a cancel too, and a run stops before its next migration.
                    runStatement(st, s, callback.source(), false);
                }
            }
            if (transaction) {
                connection.commit();
            } else {
                refuseCallbackTransactionLeftOpen();
            }
        } catch (SQLException | RuntimeException | Error e) {
            if (transaction) {
                rollbackQuietly();
            } else {
                rollBackCallbackTransactionQuietly();
            }
            String where = current != null && !(e instanceof TransactionLeftOpen) ? " line " + current.line() : "";
            String text = describe(e);
            MigrateException failed = new CallbackFailedException("Callback " + callback.source() + where + " failed: " + text
                    + (!where.isEmpty() ? "\n  Statement: " + firstWords(current.sql()) : "")
                    + (transaction ? "\n  The callback was rolled back." : ""), e);
            auditCallbackFailure(callback.source(), startedOn, elapsedMs(start), failed.getMessage());
            throw failed;
        } finally {
            if (transaction) {
                autoCommitQuietly();
            }
        }
        log.info("Ran callback {} ({} ms)", callback.source(), elapsedMs(start));
    }

    /** Whether a once-per-run SQL callback runs in a transaction of its own rather than in auto-commit. */
    private boolean inOwnTransaction(dev.migrate.discovery.SqlCallback callback, List<SqlStatement> statements) {
        return dialect.supportsTransactionalDdl() && !Boolean.FALSE.equals(callback.inTransaction())
                && statements.stream().allMatch(st -> st.transactional() && !st.controlsTransaction());
    }

    /**
     * A SQL callback as {@code migrate} would run it, for plans: its statements, placeholders replaced, and whether it
     * runs in a transaction of its own. {@link #checkCallbacks} first: a script that cannot be split throws here.
     */
    public Plan.Callback planCallback(dev.migrate.discovery.SqlCallback callback) {
        List<SqlStatement> statements = splitter().split(Placeholders.replace(callback.text(),
                placeholders(callback), config));
        return new Plan.Callback(callback.event(), callback.source(), false,
                !callback.event().eachMigration() && inOwnTransaction(callback, statements),
                statements.stream().map(s -> new PlanStep.PlannedStatement(s.sql(), s.line(), s.data() == null ? null : s.data().text()))
                        .toList());
    }

    /**
     * Runs a Java callback at a once-per-run event on the lock's connection: in a transaction of its own
     * where the database has transactional DDL, in auto-commit otherwise.
     *
     * @param failure for {@code afterMigrateError}, what failed; null otherwise
     * @throws MigrateException naming the callback and the event
     */
    public void runCallback(MigrationCallback callback, MigrationCallback.Event event, Throwable failure) {
        boolean transaction = dialect.supportsTransactionalDdl();
        long start = System.nanoTime();
        Instant startedOn = HistoryTable.now();
        try {
            confirmLock();
            lockMayBeReleased = true;
            if (transaction) {
                connection.setAutoCommit(false);
            }
            callback.handle(event, new CallbackRun(connectionForCode(), dialect.name(), config.environment(), config.placeholders(), null,
                    failure));
            if (transaction) {
                connection.commit();
            } else {
                refuseCallbackTransactionLeftOpen();
            }
        } catch (Exception | Error e) {
            // An Error too: putting auto-commit back below would commit what the callback did before it.
            if (transaction) {
                rollbackQuietly();
            } else {
                rollBackCallbackTransactionQuietly();
            }
            String text = describe(e);
            MigrateException failed = new CallbackFailedException("Callback " + callback.name() + " (" + event.tag() + ") failed: " + text
                    + (transaction ? "\n  The callback was rolled back." : ""), e);
            auditCallbackFailure(callback.name(), startedOn, elapsedMs(start), failed.getMessage());
            throw failed;
        } finally {
            if (transaction) {
                autoCommitQuietly();
            }
        }
        log.info("Ran callback {} ({}, {} ms)", callback.name(), event.tag(), elapsedMs(start));
    }

    /** What a Java callback gets. */
    private record CallbackRun(Connection connection, String databaseName, String environment, Map<String, String> placeholders,
            MigrationEvent migration, Throwable failure) implements CallbackContext {
    }

    /**
     * What would keep the callbacks from running: a script that cannot be split, or a {@code .conf}
     * file asking for a transaction that a statement refuses. For {@code validate}, and for
     * {@code migrate} before its first migration, so an {@code afterMigrate} that cannot run is not
     * found after the migrations were applied.
     */
    public List<String> checkCallbacks(List<dev.migrate.discovery.SqlCallback> callbacks) {
        List<String> problems = new ArrayList<>();
        for (dev.migrate.discovery.SqlCallback callback : callbacks) {
            try {
                SqlSplitter.Split read = splitter().splitWithWarnings(Placeholders.replace(callback.text(),
                        placeholders(callback), config));
                List<SqlStatement> statements = read.statements();
                for (SqlWarning w : read.warnings()) {
                    warnings.add("Callback " + callback.source() + " line " + w.line() + ": " + w.message());
                }
                String conflict = callback.event().eachMigration() ? eachCallbackConflict(callback, statements, dialect)
                        : callbackTransactionConflict(callback, statements, dialect);
                if (conflict != null) {
                    problems.add(conflict);
                }
            } catch (SqlSyntaxException e) {
                problems.add(callbackSyntaxProblem(callback, e));
            }
        }
        return problems;
    }

    /**
     * What to fix after the replaced text of a script could not be split: the script, or, when the script
     * as written splits, the values of the placeholders it uses (a quote or a comment sign in a value),
     * named without the values, which may be secrets.
     */
    private String placeholderBlame(String written, String replaced, Map<String, String> values, int line) {
        if (written.equals(replaced)) {
            return ". Fix the script";
        }
        try {
            splitter().split(written);
        } catch (SqlSyntaxException e) {
            return ". Fix the script";
        }
        String lineText = written.lines().skip(Math.max(0, line - 1)).findFirst().orElse("");
        List<String> names = Placeholders.used(lineText, values, config);
        if (names.isEmpty()) {
            names = Placeholders.used(written, values, config);
        }
        return ". The script as written splits, so the value of " + (names.size() == 1 ? "placeholder " : "placeholders ")
                + String.join(", ", names) + " breaks it (a quote or a comment sign in it): check that setting; a value placed"
                + " inside quotes must double its own quotes (O''Brien)";
    }

    private static String callbackSyntaxProblem(dev.migrate.discovery.SqlCallback callback, SqlSyntaxException e) {
        return "Callback " + callback.source() + " line " + e.line() + ": " + e.getMessage() + ". Fix the script";
    }

    /**
     * The error for a callback whose {@code .conf} file asks for a transaction while one of its
     * statements cannot run in one; null when there is no such conflict.
     */
    static String callbackTransactionConflict(dev.migrate.discovery.SqlCallback callback, List<SqlStatement> statements,
            Dialect dialect) {
        if (!Boolean.TRUE.equals(callback.inTransaction())) {
            return null;
        }
        for (SqlStatement s : statements) {
            if (refusesTransaction(s)) {
                return "Callback " + callback.source() + " line " + s.line() + transactionConflict(s, callback.transactionSetting(), dialect);
            }
        }
        return null;
    }

    /**
     * Why a {@code beforeEachMigrate}/{@code afterEachMigrate} callback cannot run as part of a migration's
     * transaction, or null: it must not leave the transaction nor need to be outside one.
     */
    static String eachCallbackConflict(dev.migrate.discovery.SqlCallback callback, List<SqlStatement> statements, Dialect dialect) {
        if (Boolean.FALSE.equals(callback.inTransaction())) {
            return "Callback " + callback.source() + ": " + callback.transactionSetting() + ", but it runs inside each migration's"
                    + " transaction: remove that setting";
        }
        for (SqlStatement s : statements) {
            if (refusesTransaction(s)) {
                return "Callback " + callback.source() + " line " + s.line() + " (" + firstWords(s.sql()) + ") "
                        + (s.controlsTransaction() ? "controls the transaction itself" : "cannot run inside a transaction on " + dialect.name())
                        + ", but it runs inside each migration's transaction: remove the statement";
            }
        }
        return null;
    }

    /**
     * The {@code beforeEachMigrate} and {@code afterEachMigrate} callbacks of a {@code migrate} run, split
     * once; they then run around each migration this engine applies. Checked by {@link #checkCallbacks} first.
     */
    public void useEachMigrationCallbacks(List<dev.migrate.discovery.SqlCallback> callbacks) {
        List<EachCallback> before = new ArrayList<>();
        List<EachCallback> after = new ArrayList<>();
        for (dev.migrate.discovery.SqlCallback callback : callbacks) {
            if (callback.event().eachMigration()) {
                List<SqlStatement> statements = splitter().split(Placeholders.replace(callback.text(),
                        placeholders(callback), config));
                (callback.event() == MigrationCallback.Event.BEFORE_EACH_MIGRATE ? before : after)
                        .add(new EachCallback(callback.source(), statements, null, callback.event()));
            }
        }
        boolean javaEach = false;
        for (MigrationCallback callback : config.callbacks()) {
            for (MigrationCallback.Event event : List.of(MigrationCallback.Event.BEFORE_EACH_MIGRATE,
                    MigrationCallback.Event.AFTER_EACH_MIGRATE)) {
                if (callback.supports(event)) {
                    (event == MigrationCallback.Event.BEFORE_EACH_MIGRATE ? before : after)
                            .add(new EachCallback(callback.name(), List.of(), callback, event));
                    javaEach = true;
                }
            }
        }
        beforeEach = List.copyOf(before);
        afterEach = List.copyOf(after);
        // What Java code changes in the session cannot be seen, so it is checked after every step.
        eachChangesSettings = javaEach || java.util.stream.Stream.concat(before.stream(), after.stream())
                .flatMap(c -> c.statements().stream()).anyMatch(s -> CHANGES_SETTINGS.matcher(s.sql()).find());
        eachMayReleaseLock = javaEach || java.util.stream.Stream.concat(before.stream(), after.stream())
                .flatMap(c -> c.statements().stream()).anyMatch(s -> MAY_RELEASE_LOCK.matcher(s.sql()).find());
    }



    /** A statement that cannot be part of a transaction Migrate opens: its own BEGIN/COMMIT, or one the database refuses in one. */
    private static boolean refusesTransaction(SqlStatement s) {
        return s.controlsTransaction() || !s.transactional();
    }

    /** Why {@code s} conflicts with a {@code .conf} file's executeInTransaction=true, after "... line N". */
    private static String transactionConflict(SqlStatement s, String setting, Dialect dialect) {
        return " (" + firstWords(s.sql()) + ") " + (s.controlsTransaction() ? "controls the transaction itself"
                : "cannot run inside a transaction on " + dialect.name()) + ", but " + setting + ": remove that setting or the statement";
    }

    /** Takes the connection's session (schema context, role, settings) once, before the first step of the operation runs. */
    private void captureSessionContext() throws SQLException {
        if (sessionContext == null) {
            sessionContext = dialect.sessionContext(connection);
        }
    }

    /**
     * Puts back the session a step changed, before Migrate's own statements run on the same connection
     * (they name its tables without a schema when none is configured) and before the next step.
     */
    private void restoreSessionContext(PreparedStep step) throws SQLException {
        if (sessionContext != null) {
            List<String> changed = sessionContext.restore(connection, mayChangeSettings(step)
                    || step.direction() == Direction.UP && eachChangesSettings);
            if (!changed.isEmpty()) {
                log.info("{} changed the connection's session ({}); put back as it was before the migrations", step.source(),
                        String.join(", ", changed));
            }
        }
    }

    private static final java.util.regex.Pattern CHANGES_SETTINGS = java.util.regex.Pattern.compile(
            "\\b(SET|RESET|SET_CONFIG|DISCARD|PRAGMA)\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * Whether a step may have changed a session setting: Java code may do anything; SQL only with a
     * {@code SET}, {@code RESET}, {@code set_config}, {@code DISCARD} or {@code PRAGMA} somewhere in its
     * text ({@code UPDATE ... SET} counts too: a false yes only costs a read of the settings).
     */
    private static boolean mayChangeSettings(PreparedStep step) {
        if (!(step.body() instanceof MigrationBody.Sql)) {
            return true;
        }
        for (SqlStatement s : step.statements()) {
            if (CHANGES_SETTINGS.matcher(s.sql()).find()) {
                return true;
            }
        }
        return false;
    }

    private void restoreSessionContextQuietly(PreparedStep step) {
        try {
            restoreSessionContext(step);
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not put back the connection's session after {}: {}", step.source(), e.toString());
        }
    }

    private void runOutsideTransaction(PreparedStep step, int rank, int batch, Instant startedOn, long start) {
        Failure failure = new Failure();
        int rowRank = step.direction() == Direction.UP ? rank : step.row().rank();
        try {
            captureSessionContext();
            if (step.direction() == Direction.UP && step.body() instanceof MigrationBody.Java java) {
                lockMayBeReleased = true;
                check(step, java);
            }
            // The RUNNING mark confirms the lease in its own commit, as the SUCCESS mark does: the statements that follow
            // commit as they go, and a holder whose lease was taken over just after its last renewal (a pause right
            // there) must find out before it runs them beside the new holder, not after.
            connection.setAutoCommit(false);
            confirmLockUntilCommit();
            if (step.direction() == Direction.UP) {
                history.insert(connection, newRow(step, rank, batch, startedOn, 0, MigrationState.RUNNING, null));
            } else {
                history.updateState(connection, rowRank, MigrationState.RUNNING, step.row().executionTimeMs(),
                        "rolling back (" + step.source() + ")");
            }
            connection.commit();
            connection.setAutoCommit(true);
        } catch (Exception | Error e) {
            rollbackQuietly();
            autoCommitQuietly();
            if (cancellation.requested() && lockLost(e) == null) {
                OperationCancelledException cancelled = failure.cancelled(step, e, true, false);
                auditFailure(step, startedOn, elapsedMs(start), cancelled);
                throw cancelled;
            }
            MigrationFailedException failed = failure.wrap(step, e, true);
            auditFailure(step, startedOn, elapsedMs(start), failed);
            throw failed;
        }
        // Statements that can run in a transaction still get one on databases without transactional
        // DDL, so their data changes are undone with the failure even if the DDL is not.
        boolean wrap = step.wrapped(dialect.supportsTransactionalDdl());
        boolean inTransaction = wrap;
        try {
            noteLockMayBeReleased(step);
            if (wrap) {
                connection.setAutoCommit(false);
            }
            execute(step, failure);
            if (!wrap) {
                refuseTransactionLeftOpen(step, failure);
            }
            restoreSessionContext(step);
            // The bookkeeping is one transaction (joining the script's where it ran in one) that also
            // confirms the lock: a process that lost its lease while the step ran must not mark it done.
            if (!wrap) {
                connection.setAutoCommit(false);
                inTransaction = true;
            }
            confirmLockUntilCommit();
            long ms = elapsedMs(start);
            if (step.direction() == Direction.UP) {
                history.updateState(connection, rowRank, MigrationState.SUCCESS, ms, null);
            } else {
                history.delete(connection, rowRank);
            }
            // After a rollback nothing of the migration is left to resume, whatever marks an earlier run left.
            if ((batchesUsed || step.direction() == Direction.DOWN || step.row() != null && step.row().state().isDirty())
                    && step.version() != null && progress.exists(connection)) {
                progress.delete(connection, step.version());
            }
            auditStep(step, startedOn, ms, true, null);
            removeDependentRepeatables(step, startedOn);
            connection.commit();
            connection.setAutoCommit(true);
        } catch (Exception | Error e) {
            if (inTransaction) {
                rollbackQuietly();
            } else if (e instanceof TransactionLeftOpen) {
                rollBackLeftOpenQuietly();
            } else if (hasTransactionControl(step)) {
                SqlStatement opened = openedWithTheFailedStatement(step, failure);
                if (endScriptTransactionQuietly() && opened != null) {
                    // the script's BEGIN came first (after session settings), so the ROLLBACK undid everything it ran
                    failure.ownTransaction = opened;
                }
            }
            autoCommitQuietly();
            restoreSessionContextQuietly(step);
            long ms = elapsedMs(start);
            boolean cancelled = cancellation.requested() && lockLost(e) == null;
            if ((failure.nothingRan || failure.ownTransaction != null) && step.direction() == Direction.UP) {
                // Its -- migrate:skip-if query failed before any of its statements, or the script's own transaction held all
                // it ran and was rolled back: there is nothing to mark dirty.
                MigrateException failed = cancelled ? failure.cancelled(step, e, true, false) : failure.wrap(step, e, true);
                try {
                    history.delete(connection, rowRank);
                } catch (SQLException se) {
                    log.error("Could not remove the RUNNING row of {} from {}: {}", step.migration().script(), history.name(),
                            se.toString());
                }
                auditFailure(step, startedOn, ms, failed);
                throw failed;
            }
            failure.resumable = resumable(step);
            if (step.direction() == Direction.DOWN) {
                failure.notePartWay(step, wrap, e);
            } else if (step.body() instanceof MigrationBody.Sql && failure.callback == null && failure.statement != null
                    && !hasTransactionControl(step)) {
                // what of the script stays: its own transaction, rolled back above, would make that unknown
                failure.notePartWay(step, wrap, e);
                failure.upPartWay = true;
            }
            if (cancelled) {
                OperationCancelledException stopped = failure.cancelled(step, e, false, false);
                try {
                    history.updateState(connection, rowRank, MigrationState.FAILED, ms, (step.direction() == Direction.UP ? ""
                            : failure.ranBefore == null ? ROLLBACK_FAILED : HistoryRow.ROLLBACK_PART_WAY + failure.ranBefore
                            + " ran before it; ") + "cancelled by " + cancellation.reason() + ": " + failure.describe(e)
                            + (failure.upPartWay && failure.ranBefore != null ? UP_PART_WAY + failure.ranBefore : ""));
                } catch (SQLException se) {
                    log.error("Could not mark {} as FAILED in {}: {}", step.migration().script(), history.name(), se.toString());
                    stopped.addSuppressed(se);
                }
                auditFailure(step, startedOn, ms, stopped);
                throw stopped;
            }
            MigrationFailedException failed = failure.wrap(step, e, false);
            if (failed.getCause() instanceof LockLostException) {
                // The history row and the progress marks are the new holder's now (a resume deletes this
                // row and may give its rank to its own): a FAILED mark here could overwrite its SUCCESS.
                auditFailure(step, startedOn, ms, failed);
                throw failed;
            }
            try {
                history.updateState(connection, rowRank, MigrationState.FAILED, ms,
                        (step.direction() == Direction.UP ? "" : failure.ranBefore == null ? ROLLBACK_FAILED
                                : HistoryRow.ROLLBACK_PART_WAY + failure.ranBefore + " ran before it; ") + failure.describe(e)
                                + (failure.upPartWay && failure.ranBefore != null
                                        ? UP_PART_WAY + failure.ranBefore : ""));
            } catch (SQLException se) {
                log.error("Could not mark {} as FAILED in {}: {}", step.migration().script(), history.name(), se.toString());
                failed = notMarked(failed, se);
            }
            auditFailure(step, startedOn, ms, failed);
            throw failed;
        }
    }

    private static final java.util.regex.Pattern OPENS_TRANSACTION = java.util.regex.Pattern.compile(
            "\\s*(BEGIN|START\\s+TRANSACTION|(COMMIT|ROLLBACK)(\\s+(WORK|TRANSACTION))?\\s+AND\\s+CHAIN"
                    + "|SET\\s+(SESSION\\s+|@@(SESSION\\.)?)?AUTOCOMMIT\\s*(=\\s*)?(0|OFF|FALSE))\\b",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * The failure of a step whose FAILED mark could not be written, most often because the step dropped or
     * changed Migrate's own history table: the message must not claim a mark that is not there.
     */
    private MigrationFailedException notMarked(MigrationFailedException failed, SQLException markError) {
        String message = failed.getMessage().replace(" is marked FAILED and may be partly", " was NOT marked FAILED and may be partly")
                .replace(" is marked FAILED and partly", " was NOT marked FAILED and is partly")
                + "\n  The FAILED mark could not be written to " + history.name() + " (" + describe(markError) + "): if the step"
                + " dropped, changed or locked Migrate's own tables (LOCK TABLES left held), put them right before anything else;"
                + " 'status' shows what the history still holds.";
        MigrationFailedException replaced = new MigrationFailedException(message, failed.version(), failed.script(), failed.line(),
                failed.getCause());
        replaced.addSuppressed(markError);
        return replaced;
    }

    /** A step run outside Migrate's transaction that ended with one of its own still open. */
    private static final class TransactionLeftOpen extends SQLException {
        TransactionLeftOpen(String message) {
            super(message);
        }
    }

    /**
     * Fails a step that ends with a transaction of its own still open (a {@code BEGIN} without its
     * {@code COMMIT}, MySQL's {@code SET autocommit = 0}, Java code that turned auto-commit off): its
     * uncommitted work would otherwise be lost when the session ends, after Migrate's SUCCESS mark had
     * joined that transaction and been lost with it. The failure names the statement that opened it.
     */
    private void refuseTransactionLeftOpen(PreparedStep step, Failure failure) throws SQLException {
        if (!dialect.transactionLeftOpen(connection)) {
            if (!connection.getAutoCommit()) {
                // Auto-commit turned off (SET autocommit = 0, SET AUTOCOMMIT OFF) with everything committed: back on.
                connection.setAutoCommit(true);
            }
            return;
        }
        SqlStatement opened = null;
        for (SqlStatement statement : step.statements()) {
            if (opensTransaction(statement)) {
                opened = statement;
            }
        }
        failure.statement = opened;
        failure.callback = null;
        if (step.body() instanceof MigrationBody.Java) {
            throw new TransactionLeftOpen("its code left a transaction open (auto-commit off without a commit), so what it did"
                    + " since then was never committed; it was rolled back. Commit in the code, or let Migrate give it a transaction");
        }
        throw new TransactionLeftOpen("the script left a transaction open (" + (opened != null ? firstWords(opened.sql())
                + " without a COMMIT), so what it did since then" : "opened by a procedure it called or a statement Migrate cannot"
                + " point to), so what it did in it") + " was never committed; it was rolled back. End the transaction in the script"
                + " (COMMIT), or take its BEGIN out and let Migrate give it a transaction");
    }

    /**
     * A statement that starts a transaction: BEGIN (not a BEGIN ATOMIC block), START TRANSACTION, COMMIT AND CHAIN,
     * auto-commit off (MySQL's {@code SET autocommit = 0}, H2's {@code SET AUTOCOMMIT OFF}).
     */
    private static boolean opensTransaction(SqlStatement statement) {
        if (!OPENS_TRANSACTION.matcher(statement.sql()).lookingAt()) {
            return false;
        }
        boolean begin = statement.sql().strip().regionMatches(true, 0, "BEGIN", 0, 5);
        return !begin || statement.controlsTransaction();
    }

    /**
     * After a callback run in auto-commit: one that left a transaction open (a {@code BEGIN} without its {@code COMMIT},
     * Java code that turned auto-commit off) fails, as a migration does ({@link #refuseTransactionLeftOpen}); otherwise
     * Migrate's own writes, and the release of a lease lock, would join that transaction and be lost with it when the
     * connection goes back to the pool, and the pool would get it with auto-commit off.
     */
    private void refuseCallbackTransactionLeftOpen() throws SQLException {
        if (!dialect.transactionLeftOpen(connection)) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return;
        }
        throw new TransactionLeftOpen("it left a transaction open (a BEGIN without its COMMIT, or auto-commit turned off), so what it"
                + " did since then was never committed; it was rolled back. Commit in the callback");
    }

    /** After a callback run in auto-commit failed: rolls back a transaction it left open, and puts auto-commit back on. */
    private void rollBackCallbackTransactionQuietly() {
        try {
            if (dialect.transactionLeftOpen(connection)) {
                dialect.rollBackLeftOpenTransaction(connection);
            } else if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            log.warn("Could not roll back the transaction the callback left open: {}", e.toString());
        }
    }

    private void rollBackLeftOpenQuietly() {
        try {
            dialect.rollBackLeftOpenTransaction(connection);
        } catch (SQLException e) {
            log.warn("Could not roll back the transaction the step left open: {}", e.toString());
        }
    }

    private static boolean hasTransactionControl(PreparedStep step) {
        return step.statements().stream().anyMatch(SqlStatement::controlsTransaction);
    }

    /**
     * Whether the next migrate takes a failed step up again by itself: a Java migration applied outside a
     * transaction that left progress marks (a batch loop committed a batch, or was refused before its first).
     */
    private boolean resumable(PreparedStep step) {
        if (step.direction() != Direction.UP || step.version() == null || !(step.body() instanceof MigrationBody.Java)) {
            return false;
        }
        try {
            return progress.exists(connection) && progress.hasMarks(connection, step.version());
        } catch (SQLException | RuntimeException e) {
            log.debug("Could not read the progress marks of {}: {}", step.migration().script(), e.toString());
            return false;
        }
    }

    /** Progress marks of batched data migrations, kept until the migration completes. */
    public ProgressTable progress() {
        return progress;
    }

    /** The connection for migration and callback code: one whose {@code close()} does nothing ({@link UnclosableConnection}). */
    private Connection connectionForCode() {
        if (forCode == null) {
            forCode = UnclosableConnection.wrap(connection);
        }
        return forCode;
    }

    private DefaultMigrationContext context(PreparedStep step) {
        return new DefaultMigrationContext(connectionForCode(), dialect.name(), step.migration().version(), step.direction(),
                config.environment(), config.placeholders(), progress, config.listeners(), this::confirmLockInJavaCode, splitter(),
                cancellation);
    }

    /** Runs a step: its body, and when it is applied the each-migration callbacks around it. */
    private void execute(PreparedStep step, Failure failure) throws Exception {
        boolean applying = step.direction() == Direction.UP;
        if (applying && step.body() instanceof MigrationBody.Sql sql && sql.skipIf() != null) {
            batchesUsed = false;
            skipped = skipReason(sql, failure);
            if (skipped != null) {
                return;
            }
        }
        if (applying) {
            runEach(beforeEach, failure);
        }
        executeBody(step, failure);
        if (applying) {
            runEach(afterEach, failure);
        }
    }

    /**
     * Runs the query of {@code -- migrate:skip-if}: the audit's details when it returns true or a number other than 0
     * in its first column, so the migration is recorded as applied without running; null to run it. A failing query
     * fails the migration, naming the directive's line.
     */
    private String skipReason(MigrationBody.Sql sql, Failure failure) throws SQLException {
        String query = Placeholders.replace(sql.skipIf(), placeholders(sql), config);
        failure.statement = new SqlStatement(query, sql.skipIfLine(), true);
        failure.nothingRan = true;
        Object value;
        try (Statement st = connection.createStatement()) {
            cancellation.watch(st);
            try (java.sql.ResultSet rs = st.executeQuery(query)) {
                value = rs.next() ? rs.getObject(1) : null;
            } finally {
                cancellation.unwatch();
            }
        }
        cancellation.check();
        failure.statement = null;
        failure.nothingRan = false;
        return skips(value) ? "skipped: its -- migrate:skip-if query (line " + sql.skipIfLine() + ") returned " + value
                + "; recorded as applied without running it" : null;
    }

    /** Whether a {@code -- migrate:skip-if} result says to skip: true, or a number other than 0. */
    static boolean skips(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof java.math.BigDecimal d) {
            return d.signum() != 0;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        return false;
    }

    private void runEach(List<EachCallback> callbacks, Failure failure) throws Exception {
        if (callbacks.isEmpty()) {
            return;
        }
        for (EachCallback callback : callbacks) {
            failure.callback = callback.source();
            failure.statement = null;
            if (callback.java() != null) {
                callback.java().handle(callback.event(), new CallbackRun(connectionForCode(), dialect.name(), config.environment(),
                        config.placeholders(), running, null));
                continue;
            }
            try (Statement st = connection.createStatement()) {
                for (SqlStatement s : callback.statements()) {
                    failure.statement = s;
                    runStatement(st, s, callback.source());
                }
            }
        }
        failure.callback = null;
        failure.statement = null;
    }

    private void executeBody(PreparedStep step, Failure failure) throws Exception {
        batchesUsed = false;
        if (step.body() instanceof MigrationBody.Java java) {
            DefaultMigrationContext context = context(step);
            try {
                if (java.up()) {
                    if (step.transactional()) {
                        check(step, java);
                    }
                    java.migration().up(context);
                    if (!java.migration().verify(context)) {
                        failure.message = "verify() returned false after up()";
                        throw new MigrateException(failure.message);
                    }
                } else {
                    java.migration().down(context);
                }
            } catch (Exception | Error e) {
                failure.batch = context.failedBatch(e);
                throw e;
            }
            batchesUsed = context.usedBatches();
            return;
        }
        try (Statement st = connection.createStatement()) {
            if (config.batchStatements() && !connection.getAutoCommit()) {
                runBatched(st, step.statements(), step.source(), failure);
            } else {
                for (SqlStatement s : step.statements()) {
                    failure.statement = s;
                    runStatement(st, s, step.source());
                }
            }
            failure.statement = null;
        }
    }

    /**
     * Runs a script's statements inside the step's transaction, sending runs of consecutive
     * {@linkplain SqlStatement#batchable() data statements} as JDBC batches ({@code batchStatements}). When a
     * batch fails, the failure names the statement of the batch that failed, as it would without batching;
     * the step's transaction is then rolled back as for any failure, so what the driver ran of the batch
     * (some go on past the failing statement) does not stay.
     */
    private void runBatched(Statement st, List<SqlStatement> statements, String source, Failure failure) throws SQLException {
        List<SqlStatement> batch = new ArrayList<>();
        for (SqlStatement s : statements) {
            if (s.batchable()) {
                batch.add(s);
                if (batch.size() == MigratorConfig.STATEMENT_BATCH_SIZE) {
                    flush(st, batch, source, failure);
                }
            } else {
                flush(st, batch, source, failure);
                failure.statement = s;
                runStatement(st, s, source);
            }
        }
        flush(st, batch, source, failure);
    }

    private void flush(Statement st, List<SqlStatement> batch, String source, Failure failure) throws SQLException {
        if (batch.size() == 1) {
            failure.statement = batch.get(0);
            runStatement(st, batch.get(0), source);
        } else if (!batch.isEmpty()) {
            failure.statement = null;
            try (Statement batched = connection.createStatement()) {
                for (SqlStatement s : batch) {
                    logStatement(s, source);
                    batched.addBatch(s.sql());
                }
                cancellation.watch(batched);
                try {
                    batched.executeBatch();
                } finally {
                    cancellation.unwatch();
                }
                cancellation.check();
            } catch (SQLException e) {
                int failed = e instanceof BatchUpdateException b ? failedEntry(b, batch.size()) : -1;
                SQLException error = e.getNextException() != null ? e.getNextException()
                        : e.getCause() instanceof SQLException cause ? cause : e;
                if (failed >= 0) {
                    failure.statement = batch.get(failed);
                    throw error;
                }
                throw new SQLException("one of the " + batch.size() + " statements on lines " + batch.get(0).line() + "-"
                        + batch.get(batch.size() - 1).line() + ", sent as one batch, failed, and the driver did not say which: "
                        + DriverMessages.bounded(error.getMessage()) + ". Run the migration without batch-statements to find it", e.getSQLState(),
                        e.getErrorCode(), e);
            }
        }
        batch.clear();
    }

    private static final java.util.regex.Pattern BATCH_ENTRY = java.util.regex.Pattern.compile("(?i)batch entry (\\d+)\\b");

    /**
     * The 0-based index of the failed statement of a batch of {@code size}, or -1 when the driver does not
     * tell. Drivers tell in different ways: PostgreSQL's and SQLite's name it in the message ("Batch entry
     * 3 ..."), MariaDB's and H2's go on and mark it {@code EXECUTE_FAILED} among the counts of the others,
     * and a driver that stops returns the counts of the statements before it only.
     */
    static int failedEntry(BatchUpdateException e, int size) {
        int[] counts = e.getUpdateCounts() == null ? new int[0] : e.getUpdateCounts();
        for (int count : counts) {
            if (count < 0 && count != Statement.SUCCESS_NO_INFO && count != Statement.EXECUTE_FAILED) {
                // No count of one statement: MySQL Connector/J with rewriteBatchedStatements sends the batch as one
                // multi-statement query and answers [-1, -3, -3, ...] whichever statement failed.
                return -1;
            }
        }
        int firstFailed = -1;
        boolean allFailed = counts.length > 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == Statement.EXECUTE_FAILED) {
                firstFailed = firstFailed < 0 ? i : firstFailed;
            } else {
                allFailed = false;
            }
        }
        if (firstFailed >= 0 && !allFailed) {
            return firstFailed < size ? firstFailed : -1;
        }
        // Only the message's start: the rest may quote the statement, which may hold these words.
        java.util.regex.Matcher m = BATCH_ENTRY.matcher(String.valueOf(e.getMessage()));
        if (m.lookingAt()) {
            int entry = Integer.parseInt(m.group(1));
            return entry < size ? entry : -1;
        }
        return e.getUpdateCounts() != null && counts.length < size && firstFailed < 0 ? counts.length : -1;
    }

    private static String fileName(String path) {
        return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    }

    /** Runs one statement of a script ({@code source}), or loads its COPY data. */
    private void runStatement(Statement st, SqlStatement s, String source) throws SQLException {
        runStatement(st, s, source, true);
    }

    /** @param cancellable whether a cancel stops it (a migration's statement), or it runs to its end (a once-per-run callback's) */
    private void runStatement(Statement st, SqlStatement s, String source, boolean cancellable) throws SQLException {
        logStatement(s, source);
        if (s.data() != null) {
            if (cancellable) {
                cancellation.check();
            }
            dialect.copyIn(connection, s.sql(), s.data().text());
            if (cancellable) {
                cancellation.check();
            }
            return;
        }
        if (cancellable) {
            cancellation.watch(st);
        }
        try {
            st.execute(s.sql());
            // Drain every result so errors raised by later results of the statement surface here.
            while (st.getMoreResults() || st.getUpdateCount() != -1) {
                // nothing to read
            }
        } finally {
            if (cancellable) {
                cancellation.unwatch();
            }
        }
        if (cancellable) {
            // A cancelled statement may end without an error (MariaDB's SLEEP() returns 1): the step stops here all the same.
            cancellation.check();
        }
    }

    private void logStatement(SqlStatement s, String source) {
        if (config.logSql()) {
            log.info("{} line {}: {}", source, s.line(), masked(s.sql()));
        } else if (log.isDebugEnabled()) {
            log.debug("{} line {}: {}", source, s.line(), masked(s.sql()));
        }
    }

    /** {@code text} with the values of secret placeholders masked ({@link MigratorConfig#masked}). */
    private String masked(String text) {
        return config.masked(text);
    }

    private void check(PreparedStep step, MigrationBody.Java java) throws Exception {
        DefaultMigrationContext context = context(step);
        if (!java.migration().check(context)) {
            throw new CheckFailedException();
        }
    }

    /** check() returned false: the migration was not started. */
    private static final class CheckFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        CheckFailedException() {
            super("check() returned false", null, false, false);
        }
    }

    private void recordDone(PreparedStep step, int rank, int batch, Instant startedOn, long ms) throws SQLException {
        if (step.direction() == Direction.UP) {
            history.insert(connection, newRow(step, rank, batch, startedOn, ms, MigrationState.SUCCESS, null));
        } else {
            history.delete(connection, step.row().rank());
        }
    }

    /**
     * Removes the history rows of the repeatables that depend on the version a down just reverted, so that the next
     * migrate applies them again, and audits each as a rollback without a version; in the down's transaction, if any.
     */
    private void removeDependentRepeatables(PreparedStep step, Instant startedOn) throws SQLException {
        if (step.direction() != Direction.DOWN) {
            return;
        }
        Map<String, HistoryRow> newest = new LinkedHashMap<>();
        for (HistoryRow row : step.repeatables()) {
            history.delete(connection, row.rank());
            newest.put(row.description(), row);
        }
        for (HistoryRow row : newest.values()) {
            audit.record(connection, "ROLLBACK", null, row.description(), row.script(), true, performedBy, config.environment(),
                    startedOn, 0, "depends on version " + step.version() + ", which was rolled back: the next migrate applies it again"
                            + (automaticUndo != null ? "; " + automaticUndo : ""));
            log.info("Removed repeatable {} from the history: it depends on version {}, which was rolled back", row.script(),
                    step.version());
        }
    }

    private HistoryRow newRow(PreparedStep step, int rank, int batch, Instant on, long ms, MigrationState state, String error) {
        ResolvedMigration m = step.migration();
        return new HistoryRow(rank, step.version(), m.description(), m.type(), m.script(), m.checksum(), performedBy, on, ms,
                state, batch, error);
    }

    private void confirmLock() throws SQLException {
        if (lock != null && (lockMayBeReleased || !lock.heldBySession())) {
            lock.confirm(connection);
            lockMayBeReleased = false;
        }
    }

    private void confirmLockUntilCommit() throws SQLException {
        if (lock != null && (lockMayBeReleased || !lock.heldBySession())) {
            lock.confirmUntilCommit(connection);
            lockMayBeReleased = false;
        }
    }

    /** A batch of a Java migration's batch loop: Java code runs before and after it, so it is confirmed every time. */
    private void confirmLockInJavaCode() throws SQLException {
        // Between two batches of a batch loop: a cancel stops the loop after its last committed batch.
        cancellation.check();
        if (lock != null) {
            lock.confirmUntilCommit(connection);
        }
    }

    /** Before a step runs: its statements, skip-if query or each-migration callbacks may release a session lock. */
    private void noteLockMayBeReleased(PreparedStep step) {
        if (!lockMayBeReleased && lock != null && lock.heldBySession() && mayReleaseLock(step)) {
            lockMayBeReleased = true;
        }
    }

    /**
     * What may release a session lock in its own session: PostgreSQL's {@code pg_advisory_unlock(...)},
     * {@code pg_advisory_unlock_all()} and {@code DISCARD ALL}; MySQL's {@code RELEASE_LOCK(...)},
     * {@code RELEASE_ALL_LOCKS()} and, before 5.7, a second {@code GET_LOCK}; a {@code CALL}ed procedure, whose body is
     * not seen; {@code RESET} for good measure. A false yes only costs a confirmation.
     */
    private static final java.util.regex.Pattern MAY_RELEASE_LOCK = java.util.regex.Pattern.compile(
            "ADVISORY_UNLOCK|RELEASE_LOCK|RELEASE_ALL_LOCKS|GET_LOCK|\\bDISCARD\\b|\\bRESET\\b|\\bCALL\\b",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * Whether running {@code step} may release a session lock: Java code and DSL migrations (whose {@code sql(...)} may
     * say anything) always; SQL when a statement, its {@code -- migrate:skip-if} query or an each-migration callback
     * around an apply names one of {@link #MAY_RELEASE_LOCK}'s words. A function called in a {@code SELECT} that
     * releases the lock inside its body is not seen: see docs/core.md.
     */
    private boolean mayReleaseLock(PreparedStep step) {
        if (!(step.body() instanceof MigrationBody.Sql sql)) {
            return true;
        }
        if (step.direction() == Direction.UP
                && (eachMayReleaseLock || sql.skipIf() != null && MAY_RELEASE_LOCK.matcher(sql.skipIf()).find())) {
            return true;
        }
        for (SqlStatement s : step.statements()) {
            if (MAY_RELEASE_LOCK.matcher(s.sql()).find()) {
                return true;
            }
        }
        return false;
    }

    private void auditStep(PreparedStep step, Instant startedOn, long ms, boolean success, String details) throws SQLException {
        String operation = step.direction() == Direction.UP ? skipped != null ? Operation.MARK_APPLIED.name() : "APPLY" : "ROLLBACK";
        // A reversal names the batch that applied it: rollback's lastBatch() reads it back.
        String detail = details != null ? details : step.direction() == Direction.DOWN && step.row() != null
                ? Planner.appliedInBatch(step.row().batch()) : skipped;
        if (automaticUndo != null && step.direction() == Direction.DOWN) {
            // After the batch, which lastBatch() reads from the start; before an error, which may be cut short.
            detail = detail == null ? automaticUndo : success ? detail + "; " + automaticUndo : automaticUndo + "; " + detail;
        }
        audit.record(connection, operation, step.version(), step.migration().description(), step.migration().script(), success,
                performedBy, config.environment(), startedOn, ms, detail);
    }

    private void auditFailure(PreparedStep step, Instant startedOn, long ms, MigrateException failed) {
        try {
            autoCommitQuietly();
            auditStep(step, startedOn, ms, false, failed.getMessage());
        } catch (SQLException e) {
            log.error("Could not record the failure of {} in the audit table: {}", step.migration().script(), e.toString());
        }
    }

    /**
     * Records a failed once-per-run callback as a failed MIGRATE in the audit trail, as a failed migration
     * is: the run stopped there. A failure to write it is logged, not thrown over the callback's own.
     */
    private void auditCallbackFailure(String callback, Instant startedOn, long ms, String message) {
        if (audit == null) {
            return;
        }
        try {
            rollbackQuietly();
            autoCommitQuietly();
            audit.record(connection, Operation.MIGRATE.name(), null, "callback " + callback, null, false, performedBy,
                    config.environment(), startedOn, ms, message);
        } catch (SQLException e) {
            log.error("Could not record the failure of callback {} in the audit table: {}", callback, e.toString());
        }
    }

    /** Appends an operation-level audit row (baseline, repair, clean) in auto-commit mode. */
    public void auditOperation(Operation operation, String version, String description, boolean success, Instant startedOn,
            long ms, String details) {
        try {
            audit.record(connection, operation.name(), version, description, null, success, performedBy, config.environment(),
                    startedOn, ms, details);
        } catch (SQLException e) {
            throw new MigrateException("Could not write to the audit table " + audit.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records a failed baseline, repair, clean or markApplied (or a group's failed commit) as a FAILURE row with its error. Whatever the
     * operation's open transaction holds is rolled back first, and the row is written in auto-commit, so that
     * it stays where the operation's own changes do not. The table is made again where the operation dropped
     * it (a clean that failed part-way). A failure to write it is logged, not thrown over the operation's own.
     */
    public void auditOperationFailure(Operation operation, String version, Instant startedOn, long ms, String error) {
        if (audit == null) {
            return;
        }
        try {
            rollbackQuietly();
            autoCommitQuietly();
            audit.createIfMissing(connection);
            audit.record(connection, operation.name(), version, null, null, false, performedBy, config.environment(), startedOn, ms,
                    error);
        } catch (SQLException | RuntimeException e) {
            log.error("Could not record the failure of {} in the audit table: {}", operation.tag(), e.toString());
        }
    }

    /**
     * Records a write refused before it changed anything as a {@link dev.migrate.AuditEntry#REFUSED} row, in the format of
     * {@code Migrator.recordRefusal}: no version, {@code request} as the description, {@code reason} as the details. Whatever
     * the operation's open transaction holds is rolled back first and the row is written in auto-commit. The audit table
     * must exist: it is not made only to record a refusal. Nothing is written on a read-only connection, and a failure to
     * write is logged, never thrown over the refusal itself.
     */
    public void auditRefusal(Operation operation, String request, Instant startedOn, long ms, String reason) {
        if (audit == null) {
            return;
        }
        try {
            rollbackQuietly();
            autoCommitQuietly();
            if (connection.isReadOnly()) {
                log.debug("Refused {} ({}) not recorded: the connection is read-only", operation.tag(), request);
                return;
            }
            audit.record(connection, operation.name(), null, request, null, dev.migrate.AuditEntry.REFUSED, performedBy,
                    config.environment(), startedOn, ms, reason);
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not record the refused {} ({}) in the audit table {}: {}", operation.tag(), request, audit.name(),
                    e.toString());
        }
    }

    private void rollbackQuietly() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            log.warn("Rollback failed: {}", e.toString());
        }
    }

    /**
     * After a failure in a script that opened its own transaction: the driver is in auto-commit mode and
     * does not know about it, but the server may still hold it open (PostgreSQL: aborted, refusing every
     * statement). Ends it, so that the FAILED mark, the audit row and the lock's release can run, and a
     * pooled connection goes back clean. Where no transaction is open, the error is expected and ignored.
     */
    private boolean endScriptTransactionQuietly() {
        try (Statement st = connection.createStatement()) {
            st.execute("ROLLBACK");
            return true;
        } catch (SQLException e) {
            log.debug("ROLLBACK after the failed script found nothing to end: {}", e.toString());
            // SQLite's answer when its transaction already ended with the failure (an error that rolls it back itself)
            return e.getMessage() != null && e.getMessage().contains("no transaction is active");
        }
    }

    /**
     * A statement before a script's {@code BEGIN} that changes only the session, which Migrate puts back after the
     * migration (see {@link #restoreSessionContext}): SQLite's connection pragmas, such as the {@code foreign_keys = OFF}
     * of its documented table rebuild, and PostgreSQL's {@code SET}. It leaves nothing in the database.
     */
    private static final java.util.regex.Pattern SESSION_ONLY = java.util.regex.Pattern.compile(
            "\\s*(PRAGMA\\s+(main\\.)?(foreign_keys|legacy_alter_table|defer_foreign_keys|recursive_triggers"
                    + "|ignore_check_constraints|reverse_unordered_selects|busy_timeout|cache_size|temp_store|automatic_index"
                    + "|trusted_schema)\\b|SET\\s+(?!TRANSACTION\\b|CONSTRAINTS\\b))",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** How a statement that begins a transaction starts (a later one of the script may only commit or roll it back). */
    private static final java.util.regex.Pattern BEGINS_TRANSACTION = java.util.regex.Pattern.compile(
            "\\s*(BEGIN|START\\s+TRANSACTION)\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * The first statement of a failed SQL script, a {@code BEGIN} (after statements that change only the session), when it
     * opened the transaction that the failed statement ran in, with no statement between them that ends it, on a database whose DDL that transaction holds
     * (PostgreSQL, SQLite): its rollback then undoes all the script ran. Null otherwise, and for a failure in a callback
     * or before any statement, where what stays is not known here.
     */
    private SqlStatement openedWithTheFailedStatement(PreparedStep step, Failure failure) {
        if (!dialect.supportsTransactionalDdl() || failure.callback != null || failure.statement == null
                || !(step.body() instanceof MigrationBody.Sql)) {
            return null;
        }
        List<SqlStatement> all = step.statements();
        int failed = all.indexOf(failure.statement);
        int begin = 0;
        while (begin < failed && SESSION_ONLY.matcher(all.get(begin).sql()).lookingAt()) {
            begin++;
        }
        if (begin >= failed || !all.get(begin).controlsTransaction()
                || !BEGINS_TRANSACTION.matcher(all.get(begin).sql()).lookingAt()) {
            return null;
        }
        for (SqlStatement between : all.subList(begin + 1, failed)) {
            // PostgreSQL's PREPARE TRANSACTION ends the transaction too, without being a COMMIT
            if (between.controlsTransaction() || between.sql().strip().toUpperCase(java.util.Locale.ROOT).startsWith("PREPARE TRANSACTION")) {
                return null;
            }
        }
        return all.get(begin);
    }

    private void autoCommitQuietly() {
        try {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            log.warn("Could not restore auto-commit: {}", e.toString());
        }
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private void notifyStarted(MigrationEvent event) {
        Listeners.tell(config.listeners(), l -> l.migrationStarted(event));
    }

    private void notifyFinished(MigrationEvent event, long start, Throwable failure) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Listeners.tell(config.listeners(), l -> l.migrationFinished(event, took, failure));
    }

    /**
     * A failure's message, bounded ({@link DriverMessages#bounded}); an Error's with its type
     * ({@code java.lang.NoClassDefFoundError: com/example/Gone}), which says more.
     */
    static String describe(Throwable e) {
        if (e instanceof Error || e.getMessage() == null) {
            return DriverMessages.bounded(e.toString());
        }
        return DriverMessages.bounded(e.getMessage().trim());
    }

    private static final java.util.regex.Pattern COPY_LINE = java.util.regex.Pattern.compile("COPY [^,\n]+, line (\\d+)");

    /**
     * For a failed {@code COPY ... FROM STDIN} whose error names a line of its data ("COPY books, line 3"),
     * where that line is in the file; null otherwise.
     */
    static String dataLine(SqlStatement statement, String error) {
        if (statement.data() == null || error == null) {
            return null;
        }
        java.util.regex.Matcher m = COPY_LINE.matcher(error);
        if (!m.find()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        if (n < 1 || n > statement.data().lines()) {
            return null;
        }
        return "Line " + n + " of the COPY data is line " + (statement.data().line() + n - 1) + " of the file";
    }

    /** A {@code beforeEachMigrate}/{@code afterEachMigrate} callback: a SQL script's statements, or Java code. */
    private record EachCallback(String source, List<SqlStatement> statements, MigrationCallback java, MigrationCallback.Event event) {
    }

    /** What was running when a step failed, to build its message. */

    private final class Failure {
        SqlStatement statement;
        String message;
        /** The each-migration callback {@link #statement} is from; null when it is the migration's own. */
        String callback;
        /** Whether the failure came before any of the step's statements ran (its {@code -- migrate:skip-if} query). */
        boolean nothingRan;
        /**
         * The script's own {@code BEGIN}, its first statement, whose transaction held the failed statement and was rolled
         * back after it: nothing of the script stays. Null when that is not known.
         */
        SqlStatement ownTransaction;
        /** The batch of a batch loop whose action failed ("batch loop items.id, batch 3 (...)"); null when none. */
        String batch;
        /** Whether the failed step left progress marks, so the next migrate runs it again without 'repair'. */
        boolean resumable;
        /** (a down outside a transaction) What of it ran before the failure and stays done ("line 3 of U2__x.sql"); null if nothing or not known. */
        String ranBefore;
        /** (with {@link #ranBefore}) Where the rest of the down starts ("line 5 of U2__x.sql"). */
        String restFrom;
        /**
         * Whether {@link #ranBefore} was noted for a SQL up that ran outside a transaction or in one its DDL commits: null
         * then means that nothing before the failed statement stays.
         */
        boolean upPartWay;

        /**
         * Notes what a down run outside a transaction ({@code wrapped}: in one that its DDL commits) did before it failed:
         * the statements before the failing one, less the data changes after its last other statement where the
         * transaction rolls them back; for a schema DSL migration, the operations of its generated down before the failed
         * one. Nothing for a Java down, whose statements are not known, nor for a failure in a callback.
         */
        void notePartWay(PreparedStep step, boolean wrapped, Throwable e) {
            if (callback != null || ownTransaction != null) {
                return;
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SchemaOperationFailedException dsl) {
                    List<String> ran = dsl.ranBefore();
                    if (!ran.isEmpty()) {
                        ranBefore = (ran.size() == 1 ? "operation 1 (" : "operations 1 to " + ran.size() + " (") + String.join(", ", ran)
                                + ") of the generated down";
                        restFrom = "operation " + dsl.index() + " of the generated down";
                    }
                    return;
                }
            }
            if (!(step.body() instanceof MigrationBody.Sql) || statement == null) {
                return;
            }
            List<SqlStatement> all = step.statements();
            int stays = all.indexOf(statement);
            // the data changes after the last other statement are rolled back with the transaction; DDL committed them before
            while (wrapped && stays > 0 && all.get(stays - 1).batchable()) {
                stays--;
            }
            if (stays > 0) {
                ranBefore = stays == 1 ? "line " + all.get(0).line()
                        : "lines " + all.get(0).line() + " to " + all.get(stays - 1).line() + " (" + stays + " statements)";
                ranBefore += " of " + step.source();
                restFrom = "line " + all.get(stays).line() + " of " + step.source();
            }
        }

        String describe(Throwable e) {
            Throwable cause = reported(e);
            String text = Engine.describe(cause);
            if (statement != null) {
                return masked((callback != null ? "callback " + callback + " " : "") + "line " + statement.line() + ": "
                        + firstWords(statement.sql()) + ": " + text);
            }
            if (batch != null && callback == null) {
                return masked(batch + ": " + text);
            }
            return masked(callback != null ? "callback " + callback + ": " + text : text);
        }

        /**
         * The failure of a step that a cancel stopped ({@code e}: the driver's error for the cancelled statement, or the
         * cancellation's own check), worded as what it is rather than a fault of the script: where it stopped, and what
         * the database holds now.
         *
         * @param rolledBack whether the step's transaction was rolled back; else it is marked FAILED
         * @param inGroup    whether it ran in a group, whose transaction was rolled back with it
         */
        OperationCancelledException cancelled(PreparedStep step, Throwable e, boolean rolledBack, boolean inGroup) {
            ResolvedMigration m = step.migration();
            String by = cancellation.reason();
            String where = callback != null ? " in callback " + callback + (statement != null ? " line " + statement.line() : "")
                    : statement != null ? " line " + statement.line() : "";
            StringBuilder sb = new StringBuilder("Cancelled by ").append(by).append(" while ").append(step.source()).append(where)
                    .append(step.direction() == Direction.UP ? "" : " (rollback)").append(" ran")
                    .append(batch != null && statement == null && callback == null ? ", in " + batch : "");
            if (statement != null) {
                sb.append(" (").append(firstWords(statement.sql())).append(')');
            }
            sb.append(": ");
            boolean up = step.direction() == Direction.UP;
            if (inGroup) {
                sb.append("the group's transaction was rolled back, so none of its migrations is applied.");
            } else if (rolledBack && up) {
                sb.append("its transaction was rolled back; nothing of it remains.");
            } else if (rolledBack) {
                sb.append("its rollback was undone: ").append(m.displayName()).append(" is still applied, as it was.");
            } else if (resumable) {
                sb.append(m.displayName()).append(" is marked FAILED, and its batch loops' progress is kept in ")
                        .append(progress.name()).append(": 'migrate' runs it again without 'repair', each loop resuming after its")
                        .append(" last committed batch.");
            } else if (!up && ranBefore != null) {
                // as its FAILED row says: 'rollback' refuses a down that stopped part-way
                sb.append(m.displayName()).append(" is marked FAILED: its down stopped part-way; ").append(ranBefore)
                        .append(" ran before it and stays done (").append(dialect.supportsTransactionalDdl()
                                ? "it ran outside a transaction" : dialect.products() + " commits DDL at once")
                        .append("). 'rollback' will not run the down again, which would run that a second time. Check the")
                        .append(" schema, then either finish the rollback by hand (the down from ").append(restFrom)
                        .append(" on) and run 'repair' (the migration then counts as not applied); or undo what the down did by")
                        .append(" hand, run 'repair', then 'mark-applied --target ").append(step.version())
                        .append("' to record it applied again.");
            } else if (nothingOfTheDownStays(step)) {
                sb.append(m.displayName()).append(" is marked FAILED, and nothing of its down stays: ")
                        .append(statement != null && step.statements().indexOf(statement) > 0
                                ? "the data changes that ran before were undone with its transaction." : "nothing ran before.")
                        .append(" 'rollback' runs the down again from its start.");
            } else if (up && upPartWay && ranBefore != null) {
                // as for a failure: what of the script ran before the cancelled statement is done for good
                sb.append(m.displayName()).append(" is marked FAILED and partly applied: ").append(ranBefore).append(" ran before it and ")
                        .append(ranBefore.startsWith("lines ") ? "stay" : "stays").append(" (")
                        .append(dialect.supportsTransactionalDdl() ? "it ran outside a transaction" : dialect.products() + " commits DDL at once")
                        .append("). ").append(m.isRepeatable() ? "Undo or finish it by hand, then run 'repair', and run again."
                                : "Undo it by hand and run 'repair', or run 'rollback', whose down then runs whole over what did not"
                                + " run; then run again.");
            } else {
                sb.append(m.displayName()).append(" is marked FAILED and may be partly ").append(up ? "applied" : "rolled back")
                        .append(" (").append(dialect.supportsTransactionalDdl() ? "it ran outside a transaction"
                                : dialect.products() + " commits DDL at once")
                        .append("). Check the database, then run ").append(up ? "'repair' (or 'rollback')" : "'rollback' again (or"
                                + " 'repair' if you finish the rollback by hand)").append(", and run again.");
            }
            sb.append(" No migration ran after it; the lock is released.");
            if (rolledBack || resumable || nothingOfTheDownStays(step)) {
                sb.append(" Run '").append(up ? "migrate" : "rollback").append("' again to go on.");
            }
            Throwable cause = reported(e);
            return new OperationCancelledException(masked(sb.toString()), by, step.version(), step.script(), cause);
        }

        /**
         * What to do when the JVM ran out of heap while a migration ran: the statement is not at fault, the heap is (an
         * embedded database such as H2 parses a statement in the same heap, and a driver may hold a statement's text
         * several times over).
         */
        private static String outOfMemory(String what) {
            long max = Runtime.getRuntime().maxMemory();
            return "The JVM ran out of heap" + (max == Long.MAX_VALUE ? "" : " (at most " + (max >> 20) + " MB)") + " running "
                    + what + ", which is no fault of the script: give the JVM more heap (its -Xmx, as in"
                    + " 'java -Xmx1g -jar migrate.jar ...') and run again, or split large statements into smaller ones.";
        }

        /** The dialect's advice on the first {@link SQLException} among {@code e} and its causes; null when it has none. */
        private String adviceOnFailure(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql) {
                    return dialect.adviceOnFailure(sql);
                }
            }
            return null;
        }

        /** Whether a failed SQL down is known to have left nothing done: no statement before the failing one stays. */
        private boolean nothingOfTheDownStays(PreparedStep step) {
            return step.direction() == Direction.DOWN && callback == null && ranBefore == null
                    && step.body() instanceof MigrationBody.Sql;
        }

        MigrationFailedException wrap(PreparedStep step, Throwable e, boolean rolledBack) {
            if (e instanceof MigrationFailedException mfe) {
                return mfe;
            }
            ResolvedMigration m = step.migration();
            String verb = step.direction() == Direction.UP ? "" : " (rollback)";
            String where = callback != null ? " in callback " + callback + (statement != null ? " line " + statement.line() : "")
                    : statement != null ? " line " + statement.line() : "";
            StringBuilder sb = new StringBuilder("Migration ").append(step.source()).append(where).append(verb).append(" failed")
                    .append(batch != null && statement == null && callback == null ? " in " + batch : "").append(": ");
            if (e instanceof CheckFailedException) {
                sb.append("check() returned false, so the migration did not start. Nothing was changed; make the check pass and run again");
                return new MigrationFailedException(sb.toString(), step.version(), step.script(), 0, e);
            }
            LockLostException lost = lockLost(e);
            if (lost != null) {
                // What the new holder does is not known here: it may go on, resume a batch loop, or stop on the RUNNING row
                // this process leaves (a run refuses such a row unless the migration's batch loops left progress marks).
                sb.append(lost.getMessage()).append("\n  ");
                if (rolledBack) {
                    sb.append("Its transaction was rolled back: nothing of it remains from this process.");
                } else {
                    sb.append("This process wrote nothing more, not even a FAILED mark; what it ran of ").append(m.displayName())
                            .append(" stays, and so does its RUNNING row")
                            .append(resumable ? ", with its batch loops' progress in " + progress.name() : "").append('.');
                }
                sb.append(" Another process took the lock over; whether it went on with the migrations or stopped is not known"
                        + " here: run 'status' to see where they stand");
                if (rolledBack) {
                    sb.append(", and 'migrate' again if any are pending.");
                } else if (resumable) {
                    sb.append(". If ").append(m.displayName()).append(" is still RUNNING, run 'migrate' again: its batch loops resume")
                            .append(" after their last committed batch.");
                } else {
                    sb.append(". If ").append(m.displayName()).append(" is still RUNNING, every run refuses to go on until the row")
                            .append(" is cleared: this process runs no more of it, so check the schema, then run 'repair' to clear")
                            .append(" it (or 'rollback' to run its down) and 'migrate' again.");
                }
                return new MigrationFailedException(sb.toString(), step.version(), step.script(), 0, lost);
            }
            Throwable cause = reported(e);
            sb.append(Engine.describe(cause));
            if (statement != null) {
                sb.append("\n  Statement: ").append(firstWords(statement.sql()));
                String dataLine = dataLine(statement, cause.getMessage());
                if (dataLine != null) {
                    sb.append("\n  ").append(dataLine);
                }
            }
            String what = step.body() instanceof MigrationBody.Java ? "code" : "script";
            String advice = cause instanceof OutOfMemoryError ? outOfMemory(statement != null ? "this statement" : "it")
                    : adviceOnFailure(cause);
            if (advice != null && !(rolledBack && step.direction() == Direction.UP)) {
                sb.append("\n  ").append(advice);
            }
            if (rolledBack && step.direction() == Direction.UP && advice != null) {
                sb.append("\n  The migration was rolled back; nothing of it remains. ").append(advice);
            } else if (rolledBack && step.direction() == Direction.UP && connectionLost(cause)) {
                // Not the script's fault: the server ended the session, and with it the transaction and any session lock.
                sb.append("\n  The connection to the database was lost, and the server rolled the migration back with it; nothing")
                        .append(" of it remains. The migration lock went with the connection, so another process may have applied")
                        .append(" it since: run again, and 'status' shows where the migrations stand.");
            } else if (rolledBack && step.direction() == Direction.UP && ownTransaction != null) {
                sb.append("\n  It ran in its own transaction, opened by its BEGIN at line ").append(ownTransaction.line())
                        .append(", which was rolled back; nothing of it remains. Fix the ").append(what).append(" and run again.");
            } else if (rolledBack && step.direction() == Direction.UP) {
                sb.append("\n  The migration was rolled back; nothing of it remains. Fix the ").append(what).append(" and run again.");
            } else if (rolledBack) {
                sb.append("\n  Its rollback was undone: ").append(m.displayName()).append(" is still applied, as it was. Fix its down ")
                        .append(what).append(" and roll back again.");
            } else if (resumable) {
                sb.append("\n  ").append(m.displayName()).append(" is marked FAILED, and its batch loops' progress is kept in ")
                        .append(progress.name()).append(": fix the cause and run 'migrate' again, without 'repair'. It runs again,")
                        .append(" each loop resuming after its last committed batch; what it does outside its loops runs again.");
            } else if (step.direction() == Direction.UP && cause instanceof SchemaOperationFailedException dsl) {
                // its generated down reverses every operation, the failed one and those after it too
                sb.append("\n  ").append(m.displayName()).append(" is marked FAILED. ")
                        .append(dsl.ranBefore().isEmpty() ? "No operation ran before the failed one" : "The operations that ran"
                                + " before the failed one stay applied")
                        .append(", as does what the failed one ran before its failing statement, if anything: ")
                        .append(dialect.supportsTransactionalDdl() ? "it ran outside a transaction (a concurrently() index)"
                                : dialect.products() + " commits DDL at once").append(". Undo it by hand, run 'repair', fix the migration")
                        .append(" and run again ('rollback' refuses it: its generated down would begin with the reverses of")
                        .append(" operations that did not run).");
            } else if (step.direction() == Direction.UP && upPartWay && ranBefore != null) {
                boolean undone = !restFrom.startsWith("line " + statement.line() + " ");
                sb.append("\n  ").append(m.displayName()).append(" is marked FAILED and partly applied: ").append(ranBefore)
                        .append(" ran before it and ").append(ranBefore.startsWith("lines ") ? "stay" : "stays").append(" (")
                        .append(dialect.supportsTransactionalDdl() ? "it ran outside a transaction"
                                : dialect.products() + " commits DDL at once").append(")")
                        .append(undone ? "; the data changes after them were undone with its transaction" : "")
                        .append("; the script stopped at line ").append(statement.line()).append('.');
                if (m.isRepeatable()) {
                    sb.append(" Undo or finish it by hand, then run 'repair', and run again.");
                } else {
                    sb.append(" Undo it by hand and run 'repair', or run 'rollback', whose down then runs whole over what did")
                            .append(" not run; then ").append(cause instanceof OutOfMemoryError ? "run again with more heap."
                                    : "fix the script and run again.");
                }
            } else if (step.direction() == Direction.UP && upPartWay && statement != null) {
                sb.append("\n  ").append(m.displayName()).append(" is marked FAILED and may be partly applied, though only by the")
                        .append(" failed statement: ").append(step.statements().indexOf(statement) > 0
                                ? "the data changes that ran before it were undone with its transaction"
                                : "no statement ran before it")
                        .append(". A failed statement can leave part of its work where the database does not undo it (one of the")
                        .append(" tables a DROP TABLE names, rows of a table without transactions). Check the database, then run")
                        .append(m.isRepeatable() ? " 'repair', and run again." : " 'repair' (or 'rollback'), and run again.");
            } else if (step.direction() == Direction.UP) {
                sb.append("\n  ").append(m.displayName()).append(" is marked FAILED and may be partly applied. Fix the database,")
                        .append(m.isRepeatable() ? " then run 'repair', and run again." : " then run 'repair' (or 'rollback'), and run again.");
            } else if (ranBefore != null) {
                sb.append("\n  ").append(m.displayName()).append(" is marked FAILED: its down stopped part-way; ").append(ranBefore)
                        .append(" ran before it and stays done (")
                        .append(dialect.supportsTransactionalDdl() ? "it ran outside a transaction"
                                : dialect.products() + " commits DDL at once")
                        .append("). 'rollback' will not run the down again, which would run that a second time. Check the schema,")
                        .append(" then either finish the rollback by hand (the down from ").append(restFrom).append(" on) and run")
                        .append(" 'repair' (the migration then counts as not applied); or undo what the down did by hand, run")
                        .append(" 'repair', then 'mark-applied --target ").append(step.version()).append("' to record it applied again.");
            } else if (nothingOfTheDownStays(step)) {
                sb.append("\n  ").append(m.displayName()).append(" is marked FAILED, and nothing of its down stays: ")
                        .append(ownTransaction != null ? "it ran in its own transaction, opened by its BEGIN at line "
                                + ownTransaction.line() + ", which was rolled back."
                                : step.statements().indexOf(statement) > 0
                                ? "the data changes that ran before were undone with its transaction." : "nothing ran before.")
                        .append(" Fix its down script and run 'rollback' again: it runs the down from its start.");
            } else {
                sb.append("\n  ").append(m.displayName()).append(" is marked FAILED and may be partly rolled back. Fix the database")
                        .append(" and its down ").append(what).append(", then run 'rollback' again (or 'repair' if you finished the")
                        .append(" rollback by hand).");
                if (step.body() instanceof MigrationBody.Java java && !(java.migration() instanceof dev.migrate.schema.DslMigration)) {
                    // what of its code ran is not known: rollback runs it from its start
                    sb.append(" 'rollback' runs down() again from its start, and what it did before the failure is not known here:")
                            .append(" make sure it can run again over what it already did.");
                }
            }
            return new MigrationFailedException(masked(sb.toString()), step.version(), step.script(),
                    statement != null && callback == null ? statement.line() : 0, cause);
        }
    }

    /**
     * Whether {@code e} or a cause says the session ended: SQLSTATE class 08 (connection exception) or
     * PostgreSQL's 57P01-57P03 (terminated by an administrator, a shutdown or a crash).
     */
    private static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLNonTransientConnectionException || t instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a failure reports: the cause of a {@link MigrateException} that wraps one, but a failed DSL operation itself,
     * whose message names the operation and what ran before it.
     */
    private static Throwable reported(Throwable e) {
        return e instanceof MigrateException && !(e instanceof SchemaOperationFailedException) && e.getCause() != null
                ? e.getCause() : e;
    }

    /** The {@link LockLostException} among {@code e} and its causes, if any: a migration may wrap what its loop threw. */
    private static LockLostException lockLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LockLostException lost) {
                return lost;
            }
        }
        return null;
    }

    /** The name the audit and history record for this connection's user. */
    public static String defaultUser(Connection c, MigratorConfig config) {
        if (config.installedBy() != null) {
            return config.installedBy();
        }
        try {
            String user = c.getMetaData().getUserName();
            if (user != null && !user.isBlank()) {
                int at = user.indexOf('@');
                return (at > 0 ? user.substring(0, at) : user).toLowerCase(Locale.ROOT);
            }
        } catch (SQLException e) {
            log.debug("No user name from the driver", e);
        }
        return "migrate";
    }

    /** The connection's DataSource is needed by lease locks; kept here so the facade stays thin. */
    public static DatabaseLock lockFor(Connection c, DataSource ds, Dialect dialect, MigratorConfig config) throws SQLException {
        return dialect.lock(c, ds, config.schema(), config.lockTable(), config.lockLease());
    }

    /** Whether a history row is a migration that {@code status} should show as reversible. */
    public static boolean reversible(Snapshot snapshot, HistoryRow row) {
        if (row.type() == MigrationType.BASELINE || row.type() == MigrationType.REPEATABLE) {
            return false;
        }
        ResolvedMigration m = snapshot.resolvedFor(row);
        return m != null && m.isReversible();
    }
}
