package dev.migrate;

import dev.migrate.internal.Operations;
import dev.migrate.lock.Cancellation;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The entry point: every operation of Migrate on one database.
 *
 * <pre>{@code
 * Migrator migrator = Migrator.create(dataSource, MigratorConfig.builder()
 *         .locations("classpath:db/migration")
 *         .build());
 * MigrateResult result = migrator.migrate();
 * migrator.rollback(RollbackRequest.lastBatch());
 * }</pre>
 *
 * Writing operations ({@code migrate}, {@code rollback}, {@code baseline}, {@code repair},
 * {@code clean}) take the migration lock and are recorded in the audit table, refusals included: a write its checks
 * refuse once connected is a {@link AuditEntry#REFUSED} row (where the audit table exists), and the caller gets the
 * refusal's exception as it was thrown. Reading operations
 * ({@code status}, {@code lockStatus}, {@code plan}, {@code validate}, {@code history}) neither lock nor write, so a
 * health check can poll them while a migration runs. A {@code Migrator} holds no connection
 * between calls and is safe to share between threads. A writing operation running on one thread is stopped
 * cleanly from another with {@link #cancel(String)}.
 */
public final class Migrator {

    private final DataSource dataSource;
    private final MigratorConfig config;
    private final String performedBy;
    /** {@link #config} with {@code {vendor}} in its locations replaced, once the database has been asked. */
    private volatile MigratorConfig resolved;
    /** The cancellations of the writing operations running now, on this Migrator and its {@link #performedBy} copies. */
    private final Set<Cancellation> running;

    private Migrator(DataSource dataSource, MigratorConfig config, String performedBy, Set<Cancellation> running) {
        this.dataSource = dataSource;
        this.config = config;
        this.performedBy = performedBy;
        this.running = running;
    }

    public static Migrator create(DataSource dataSource, MigratorConfig config) {
        if (dataSource == null) {
            throw new ConfigurationException("A DataSource is required");
        }
        if (config == null) {
            throw new ConfigurationException("A MigratorConfig is required");
        }
        return new Migrator(dataSource, config, null, ConcurrentHashMap.newKeySet());
    }

    /**
     * A copy whose writes are recorded in the audit table as performed by {@code who} (the caller's
     * principal), instead of the database user. A null or blank {@code who} names no one: the writes are recorded as
     * without this call ({@link MigratorConfig#installedBy()}, else the database user), not as a blank name.
     */
    public Migrator performedBy(String who) {
        Migrator copy = new Migrator(dataSource, config, who == null || who.isBlank() ? null : who.strip(), running);
        copy.resolved = resolved;
        return copy;
    }

    public MigratorConfig config() {
        return config;
    }

    /**
     * Stops the writing operations running now on this Migrator (and on its {@link #performedBy} copies), from any
     * thread, and returns at once; each running operation then ends with an {@link OperationCancelledException} that
     * says where it stopped. A wait for the migration lock ends at once. The statement a migration is executing is
     * cancelled ({@link java.sql.Statement#cancel()}), and the migration fails as an error would: its transaction is
     * rolled back where it has one (PostgreSQL, H2, SQLite), or it is marked FAILED with an error saying it was
     * cancelled (MySQL and MariaDB, whose DDL commits at once, and a migration run outside a transaction), for
     * {@code repair}; the audit table records the failure as cancelled. No migration starts after the cancel, and the
     * lock is released as after any failure. Java code stops at its next {@code MigrationContext.execute} or between two
     * batches of a batch loop; statements it runs on the connection itself run to their end.
     *
     * <pre>{@code
     * Thread worker = new Thread(migrator::migrate);
     * worker.start();
     * ...
     * migrator.cancel("shutdown");   // worker's migrate() throws OperationCancelledException
     * worker.join();
     * }</pre>
     *
     * An operation that starts after the call runs as usual: the cancel is for those running now. Reading
     * operations are not stopped.
     *
     * @param reason who or what cancels, for the exception and the audit table ("SIGTERM", "shutdown"); null for
     *               "a cancel request"
     * @return whether a writing operation was running and is now cancelled
     */
    public boolean cancel(String reason) {
        boolean any = false;
        for (Cancellation cancellation : running) {
            any |= cancellation.cancel(reason);
        }
        return any;
    }

    /** Applies every pending migration, then new or changed repeatable ones. */
    public MigrateResult migrate() {
        return migrate(null, null);
    }

    /**
     * Applies pending migrations up to and including {@code target}: a version, or one of the other forms of
     * {@link MigrationTarget#parse(String)} ({@code latest}, {@code current}, {@code next}, {@code 7?}); null for the latest.
     */
    public MigrateResult migrate(String target) {
        return migrate(target, null);
    }

    /**
     * Applies pending migrations up to {@code target}, but only if the history still has the
     * fingerprint of the plan the caller confirmed ({@link Plan#fingerprint()}).
     *
     * @param expectedFingerprint null to skip the check
     * @throws StalePlanException when the database changed since the plan was made
     */
    public MigrateResult migrate(String target, String expectedFingerprint) {
        return operations().migrate(MigrationTarget.parse(target), expectedFingerprint);
    }

    /** Reverses applied migrations as {@code request} says; refused before any change if one is irreversible. */
    public RollbackResult rollback(RollbackRequest request) {
        return rollback(request, null);
    }

    /** Like {@link #rollback(RollbackRequest)}, but only if the history still has {@code expectedFingerprint}. */
    public RollbackResult rollback(RollbackRequest request, String expectedFingerprint) {
        return operations().rollback(required(request), expectedFingerprint);
    }

    /** The steps {@code migrate(target)} would take and the SQL of each; changes nothing. */
    public Plan planMigrate(String target) {
        return operations().planMigrate(MigrationTarget.parse(target));
    }

    /**
     * What {@link #markApplied(String)} would record, as a plan (nothing is run or recorded): the plan of
     * {@code migrate}, except that a schema with tables and no history is not refused, since marking adopts it,
     * and that its statements depend neither on the tables nor on the time, so that the plan made again after
     * the migrations' SQL was run by hand is the same: the SQL of a DSL operation that reads its table (a SQLite
     * rebuild, a MySQL {@code MODIFY COLUMN}) shows as a comment, and {@code ${migrate:timestamp}} as written.
     */
    public Plan planMarkApplied(String target) {
        return operations().planMigrate(MigrationTarget.parse(target), true);
    }

    /** The steps {@code rollback(request)} would take and the SQL of each; changes nothing. */
    public Plan planRollback(RollbackRequest request) {
        return operations().planRollback(required(request));
    }

    /** Current version, applied, pending and failed migrations, and problems; changes nothing. */
    public StatusResult status() {
        return operations().status();
    }

    /**
     * Whether another session or process holds the migration lock right now, and who, as far as the database tells:
     * read without taking the lock, waiting for it or writing anything, so a health check may poll it while a migration
     * runs. {@link #status()} reads it too when the history holds a RUNNING row, to tell a migration in progress from
     * one a crash left behind.
     */
    public LockStatus lockStatus() {
        return operations().lockStatus();
    }

    /** Checks files against the history and the dependency graph; changes nothing. */
    public ValidationResult validate() {
        return operations().validate();
    }

    /**
     * Checks the migration files as {@code database} would run them, without connecting to one: for a
     * build or a unit test, before any database is at hand. It finds what {@link #validate()} finds in the
     * files alone (malformed names, duplicate versions, unknown and cyclic dependencies, bad directives,
     * scripts, downs and callbacks that cannot be split, placeholders without a value, unknown environment
     * names), not what needs the history (changed or missing applied files, out-of-order versions).
     *
     * <pre>{@code
     * ValidationResult result = Migrator.validateFiles(MigratorConfig.builder().locations("classpath:db/migration").build(),
     *         "postgresql");
     * assertThat(result.errors()).isEmpty();
     * }</pre>
     *
     * @param database postgresql, mysql, mariadb, h2 or sqlite (how its scripts are split; {@code {vendor}} in a
     *                 location becomes this name, with postgres read as postgresql)
     * @throws UnsupportedDatabaseException for another name
     */
    public static ValidationResult validateFiles(MigratorConfig config, String database) {
        if (config == null) {
            throw new ConfigurationException("A MigratorConfig is required");
        }
        if (database == null || database.isBlank()) {
            throw new ConfigurationException("Name the database the files are for: postgresql, mysql, mariadb, h2 or sqlite");
        }
        dev.migrate.dialect.Dialect dialect = dev.migrate.dialect.Dialects.forName(database.strip());
        String vendor = database.strip().toLowerCase(java.util.Locale.ROOT);
        String name = vendor.equals("postgres") ? "postgresql" : vendor;
        MigratorConfig resolved = config.locations().stream().noneMatch(l -> l.contains(VENDOR)) ? config
                : config.toBuilder().locations(config.locations().stream().map(l -> l.replace(VENDOR, name)).toList()).build();
        return new Operations(null, resolved, null).validateFiles(dialect);
    }

    /** The audit trail, oldest first. */
    public List<AuditEntry> history() {
        return operations().history(0);
    }

    /**
     * The newest {@code limit} audit entries, oldest first.
     *
     * @throws ConfigurationException if {@code limit} is not positive ({@link #history()} gives them all)
     */
    public List<AuditEntry> history(int limit) {
        if (limit < 1) {
            throw new ConfigurationException("history(" + limit + "): the number of audit entries must be at least 1;"
                    + " call history() for all of them");
        }
        return operations().history(limit);
    }

    /**
     * Records in the audit table that a caller asked for {@code operation} and was refused before anything ran: one
     * row with the outcome {@link AuditEntry#REFUSED}, {@code request} as its description, {@code reason} as its
     * details, and the caller of {@link #performedBy(String)} (else {@code installedBy}, else the database user). For
     * a front end that refuses writes by rules of its own (the Spring Boot starter's Actuator endpoint: rollback
     * disabled, no or a stale {@code planId}, a failed backup check), so that an auditor sees the attempt. The core's own
     * refusals (a dirty database, validation, a stale plan under the lock) are recorded by the core: not again here.
     *
     * <pre>{@code
     * migrator.performedBy("alice").recordRefusal(Operation.ROLLBACK, "rollback steps=2",
     *         "confirmation required: no planId");
     * }</pre>
     *
     * It neither takes nor waits for the migration lock, so it answers while a migration runs, and it never
     * throws: the caller's refusal stands whatever happens here. Where the row cannot be written (the database is
     * down, SQLite's single writer is busy, the audit table does not exist yet: it is not made only for this) the
     * refusal is logged at WARN instead.
     *
     * @param operation a writing operation ({@link Operation#writes()})
     * @param request   what was asked, such as {@code rollback steps=2} (at most 200 characters are kept)
     * @param reason    why it was refused
     * @return whether the row was written
     * @throws IllegalArgumentException for a reading operation
     */
    public boolean recordRefusal(Operation operation, String request, String reason) {
        if (operation == null || !operation.writes()) {
            throw new IllegalArgumentException("Only a writing operation is refused and recorded, not " + operation);
        }
        // Not resolvedConfig(): a refusal reads no locations, and must not connect only to resolve them.
        return new Operations(dataSource, config, performedBy).recordRefusal(operation, request, reason);
    }

    /**
     * Adopts an existing database: marks everything up to {@code version} as applied. Only allowed
     * while no migration is applied.
     */
    public AppliedMigration baseline(String version) {
        return operations().baseline(parseVersion(version, "baseline version"));
    }

    /**
     * Records the migrations {@code migrate(target)} would apply as applied, without running them, in
     * one batch: for changes someone already made by hand (a hotfix in production whose migration was
     * written afterwards). Validates first, as {@code migrate} does; each row is audited as MARK_APPLIED.
     *
     * @param target the last version to mark (or {@code next}, {@code 7?}, ... as for {@link #migrate(String)}), or null
     *               for every pending migration (repeatable ones too)
     */
    public MigrateResult markApplied(String target) {
        return markApplied(target, null);
    }

    /**
     * {@link #markApplied(String)}, refused with a {@link StalePlanException} when the history changed since
     * the plan with this {@link Plan#fingerprint()} was made (checked under the lock).
     */
    public MigrateResult markApplied(String target, String expectedFingerprint) {
        return operations().markApplied(MigrationTarget.parse(target), expectedFingerprint);
    }

    /** Clears RUNNING/FAILED rows, realigns checksums with the files, drops rows of missing files. */
    public RepairResult repair() {
        return operations().repair();
    }

    /**
     * Drops every object in the configured schema, Migrate's tables included. Refused unless
     * {@link MigratorConfig#cleanAllowed()}.
     *
     * @return what was dropped
     */
    public List<String> clean() {
        if (!config.cleanAllowed()) {
            throw new ConfigurationException("clean is disabled: it drops every object in the schema. Enable it with"
                    + " cleanAllowed (MigratorConfig.Builder.cleanAllowed(true), migrate.clean-allowed=true, --clean-allowed;"
                    + " allowed by default only in the dev environment)");
        }
        return operations().clean();
    }

    /**
     * One migration: its history row (if applied), its description and the SQL of its up and down, for the
     * Actuator endpoint's detail view. {@code name} is a version ({@code 3}), or names a repeatable migration,
     * which has none: by its script ({@code R__book_titles.sql}, with its folder below the location where it is
     * in one) or its description ({@code book titles}; also with underscores for the spaces, {@code book_titles},
     * and in any case). A version is looked up first: a repeatable migration whose description reads as a
     * version is reached by its script.
     *
     * <p>For a repeatable migration, the history row is the one of its last run, and {@code pending} says
     * whether it is new or changed since it last succeeded (it runs at the next {@code migrate}). One whose file
     * is gone is found in the history by its script's name only.
     *
     * @return empty when no migration file and no history row has that version or name
     * @throws ConfigurationException without connecting, when {@code name} is empty, or neither a version nor a
     *                                repeatable migration's script name, nor the description of one in the locations
     */
    public Optional<MigrationDetails> describe(String name) {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("Name the migration to describe: a version (3), or a repeatable migration's script"
                    + " (R__book_titles.sql) or description (book titles)");
        }
        String text = name.strip();
        MigrationVersion version;
        String notVersion = null;
        try {
            version = MigrationVersion.parse(text);
        } catch (IllegalArgumentException e) {
            version = null;
            notVersion = e.getMessage();
        }
        return operations().describe(version, text, notVersion);
    }

    private Operations operations() {
        return new Operations(dataSource, resolvedConfig(), performedBy, running);
    }

    /**
     * The configuration with {@code {vendor}} in a location replaced by the database's name (Spring Boot's
     * and Flyway's placeholder: {@code classpath:db/migration/{vendor}} reads {@code db/migration/postgresql}
     * on PostgreSQL). The database is asked once per Migrator.
     */
    private MigratorConfig resolvedConfig() {
        if (config.locations().stream().noneMatch(l -> l.contains(VENDOR))) {
            return config;
        }
        MigratorConfig done = resolved;
        if (done == null) {
            String vendor = new Operations(dataSource, config, performedBy).vendor();
            done = config.toBuilder().locations(config.locations().stream().map(l -> l.replace(VENDOR, vendor)).toList()).build();
            resolved = done;
        }
        return done;
    }

    private static final String VENDOR = "{vendor}";

    /** A rollback request, refused when null: it would roll back nothing and report that as done. */
    private static RollbackRequest required(RollbackRequest request) {
        if (request == null) {
            throw new ConfigurationException("Name what to roll back: RollbackRequest.last() (the last migration), steps(n),"
                    + " lastBatch(), toVersion(\"V\"), only(\"V\") or base()");
        }
        return request;
    }

    private static MigrationVersion parseVersion(String text, String what) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return MigrationVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Invalid " + what + ": " + e.getMessage());
        }
    }
}
