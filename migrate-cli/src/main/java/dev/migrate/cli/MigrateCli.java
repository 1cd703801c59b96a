package dev.migrate.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code migrate} command line: {@code java -jar migrate.jar [options] <command> [command options]}.
 *
 * <p>The connection and output options are declared here with {@link ScopeType#INHERIT}, so they
 * may stand before or after the command ({@code migrate --json status} and
 * {@code migrate status --json} are the same), and each command reads them through
 * {@link #settings()}, which falls back to {@code MIGRATE_*} environment variables and
 * {@code migrate.properties}.
 *
 * <pre>{@code
 * int exit = MigrateCli.run(new String[] {"--url", "jdbc:h2:file:./db", "migrate"}, CliContext.system());
 * }</pre>
 */
@Command(name = "migrate",
        mixinStandardHelpOptions = true,
        versionProvider = MigrateCli.Version.class,
        sortOptions = false,
        customSynopsis = "migrate [OPTIONS] COMMAND [COMMAND OPTIONS]%n",
        description = "Database migrations from the command line: apply, roll back, plan and inspect schema changes "
                + "on PostgreSQL, MySQL/MariaDB, H2 and SQLite.",
        subcommands = {
            StatusCommand.class,
            MigrateCommand.class,
            RollbackCommand.class,
            PlanCommand.class,
            HistoryCommand.class,
            ValidateCommand.class,
            BaselineCommand.class,
            MarkAppliedCommand.class,
            RepairCommand.class,
            CreateCommand.class,
            CleanCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nSettings:%n",
        footer = {
            "  Each option can also come from an environment variable or from a file,",
            "  migrate.properties in the working directory or the one named by --config or",
            "  MIGRATE_CONFIG.",
            "  An option wins over the variable, which wins over the file:",
            "    --url            MIGRATE_URL            url=jdbc:postgresql://db/app",
            "    --user           MIGRATE_USER           user=app",
            "    --password       MIGRATE_PASSWORD       password=...",
            "    --locations      MIGRATE_LOCATIONS      locations=filesystem:sql",
            "    --table          MIGRATE_TABLE          table=migrate_history",
            "    --audit-table    MIGRATE_AUDIT_TABLE    audit-table=billing_audit",
            "    --lock-table     MIGRATE_LOCK_TABLE     lock-table=billing_lock",
            "    --progress-table MIGRATE_PROGRESS_TABLE progress-table=billing_progress",
            "    --schema         MIGRATE_SCHEMA         schema=app",
            "    --default-schema MIGRATE_DEFAULT_SCHEMA default-schema=app",
            "    --schemas        MIGRATE_SCHEMAS        schemas=app,audit",
            "    --encoding       MIGRATE_ENCODING       encoding=ISO-8859-1",
            "    --init-sql       MIGRATE_INIT_SQL       init-sql=SET ROLE app_owner",
            "    --environment    MIGRATE_ENVIRONMENT    environment=dev",
            "    --lock-timeout   MIGRATE_LOCK_TIMEOUT   lock-timeout=2m",
            "    --lock-lease     MIGRATE_LOCK_LEASE     lock-lease=30s",
            "    --on-failure     MIGRATE_ON_FAILURE     on-failure=rollback-run",
            "    --validate-on-migrate",
            "        MIGRATE_VALIDATE_ON_MIGRATE    validate-on-migrate=false",
            "    --connect-retries  MIGRATE_CONNECT_RETRIES  connect-retries=10",
            "    --connect-retries-interval",
            "        MIGRATE_CONNECT_RETRIES_INTERVAL       connect-retries-interval=30s",
            "    --out-of-order   MIGRATE_OUT_OF_ORDER   out-of-order=true",
            "    --group          MIGRATE_GROUP          group=true",
            "    --batch-statements",
            "        MIGRATE_BATCH_STATEMENTS               batch-statements=true",
            "    --fail-on-missing-locations",
            "        MIGRATE_FAIL_ON_MISSING_LOCATIONS      fail-on-missing-locations=true",
            "    --ignore-future-migrations",
            "        MIGRATE_IGNORE_FUTURE_MIGRATIONS       ignore-future-migrations=true",
            "    --ignore-migration-patterns",
            "        MIGRATE_IGNORE_MIGRATION_PATTERNS  ignore-migration-patterns=*:missing",
            "    --baseline-on-migrate  MIGRATE_BASELINE_ON_MIGRATE  baseline-on-migrate=true",
            "    --baseline-version     MIGRATE_BASELINE_VERSION     baseline-version=4",
            "    --baseline-description",
            "        MIGRATE_BASELINE_DESCRIPTION   baseline-description=Before Migrate",
            "    --sql-migration-prefix  MIGRATE_SQL_MIGRATION_PREFIX  sql-migration-prefix=M",
            "    --undo-sql-migration-prefix",
            "        MIGRATE_UNDO_SQL_MIGRATION_PREFIX  undo-sql-migration-prefix=Undo",
            "    --repeatable-sql-migration-prefix",
            "        MIGRATE_REPEATABLE_SQL_MIGRATION_PREFIX",
            "        repeatable-sql-migration-prefix=RM",
            "    --sql-migration-separator",
            "        MIGRATE_SQL_MIGRATION_SEPARATOR  sql-migration-separator=-",
            "    --sql-migration-suffixes",
            "        MIGRATE_SQL_MIGRATION_SUFFIXES  sql-migration-suffixes=.sql,.pgsql",
            "    --clean-allowed  MIGRATE_CLEAN_ALLOWED  clean-allowed=true",
            "    --installed-by   MIGRATE_INSTALLED_BY   installed-by=deploy-bot",
            "    --json           MIGRATE_JSON           json=true",
            "    --verbose        MIGRATE_VERBOSE        verbose=true",
            "    -P owner=app     MIGRATE_PLACEHOLDERS_OWNER=app  placeholders.owner=app",
            "    --placeholder-prefix  MIGRATE_PLACEHOLDER_PREFIX  placeholder-prefix=#[",
            "    --placeholder-suffix  MIGRATE_PLACEHOLDER_SUFFIX  placeholder-suffix=]",
            "    --placeholder-replacement",
            "        MIGRATE_PLACEHOLDER_REPLACEMENT        placeholder-replacement=false",
            "    --callbacks      MIGRATE_CALLBACKS      callbacks=com.example.Grants",
            "",
            "Exit codes:",
            "  0  done",
            "  1  a migration failed, or the database is dirty from an earlier failure",
            "  2  bad usage or configuration (also: database unreachable, clean refused)",
            "  3  validation failed, or a rollback needs an irreversible migration",
            "  4  the migration lock could not be had within --lock-timeout",
            "",
            "Examples:",
            "  migrate --url jdbc:postgresql://localhost:5432/app --user app status",
            "  migrate migrate --target 7",
            "  migrate plan rollback --batch",
            "  migrate rollback --steps 2",
            "  migrate --json status | jq .pending",
            "  migrate create add_email_to_users --template add-column",
            "",
            "Run 'migrate COMMAND --help' for a command's options and examples."
        })
public final class MigrateCli implements Callable<Integer> {

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "JDBC_URL",
            description = "JDBC URL of the database: PostgreSQL, MySQL/MariaDB, H2 or SQLite.")
    String url;

    @Option(names = "--user", scope = ScopeType.INHERIT, paramLabel = "USER", description = "Database user.")
    String user;

    /** What picocli passes for {@code --password} without a value: a text no one types, "" being a password. */
    private static final String ASK_PASSWORD = "\u0000ask";

    String password;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Prompted for by hand rather than with picocli's interactive option, which without a console
     * prompts on stdout and echoes: {@link PasswordPrompt} keeps stdout for the result.
     */
    @Option(names = "--password", scope = ScopeType.INHERIT, paramLabel = "PASSWORD", arity = "0..1", fallbackValue = ASK_PASSWORD,
            description = "Database password; give the option without a value to be prompted (on a terminal without echo,"
                    + " else on stderr, reading a line of stdin). Never printed.")
    void password(String value) {
        if (!ASK_PASSWORD.equals(value)) {
            password = value;
            return;
        }
        password = PasswordPrompt.read(PasswordPrompt.Terminal.system(), System.in, context.err());
        if (password == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--password was given without a value and the input"
                    + " ended before a password was typed: give it as --password=PASSWORD, in MIGRATE_PASSWORD or on stdin");
        }
        secrets.add(password);
    }

    @Option(names = "--locations", scope = ScopeType.INHERIT, paramLabel = "LOCATION", split = ",",
            description = "Where migrations are, comma-separated: a directory (filesystem:DIR or just DIR) or"
                    + " classpath:db/migration. Default: src/main/resources/db/migration when it exists, else db/migration.")
    List<String> locations;

    @Option(names = "--table", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "History table (default: migrate_history).")
    String table;

    @Option(names = "--audit-table", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Audit table (default: migrate_audit); give each history table its own.")
    String auditTable;

    @Option(names = "--lock-table", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Lock table on H2 and SQLite, lock name on PostgreSQL and"
                    + " MariaDB (default: migrate_lock).")
    String lockTable;

    @Option(names = "--progress-table", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Progress table of batched data migrations (default: migrate_progress).")
    String progressTable;

    @Option(names = "--lock-lease", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            description = "How long an unrefreshed lock row stays valid on H2 and SQLite (default: 10s).")
    String lockLease;

    @Option(names = "--on-failure", scope = ScopeType.INHERIT, paramLabel = "stop|rollback-run",
            description = "After a failed migration: stop (default), or rollback-run to undo what the run applied with the downs.")
    String onFailure;

    @Option(names = "--validate-on-migrate", scope = ScopeType.INHERIT, arity = "0..1", paramLabel = "true|false",
            description = "Validate checksums and the dependency graph before migrating (default: true).")
    Boolean validateOnMigrate;

    @Option(names = "--schema", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Schema of Migrate's tables (default: --default-schema, else the connection's).")
    String schema;

    @Option(names = "--default-schema", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Schema the migrations run in: created if missing and made the connection's current schema while"
                    + " they run (default: the connection's own).")
    String defaultSchema;

    @Option(names = "--schemas", scope = ScopeType.INHERIT, paramLabel = "NAMES",
            description = "Schemas Migrate manages, comma-separated (Flyway's schemas): each created if missing and emptied by"
                    + " clean; the first is where the migrations run unless --default-schema names another.")
    String schemas;

    @Option(names = "--placeholder-prefix", scope = ScopeType.INHERIT, paramLabel = "TEXT",
            description = "What opens a placeholder in the scripts (default: $${), such as #[ (Flyway's placeholderPrefix).")
    String placeholderPrefix;

    @Option(names = "--placeholder-suffix", scope = ScopeType.INHERIT, paramLabel = "TEXT",
            description = "What closes a placeholder in the scripts (default: }), such as ] (Flyway's placeholderSuffix).")
    String placeholderSuffix;

    @Option(names = "--placeholder-replacement", scope = ScopeType.INHERIT, arity = "0..1", paramLabel = "true|false",
            description = "Whether to replace placeholders at all (default: true).")
    Boolean placeholderReplacement;

    @Option(names = "--callbacks", scope = ScopeType.INHERIT, paramLabel = "CLASSES",
            description = "Java callbacks to run (MigrationCallback), comma-separated class names on the class path:"
                    + " java -cp migrate.jar:app.jar dev.migrate.cli.MigrateCli ... (Flyway's callbacks).")
    String callbacks;

    @Option(names = "--encoding", scope = ScopeType.INHERIT, paramLabel = "CHARSET",
            description = "Character set of the SQL scripts (default: UTF-8); a script's .sql.conf may name its own.")
    String encoding;

    @Option(names = "--init-sql", scope = ScopeType.INHERIT, paramLabel = "SQL",
            description = "A statement run on each connection before Migrate uses it, such as \"SET ROLE app_owner\";"
                    + " repeat for several. What it changes is put back before the connection is closed.")
    List<String> initSql;

    @Option(names = {"-e", "--environment"}, scope = ScopeType.INHERIT, paramLabel = "ENV",
            description = "Environment label: dev, staging or prod (default: prod). Only dev allows clean by default.")
    String environment;

    @Option(names = "--lock-timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            description = "How long to wait for the migration lock: 30s, 5m, 500ms (default: 5m).")
    String lockTimeout;

    @Option(names = "--group", scope = ScopeType.INHERIT, arity = "0..1", paramLabel = "true|false",
            description = "Apply the pending migrations of a run in one transaction, all or none (PostgreSQL, SQLite).")
    Boolean group;

    @Option(names = "--batch-statements", scope = ScopeType.INHERIT, arity = "0..1", paramLabel = "true|false",
            description = "Send a script's INSERT, UPDATE, DELETE and MERGE statements in batches of up to 100.")
    Boolean batchStatements;

    @Option(names = "--fail-on-missing-locations", scope = ScopeType.INHERIT, arity = "0..1", paramLabel = "true|false",
            description = "Make a location that does not exist an error (exit 3) instead of a warning.")
    Boolean failOnMissingLocations;

    @Option(names = "--connect-retries", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "How many more times migrate, rollback, baseline, repair and clean try to connect while the database"
                    + " cannot be reached or is starting, waiting 1s, 2s, 4s... between tries (default: 0). A refused login is"
                    + " not retried.")
    String connectRetries;

    @Option(names = "--connect-retries-interval", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            description = "Longest wait between two tries to connect (default: 2m).")
    String connectRetriesInterval;

    @Option(names = "--out-of-order", scope = ScopeType.INHERIT, arity = "0..1", paramLabel = "true|false",
            description = "Apply pending versions lower than the current one.")
    Boolean outOfOrder;

    @Option(names = "--ignore-future-migrations", scope = ScopeType.INHERIT, arity = "0..1", paramLabel = "true|false",
            description = "Let an older build run against a schema a newer one migrated: applied migrations newer than every"
                    + " migration found are accepted with a warning, and repair keeps them.")
    Boolean ignoreFutureMigrations;

    @Option(names = "--ignore-migration-patterns", scope = ScopeType.INHERIT, paramLabel = "P1,P2",
            description = "Flyway's type:status patterns of what validation accepts with a warning: *:missing lets applied"
                    + " migrations whose file was deleted stay in the history (repair keeps them), *:future is"
                    + " --ignore-future-migrations.")
    String ignoreMigrationPatterns;

    @Option(names = "--baseline-on-migrate", scope = ScopeType.INHERIT, arity = "0..1", paramLabel = "true|false",
            description = "Let migrate adopt a schema that holds tables but no history: record a baseline at --baseline-version"
                    + " first. Without it, such a schema is refused.")
    Boolean baselineOnMigrate;

    @Option(names = "--baseline-version", scope = ScopeType.INHERIT, paramLabel = "VERSION",
            description = "Version --baseline-on-migrate records; migrations up to it count as applied (default: 1).")
    String baselineVersion;

    @Option(names = "--baseline-description", scope = ScopeType.INHERIT, paramLabel = "TEXT",
            description = "Description of the history row a baseline writes (default: << baseline >>).")
    String baselineDescription;

    @Option(names = "--sql-migration-prefix", scope = ScopeType.INHERIT, paramLabel = "PREFIX",
            description = "What starts a versioned migration's file name (Flyway's sqlMigrationPrefix; default: V).")
    String sqlMigrationPrefix;

    @Option(names = "--undo-sql-migration-prefix", scope = ScopeType.INHERIT, paramLabel = "PREFIX",
            description = "What starts a reverse migration's file name (Flyway's undoSqlMigrationPrefix; default: U).")
    String undoSqlMigrationPrefix;

    @Option(names = "--repeatable-sql-migration-prefix", scope = ScopeType.INHERIT, paramLabel = "PREFIX",
            description = "What starts a repeatable migration's file name (Flyway's repeatableSqlMigrationPrefix; default: R).")
    String repeatableSqlMigrationPrefix;

    @Option(names = "--sql-migration-separator", scope = ScopeType.INHERIT, paramLabel = "SEPARATOR",
            description = "What follows the version in a migration's file name (Flyway's sqlMigrationSeparator; default: __).")
    String sqlMigrationSeparator;

    @Option(names = "--sql-migration-suffixes", scope = ScopeType.INHERIT, paramLabel = "SUFFIX[,SUFFIX...]",
            description = "How the file names of migrations and callbacks end, comma-separated (Flyway's sqlMigrationSuffixes;"
                    + " default: .sql); create uses the first.")
    String sqlMigrationSuffixes;

    @Option(names = "--clean-allowed", scope = ScopeType.INHERIT, arity = "0..1", paramLabel = "true|false",
            description = "Allow clean (default: only in the dev environment).")
    Boolean cleanAllowed;

    @Option(names = {"-P", "--placeholder"}, scope = ScopeType.INHERIT, paramLabel = "NAME=VALUE",
            description = "A value for $${NAME} in SQL scripts; repeatable.")
    Map<String, String> placeholders;

    @Option(names = "--installed-by", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Name recorded in the history and audit tables (default: the database user).")
    String installedBy;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Properties file to read settings from (default: migrate.properties in the working directory,"
                    + " when there is one).")
    Path configFile;

    @Option(names = "--json", scope = ScopeType.INHERIT, arity = "0..1", paramLabel = "true|false",
            description = "Print machine-readable JSON on stdout.")
    Boolean json;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, arity = "0..1", paramLabel = "true|false",
            description = "Log what happens (SQL statements, locking) and print stack traces of errors.")
    Boolean verbose;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "Never colour the output (also: NO_COLOR=1).")
    boolean noColor;

    private CliContext context;
    private Settings settings;
    /** Every password of this run, added to as each becomes known; shared with the log stream's redactor. */
    private List<String> secrets;

    /** The program: runs the command line and exits with its code. */
    public static void main(String[] args) {
        StdoutWatch stdout = StdoutWatch.install();
        CliContext context = CliContext.system();
        List<String> secrets = new CopyOnWriteArrayList<>();
        // slf4j-simple and the drivers log to System.err: their lines are redacted like the CLI's own.
        // Not auto-flushing, which would pass every fragment of a line on by itself.
        System.setErr(new PrintStream(new RedactingStream(context.err(), () -> new Redactor(secrets)), false, StandardCharsets.UTF_8));
        // Ctrl-C and SIGTERM cancel a writing command cleanly, then exit with the signal's code (docs/cli.md).
        Interrupts.install(System.err);
        System.exit(Interrupts.exitCode(stdout.exitCode(run(args, context, secrets), System.err)));
    }

    /** Runs one command line in {@code context}; returns the exit code instead of exiting. */
    public static int run(String[] args, CliContext context) {
        return run(args, context, new CopyOnWriteArrayList<>());
    }

    /**
     * @param secrets filled with each password of the run as it becomes known (arguments, environment,
     *                then migrate.properties), for whatever else prints and must redact them
     */
    static int run(String[] args, CliContext context, List<String> secrets) {
        MigrateCli cli = new MigrateCli();
        cli.context = context;
        cli.secrets = secrets;
        CommandLine commandLine = new CommandLine(cli);
        cli.secrets.addAll(secretArguments(args, optionNames(commandLine)));
        String envPassword = context.env().get("MIGRATE_PASSWORD");
        if (envPassword != null) {
            cli.secrets.add(envPassword);
        }
        commandLine.setOut(new java.io.PrintWriter(context.out(), true));
        commandLine.setErr(new java.io.PrintWriter(context.err(), true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> Failures.report(e, cli.output(), cli.verbose()));
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            Output output = cli.output();
            String help = e.getCommandLine().getCommandSpec().qualifiedName(" ") + " --help";
            // Parsing stopped at the error: a --json after it was not seen by the parser.
            if (output.json() || Arrays.asList(args).contains("--json")) {
                output.json(Failures.json(e, ExitCodes.USAGE));
            }
            output.error("Error: " + Failures.oneLine(e.getMessage()) + " (see '" + help + "')");
            return ExitCodes.USAGE;
        });
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            // Not an Exception, so picocli lets it through; the heap it filled is free again here.
            return Failures.report(e, cli.output(), cli.verbose());
        }
    }

    /** Without a command: the usage on stderr, and exit code 2; with {@code --json}, the usage error as JSON on stdout too. */
    @Override
    public Integer call() {
        Output output = output();
        if (output.json()) {
            output.json(Failures.json(new CommandLine.ParameterException(spec.commandLine(),
                    "No command given: name one, such as 'migrate --json status' (see 'migrate --help')"), ExitCodes.USAGE));
        }
        CommandLine.usage(this, context.err());
        return ExitCodes.USAGE;
    }

    /** The settings of this run, resolved once from the options, the environment and migrate.properties. */
    Settings settings() {
        if (settings == null) {
            Settings.Options options = new Settings.Options().url(url).user(user).password(password).locations(locations)
                    .table(table).schema(schema).environment(environment).lockTimeout(lockTimeout).outOfOrder(outOfOrder)
                    .ignoreFutureMigrations(ignoreFutureMigrations).baselineOnMigrate(baselineOnMigrate)
                    .baselineVersion(baselineVersion).cleanAllowed(cleanAllowed).installedBy(installedBy)
                    .placeholders(placeholders == null ? null : new LinkedHashMap<>(placeholders)).configFile(configFile)
                    .json(json).verbose(verbose).connectRetries(connectRetries).connectRetriesInterval(connectRetriesInterval)
                    .failOnMissingLocations(failOnMissingLocations).group(group).defaultSchema(defaultSchema)
                    .ignoreMigrationPatterns(ignoreMigrationPatterns).encoding(encoding).initSql(initSql)
                    .batchStatements(batchStatements).schemas(schemas).placeholderPrefix(placeholderPrefix)
                    .placeholderSuffix(placeholderSuffix).placeholderReplacement(placeholderReplacement).callbacks(callbacks)
                    .baselineDescription(baselineDescription).sqlMigrationPrefix(sqlMigrationPrefix)
                    .undoSqlMigrationPrefix(undoSqlMigrationPrefix).repeatableSqlMigrationPrefix(repeatableSqlMigrationPrefix)
                    .sqlMigrationSeparator(sqlMigrationSeparator).sqlMigrationSuffixes(sqlMigrationSuffixes).auditTable(auditTable)
                    .lockTable(lockTable).progressTable(progressTable).lockLease(lockLease).validateOnMigrate(validateOnMigrate)
                    .onFailure(onFailure);
            settings = Settings.resolve(options, context);
            if (settings.password() != null) {
                secrets.add(settings.password());
            }
            secrets.addAll(Redactor.passwordsIn(settings.url()));
        }
        return settings;
    }

    CliContext context() {
        return context;
    }

    /** {@code --verbose}, else {@code MIGRATE_VERBOSE} or {@code verbose=} in migrate.properties. */
    boolean verbose() {
        return flag(verbose, "verbose", Settings::verbose);
    }

    /** {@code --json}, else {@code MIGRATE_JSON} or {@code json=} in migrate.properties. */
    boolean json() {
        return flag(json, "json", Settings::json);
    }

    /** The option, else the resolved settings, else (before them, or when they are invalid) a lenient look-up. */
    private boolean flag(Boolean option, String key, Predicate<Settings> setting) {
        if (option != null) {
            return option;
        }
        return settings != null ? setting.test(settings) : Settings.lenientFlag(key, configFile, context);
    }

    /** The output of this run, redacting every password known so far. */
    Output output() {
        boolean json = json();
        boolean color = !noColor && !json && context.terminal() && context.env().get("NO_COLOR") == null;
        return new Output(context, json, color, new Redactor(secrets));
    }

    /**
     * Values given to anything that looks like a password option, collected before parsing, so that
     * even a mistyped one ({@code --pasword}, {@code --passwd}, {@code --pw}, or {@code -p} as other
     * tools spell it), which the parser echoes in its error, is redacted. The argument after such an
     * option is its value unless it is one of the command line's own options: a password may well
     * start with {@code -}, and the parser then reports it as an unknown option.
     */
    static List<String> secretArguments(String[] args, Set<String> optionNames) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            boolean longForm = a.startsWith("--pas") || a.startsWith("--pw");
            if (longForm || a.equals("-p") || a.startsWith("-p=")) {
                int eq = a.indexOf('=');
                if (eq > 0) {
                    found.add(a.substring(eq + 1));
                } else if (i + 1 < args.length && !optionNames.contains(optionName(args[i + 1]))) {
                    found.add(args[i + 1]);
                }
            } else if (a.startsWith("-p") && a.length() > 2) {
                found.add(a.substring(2)); // -psecret, attached as the mysql client takes it
            }
        }
        return found;
    }

    /** {@code --url} of {@code --url=x}; the argument itself when it has no {@code =}. */
    private static String optionName(String arg) {
        int eq = arg.indexOf('=');
        return eq > 0 ? arg.substring(0, eq) : arg;
    }

    /**
     * Every option name of the command line and its subcommands, {@code --help} and the like included, and the
     * subcommands' names: {@code --password status} asks for the password and runs status, so "status" is no secret.
     */
    static Set<String> optionNames(CommandLine commandLine) {
        Set<String> names = new HashSet<>(commandLine.getSubcommands().keySet());
        for (OptionSpec option : commandLine.getCommandSpec().options()) {
            names.addAll(Arrays.asList(option.names()));
        }
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            names.addAll(optionNames(sub));
        }
        return names;
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MigrateCli.class.getPackage().getImplementationVersion();
            return new String[] {"migrate " + (v != null ? v : "(development build)")};
        }
    }
}
