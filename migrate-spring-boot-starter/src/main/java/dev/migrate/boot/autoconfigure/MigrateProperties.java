package dev.migrate.boot.autoconfigure;

import dev.migrate.MigratorConfig;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.Delimiter;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration properties for Migrate ({@code migrate.*}). Defaults equal {@link MigratorConfig}'s.
 * Settings left unset ({@code null}) here take the preset of the resolved environment
 * ({@link MigrateEnvironment}); an explicitly set property always wins.
 */
@ConfigurationProperties("migrate")
public class MigrateProperties {

    /**
     * Whether to enable Migrate.
     */
    private boolean enabled = true;

    /**
     * Locations of migrations: 'classpath:' or 'filesystem:' prefixed, a bare path meaning the file system.
     * '{vendor}' stands for the database's name, such as 'postgresql'.
     */
    private List<String> locations = new ArrayList<>(List.of(MigratorConfig.DEFAULT_LOCATION));

    /**
     * Character set of the SQL migrations and callbacks. A script's '.sql.conf' file may name its own.
     */
    private java.nio.charset.Charset encoding = java.nio.charset.StandardCharsets.UTF_8;

    /**
     * SQL statements run on each connection Migrate opens, before it uses it, such as 'SET ROLE
     * app_owner'. What they change in the session is put back before the connection is closed. A
     * comma does not separate two of them: give several as a list (init-sqls[0], init-sqls[1]).
     */
    @Delimiter(Delimiter.NONE)
    private List<String> initSqls = new ArrayList<>();

    /**
     * Name of the history table.
     */
    private String table = MigratorConfig.DEFAULT_TABLE;

    /**
     * Name of the append-only audit table.
     */
    private String auditTable = MigratorConfig.DEFAULT_AUDIT_TABLE;

    /**
     * Name of the lock table on databases without a native lock (H2, SQLite), and part of
     * the lock's name on the others (PostgreSQL, MySQL, MariaDB).
     */
    private String lockTable = MigratorConfig.DEFAULT_LOCK_TABLE;

    /**
     * Name of the table that keeps the progress of batched data migrations, so that an interrupted
     * one resumes after its last committed batch.
     */
    private String progressTable = MigratorConfig.DEFAULT_PROGRESS_TABLE;

    /**
     * Schema of Migrate's tables, created if missing. Unset: the schema the migrations run in.
     */
    private String schema;

    /**
     * Schema the migrations run in, created if missing: the connection's current schema while they
     * run, and given back to the pool's connection afterwards. Unset: the connection's own.
     */
    private String defaultSchema;

    /**
     * Schemas Migrate manages, as Flyway's spring.flyway.schemas: each created if missing and emptied by clean.
     * The first is where the migrations run, unless another schema is set for them.
     */
    private List<String> schemas = new ArrayList<>();

    /**
     * JDBC URL of the database to migrate, when Migrate connects on its own. Unset: the URL of the
     * DataSource it would otherwise use. Set in an application without any DataSource bean, it is what
     * Migrate migrates, as migrate.user.
     */
    private String url;

    /**
     * Database user Migrate connects as, typically the schema's owner while the application's
     * DataSource uses a user without DDL rights. Unset: that DataSource's user.
     */
    private String user;

    /**
     * Password of 'migrate.user'. Unset: that of the DataSource Migrate would otherwise use.
     */
    private String password;

    /**
     * JDBC driver class for 'migrate.url'. Unset: the one the URL implies.
     */
    private String driverClassName;

    /**
     * Action at startup: apply pending migrations, only validate them, or none. Overrides the
     * environment's preset.
     */
    private OnStartup onStartup;

    /**
     * Environment whose presets apply: dev, staging or prod. Overrides the environment derived from
     * the active profiles.
     */
    private String environment;

    /**
     * Maximum time to wait for the migration lock held by another instance.
     */
    private Duration lockTimeout = MigratorConfig.DEFAULT_LOCK_TIMEOUT;

    /**
     * Time a lock row (H2, SQLite) stays valid without being refreshed by its holder.
     */
    private Duration lockLease = MigratorConfig.DEFAULT_LOCK_LEASE;

    /**
     * Longest wait, when the JVM shuts down (SIGTERM) or the application context closes while the application migrates
     * at startup or from the Actuator endpoint, for the cancelled migration to roll back or be marked FAILED and release
     * the lock. 0 leaves the migration running instead, until it ends or the process is killed.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(20);

    /**
     * How many more times to try connecting at startup (and for the endpoint's writes) when the
     * database cannot be reached or is still starting, waiting 1s, 2s, 4s... between tries. A refused
     * login is not retried.
     */
    private int connectRetries;

    /**
     * Longest wait between two tries to connect. A number without a unit is seconds, as in Flyway.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration connectRetriesInterval = MigratorConfig.DEFAULT_CONNECT_RETRIES_INTERVAL;

    /**
     * Whether a location that does not exist fails the start instead of being logged as a warning.
     */
    private boolean failOnMissingLocations;

    /**
     * Whether to apply the pending migrations of a run in one transaction, all or none (PostgreSQL,
     * SQLite).
     */
    private boolean group;

    /**
     * Whether to send consecutive INSERT, UPDATE, DELETE and MERGE statements of a SQL migration that runs
     * in a transaction to the database in batches of up to 100.
     */
    private boolean batchStatements;

    /**
     * Whether to apply pending migrations older than the current version.
     */
    private boolean outOfOrder;

    /**
     * Whether to start an older build against a schema a newer build migrated: applied migrations newer
     * than every migration found are accepted with a warning instead of failing validation.
     */
    private boolean ignoreFutureMigrations;

    /**
     * What validation accepts with a warning, as Flyway's type:status patterns: '*:missing' lets applied
     * migrations whose file was deleted stay in the history, '*:future' is 'ignore-future-migrations'.
     */
    private List<String> ignoreMigrationPatterns = new ArrayList<>();

    /**
     * Whether to validate checksums and the dependency graph before migrating.
     */
    private boolean validateOnMigrate = true;

    /**
     * Whether to adopt a schema that already holds tables but has no history table by recording a
     * baseline at 'baseline-version' before migrating. Without it, such a schema is refused.
     */
    private boolean baselineOnMigrate;

    /**
     * Version recorded by 'baseline-on-migrate': migrations up to it count as applied.
     */
    private String baselineVersion = MigratorConfig.DEFAULT_BASELINE_VERSION;

    /**
     * Description of the history row a baseline writes (Flyway's 'baseline-description').
     */
    private String baselineDescription = MigratorConfig.DEFAULT_BASELINE_DESCRIPTION;

    /**
     * Whether to allow 'clean', which drops every object in the schema. Overrides the environment's
     * preset.
     */
    private Boolean cleanAllowed;

    /**
     * Placeholders to replace in SQL migrations, written ${name} in the scripts.
     */
    private Map<String, String> placeholders = new LinkedHashMap<>();

    /**
     * What opens a placeholder in the scripts, as Flyway's spring.flyway.placeholder-prefix.
     */
    private String placeholderPrefix = "${";

    /**
     * What closes a placeholder in the scripts, as Flyway's spring.flyway.placeholder-suffix.
     */
    private String placeholderSuffix = "}";

    /**
     * Whether to replace placeholders in the scripts at all, as Flyway's spring.flyway.placeholder-replacement.
     */
    private boolean placeholderReplacement = true;

    /**
     * What starts a versioned SQL migration's file name, as Flyway's spring.flyway.sql-migration-prefix.
     */
    private String sqlMigrationPrefix = "V";

    /**
     * What starts a reverse SQL migration's file name, as Flyway's undo-sql-migration-prefix.
     */
    private String undoSqlMigrationPrefix = "U";

    /**
     * What starts a repeatable SQL migration's file name, as Flyway's
     * spring.flyway.repeatable-sql-migration-prefix.
     */
    private String repeatableSqlMigrationPrefix = "R";

    /**
     * What follows the version in a SQL migration's file name and starts its description, as Flyway's
     * spring.flyway.sql-migration-separator.
     */
    private String sqlMigrationSeparator = "__";

    /**
     * How the file names of SQL migrations and callbacks end, as Flyway's spring.flyway.sql-migration-suffixes.
     */
    private List<String> sqlMigrationSuffixes = new ArrayList<>(List.of(".sql"));

    /**
     * Version up to which the startup migration applies pending migrations; later ones stay pending.
     * Unset or 'latest': all of them; 'next': the next version only; 'current': none above the current version;
     * '7?': up to 7 even if no migration has that version.
     */
    private String target;

    /**
     * Name recorded as installed_by in the history, instead of the database user.
     */
    private String installedBy;

    /**
     * Action of a failed migrate on the migrations the same run applied before the failure: stop
     * (keep them) or rollback-run (undo them).
     */
    private MigratorConfig.OnFailure onFailure = MigratorConfig.OnFailure.STOP;

    /**
     * Whether to log the SQL of each statement as it runs. Overrides the environment's preset.
     */
    private Boolean logSql;

    private final Rollback rollback = new Rollback();

    private final Confirmation confirmation = new Confirmation();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getLocations() {
        return this.locations;
    }

    public List<String> getInitSqls() {
        return this.initSqls;
    }

    public void setInitSqls(List<String> initSqls) {
        this.initSqls = initSqls;
    }

    public java.nio.charset.Charset getEncoding() {
        return this.encoding;
    }

    public void setEncoding(java.nio.charset.Charset encoding) {
        this.encoding = encoding;
    }

    public void setLocations(List<String> locations) {
        this.locations = locations;
    }

    public String getTable() {
        return this.table;
    }

    public void setTable(String table) {
        this.table = table;
    }

    public String getAuditTable() {
        return this.auditTable;
    }

    public void setAuditTable(String auditTable) {
        this.auditTable = auditTable;
    }

    public String getLockTable() {
        return this.lockTable;
    }

    public void setLockTable(String lockTable) {
        this.lockTable = lockTable;
    }

    public String getProgressTable() {
        return this.progressTable;
    }

    public void setProgressTable(String progressTable) {
        this.progressTable = progressTable;
    }

    public String getSchema() {
        return this.schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public List<String> getSchemas() {
        return this.schemas;
    }

    public void setSchemas(List<String> schemas) {
        this.schemas = schemas;
    }

    public String getDefaultSchema() {
        return this.defaultSchema;
    }

    public void setDefaultSchema(String defaultSchema) {
        this.defaultSchema = defaultSchema;
    }

    public OnStartup getOnStartup() {
        return this.onStartup;
    }

    public void setOnStartup(OnStartup onStartup) {
        this.onStartup = onStartup;
    }

    public String getEnvironment() {
        return this.environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }

    public Duration getLockTimeout() {
        return this.lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public Duration getLockLease() {
        return this.lockLease;
    }

    public void setLockLease(Duration lockLease) {
        this.lockLease = lockLease;
    }

    public boolean isOutOfOrder() {
        return this.outOfOrder;
    }

    public void setOutOfOrder(boolean outOfOrder) {
        this.outOfOrder = outOfOrder;
    }

    public boolean isIgnoreFutureMigrations() {
        return this.ignoreFutureMigrations;
    }

    public void setIgnoreFutureMigrations(boolean ignoreFutureMigrations) {
        this.ignoreFutureMigrations = ignoreFutureMigrations;
    }

    public List<String> getIgnoreMigrationPatterns() {
        return this.ignoreMigrationPatterns;
    }

    public void setIgnoreMigrationPatterns(List<String> ignoreMigrationPatterns) {
        this.ignoreMigrationPatterns = ignoreMigrationPatterns;
    }

    public boolean isValidateOnMigrate() {
        return this.validateOnMigrate;
    }

    public void setValidateOnMigrate(boolean validateOnMigrate) {
        this.validateOnMigrate = validateOnMigrate;
    }

    public boolean isBaselineOnMigrate() {
        return this.baselineOnMigrate;
    }

    public void setBaselineOnMigrate(boolean baselineOnMigrate) {
        this.baselineOnMigrate = baselineOnMigrate;
    }

    public String getBaselineVersion() {
        return this.baselineVersion;
    }

    public void setBaselineVersion(String baselineVersion) {
        this.baselineVersion = baselineVersion;
    }

    public String getBaselineDescription() {
        return this.baselineDescription;
    }

    public void setBaselineDescription(String baselineDescription) {
        this.baselineDescription = baselineDescription;
    }

    public Boolean getCleanAllowed() {
        return this.cleanAllowed;
    }

    public void setCleanAllowed(Boolean cleanAllowed) {
        this.cleanAllowed = cleanAllowed;
    }

    public Map<String, String> getPlaceholders() {
        return this.placeholders;
    }

    public void setPlaceholders(Map<String, String> placeholders) {
        this.placeholders = placeholders;
    }

    public String getPlaceholderPrefix() {
        return this.placeholderPrefix;
    }

    public void setPlaceholderPrefix(String placeholderPrefix) {
        this.placeholderPrefix = placeholderPrefix;
    }

    public String getPlaceholderSuffix() {
        return this.placeholderSuffix;
    }

    public void setPlaceholderSuffix(String placeholderSuffix) {
        this.placeholderSuffix = placeholderSuffix;
    }

    public String getSqlMigrationPrefix() {
        return this.sqlMigrationPrefix;
    }

    public void setSqlMigrationPrefix(String sqlMigrationPrefix) {
        this.sqlMigrationPrefix = sqlMigrationPrefix;
    }

    public String getUndoSqlMigrationPrefix() {
        return this.undoSqlMigrationPrefix;
    }

    public void setUndoSqlMigrationPrefix(String undoSqlMigrationPrefix) {
        this.undoSqlMigrationPrefix = undoSqlMigrationPrefix;
    }

    public String getRepeatableSqlMigrationPrefix() {
        return this.repeatableSqlMigrationPrefix;
    }

    public void setRepeatableSqlMigrationPrefix(String repeatableSqlMigrationPrefix) {
        this.repeatableSqlMigrationPrefix = repeatableSqlMigrationPrefix;
    }

    public String getSqlMigrationSeparator() {
        return this.sqlMigrationSeparator;
    }

    public void setSqlMigrationSeparator(String sqlMigrationSeparator) {
        this.sqlMigrationSeparator = sqlMigrationSeparator;
    }

    public List<String> getSqlMigrationSuffixes() {
        return this.sqlMigrationSuffixes;
    }

    public void setSqlMigrationSuffixes(List<String> sqlMigrationSuffixes) {
        this.sqlMigrationSuffixes = sqlMigrationSuffixes;
    }

    public boolean isPlaceholderReplacement() {
        return this.placeholderReplacement;
    }

    public void setPlaceholderReplacement(boolean placeholderReplacement) {
        this.placeholderReplacement = placeholderReplacement;
    }

    public boolean isGroup() {
        return this.group;
    }

    public void setGroup(boolean group) {
        this.group = group;
    }

    public boolean isBatchStatements() {
        return this.batchStatements;
    }

    public void setBatchStatements(boolean batchStatements) {
        this.batchStatements = batchStatements;
    }

    public boolean isFailOnMissingLocations() {
        return this.failOnMissingLocations;
    }

    public void setFailOnMissingLocations(boolean failOnMissingLocations) {
        this.failOnMissingLocations = failOnMissingLocations;
    }

    public int getConnectRetries() {
        return this.connectRetries;
    }

    public void setConnectRetries(int connectRetries) {
        this.connectRetries = connectRetries;
    }

    public Duration getConnectRetriesInterval() {
        return this.connectRetriesInterval;
    }

    public void setConnectRetriesInterval(Duration connectRetriesInterval) {
        this.connectRetriesInterval = connectRetriesInterval;
    }

    public String getUrl() {
        return this.url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return this.user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return this.password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getDriverClassName() {
        return this.driverClassName;
    }

    public void setDriverClassName(String driverClassName) {
        this.driverClassName = driverClassName;
    }

    public String getTarget() {
        return this.target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public String getInstalledBy() {
        return this.installedBy;
    }

    public void setInstalledBy(String installedBy) {
        this.installedBy = installedBy;
    }

    public MigratorConfig.OnFailure getOnFailure() {
        return this.onFailure;
    }

    public void setOnFailure(MigratorConfig.OnFailure onFailure) {
        this.onFailure = onFailure;
    }

    public Boolean getLogSql() {
        return this.logSql;
    }

    public void setLogSql(Boolean logSql) {
        this.logSql = logSql;
    }

    public Rollback getRollback() {
        return this.rollback;
    }

    public Confirmation getConfirmation() {
        return this.confirmation;
    }

    /** Rollback from the Actuator endpoint. */
    public static class Rollback {

        /**
         * Whether to allow rollback from the Actuator endpoint. Overrides the environment's preset.
         */
        private Boolean enabled;

        /**
         * Whether to consult the BackupVerifier beans, if any, before a rollback from the Actuator
         * endpoint. Overrides the environment's preset.
         */
        private Boolean backupCheck;

        public Boolean getEnabled() {
            return this.enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public Boolean getBackupCheck() {
            return this.backupCheck;
        }

        public void setBackupCheck(Boolean backupCheck) {
            this.backupCheck = backupCheck;
        }
    }

    /** Confirmation of writes from the Actuator endpoint with the planId of a plan. */
    public static class Confirmation {

        /**
         * Whether to require the planId of a plan for migrate and rollback from the Actuator
         * endpoint. Overrides the environment's preset.
         */
        private Boolean required;

        /**
         * Time a planId stays usable after the plan was made.
         */
        private Duration planValidity = Duration.ofMinutes(15);

        public Boolean getRequired() {
            return this.required;
        }

        public void setRequired(Boolean required) {
            this.required = required;
        }

        public Duration getPlanValidity() {
            return this.planValidity;
        }

        public void setPlanValidity(Duration planValidity) {
            this.planValidity = planValidity;
        }
    }
}
