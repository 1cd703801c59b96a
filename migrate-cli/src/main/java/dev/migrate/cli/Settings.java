package dev.migrate.cli;

import dev.migrate.ConfigurationException;
import dev.migrate.MigrationCallback;
import dev.migrate.MigrationListener;
import dev.migrate.MigratorConfig;
import dev.migrate.discovery.MigrationNaming;
import dev.migrate.discovery.MigrationScanner;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connection and migration settings of one run, each taken from the first place that has it:
 * the command-line option, the {@code MIGRATE_*} environment variable, {@code migrate.properties}
 * (or the file given by {@code --config} / {@code MIGRATE_CONFIG}), then the default.
 *
 * @param url          JDBC URL, or null when none is configured anywhere
 * @param locations    where migrations are, in the order given
 * @param lockTimeout  null for the core's default
 * @param cleanAllowed whether {@code clean} may run: the setting, else true only in the {@code dev} environment
 * @param json         whether to print JSON ({@code --json}, {@code MIGRATE_JSON}, {@code json=})
 * @param verbose      whether to log and print stack traces ({@code --verbose}, {@code MIGRATE_VERBOSE}, {@code verbose=})
 * @param failOnMissingLocations whether a location that does not exist is an error
 * @param group                  whether migrate applies a run's migrations in one transaction
 * @param connectRetries         how many more times to try connecting (0: once)
 * @param connectRetriesInterval null for the core's default
 * @param defaultSchema          the schema the migrations run in, or null for the connection's
 * @param ignoreMigrationPatterns Flyway's type:status patterns of what validation accepts
 * @param encoding               the scripts' character set, or null for UTF-8
 * @param initSql                statements run on each connection first
 * @param batchStatements        whether a script's data statements go to the database in JDBC batches
 * @param schemas                the schemas Migrate manages (Flyway's schemas), in the order given
 * @param placeholderPrefix      what opens a placeholder, or null for the core's
 * @param placeholderSuffix      what closes a placeholder, or null for the core's
 * @param placeholderReplacement whether placeholders are replaced at all
 * @param callbacks              class names of the Java callbacks to run ({@code MigrationCallback}), in this order
 * @param baselineDescription    the description of a baseline's history row, or null for the core's
 * @param sqlMigrationPrefix     what starts a versioned migration's file name, or null for the core's ({@code V})
 * @param undoSqlMigrationPrefix what starts a reverse migration's file name, or null for the core's ({@code U})
 * @param repeatableSqlMigrationPrefix what starts a repeatable migration's file name, or null for the core's ({@code R})
 * @param sqlMigrationSeparator  what follows the version in a file name, or null for the core's ({@code __})
 * @param sqlMigrationSuffixes   how scripts' file names end, or empty for the core's ({@code .sql})
 * @param auditTable             the audit table, or null for the core's
 * @param lockTable              the lock table (H2, SQLite), or null for the core's
 * @param progressTable          the progress table of batched data migrations, or null for the core's
 * @param lockLease              how long an unrefreshed lock row is valid (H2, SQLite), or null for the core's
 * @param validateOnMigrate      whether migrate validates checksums and the graph first
 * @param onFailure              what migrate does after a failed migration
 * @param givenLocations         {@code locations} as written in the option, variable or file, at the same index
 */
record Settings(String url, String user, String password, List<String> locations, String table, String schema,
        String environment, Duration lockTimeout, boolean outOfOrder, boolean ignoreFutureMigrations, boolean baselineOnMigrate,
        String baselineVersion, boolean cleanAllowed, String installedBy, Map<String, String> placeholders, Path configFile, boolean json,
        boolean verbose, int connectRetries, Duration connectRetriesInterval, boolean failOnMissingLocations, boolean group,
        String defaultSchema, List<String> ignoreMigrationPatterns, String encoding, List<String> initSql, boolean batchStatements,
        List<String> schemas, String placeholderPrefix, String placeholderSuffix, boolean placeholderReplacement,
        List<String> callbacks, String baselineDescription, String sqlMigrationPrefix, String undoSqlMigrationPrefix,
        String repeatableSqlMigrationPrefix, String sqlMigrationSeparator, List<String> sqlMigrationSuffixes, String auditTable,
        String lockTable, String progressTable, Duration lockLease, boolean validateOnMigrate, MigratorConfig.OnFailure onFailure,
        List<String> givenLocations) {

    static final String PROPERTIES_FILE = "migrate.properties";
    /** The default location when the working directory looks like a Maven or Gradle project. */
    static final String PROJECT_LOCATION = "src/main/resources/db/migration";
    /** The default location otherwise. */
    static final String PLAIN_LOCATION = "db/migration";

    private static final String PLACEHOLDER_PREFIX = "placeholders.";
    private static final String PLACEHOLDER_VARIABLE_PREFIX = "MIGRATE_PLACEHOLDERS_";
    private static final Set<String> KEYS = new TreeSet<>(List.of("url", "user", "password", "locations", "table", "schema",
            "environment", "lock-timeout", "out-of-order", "ignore-future-migrations", "baseline-on-migrate", "baseline-version",
            "clean-allowed", "installed-by", "json", "verbose", "connect-retries", "connect-retries-interval",
            "fail-on-missing-locations", "group", "default-schema",
            "ignore-migration-patterns", "encoding", "init-sql", "batch-statements", "schemas", "placeholder-prefix",
            "placeholder-suffix", "placeholder-replacement", "callbacks", "baseline-description", "sql-migration-prefix",
            "undo-sql-migration-prefix", "repeatable-sql-migration-prefix", "sql-migration-separator", "sql-migration-suffixes",
            "audit-table", "lock-table", "progress-table", "lock-lease", "validate-on-migrate", "on-failure"));
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

    /**
     * The values given on the command line, null where an option was not given: each set by the method of its
     * name ({@code new Options().url(u).json(true)}) and read by the same name without an argument.
     */
    static final class Options {
        private String url;
        private String user;
        private String password;
        private List<String> locations;
        private String table;
        private String schema;
        private String environment;
        private String lockTimeout;
        private Boolean outOfOrder;
        private Boolean ignoreFutureMigrations;
        private Boolean baselineOnMigrate;
        private String baselineVersion;
        private Boolean cleanAllowed;
        private String installedBy;
        private Map<String, String> placeholders;
        private Path configFile;
        private Boolean json;
        private Boolean verbose;
        private String connectRetries;
        private String connectRetriesInterval;
        private Boolean failOnMissingLocations;
        private Boolean group;
        private String defaultSchema;
        private String ignoreMigrationPatterns;
        private String encoding;
        private List<String> initSql;
        private Boolean batchStatements;
        private String schemas;
        private String placeholderPrefix;
        private String placeholderSuffix;
        private Boolean placeholderReplacement;
        private String callbacks;
        private String baselineDescription;
        private String sqlMigrationPrefix;
        private String undoSqlMigrationPrefix;
        private String repeatableSqlMigrationPrefix;
        private String sqlMigrationSeparator;
        private String sqlMigrationSuffixes;
        private String auditTable;
        private String lockTable;
        private String progressTable;
        private String lockLease;
        private Boolean validateOnMigrate;
        private String onFailure;

        String url() {
            return url;
        }

        Options url(String value) {
            url = value;
            return this;
        }

        String user() {
            return user;
        }

        Options user(String value) {
            user = value;
            return this;
        }

        String password() {
            return password;
        }

        Options password(String value) {
            password = value;
            return this;
        }

        List<String> locations() {
            return locations;
        }

        Options locations(List<String> value) {
            locations = value;
            return this;
        }

        String table() {
            return table;
        }

        Options table(String value) {
            table = value;
            return this;
        }

        String schema() {
            return schema;
        }

        Options schema(String value) {
            schema = value;
            return this;
        }

        String environment() {
            return environment;
        }

        Options environment(String value) {
            environment = value;
            return this;
        }

        String lockTimeout() {
            return lockTimeout;
        }

        Options lockTimeout(String value) {
            lockTimeout = value;
            return this;
        }

        Boolean outOfOrder() {
            return outOfOrder;
        }

        Options outOfOrder(Boolean value) {
            outOfOrder = value;
            return this;
        }

        Boolean ignoreFutureMigrations() {
            return ignoreFutureMigrations;
        }

        Options ignoreFutureMigrations(Boolean value) {
            ignoreFutureMigrations = value;
            return this;
        }

        Boolean baselineOnMigrate() {
            return baselineOnMigrate;
        }

        Options baselineOnMigrate(Boolean value) {
            baselineOnMigrate = value;
            return this;
        }

        String baselineVersion() {
            return baselineVersion;
        }

        Options baselineVersion(String value) {
            baselineVersion = value;
            return this;
        }

        Boolean cleanAllowed() {
            return cleanAllowed;
        }

        Options cleanAllowed(Boolean value) {
            cleanAllowed = value;
            return this;
        }

        String installedBy() {
            return installedBy;
        }

        Options installedBy(String value) {
            installedBy = value;
            return this;
        }

        Map<String, String> placeholders() {
            return placeholders;
        }

        Options placeholders(Map<String, String> value) {
            placeholders = value;
            return this;
        }

        Path configFile() {
            return configFile;
        }

        Options configFile(Path value) {
            configFile = value;
            return this;
        }

        Boolean json() {
            return json;
        }

        Options json(Boolean value) {
            json = value;
            return this;
        }

        Boolean verbose() {
            return verbose;
        }

        Options verbose(Boolean value) {
            verbose = value;
            return this;
        }

        String connectRetries() {
            return connectRetries;
        }

        Options connectRetries(String value) {
            connectRetries = value;
            return this;
        }

        String connectRetriesInterval() {
            return connectRetriesInterval;
        }

        Options connectRetriesInterval(String value) {
            connectRetriesInterval = value;
            return this;
        }

        Boolean failOnMissingLocations() {
            return failOnMissingLocations;
        }

        Options failOnMissingLocations(Boolean value) {
            failOnMissingLocations = value;
            return this;
        }

        Boolean group() {
            return group;
        }

        Options group(Boolean value) {
            group = value;
            return this;
        }

        String defaultSchema() {
            return defaultSchema;
        }

        Options defaultSchema(String value) {
            defaultSchema = value;
            return this;
        }

        String ignoreMigrationPatterns() {
            return ignoreMigrationPatterns;
        }

        Options ignoreMigrationPatterns(String value) {
            ignoreMigrationPatterns = value;
            return this;
        }

        String encoding() {
            return encoding;
        }

        Options encoding(String value) {
            encoding = value;
            return this;
        }

        List<String> initSql() {
            return initSql;
        }

        Options initSql(List<String> value) {
            initSql = value;
            return this;
        }

        Boolean batchStatements() {
            return batchStatements;
        }

        Options batchStatements(Boolean value) {
            batchStatements = value;
            return this;
        }

        String schemas() {
            return schemas;
        }

        Options schemas(String value) {
            schemas = value;
            return this;
        }

        String placeholderPrefix() {
            return placeholderPrefix;
        }

        Options placeholderPrefix(String value) {
            placeholderPrefix = value;
            return this;
        }

        String placeholderSuffix() {
            return placeholderSuffix;
        }

        Options placeholderSuffix(String value) {
            placeholderSuffix = value;
            return this;
        }

        Boolean placeholderReplacement() {
            return placeholderReplacement;
        }

        Options placeholderReplacement(Boolean value) {
            placeholderReplacement = value;
            return this;
        }

        String callbacks() {
            return callbacks;
        }

        Options callbacks(String value) {
            callbacks = value;
            return this;
        }

        String baselineDescription() {
            return baselineDescription;
        }

        Options baselineDescription(String value) {
            baselineDescription = value;
            return this;
        }

        String sqlMigrationPrefix() {
            return sqlMigrationPrefix;
        }

        Options sqlMigrationPrefix(String value) {
            sqlMigrationPrefix = value;
            return this;
        }

        String undoSqlMigrationPrefix() {
            return undoSqlMigrationPrefix;
        }

        Options undoSqlMigrationPrefix(String value) {
            undoSqlMigrationPrefix = value;
            return this;
        }

        String repeatableSqlMigrationPrefix() {
            return repeatableSqlMigrationPrefix;
        }

        Options repeatableSqlMigrationPrefix(String value) {
            repeatableSqlMigrationPrefix = value;
            return this;
        }

        String sqlMigrationSeparator() {
            return sqlMigrationSeparator;
        }

        Options sqlMigrationSeparator(String value) {
            sqlMigrationSeparator = value;
            return this;
        }

        String sqlMigrationSuffixes() {
            return sqlMigrationSuffixes;
        }

        Options sqlMigrationSuffixes(String value) {
            sqlMigrationSuffixes = value;
            return this;
        }

        String auditTable() {
            return auditTable;
        }

        Options auditTable(String value) {
            auditTable = value;
            return this;
        }

        String lockTable() {
            return lockTable;
        }

        Options lockTable(String value) {
            lockTable = value;
            return this;
        }

        String progressTable() {
            return progressTable;
        }

        Options progressTable(String value) {
            progressTable = value;
            return this;
        }

        String lockLease() {
            return lockLease;
        }

        Options lockLease(String value) {
            lockLease = value;
            return this;
        }

        Boolean validateOnMigrate() {
            return validateOnMigrate;
        }

        Options validateOnMigrate(Boolean value) {
            validateOnMigrate = value;
            return this;
        }

        String onFailure() {
            return onFailure;
        }

        Options onFailure(String value) {
            onFailure = value;
            return this;
        }
    }

    /**
     * Merges the three sources.
     *
     * @throws ConfigurationException naming the setting and its source when a value is invalid, or
     *                                when an explicitly named properties file does not exist
     */
    static Settings resolve(Options options, CliContext context) {
        Map<String, String> env = context.env();
        Path file = configFile(options.configFile(), context);
        Map<String, String> properties = new LinkedHashMap<>();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                boolean named = options.configFile() != null || notBlank(env.get("MIGRATE_CONFIG"));
                throw new ConfigurationException("The configuration file " + file + (Files.exists(file)
                        ? " is not a regular file: name a properties file" : " does not exist")
                        + (named ? " (named by --config or MIGRATE_CONFIG)" : ""));
            }
            properties = readProperties(file);
        }
        Source source = new Source(env, properties, file);

        String url = source.pick(options.url(), "url");
        String user = source.pick(options.user(), "user");
        String password = source.pick(options.password(), "password");
        String table = source.pick(options.table(), "table");
        String schema = source.pick(options.schema(), "schema");
        String defaultSchema = source.pick(options.defaultSchema(), "default-schema");
        String encoding = source.pick(options.encoding(), "encoding");
        // Several statements only as repeated options: a statement may hold commas.
        List<String> initSql = options.initSql() != null && !options.initSql().isEmpty() ? List.copyOf(options.initSql())
                : source.has("init-sql") ? List.of(source.pick(null, "init-sql")) : List.of();
        String patternsText = source.pick(options.ignoreMigrationPatterns(), "ignore-migration-patterns");
        List<String> ignorePatterns = patternsText == null ? List.of()
                : java.util.Arrays.stream(patternsText.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
        String environment = source.pick(options.environment(), "environment");
        String installedBy = source.pick(options.installedBy(), "installed-by");

        List<String> givenLocations = options.locations() != null && !options.locations().isEmpty()
                ? splitLocations(String.join(",", options.locations()))
                : source.has("locations") ? splitLocations(source.pick(null, "locations")) : defaultLocations(context);
        List<String> locations = givenLocations.stream().map(l -> absolute(l, context)).toList();

        String lockLeaseText = source.pick(options.lockLease(), "lock-lease");
        Duration lockLease = lockLeaseText == null ? null : parseDuration(lockLeaseText, "lock-lease");
        Duration lockTimeout = null;
        String lockTimeoutText = source.pick(options.lockTimeout(), "lock-timeout");
        if (lockTimeoutText != null) {
            lockTimeout = parseDuration(lockTimeoutText, "lock-timeout");
        }
        int connectRetries = 0;
        String connectRetriesText = source.pick(options.connectRetries(), "connect-retries");
        if (connectRetriesText != null) {
            try {
                connectRetries = Integer.parseInt(connectRetriesText.strip());
            } catch (NumberFormatException e) {
                connectRetries = -1;
            }
            if (connectRetries < 0) {
                throw new ConfigurationException("connect-retries '" + connectRetriesText
                        + "' is not a number of retries: write a whole number such as 10 (0: no retry)");
            }
        }
        Duration connectRetriesInterval = null;
        String intervalText = source.pick(options.connectRetriesInterval(), "connect-retries-interval");
        if (intervalText != null) {
            connectRetriesInterval = parseDuration(intervalText, "connect-retries-interval");
        }
        boolean failOnMissing = source.flag(options.failOnMissingLocations(), "fail-on-missing-locations", false);
        boolean group = source.flag(options.group(), "group", false);
        boolean batchStatements = source.flag(options.batchStatements(), "batch-statements", false);
        boolean outOfOrder = source.flag(options.outOfOrder(), "out-of-order", false);
        boolean ignoreFuture = source.flag(options.ignoreFutureMigrations(), "ignore-future-migrations", false);
        boolean baselineOnMigrate = source.flag(options.baselineOnMigrate(), "baseline-on-migrate", false);
        String baselineVersion = source.pick(options.baselineVersion(), "baseline-version");
        String effectiveEnvironment = environment != null ? environment : MigratorConfig.DEFAULT_ENVIRONMENT;
        boolean cleanAllowed = source.flag(options.cleanAllowed(), "clean-allowed",
                "dev".equals(MigratorConfig.environmentLabel(effectiveEnvironment)));

        Map<String, String> placeholders = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            String k = stripPrefix(key);
            if (k.startsWith(PLACEHOLDER_PREFIX)) {
                placeholders.put(k.substring(PLACEHOLDER_PREFIX.length()), value);
            }
        });
        env.forEach((key, value) -> {
            if (key.startsWith(PLACEHOLDER_VARIABLE_PREFIX) && key.length() > PLACEHOLDER_VARIABLE_PREFIX.length()) {
                placeholders.put(key.substring(PLACEHOLDER_VARIABLE_PREFIX.length()).toLowerCase(Locale.ROOT), value);
            }
        });
        if (options.placeholders() != null) {
            placeholders.putAll(options.placeholders());
        }
        boolean json = source.flag(options.json(), "json", false);
        boolean verbose = source.flag(options.verbose(), "verbose", false);
        String schemasText = source.pick(options.schemas(), "schemas");
        List<String> schemas = names(schemasText);
        return new Settings(url, user, password, locations, table, schema, environment, lockTimeout, outOfOrder, ignoreFuture,
                baselineOnMigrate, baselineVersion, cleanAllowed, installedBy, placeholders, file, json, verbose, connectRetries,
                connectRetriesInterval, failOnMissing, group, defaultSchema, ignorePatterns, encoding, initSql,
                batchStatements, schemas, source.pick(options.placeholderPrefix(), "placeholder-prefix"),
                source.pick(options.placeholderSuffix(), "placeholder-suffix"),
                source.flag(options.placeholderReplacement(), "placeholder-replacement", true), names(source.pick(options.callbacks(),
                "callbacks")), source.pick(options.baselineDescription(), "baseline-description"),
                source.pick(options.sqlMigrationPrefix(), "sql-migration-prefix"),
                source.pick(options.undoSqlMigrationPrefix(), "undo-sql-migration-prefix"),
                source.pick(options.repeatableSqlMigrationPrefix(), "repeatable-sql-migration-prefix"),
                source.pick(options.sqlMigrationSeparator(), "sql-migration-separator"),
                names(source.pick(options.sqlMigrationSuffixes(), "sql-migration-suffixes")),
                source.pick(options.auditTable(), "audit-table"), source.pick(options.lockTable(), "lock-table"),
                source.pick(options.progressTable(), "progress-table"), lockLease,
                source.flag(options.validateOnMigrate(), "validate-on-migrate", true), onFailure(source.pick(options.onFailure(), "on-failure")),
                List.copyOf(givenLocations));
    }

    /**
     * The locations the core reads, without those listed twice or inside another, and a warning for each of
     * those, naming the locations as written ({@code ./db is listed twice (as db too)}) rather than as the
     * absolute paths the core is given. The core is handed only {@link MigrationScanner.DistinctLocations#kept()},
     * so it has nothing left to warn about.
     */
    MigrationScanner.DistinctLocations distinctLocations() {
        return MigrationScanner.distinctLocations(locations, givenLocations);
    }

    /** {@code on-failure}: {@code stop} (also when unset) or {@code rollback-run}, as the starter spells it. */
    private static MigratorConfig.OnFailure onFailure(String text) {
        if (text == null) {
            return MigratorConfig.OnFailure.STOP;
        }
        String normalized = text.strip().replace('-', '_').toUpperCase(Locale.ROOT);
        for (MigratorConfig.OnFailure value : MigratorConfig.OnFailure.values()) {
            if (value.name().equals(normalized)) {
                return value;
            }
        }
        throw new ConfigurationException("on-failure '" + text + "' is not stop or rollback-run");
    }

    /** The non-empty names of a comma-separated list; empty for null. */
    private static List<String> names(String list) {
        return list == null ? List.of() : java.util.Arrays.stream(list.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList();
    }

    /**
     * A Java callback from its class name, on the class path ({@code java -cp migrate.jar:app.jar ...}).
     *
     * @throws ConfigurationException naming the class and what to do
     */
    private static MigrationCallback callback(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Class<?> type;
        try {
            type = Class.forName(className, true, loader != null ? loader : Settings.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigurationException("callbacks: class " + className + " is not on the class path (" + e + "): run"
                    + " java -cp migrate.jar:app.jar dev.migrate.cli.MigrateCli ..., with the jar that holds it");
        }
        if (!MigrationCallback.class.isAssignableFrom(type)) {
            throw new ConfigurationException("callbacks: class " + className + " does not implement " + MigrationCallback.class.getName());
        }
        try {
            return (MigrationCallback) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            throw new ConfigurationException("callbacks: class " + className + " could not be made with a public constructor"
                    + " without arguments: " + cause);
        }
    }

    /** The core configuration of these settings, with {@code listener} for progress output (or null). */
    /** How migration files are named, from the validated settings. */
    MigrationNaming naming() {
        MigratorConfig config = toConfig(null);
        return new MigrationNaming(config.sqlMigrationPrefix(), config.undoSqlMigrationPrefix(), config.repeatableSqlMigrationPrefix(),
                config.sqlMigrationSeparator(), config.sqlMigrationSuffixes());
    }

    MigratorConfig toConfig(MigrationListener listener) {
        MigratorConfig.Builder builder = MigratorConfig.builder()
                .locations(distinctLocations().kept())
                .outOfOrder(outOfOrder)
                .ignoreFutureMigrations(ignoreFutureMigrations)
                .baselineOnMigrate(baselineOnMigrate)
                .cleanAllowed(cleanAllowed)
                .connectRetries(connectRetries)
                .failOnMissingLocations(failOnMissingLocations)
                .group(group)
                .batchStatements(batchStatements)
                .ignoreMigrationPatterns(ignoreMigrationPatterns)
                .initSql(initSql)
                .schemas(schemas)
                .callbacks(callbacks.stream().map(Settings::callback).toList())
                .placeholderReplacement(placeholderReplacement)
                .placeholders(placeholders);
        if (placeholderPrefix != null) {
            builder.placeholderPrefix(placeholderPrefix);
        }
        if (placeholderSuffix != null) {
            builder.placeholderSuffix(placeholderSuffix);
        }
        if (connectRetriesInterval != null) {
            builder.connectRetriesInterval(connectRetriesInterval);
        }
        if (table != null) {
            builder.table(table);
        }
        if (schema != null) {
            builder.schema(schema);
        }
        if (defaultSchema != null) {
            builder.defaultSchema(defaultSchema);
        }
        if (encoding != null) {
            builder.encoding(encoding);
        }
        if (environment != null) {
            builder.environment(environment);
        }
        if (lockTimeout != null) {
            builder.lockTimeout(lockTimeout);
        }
        if (lockLease != null) {
            builder.lockLease(lockLease);
        }
        if (auditTable != null) {
            builder.auditTable(auditTable);
        }
        if (lockTable != null) {
            builder.lockTable(lockTable);
        }
        if (progressTable != null) {
            builder.progressTable(progressTable);
        }
        builder.validateOnMigrate(validateOnMigrate).onFailure(onFailure);
        if (baselineVersion != null) {
            builder.baselineVersion(baselineVersion);
        }
        if (baselineDescription != null) {
            builder.baselineDescription(baselineDescription);
        }
        if (sqlMigrationPrefix != null) {
            builder.sqlMigrationPrefix(sqlMigrationPrefix);
        }
        if (undoSqlMigrationPrefix != null) {
            builder.undoSqlMigrationPrefix(undoSqlMigrationPrefix);
        }
        if (repeatableSqlMigrationPrefix != null) {
            builder.repeatableSqlMigrationPrefix(repeatableSqlMigrationPrefix);
        }
        if (sqlMigrationSeparator != null) {
            builder.sqlMigrationSeparator(sqlMigrationSeparator);
        }
        if (!sqlMigrationSuffixes.isEmpty()) {
            builder.sqlMigrationSuffixes(sqlMigrationSuffixes);
        }
        if (installedBy != null) {
            builder.installedBy(installedBy);
        }
        if (listener != null) {
            builder.listener(listener);
        }
        return builder.build();
    }

    /**
     * A true/false setting read leniently from its environment variable, else the properties file,
     * for when the settings as a whole could not be resolved (a usage error, a bad value in
     * migrate.properties): the report of that error still follows {@code MIGRATE_JSON} or
     * {@code json=true}. Anything unreadable, or not a boolean, counts as false.
     *
     * @param configFile the {@code --config} option, or null
     */
    static boolean lenientFlag(String key, Path configFile, CliContext context) {
        String value = context.env().get(Source.variable(key));
        if (!notBlank(value)) {
            try {
                Path file = configFile(configFile, context);
                if (file == null || !Files.isRegularFile(file)) {
                    return false;
                }
                Properties p = new Properties();
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(reader);
                }
                value = p.getProperty("migrate." + key, p.getProperty(key));
            } catch (IOException | RuntimeException unreadable) {
                return false;
            }
        }
        return value != null && switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            default -> false;
        };
    }

    /**
     * A warning for each {@code MIGRATE_*} environment variable that names no setting ({@code MIGRATE_LOCK_TIMOUT}),
     * with the setting it was probably meant for. A warning rather than an error, as migrate.properties' unknown
     * keys are: the prefix is not Migrate's alone, and a pipeline may hold variables of that name for other tools.
     * Only names are printed, never values, which may be secrets.
     */
    static List<String> unknownVariableWarnings(Map<String, String> env) {
        Set<String> known = new TreeSet<>();
        KEYS.forEach(key -> known.add(Source.variable(key)));
        known.add("MIGRATE_CONFIG");
        List<String> warnings = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (!name.startsWith("MIGRATE_") || known.contains(name)
                    || name.startsWith(PLACEHOLDER_VARIABLE_PREFIX) && name.length() > PLACEHOLDER_VARIABLE_PREFIX.length()) {
                continue;
            }
            String meant = meant(name, known, "MIGRATE_PLACEHOLDER_", PLACEHOLDER_VARIABLE_PREFIX, "MIGRATE_".length());
            warnings.add(name + " is not a Migrate setting, so it is ignored" + (meant == null ? ": unset it, or see migrate --help"
                    : ": did you mean " + meant + "?"));
        }
        return warnings;
    }

    /**
     * The known variable or migrate.properties key {@code name} is a typo of, or null when none is close.
     *
     * @param singular     the placeholders' prefix written in the singular, taken as meant for {@code plural}
     * @param prefixLength the length of the prefix every name shares ({@code MIGRATE_}), not counted in the typos allowed
     */
    private static String meant(String name, Set<String> known, String singular, String plural, int prefixLength) {
        if (name.startsWith(singular) && name.length() > singular.length()) {
            return plural + name.substring(singular.length());
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(name, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(3, (name.length() - prefixLength) / 4));
        return bestDistance <= allowed ? best : null;
    }

    /** The edit distance (insertions, deletions, substitutions) between two names. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The properties file in effect: {@code --config}, else {@code MIGRATE_CONFIG}, else ./migrate.properties if there is one. */
    private static Path configFile(Path option, CliContext context) {
        if (option != null) {
            return context.workingDir().resolve(option);
        }
        String variable = context.env().get("MIGRATE_CONFIG");
        if (notBlank(variable)) {
            return context.resolve(variable);
        }
        Path local = context.resolve(PROPERTIES_FILE);
        return Files.isRegularFile(local) ? local : null;
    }

    /** The URL, or a configuration error saying every way to give one. */
    String requireUrl() {
        if (url == null) {
            throw new ConfigurationException("No database URL: pass --url jdbc:..., set MIGRATE_URL, or put url=jdbc:... in "
                    + PROPERTIES_FILE);
        }
        return url;
    }

    /** The environment label in effect. */
    String effectiveEnvironment() {
        return environment != null ? environment : MigratorConfig.DEFAULT_ENVIRONMENT;
    }

    /** A location list written {@code a,b, c}; blanks are dropped. */
    static List<String> splitLocations(String text) {
        List<String> locations = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                locations.add(part.strip());
            }
        }
        return locations;
    }

    /**
     * A file-system location made absolute against the working directory, so a relative one means the
     * same whoever resolves it; {@code classpath:} locations stay as they are.
     */
    static String absolute(String location, CliContext context) {
        boolean otherPrefix = !location.startsWith("filesystem:") && location.matches("[A-Za-z][A-Za-z0-9+.-]+:.*");
        if (location.startsWith("classpath:") || otherPrefix) {
            return location; // an unknown prefix is left for the core to refuse, naming it
        }
        String path = location.startsWith("filesystem:") ? location.substring("filesystem:".length()) : location;
        return "filesystem:" + context.resolve(path);
    }

    private static List<String> defaultLocations(CliContext context) {
        if (Files.isDirectory(context.resolve(PROJECT_LOCATION))) {
            return List.of("filesystem:" + PROJECT_LOCATION);
        }
        return List.of("filesystem:" + PLAIN_LOCATION);
    }

    /**
     * Parses {@code 30s}, {@code 500ms}, {@code 5m}, {@code 1h}, a bare number of seconds, or ISO-8601
     * ({@code PT1M30S}).
     */
    static Duration parseDuration(String text, String setting) {
        String t = text.strip();
        Matcher m = SIMPLE_DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }
        try {
            return Duration.parse(t);
        } catch (DateTimeParseException e) {
            throw new ConfigurationException(setting + " '" + text + "' is not a duration: write it like 30s, 500ms, 5m or PT1M30S");
        }
    }

    private static Map<String, String> readProperties(Path file) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("Could not read " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            String k = stripPrefix(key);
            if (!KEYS.contains(k) && !(k.startsWith(PLACEHOLDER_PREFIX) && k.length() > PLACEHOLDER_PREFIX.length())) {
                // As for a MIGRATE_* variable: the key it is probably a typo of, under the same migrate. prefix.
                String meant = meant(k, KEYS, "placeholder.", PLACEHOLDER_PREFIX, 0);
                unknown.add(key + (meant == null ? "" : " (did you mean " + key.substring(0, key.length() - k.length()) + meant + "?)"));
            }
            values.put(key, p.getProperty(key).strip());
        }
        if (!unknown.isEmpty()) {
            throw new ConfigurationException("Unknown setting" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + " in "
                    + file + ": use " + String.join(", ", KEYS) + " or placeholders.<name> (each optionally prefixed by migrate.)");
        }
        return values;
    }

    private static String stripPrefix(String key) {
        return key.startsWith("migrate.") ? key.substring("migrate.".length()) : key;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** Looks a setting up in the environment, then the properties file. */
    private record Source(Map<String, String> env, Map<String, String> properties, Path file) {

        String pick(String option, String key) {
            if (option != null) {
                return option;
            }
            String fromEnv = env.get(variable(key));
            if (notBlank(fromEnv)) {
                return fromEnv.strip();
            }
            String fromFile = properties.get("migrate." + key);
            if (fromFile == null) {
                fromFile = properties.get(key);
            }
            return notBlank(fromFile) ? fromFile : null;
        }

        boolean has(String key) {
            return pick(null, key) != null;
        }

        boolean flag(Boolean option, String key, boolean fallback) {
            if (option != null) {
                return option;
            }
            String text = pick(null, key);
            if (text == null) {
                return fallback;
            }
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new ConfigurationException(key + " '" + text + "' (from " + where(key) + ") must be true or false");
            };
        }

        private String where(String key) {
            return notBlank(env.get(variable(key))) ? variable(key) : String.valueOf(file);
        }

        static String variable(String key) {
            return "MIGRATE_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
        }
    }
}
