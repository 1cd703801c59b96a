package dev.migrate;

import dev.migrate.discovery.MigrationNaming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Immutable configuration of a {@link Migrator}, validated once by {@link Builder#build()}.
 * The core never reads environment variables or system properties: the starter and the CLI map
 * their inputs onto this.
 *
 * <pre>{@code
 * MigratorConfig config = MigratorConfig.builder()
 *         .locations("classpath:db/migration", "filesystem:/opt/app/sql")
 *         .lockTimeout(Duration.ofMinutes(2))
 *         .placeholder("owner", "app")
 *         .build();
 * }</pre>
 */
public final class MigratorConfig {

    /** Default location of migrations. */
    public static final String DEFAULT_LOCATION = "classpath:db/migration";
    public static final String DEFAULT_TABLE = "migrate_history";
    public static final String DEFAULT_AUDIT_TABLE = "migrate_audit";
    public static final String DEFAULT_LOCK_TABLE = "migrate_lock";
    public static final String DEFAULT_PROGRESS_TABLE = "migrate_progress";
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_LOCK_LEASE = Duration.ofSeconds(10);
    /** How many statements {@link #batchStatements()} sends in one JDBC batch at most. */
    public static final int STATEMENT_BATCH_SIZE = 100;
    public static final String DEFAULT_ENVIRONMENT = "prod";
    /** The names of the environments {@code dev}, {@code staging} and {@code prod}, as Spring profiles spell them. */
    private static final Map<String, String> ENVIRONMENT_ALIASES = Map.of("dev", "dev", "development", "dev", "local", "dev",
            "staging", "staging", "stage", "staging", "test", "staging", "prod", "prod", "production", "prod");
    public static final String DEFAULT_BASELINE_VERSION = "1";
    /** The description of a baseline's history row unless {@link Builder#baselineDescription} says otherwise. */
    public static final String DEFAULT_BASELINE_DESCRIPTION = "<< baseline >>";
    /** The longest table or schema name every supported database keeps whole (PostgreSQL's 63). */
    public static final int MAX_IDENTIFIER_LENGTH = 63;
    /** The most characters of a description the history table keeps. */
    public static final int MAX_DESCRIPTION_LENGTH = 200;
    public static final Duration DEFAULT_CONNECT_RETRIES_INTERVAL = Duration.ofSeconds(120);
    /**
     * The longest {@code lockTimeout}, {@code lockLease} and {@code connectRetriesInterval}: a year. Longer ones
     * ({@code ChronoUnit.FOREVER.getDuration()}) are refused by {@link Builder#build()}, naming the setting, rather than
     * failing every operation on arithmetic.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(365);

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    /** What a failed {@code migrate} does with the migrations that same run applied before it. */
    public enum OnFailure {
        /** Keep them; stop at the failed migration (the default, as Flyway and Liquibase do). */
        STOP,
        /** Undo them with their downs, newest first, so the database returns to its version before the run. */
        ROLLBACK_RUN
    }

    private final List<String> locations;
    private final String table;
    private final String auditTable;
    private final String lockTable;
    private final String progressTable;
    private final String schema;
    private final String defaultSchema;
    private final List<String> schemas;
    private final Duration lockTimeout;
    private final Duration lockLease;
    private final boolean outOfOrder;
    private final boolean ignoreFutureMigrations;
    private final List<String> ignoreMigrationPatterns;
    private final boolean validateOnMigrate;
    private final boolean baselineOnMigrate;
    private final String baselineVersion;
    private final String baselineDescription;
    private final boolean cleanAllowed;
    private final Map<String, String> placeholders;
    private final String placeholderPrefix;
    private final String placeholderSuffix;
    private final String sqlMigrationPrefix;
    private final String undoSqlMigrationPrefix;
    private final String repeatableSqlMigrationPrefix;
    private final String sqlMigrationSeparator;
    private final List<String> sqlMigrationSuffixes;
    private final boolean placeholderReplacement;
    private final String environment;
    private final String installedBy;
    private final OnFailure onFailure;
    private final List<JavaMigration> javaMigrations;
    private final List<MigrationListener> listeners;
    private final List<MigrationCallback> callbacks;
    private final ClassLoader classLoader;
    private final boolean logSql;
    private final int connectRetries;
    private final Duration connectRetriesInterval;
    private final boolean failOnMissingLocations;
    private final boolean group;
    private final boolean batchStatements;
    private final java.nio.charset.Charset encoding;
    private final List<String> initSql;

    private MigratorConfig(Builder b) {
        this.locations = List.copyOf(b.locations);
        this.table = b.table;
        this.auditTable = b.auditTable;
        this.lockTable = b.lockTable;
        this.progressTable = b.progressTable;
        this.schema = b.schema;
        this.defaultSchema = b.defaultSchema;
        this.schemas = List.copyOf(b.schemas);
        this.lockTimeout = b.lockTimeout;
        this.lockLease = b.lockLease;
        this.outOfOrder = b.outOfOrder;
        this.ignoreFutureMigrations = b.ignoreFutureMigrations;
        this.ignoreMigrationPatterns = List.copyOf(b.ignoreMigrationPatterns);
        this.validateOnMigrate = b.validateOnMigrate;
        this.baselineOnMigrate = b.baselineOnMigrate;
        this.baselineVersion = b.baselineVersion;
        this.baselineDescription = b.baselineDescription;
        this.cleanAllowed = b.cleanAllowed;
        this.placeholders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.placeholders));
        this.placeholderPrefix = b.placeholderPrefix;
        this.placeholderSuffix = b.placeholderSuffix;
        this.sqlMigrationPrefix = b.sqlMigrationPrefix;
        this.undoSqlMigrationPrefix = b.undoSqlMigrationPrefix;
        this.repeatableSqlMigrationPrefix = b.repeatableSqlMigrationPrefix;
        this.sqlMigrationSeparator = b.sqlMigrationSeparator;
        this.sqlMigrationSuffixes = b.sqlMigrationSuffixes;
        this.placeholderReplacement = b.placeholderReplacement;
        this.environment = b.environment.strip();
        this.installedBy = b.installedBy;
        this.onFailure = b.onFailure;
        this.javaMigrations = List.copyOf(b.javaMigrations);
        this.listeners = List.copyOf(b.listeners);
        this.callbacks = List.copyOf(b.callbacks);
        this.classLoader = b.classLoader;
        this.logSql = b.logSql;
        this.connectRetries = b.connectRetries;
        this.connectRetriesInterval = b.connectRetriesInterval;
        this.failOnMissingLocations = b.failOnMissingLocations;
        this.group = b.group;
        this.batchStatements = b.batchStatements;
        this.encoding = b.encoding;
        this.initSql = List.copyOf(b.initSql);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.locations = new ArrayList<>(locations);
        b.table = table;
        b.auditTable = auditTable;
        b.lockTable = lockTable;
        b.progressTable = progressTable;
        b.schema = schema;
        b.defaultSchema = defaultSchema;
        b.schemas = new ArrayList<>(schemas);
        b.lockTimeout = lockTimeout;
        b.lockLease = lockLease;
        b.outOfOrder = outOfOrder;
        b.ignoreFutureMigrations = ignoreFutureMigrations;
        b.ignoreMigrationPatterns = new ArrayList<>(ignoreMigrationPatterns);
        b.validateOnMigrate = validateOnMigrate;
        b.baselineOnMigrate = baselineOnMigrate;
        b.baselineVersion = baselineVersion;
        b.baselineDescription = baselineDescription;
        b.cleanAllowed = cleanAllowed;
        b.placeholders = new LinkedHashMap<>(placeholders);
        b.placeholderPrefix = placeholderPrefix;
        b.placeholderSuffix = placeholderSuffix;
        b.sqlMigrationPrefix = sqlMigrationPrefix;
        b.undoSqlMigrationPrefix = undoSqlMigrationPrefix;
        b.repeatableSqlMigrationPrefix = repeatableSqlMigrationPrefix;
        b.sqlMigrationSeparator = sqlMigrationSeparator;
        b.sqlMigrationSuffixes = sqlMigrationSuffixes;
        b.placeholderReplacement = placeholderReplacement;
        b.environment = environment;
        b.installedBy = installedBy;
        b.onFailure = onFailure;
        b.javaMigrations = new ArrayList<>(javaMigrations);
        b.listeners = new ArrayList<>(listeners);
        b.callbacks = new ArrayList<>(callbacks);
        b.classLoader = classLoader;
        b.logSql = logSql;
        b.connectRetries = connectRetries;
        b.connectRetriesInterval = connectRetriesInterval;
        b.failOnMissingLocations = failOnMissingLocations;
        b.group = group;
        b.batchStatements = batchStatements;
        b.encoding = encoding;
        b.initSql = new ArrayList<>(initSql);
        return b;
    }

    public List<String> locations() {
        return locations;
    }

    public String table() {
        return table;
    }

    public String auditTable() {
        return auditTable;
    }

    public String lockTable() {
        return lockTable;
    }

    /** Table of the progress marks of batched data migrations. */
    public String progressTable() {
        return progressTable;
    }

    /**
     * Schema of Migrate's tables: the one configured, else {@link #defaultSchema()}, else null for the
     * connection's current schema.
     */
    public String schema() {
        return schema != null ? schema : defaultSchema;
    }

    /**
     * The schema the migrations run in, or null for the connection's own (Flyway's and Liquibase's
     * {@code defaultSchema}). Created when missing; while an operation holds its connection, it is the
     * current schema (first in PostgreSQL's {@code search_path}, the database on MySQL/MariaDB, H2's
     * schema), and the connection's own is put back before it is closed. Migrate's tables go there too
     * unless {@link #schema()} is set. Not on SQLite, which has no current schema.
     */
    public String defaultSchema() {
        return defaultSchema;
    }

    /**
     * The schemas Migrate manages (Flyway's {@code schemas}): each is created when missing, under the lock, by
     * every writing operation before its work, and {@code clean} empties each. The first is the
     * {@link #defaultSchema()} when that is not set. Empty by default: only the default schema and
     * {@link #schema()} are managed.
     */
    public List<String> schemas() {
        return schemas;
    }

    public Duration lockTimeout() {
        return lockTimeout;
    }

    /**
     * How many more times a writing operation ({@code migrate}, {@code rollback}, {@code baseline},
     * {@code repair}, {@code clean}) tries to connect when the database cannot be reached or is still
     * starting, waiting 1 s, 2 s, 4 s... (at most {@link #connectRetriesInterval()}) between tries. A
     * refused login or an unknown database is not retried, nor are reading operations: a health check
     * must answer at once. 0, the default: one try.
     */
    public int connectRetries() {
        return connectRetries;
    }

    /**
     * Whether a location that does not exist is an error that stops every operation reading the
     * migrations (as a malformed file name is) instead of a warning. Off by default, as in Flyway.
     */
    public boolean failOnMissingLocations() {
        return failOnMissingLocations;
    }

    /**
     * Whether {@code migrate} applies the pending migrations of a run in one transaction: all of them
     * or, when one fails, none. Only where DDL is transactional (PostgreSQL, SQLite), and only when every
     * pending migration can run in a transaction; otherwise {@code migrate} refuses before applying
     * anything. Off by default, as in Flyway.
     */
    public boolean group() {
        return group;
    }

    /**
     * Whether to send the data statements of a SQL migration to the database in JDBC batches of up to
     * {@value #STATEMENT_BATCH_SIZE} (Flyway Teams' {@code batch}): consecutive {@code INSERT},
     * {@code UPDATE}, {@code DELETE}, {@code MERGE}, {@code REPLACE} and {@code UPSERT} statements without
     * {@code RETURNING}, in a migration that runs in a transaction, go in one round trip instead of one
     * each. When a batch fails, the error names the statement of the batch that failed and its line, as
     * without batching, and the migration is rolled back as for any failure. Off by default.
     */
    public boolean batchStatements() {
        return batchStatements;
    }

    /**
     * How SQL scripts and callbacks are encoded (Flyway's {@code encoding}), UTF-8 by default; a script's
     * {@code .sql.conf} file may name its own. Bytes that are not text in it are an error naming the file.
     */
    public java.nio.charset.Charset encoding() {
        return encoding;
    }

    /**
     * Statements run on every connection Migrate opens for an operation, right after it is opened
     * (Flyway's {@code initSql}, Spring Boot's {@code spring.flyway.init-sqls}): {@code SET ROLE app_owner},
     * {@code SET lock_timeout = '5s'}. What they change in the session is put back before the connection
     * is closed, as far as Migrate puts back what a migration changes (see {@link dev.migrate.dialect.Dialect#sessionContext}).
     * Empty by default.
     */
    public List<String> initSql() {
        return initSql;
    }

    /** The longest wait between two tries to connect (see {@link #connectRetries()}). */
    public Duration connectRetriesInterval() {
        return connectRetriesInterval;
    }

    public Duration lockLease() {
        return lockLease;
    }

    public boolean outOfOrder() {
        return outOfOrder;
    }

    /**
     * Whether applied migrations newer than every migration found (a newer build of the application
     * applied them) are accepted with a warning instead of being "missing" problems; {@code repair} then
     * keeps their rows. For starting an older build against a newer schema (a rolled-back deploy).
     */
    public boolean ignoreFutureMigrations() {
        return ignoreFutureMigrations;
    }

    /**
     * Flyway's {@code ignoreMigrationPatterns}, {@code type:status} each: what validation accepts with a
     * warning instead of refusing. {@code *:missing} (or {@code versioned:missing}): applied migrations
     * whose file is gone, deleted on purpose; {@code repair} then keeps their rows. {@code *:future}: as
     * {@link #ignoreFutureMigrations()}. {@code *:pending} and {@code repeatable:missing} change nothing
     * (neither is a problem in Migrate); {@code *:*} is every one of these. Lower case; empty by default.
     */
    public List<String> ignoreMigrationPatterns() {
        return ignoreMigrationPatterns;
    }

    public boolean validateOnMigrate() {
        return validateOnMigrate;
    }

    /**
     * Whether {@code migrate} adopts a schema that already holds tables but has no history by recording
     * a baseline at {@link #baselineVersion()} first; without it, such a schema is refused.
     */
    public boolean baselineOnMigrate() {
        return baselineOnMigrate;
    }

    /** The version {@link #baselineOnMigrate()} records: the migrations up to it count as applied. */
    public String baselineVersion() {
        return baselineVersion;
    }

    /** The description of the history row a baseline writes ({@code baseline} or {@link #baselineOnMigrate()}). */
    public String baselineDescription() {
        return baselineDescription;
    }

    public boolean cleanAllowed() {
        return cleanAllowed;
    }

    public Map<String, String> placeholders() {
        return placeholders;
    }

    /** Placeholder names whose values are secrets, told apart by name as Spring Boot's sanitizer does. */
    private static final Pattern SECRET_PLACEHOLDER = Pattern.compile(
            "(?i).*(password|passwd|pwd|secret|token|credential|api.?key|private.?key).*");

    /**
     * {@code text} with the value of every placeholder whose name says it is a secret ({@code app_password},
     * {@code api_token}, {@code client_secret}...) written as {@code ******}. Migrate quotes a failed statement with its
     * placeholders replaced, in the exception, the history's error, the audit table and the log, and the endpoint shows
     * planned statements: those go through this. Values shorter than three characters are left, as masking them
     * would hide unrelated text.
     *
     * <pre>{@code
     * config.masked("CREATE ROLE app PASSWORD 'Hunter2'")   // with placeholder app_password=Hunter2
     *     // CREATE ROLE app PASSWORD '******'
     * }</pre>
     */
    public String masked(String text) {
        if (text == null || placeholders.isEmpty()) {
            return text;
        }
        for (Map.Entry<String, String> e : placeholders.entrySet()) {
            String value = e.getValue();
            if (value != null && value.length() >= 3 && SECRET_PLACEHOLDER.matcher(e.getKey()).matches()) {
                text = text.replace(value, "******");
            }
        }
        return text;
    }

    /** What opens a placeholder in the scripts: {@code ${} unless set otherwise (Flyway's {@code placeholderPrefix}). */
    public String placeholderPrefix() {
        return placeholderPrefix;
    }

    /** What closes a placeholder in the scripts: <code>}</code> unless set otherwise (Flyway's {@code placeholderSuffix}). */
    public String placeholderSuffix() {
        return placeholderSuffix;
    }

    /** What starts a versioned SQL migration's file name: {@code V} unless set otherwise (Flyway's {@code sqlMigrationPrefix}). */
    public String sqlMigrationPrefix() {
        return sqlMigrationPrefix;
    }

    /** What starts a reverse SQL migration's file name: {@code U} unless set otherwise (Flyway's {@code undoSqlMigrationPrefix}). */
    public String undoSqlMigrationPrefix() {
        return undoSqlMigrationPrefix;
    }

    /** What starts a repeatable SQL migration's file name: {@code R} unless set otherwise (Flyway's {@code repeatableSqlMigrationPrefix}). */
    public String repeatableSqlMigrationPrefix() {
        return repeatableSqlMigrationPrefix;
    }

    /**
     * What ends the version in a SQL migration's file name and starts its description: {@code __} unless set
     * otherwise (Flyway's {@code sqlMigrationSeparator}); also what follows a callback's event when it has a description.
     */
    public String sqlMigrationSeparator() {
        return sqlMigrationSeparator;
    }

    /**
     * How the file names of SQL migrations and callbacks end: {@code .sql} unless set otherwise (Flyway's
     * {@code sqlMigrationSuffixes}); a script's configuration file adds {@code .conf} to any of them.
     */
    public List<String> sqlMigrationSuffixes() {
        return sqlMigrationSuffixes;
    }

    /**
     * Whether placeholders are replaced at all (Flyway's {@code placeholderReplacement}); true unless turned off,
     * for scripts full of text that looks like placeholders.
     */
    public boolean placeholderReplacement() {
        return placeholderReplacement;
    }

    /**
     * The environment of the run, as given, without surrounding spaces. A migration for the environment it is another name of
     * ({@link #environmentLabel}: {@code dev} for {@code local}) runs in it too; not the other way round.
     */
    public String environment() {
        return environment;
    }

    /**
     * The name an environment is known by: {@code dev} for {@code development} and {@code local},
     * {@code staging} for {@code stage} and {@code test}, {@code prod} for {@code production}, as the
     * starter maps Spring profiles, whatever their case; any other name as it is written.
     */
    public static String environmentLabel(String name) {
        String stripped = name.strip();
        return ENVIRONMENT_ALIASES.getOrDefault(stripped.toLowerCase(Locale.ROOT), stripped);
    }

    /** Name recorded as installed_by, or null for the database user. */
    public String installedBy() {
        return installedBy;
    }

    public OnFailure onFailure() {
        return onFailure;
    }

    public List<JavaMigration> javaMigrations() {
        return javaMigrations;
    }

    public List<MigrationListener> listeners() {
        return listeners;
    }

    /** The Java callbacks, in the order they run for one event (after the SQL callbacks). */
    public List<MigrationCallback> callbacks() {
        return callbacks;
    }

    public ClassLoader classLoader() {
        return classLoader;
    }

    public boolean logSql() {
        return logSql;
    }

    /** Collects settings; {@link #build()} validates them all at once. */
    public static final class Builder {

        private List<String> locations = new ArrayList<>(List.of(DEFAULT_LOCATION));
        private String table = DEFAULT_TABLE;
        private String auditTable = DEFAULT_AUDIT_TABLE;
        private String lockTable = DEFAULT_LOCK_TABLE;
        private String progressTable = DEFAULT_PROGRESS_TABLE;
        private String schema;
        private String defaultSchema;
        private List<String> schemas = new ArrayList<>();
        private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
        private Duration lockLease = DEFAULT_LOCK_LEASE;
        private boolean outOfOrder;
        private boolean ignoreFutureMigrations;
        private List<String> ignoreMigrationPatterns = new ArrayList<>();
        private boolean validateOnMigrate = true;
        private boolean baselineOnMigrate;
        private String baselineVersion = DEFAULT_BASELINE_VERSION;
        private String baselineDescription = DEFAULT_BASELINE_DESCRIPTION;
        private boolean cleanAllowed;
        private Map<String, String> placeholders = new LinkedHashMap<>();
        private String placeholderPrefix = "${";
        private String placeholderSuffix = "}";
        private String sqlMigrationPrefix = MigrationNaming.DEFAULT.versionedPrefix();
        private String undoSqlMigrationPrefix = MigrationNaming.DEFAULT.undoPrefix();
        private String repeatableSqlMigrationPrefix = MigrationNaming.DEFAULT.repeatablePrefix();
        private String sqlMigrationSeparator = MigrationNaming.DEFAULT.separator();
        private List<String> sqlMigrationSuffixes = MigrationNaming.DEFAULT.suffixes();
        private boolean placeholderReplacement = true;
        private String environment = DEFAULT_ENVIRONMENT;
        private String installedBy;
        private OnFailure onFailure = OnFailure.STOP;
        private List<JavaMigration> javaMigrations = new ArrayList<>();
        private List<MigrationListener> listeners = new ArrayList<>();
        private List<MigrationCallback> callbacks = new ArrayList<>();
        private ClassLoader classLoader;
        private boolean logSql;
        private int connectRetries;
        private Duration connectRetriesInterval = DEFAULT_CONNECT_RETRIES_INTERVAL;
        private boolean failOnMissingLocations;
        private boolean group;
        private boolean batchStatements;
        private java.nio.charset.Charset encoding = java.nio.charset.StandardCharsets.UTF_8;
        private String encodingName;
        private List<String> initSql = new ArrayList<>();

        private Builder() {
        }

        /** Where migrations are: {@code classpath:db/migration}, {@code filesystem:/dir} or a bare path. */
        public Builder locations(String... locations) {
            return locations(listOf(locations));
        }

        public Builder locations(List<String> locations) {
            this.locations = copy(locations);
            return this;
        }

        public Builder table(String table) {
            this.table = table;
            return this;
        }

        public Builder auditTable(String auditTable) {
            this.auditTable = auditTable;
            return this;
        }

        public Builder lockTable(String lockTable) {
            this.lockTable = lockTable;
            return this;
        }

        public Builder progressTable(String progressTable) {
            this.progressTable = progressTable;
            return this;
        }

        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        /** See {@link MigratorConfig#defaultSchema()}. */
        public Builder defaultSchema(String defaultSchema) {
            this.defaultSchema = defaultSchema;
            return this;
        }

        /** See {@link MigratorConfig#schemas()}. */
        public Builder schemas(List<String> schemas) {
            this.schemas = schemas == null ? new ArrayList<>() : new ArrayList<>(schemas);
            return this;
        }

        /** See {@link MigratorConfig#schemas()}. */
        public Builder schemas(String... schemas) {
            return schemas(listOf(schemas));
        }

        public Builder lockTimeout(Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
            return this;
        }

        /** See {@link MigratorConfig#initSql()}. */
        public Builder initSql(String... statements) {
            return initSql(listOf(statements));
        }

        /** See {@link MigratorConfig#initSql()}. */
        public Builder initSql(List<String> statements) {
            this.initSql = copy(statements);
            return this;
        }

        /** See {@link MigratorConfig#encoding()}. */
        public Builder encoding(java.nio.charset.Charset encoding) {
            this.encoding = encoding;
            this.encodingName = null;
            return this;
        }

        /** See {@link MigratorConfig#encoding()}: a charset name such as {@code ISO-8859-1}, checked by {@link #build()}. */
        public Builder encoding(String encoding) {
            this.encodingName = encoding;
            return this;
        }

        /** See {@link MigratorConfig#group()}. */
        public Builder group(boolean group) {
            this.group = group;
            return this;
        }

        /** See {@link MigratorConfig#batchStatements()}. */
        public Builder batchStatements(boolean batchStatements) {
            this.batchStatements = batchStatements;
            return this;
        }

        /** See {@link MigratorConfig#failOnMissingLocations()}. */
        public Builder failOnMissingLocations(boolean failOnMissingLocations) {
            this.failOnMissingLocations = failOnMissingLocations;
            return this;
        }

        /** See {@link MigratorConfig#connectRetries()}. */
        public Builder connectRetries(int connectRetries) {
            this.connectRetries = connectRetries;
            return this;
        }

        /** See {@link MigratorConfig#connectRetriesInterval()}. */
        public Builder connectRetriesInterval(Duration connectRetriesInterval) {
            this.connectRetriesInterval = connectRetriesInterval;
            return this;
        }

        /** How long a lock row (H2, SQLite) stays valid without being refreshed by its holder. */
        public Builder lockLease(Duration lockLease) {
            this.lockLease = lockLease;
            return this;
        }

        public Builder outOfOrder(boolean outOfOrder) {
            this.outOfOrder = outOfOrder;
            return this;
        }

        /** See {@link MigratorConfig#ignoreFutureMigrations()}. */
        public Builder ignoreFutureMigrations(boolean ignoreFutureMigrations) {
            this.ignoreFutureMigrations = ignoreFutureMigrations;
            return this;
        }

        /** See {@link MigratorConfig#ignoreMigrationPatterns()}. */
        public Builder ignoreMigrationPatterns(String... patterns) {
            return ignoreMigrationPatterns(listOf(patterns));
        }

        /** See {@link MigratorConfig#ignoreMigrationPatterns()}. */
        public Builder ignoreMigrationPatterns(List<String> patterns) {
            this.ignoreMigrationPatterns = copy(patterns);
            return this;
        }

        public Builder validateOnMigrate(boolean validateOnMigrate) {
            this.validateOnMigrate = validateOnMigrate;
            return this;
        }

        /**
         * Whether {@code migrate} may adopt a schema that already holds tables but has no history table
         * (a database created before Migrate) by recording a baseline at {@link #baselineVersion} and
         * applying only the later migrations. Off by default: such a schema is refused, since it is more
         * often the wrong database than one to adopt.
         */
        public Builder baselineOnMigrate(boolean baselineOnMigrate) {
            this.baselineOnMigrate = baselineOnMigrate;
            return this;
        }

        /** The version {@link #baselineOnMigrate} records, {@value #DEFAULT_BASELINE_VERSION} by default. */
        public Builder baselineVersion(String baselineVersion) {
            this.baselineVersion = baselineVersion;
            return this;
        }

        /**
         * The description of the history row a baseline writes, {@value #DEFAULT_BASELINE_DESCRIPTION} by
         * default (Flyway's {@code baselineDescription}); at most {@value #MAX_DESCRIPTION_LENGTH} characters.
         */
        public Builder baselineDescription(String baselineDescription) {
            this.baselineDescription = baselineDescription;
            return this;
        }

        public Builder cleanAllowed(boolean cleanAllowed) {
            this.cleanAllowed = cleanAllowed;
            return this;
        }

        /** See {@link MigratorConfig#placeholderPrefix()}. */
        public Builder placeholderPrefix(String placeholderPrefix) {
            this.placeholderPrefix = placeholderPrefix;
            return this;
        }

        /** See {@link MigratorConfig#placeholderSuffix()}. */
        public Builder placeholderSuffix(String placeholderSuffix) {
            this.placeholderSuffix = placeholderSuffix;
            return this;
        }

        /** See {@link MigratorConfig#sqlMigrationPrefix()}. */
        public Builder sqlMigrationPrefix(String sqlMigrationPrefix) {
            this.sqlMigrationPrefix = sqlMigrationPrefix;
            return this;
        }

        /** See {@link MigratorConfig#undoSqlMigrationPrefix()}. */
        public Builder undoSqlMigrationPrefix(String undoSqlMigrationPrefix) {
            this.undoSqlMigrationPrefix = undoSqlMigrationPrefix;
            return this;
        }

        /** See {@link MigratorConfig#repeatableSqlMigrationPrefix()}. */
        public Builder repeatableSqlMigrationPrefix(String repeatableSqlMigrationPrefix) {
            this.repeatableSqlMigrationPrefix = repeatableSqlMigrationPrefix;
            return this;
        }

        /** See {@link MigratorConfig#sqlMigrationSeparator()}. */
        public Builder sqlMigrationSeparator(String sqlMigrationSeparator) {
            this.sqlMigrationSeparator = sqlMigrationSeparator;
            return this;
        }

        /** See {@link MigratorConfig#sqlMigrationSuffixes()}. */
        public Builder sqlMigrationSuffixes(List<String> sqlMigrationSuffixes) {
            this.sqlMigrationSuffixes = sqlMigrationSuffixes == null ? null : java.util.Collections.unmodifiableList(copy(sqlMigrationSuffixes));
            return this;
        }

        /** See {@link MigratorConfig#placeholderReplacement()}. */
        public Builder placeholderReplacement(boolean placeholderReplacement) {
            this.placeholderReplacement = placeholderReplacement;
            return this;
        }

        public Builder placeholders(Map<String, String> placeholders) {
            this.placeholders = placeholders == null ? null : new LinkedHashMap<>(placeholders);
            return this;
        }

        public Builder placeholder(String name, String value) {
            if (this.placeholders == null) {
                this.placeholders = new LinkedHashMap<>();
            }
            this.placeholders.put(name, value);
            return this;
        }

        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        public Builder installedBy(String installedBy) {
            this.installedBy = installedBy;
            return this;
        }

        public Builder onFailure(OnFailure onFailure) {
            this.onFailure = onFailure;
            return this;
        }

        /** Java migrations given as instances (Spring beans, for example), besides those found in the locations. */
        public Builder javaMigrations(List<? extends JavaMigration> javaMigrations) {
            this.javaMigrations = copy(javaMigrations);
            return this;
        }

        public Builder javaMigration(JavaMigration migration) {
            this.javaMigrations = add(this.javaMigrations, migration);
            return this;
        }

        public Builder listener(MigrationListener listener) {
            this.listeners = add(this.listeners, listener);
            return this;
        }

        public Builder listeners(List<? extends MigrationListener> listeners) {
            this.listeners = copy(listeners);
            return this;
        }

        /** Adds a Java callback: code run at points of {@code migrate} on Migrate's connection ({@link MigrationCallback}). */
        public Builder callback(MigrationCallback callback) {
            this.callbacks = add(this.callbacks, callback);
            return this;
        }

        /** Replaces the Java callbacks, which run in this order for one event. */
        public Builder callbacks(List<? extends MigrationCallback> callbacks) {
            this.callbacks = copy(callbacks);
            return this;
        }

        /** Class loader for {@code classpath:} locations and Java migration classes. */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = classLoader;
            return this;
        }

        /** Whether to log the SQL of each statement at INFO as it runs. */
        public Builder logSql(boolean logSql) {
            this.logSql = logSql;
            return this;
        }

        /**
         * Validates every setting and returns the configuration.
         *
         * @throws ConfigurationException listing every invalid setting by name
         */
        public MigratorConfig build() {
            List<String> errors = new ArrayList<>();
            if (locations == null || locations.isEmpty()) {
                errors.add("locations must name at least one location, such as " + DEFAULT_LOCATION);
            } else {
                for (String location : locations) {
                    if (location == null || location.isBlank()) {
                        errors.add("locations must not contain an empty entry");
                    } else if (location.contains(":") && !location.startsWith("classpath:")
                            && !location.startsWith("filesystem:") && !location.matches("[A-Za-z]:[\\\\/].*")) {
                        errors.add("location '" + location + "' has an unknown prefix: use classpath: or filesystem:");
                    }
                }
            }
            checkIdentifier(errors, "table", table);
            checkIdentifier(errors, "audit-table", auditTable);
            checkIdentifier(errors, "lock-table", lockTable);
            checkIdentifier(errors, "progress-table", progressTable);
            checkDistinctTables(errors);
            if (schema != null && !schema.isEmpty()) {
                checkIdentifier(errors, "schema", schema);
            }
            if (defaultSchema != null && !defaultSchema.isEmpty()) {
                checkIdentifier(errors, "default-schema", defaultSchema);
            }
            List<String> managed = new ArrayList<>();
            for (String each : schemas == null ? List.<String>of() : schemas) {
                if (each == null || each.isBlank()) {
                    continue;
                }
                checkIdentifier(errors, "schemas entry", each.strip());
                if (managed.stream().noneMatch(each.strip()::equalsIgnoreCase)) {
                    managed.add(each.strip());
                }
            }
            if (baselineVersion == null || baselineVersion.isBlank()) {
                errors.add("baseline-version must be a version, such as 1");
            } else {
                try {
                    MigrationVersion.parse(baselineVersion);
                    if (baselineVersion.length() > MigrationVersion.MAX_LENGTH) {
                        errors.add("baseline-version '" + baselineVersion + "' is longer than " + MigrationVersion.MAX_LENGTH
                                + " characters");
                    }
                } catch (IllegalArgumentException e) {
                    errors.add("baseline-version " + e.getMessage());
                }
            }
            if (baselineDescription == null || baselineDescription.isBlank()) {
                errors.add("baseline-description must not be empty: leave it unset for '" + DEFAULT_BASELINE_DESCRIPTION + "'");
            } else if (baselineDescription.length() > MAX_DESCRIPTION_LENGTH) {
                errors.add("baseline-description is " + baselineDescription.length() + " characters long; the history table keeps "
                        + MAX_DESCRIPTION_LENGTH + ": shorten it");
            }
            List<String> patterns = new ArrayList<>();
            if (ignoreMigrationPatterns == null) {
                errors.add("ignore-migration-patterns must be a list, not null: leave it unset for none");
            }
            for (String pattern : ignoreMigrationPatterns == null ? List.<String>of() : ignoreMigrationPatterns) {
                String problem = checkIgnorePattern(pattern);
                if (problem != null) {
                    errors.add(problem);
                } else {
                    patterns.add(pattern.strip().toLowerCase(java.util.Locale.ROOT));
                }
            }
            if (initSql == null || initSql.stream().anyMatch(s -> s == null || s.isBlank())) {
                errors.add("init-sql must not hold an empty statement");
            }
            if (encodingName != null) {
                try {
                    encoding = java.nio.charset.Charset.forName(encodingName.strip());
                    encodingName = null;
                } catch (IllegalArgumentException e) {
                    errors.add("encoding '" + encodingName + "' is not a character set this Java knows: such as UTF-8, ISO-8859-1 or"
                            + " windows-1252");
                }
            } else if (encoding == null) {
                errors.add("encoding must be a character set, such as UTF-8");
            }
            if (lockTimeout == null || lockTimeout.isNegative()) {
                errors.add("lock-timeout must be zero or positive, such as 60s");
            } else if (lockTimeout.compareTo(MAX_DURATION) > 0) {
                errors.add(tooLong("lock-timeout", lockTimeout));
            }
            if (connectRetries < 0) {
                errors.add("connect-retries must be zero or positive, such as 10");
            }
            if (connectRetriesInterval == null || connectRetriesInterval.compareTo(Duration.ofSeconds(1)) < 0) {
                errors.add("connect-retries-interval must be at least 1s");
            } else if (connectRetriesInterval.compareTo(MAX_DURATION) > 0) {
                errors.add(tooLong("connect-retries-interval", connectRetriesInterval));
            }
            if (lockLease == null || lockLease.compareTo(Duration.ofSeconds(1)) < 0) {
                errors.add("lock-lease must be at least 1s");
            } else if (lockLease.compareTo(MAX_DURATION) > 0) {
                errors.add(tooLong("lock-lease", lockLease));
            }
            if (environment == null || environment.isBlank()) {
                errors.add("environment must not be empty (dev, staging or prod)");
            }
            if (onFailure == null) {
                errors.add("on-failure must be stop or rollback-run");
            }
            if (placeholderPrefix == null || placeholderPrefix.isBlank()) {
                errors.add("placeholder-prefix must not be empty: such as ${ or #[");
            }
            if (placeholderSuffix == null || placeholderSuffix.isBlank()) {
                errors.add("placeholder-suffix must not be empty: such as } or ]");
            }
            if (sqlMigrationSuffixes == null) {
                errors.add("sql-migration-suffixes must name at least one suffix, such as .sql");
            } else if (sqlMigrationSuffixes.stream().anyMatch(java.util.Objects::isNull)) {
                errors.add("sql-migration-suffixes must not hold null: name suffixes such as .sql");
            } else {
                sqlMigrationSuffixes = sqlMigrationSuffixes.stream().map(String::strip).filter(x -> !x.isEmpty()).distinct().toList();
                errors.addAll(new MigrationNaming(sqlMigrationPrefix, undoSqlMigrationPrefix, repeatableSqlMigrationPrefix,
                        sqlMigrationSeparator, sqlMigrationSuffixes).problems());
            }
            checkNoNull(errors, "java-migrations", javaMigrations, "MigratorConfig.Builder.javaMigration(...)");
            checkNoNull(errors, "listeners", listeners, "MigratorConfig.Builder.listener(...)");
            checkNoNull(errors, "callbacks", callbacks, "MigratorConfig.Builder.callback(...)");
            if (placeholders == null) {
                errors.add("placeholders must be a map, not null: leave it unset for none");
            }
            for (Map.Entry<String, String> p : placeholders == null ? Map.<String, String>of().entrySet() : placeholders.entrySet()) {
                if (p.getKey() == null || p.getKey().isBlank() || p.getValue() == null) {
                    errors.add("placeholder '" + p.getKey() + "' must have a name and a value");
                }
            }
            if (!errors.isEmpty()) {
                throw new ConfigurationException("Invalid Migrate configuration: " + String.join("; ", errors));
            }
            ignoreMigrationPatterns = patterns;
            if (installedBy != null && installedBy.isBlank()) {
                // As a property set to nothing (migrate.installed-by=): the database user, not a blank name in the history.
                installedBy = null;
            }
            if (schema != null && schema.isEmpty()) {
                schema = null;
            }
            if (defaultSchema != null && defaultSchema.isEmpty()) {
                defaultSchema = null;
            }
            schemas = managed;
            if (defaultSchema == null && !managed.isEmpty()) {
                // As Flyway reads its schemas list.
                defaultSchema = managed.get(0);
            }
            return new MigratorConfig(this);
        }

        /** Null when {@code pattern} is one Migrate understands, else why not. */
        /**
         * Migrate's four tables live in one schema, so two settings naming one table would make it serve both: on H2 and
         * SQLite the lock row went into the history table, and every write failed on a column it does not have.
         */
        private void checkDistinctTables(List<String> errors) {
            String[][] tables = {{"table", table}, {"audit-table", auditTable}, {"lock-table", lockTable}, {"progress-table", progressTable}};
            for (int i = 1; i < tables.length; i++) {
                for (int j = 0; j < i; j++) {
                    if (tables[i][1] != null && tables[i][1].equalsIgnoreCase(tables[j][1])) {
                        errors.add(tables[i][0] + " '" + tables[i][1] + "' is also the " + tables[j][0] + ": each of Migrate's tables"
                                + " (table, audit-table, lock-table, progress-table) needs a name of its own");
                        break;
                    }
                }
            }
        }

        private static String tooLong(String setting, Duration value) {
            return setting + " must be at most " + MAX_DURATION.toDays() + " days, not " + value + ": a longer wait is no different in"
                    + " practice, and a duration past the clock's range cannot be waited for";
        }

        private static void checkNoNull(List<String> errors, String setting, List<?> values, String how) {
            if (values == null) {
                errors.add(setting + " must be a list, not null: leave it unset for none");
            } else if (values.stream().anyMatch(java.util.Objects::isNull)) {
                errors.add(setting + " must not hold null: call " + how + " only with one");
            }
        }

        /** The array as a list that may hold nulls (reported by {@link #build()}), or null for a null array. */
        private static List<String> listOf(String[] values) {
            return values == null ? null : java.util.Arrays.asList(values);
        }

        private static <T> List<T> copy(List<? extends T> values) {
            return values == null ? null : new ArrayList<>(values);
        }

        private static <T> List<T> add(List<T> values, T value) {
            List<T> list = values == null ? new ArrayList<>() : values;
            list.add(value);
            return list;
        }

        private static String checkIgnorePattern(String pattern) {
            String p = pattern == null ? "" : pattern.strip().toLowerCase(java.util.Locale.ROOT);
            int colon = p.indexOf(':');
            String type = colon < 0 ? "" : p.substring(0, colon);
            String status = colon < 0 ? "" : p.substring(colon + 1);
            if (!List.of("*", "versioned", "repeatable").contains(type) || !List.of("*", "missing", "future", "pending", "ignored")
                    .contains(status)) {
                return "ignore-migration-patterns entry '" + pattern + "' is not type:status: write *, versioned or repeatable,"
                        + " a colon, then *, missing, future or pending (such as *:missing)";
            }
            if (status.equals("ignored")) {
                return "ignore-migration-patterns entry '" + pattern + "' is not supported: Migrate never skips an out-of-order"
                        + " migration silently; give it a higher version, or set out-of-order to apply it";
            }
            return null;
        }

        private static void checkIdentifier(List<String> errors, String setting, String value) {
            if (value == null || !IDENTIFIER.matcher(value).matches()) {
                errors.add(setting + " '" + value + "' is not a plain SQL identifier (letters, digits, _)");
            } else if (value.length() > MAX_IDENTIFIER_LENGTH) {
                // PostgreSQL would cut it silently, and then never find the table by its full name again.
                errors.add(setting + " '" + value + "' is " + value.length() + " characters long; PostgreSQL keeps "
                        + MAX_IDENTIFIER_LENGTH + " (MySQL and MariaDB 64): shorten it");
            }
        }
    }
}
