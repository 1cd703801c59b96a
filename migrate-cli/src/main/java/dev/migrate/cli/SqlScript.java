package dev.migrate.cli;

import dev.migrate.ConfigurationException;
import dev.migrate.MigrationCallback;
import dev.migrate.MigrationType;
import dev.migrate.Plan;
import dev.migrate.PlanStep;
import dev.migrate.dialect.Dialect;
import dev.migrate.dialect.Dialects;
import dev.migrate.dialect.mysql.MySqlDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A migrate plan as one SQL script for the database's own client (psql, mysql, the H2 or SQLite shell):
 * Flyway's dry-run output, Liquibase's {@code update-sql}. For review, or for running by hand where
 * Migrate may not change the schema itself, followed by {@code mark-applied}. Each step that runs in a
 * transaction is wrapped in {@code BEGIN;}/{@code COMMIT;}, or with {@code group} all of them in one; after
 * each, the script puts the session back as Migrate does, as far as SQL can. Migrate's history is not written by it.
 */
final class SqlScript {

    /**
     * The MySQL/MariaDB session variables Migrate puts back after each migration on every server, in that order; a script
     * made on a connection also puts back those of its server ({@link Session#mysqlVariables()}).
     */
    private static final List<String> MYSQL_VARIABLES = MySqlDialect.sessionVariables();

    /** The PostgreSQL settings made with {@code SET} that Migrate puts back, as its {@code PostgresSession} reads them. */
    private static final String POSTGRES_SETTINGS = "SELECT name, setting FROM pg_settings WHERE source = 'session' AND name NOT IN"
            + " ('search_path', 'transaction_isolation', 'transaction_read_only', 'transaction_deferrable')";

    private SqlScript() {
    }

    /**
     * What the script must know of the session {@code migrate} would give the migrations.
     *
     * @param vendor        {@code postgresql}, {@code mysql} (MariaDB too), {@code h2}, {@code sqlite}, or null when not known;
     *                      the MySQL client needs {@code DELIMITER} around a statement holding semicolons
     * @param initSql       the init SQL Migrate runs on its connections, which the script starts with
     * @param defaultSchema the schema the migrations run in, made current at the start as Migrate does; null for none
     * @param schemas       the other schemas Migrate manages ({@code schemas}), created when missing before the migrations run
     * @param group         whether migrate runs all the steps in one transaction ({@code group}): the script does too
     * @param database      MySQL/MariaDB: the connection's database after the init SQL, which migrate puts back after each
     *                      migration; null when not known
     * @param foreignKeys   SQLite: whether the connection enforces foreign keys after the init SQL ({@code PRAGMA foreign_keys}),
     *                      which migrate puts back after each migration; null when not known
     * @param connection    statements that give the client's session what migrate's JDBC connection gets from its driver and
     *                      URL (before the init SQL): PostgreSQL's startup settings ({@code TimeZone}, {@code DateStyle}),
     *                      MySQL's {@code sql_mode} flags ({@link #sqlMode})
     * @param mysqlVariables MySQL/MariaDB: the session variables migrate puts back on the server the script is made for, under
     *                      the names it knows ({@link MySqlDialect#sessionVariables(java.sql.Connection)}: with the transaction
     *                      isolation, read-only mode and statement time limit); empty for those every server has
     * @param mariaDb       whether the server is MariaDB, whose client the header names ({@code mariadb}, not {@code mysql})
     * @param dialect       the dialect read from the database, which names the schemas as migrate's statements do (on H2 in
     *                      the case the URL's {@code DATABASE_TO_LOWER} / {@code DATABASE_TO_UPPER} has it stored); null when
     *                      not read, for the vendor's default
     */
    record Session(String vendor, List<String> initSql, String defaultSchema, List<String> schemas, boolean group, String database,
            Boolean foreignKeys, List<String> connection, List<String> mysqlVariables, boolean mariaDb, Dialect dialect) {

        Session {
            initSql = List.copyOf(initSql);
            schemas = List.copyOf(schemas);
            connection = List.copyOf(connection);
            mysqlVariables = mysqlVariables.isEmpty() ? MYSQL_VARIABLES : List.copyOf(mysqlVariables);
        }

        /** A session whose dialect was not read from the database. */
        Session(String vendor, List<String> initSql, String defaultSchema, List<String> schemas, boolean group, String database,
                Boolean foreignKeys, List<String> connection, List<String> mysqlVariables, boolean mariaDb) {
            this(vendor, initSql, defaultSchema, schemas, group, database, foreignKeys, connection, mysqlVariables, mariaDb, null);
        }

        /**
         * {@code schema} as migrate's statements name it: quoted, in the case the database stores the unquoted name in, so
         * that a reserved word ({@code order}) works and any other name means what it means unquoted.
         */
        String sqlName(String schema) {
            Dialect names = dialect != null ? dialect : switch (vendor == null ? "" : vendor) {
                case "postgresql", "mysql", "h2" -> Dialects.forName(vendor);
                default -> null;
            };
            return names == null ? schema : names.sqlName(schema);
        }

        /** A session on a server not known to be MariaDB. */
        Session(String vendor, List<String> initSql, String defaultSchema, List<String> schemas, boolean group, String database,
                Boolean foreignKeys, List<String> connection, List<String> mysqlVariables) {
            this(vendor, initSql, defaultSchema, schemas, group, database, foreignKeys, connection, mysqlVariables, false);
        }

        /** A session whose MySQL session variables are those every server has. */
        Session(String vendor, List<String> initSql, String defaultSchema, List<String> schemas, boolean group, String database,
                Boolean foreignKeys, List<String> connection) {
            this(vendor, initSql, defaultSchema, schemas, group, database, foreignKeys, connection, List.of());
        }

        /** A session with nothing of the JDBC connection's own. */
        Session(String vendor, List<String> initSql, String defaultSchema, List<String> schemas, boolean group, String database,
                Boolean foreignKeys) {
            this(vendor, initSql, defaultSchema, schemas, group, database, foreignKeys, List.of(), List.of());
        }
    }

    /**
     * The statements that give a MySQL client's session, which starts with the server's global {@code sql_mode}, the flags
     * migrate's connection has beyond them ({@code added}: the driver asks for {@code IGNORE_SPACE}, and adds
     * {@code STRICT_TRANS_TABLES}) and without them ({@code removed}), leaving its other flags as they are.
     */
    static List<String> sqlMode(List<String> added, List<String> removed) {
        List<String> statements = new ArrayList<>();
        for (String flag : removed) {
            statements.add("SET SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@SESSION.sql_mode, ','), '," + flag + ",', ','))");
        }
        for (String flag : added) {
            statements.add("SET SESSION sql_mode = IF(FIND_IN_SET('" + flag + "', @@SESSION.sql_mode) > 0, @@SESSION.sql_mode,"
                    + " CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), '" + flag + "'))");
        }
        return statements;
    }

    /** {@link #of(Plan, String, Session)} without init SQL, default schema or group. */
    static String of(Plan plan, String target, boolean mysql) {
        return of(plan, target, mysql ? "mysql" : null, List.of(), null, false);
    }

    /** {@link #of(Plan, String, Session)} without group. */
    static String of(Plan plan, String target, String vendor, List<String> initSql, String defaultSchema) {
        return of(plan, target, vendor, initSql, defaultSchema, false);
    }

    /** {@link #of(Plan, String, Session)} with nothing read from the database. */
    static String of(Plan plan, String target, String vendor, List<String> initSql, String defaultSchema, boolean group) {
        return of(plan, target, new Session(vendor, initSql, defaultSchema, List.of(), group, null, null));
    }

    /** {@link #of(Plan, String, Session, String)} with the id of {@code plan} itself. */
    static String of(Plan plan, String target, Session session) {
        return of(plan, target, session, null);
    }

    /**
     * @param target  the target the plan was made for, or null for the latest version
     * @param session the session migrate would give the migrations
     * @param id      the script's id for {@code mark-applied --script}: that of the plan mark-applied makes
     *                ({@code planMarkApplied}, which does not depend on the tables the script changes), or null for {@code plan}'s
     * @throws ConfigurationException when a step is a Java migration, or a callback a Java callback, whose SQL is known only
     *                                when it runs; when a DSL step's SQL is written only when it runs; with {@code group}
     *                                when a step cannot run in a transaction, as migrate refuses
     */
    static String of(Plan plan, String target, Session session, String id) {
        String vendor = session.vendor();
        boolean mysql = "mysql".equals(vendor);
        refuseWhatSqlCannotHold(plan);
        if (plan.isEmpty()) {
            return "-- Migrate: nothing to migrate, the schema is up to date.\n";
        }
        if (session.group()) {
            checkGroup(plan, vendor);
        }
        StringBuilder out = new StringBuilder();
        out.append("-- Migrate: the SQL that 'migrate' would run, ").append(Formats.count(plan.steps().size(), "step"))
                .append(" (history fingerprint ").append(plan.fingerprint()).append(").\n")
                .append("-- Run it with the database's client, stopping at the first error (").append(switch (vendor == null ? "" : vendor) {
                    case "postgresql" -> "psql -v ON_ERROR_STOP=1 -f FILE";
                    // The client strips comments unless told not to: a procedure's or trigger's body would lose them.
                    case "mysql" -> (session.mariaDb() ? "mariadb" : "mysql") + " --comments DATABASE < FILE";
                    case "sqlite" -> "sqlite3 -bail DATABASE < FILE";
                    case "h2" -> "RUNSCRIPT FROM 'FILE'";
                    default -> "psql -v ON_ERROR_STOP=1 -f, mysql --comments < file";
                }).append("),\n")
                .append("-- then record it in Migrate's history: migrate mark-applied")
                .append(target != null ? " --target " + (target.endsWith("?") ? "'" + target + "'" : target) : "")
                .append(" --script ").append(id != null ? id : id(plan)).append('\n');
        for (String note : plan.notes()) {
            out.append("-- Note: ").append(Failures.oneLine(note)).append('\n');
        }
        for (Plan.Callback callback : plan.callbacks(MigrationCallback.Event.AFTER_MIGRATE_ERROR)) {
            out.append("-- Note: ").append(callback.name()).append(" is not in this script: migrate runs it when a step fails;")
                    .append(" if the script stops at an error, run it by hand\n");
        }
        for (String warning : plan.warnings()) {
            out.append("-- Warning: ").append(Failures.oneLine(warning)).append('\n');
        }
        String encoding = switch (vendor == null ? "" : vendor) {
            case "postgresql" -> "SET client_encoding = 'UTF8'";
            case "mysql" -> "SET NAMES utf8mb4";
            default -> null;
        };
        if (encoding != null) {
            out.append("\n-- The script is UTF-8 text, as Migrate's connection sends it: the client is told so.\n");
            statement(out, new PlanStep.PlannedStatement(encoding, 0), mysql);
        }
        if (!session.connection().isEmpty()) {
            out.append("\n-- What Migrate's JDBC connection gets from its driver and URL, and a client's session lacks:\n");
            for (String sql : session.connection()) {
                statement(out, new PlanStep.PlannedStatement(sql, 0), mysql);
            }
        }
        List<String> setUp = new ArrayList<>(session.initSql());
        // SQLite's schemas are attached databases, which migrate does not create and makes no one current.
        boolean sqlite = "sqlite".equals(vendor);
        String defaultSchema = sqlite ? null : session.defaultSchema();
        for (String schema : sqlite ? List.<String>of() : session.schemas()) {
            // The same schema as the database names it: App and app are two databases on MariaDB, one schema on PostgreSQL.
            if (defaultSchema == null || !session.sqlName(schema).equals(session.sqlName(defaultSchema))) {
                setUp.add((mysql ? "CREATE DATABASE IF NOT EXISTS " : "CREATE SCHEMA IF NOT EXISTS ") + session.sqlName(schema));
            }
        }
        if (defaultSchema != null) {
            switch (vendor == null ? "" : vendor) {
                case "postgresql" -> {
                    setUp.add("CREATE SCHEMA IF NOT EXISTS " + session.sqlName(defaultSchema));
                    // The search_path takes the name unquoted, folded as migrate's own set_config folds it (a reserved word too).
                    // In a DO block so that psql prints no result; set_config(..., false) holds for the session.
                    setUp.add("DO $$ BEGIN PERFORM set_config('search_path', concat_ws(', ', '" + defaultSchema
                            + "', NULLIF(current_setting('search_path'), '')), false); END $$");
                }
                case "mysql" -> {
                    setUp.add("CREATE DATABASE IF NOT EXISTS " + quoted(defaultSchema));
                    setUp.add("USE " + quoted(defaultSchema));
                }
                default -> {
                    setUp.add("CREATE SCHEMA IF NOT EXISTS " + session.sqlName(defaultSchema));
                    setUp.add("SET SCHEMA " + session.sqlName(defaultSchema));
                }
            }
        }
        String foreignKeys = sqlite && session.foreignKeys() != null
                ? "PRAGMA foreign_keys = " + (session.foreignKeys() ? "ON" : "OFF") : null;
        if (foreignKeys != null) {
            setUp.add(foreignKeys);
        }
        if (!setUp.isEmpty()) {
            out.append("\n-- The session Migrate gives the migrations (init SQL, default schema")
                    .append(session.schemas().isEmpty() || sqlite ? "" : ", schemas").append(foreignKeys != null ? ", foreign keys" : "")
                    .append("):\n");
            for (String sql : setUp) {
                statement(out, new PlanStep.PlannedStatement(sql, 0), mysql);
            }
        }
        // MySQL's USE takes no variable: where a step changes the database, it is put back by name, so the script must run there.
        String database = mysql && defaultSchema == null && session.database() != null && changesDatabase(plan) ? session.database() : null;
        if (database != null) {
            out.append("\n-- A step changes the database (USE), which migrate puts back after each one: this script puts back ")
                    .append(quoted(database)).append(", the database it was made for, and stops here (Subquery returns more than 1 row)")
                    .append(" when run in another:\n");
            statement(out, new PlanStep.PlannedStatement("SET @migrate_database_check = (SELECT 1 FROM (SELECT 1 UNION ALL SELECT 2) t"
                    + " WHERE NOT (DATABASE() <=> '"
                    + database.replace("\\", "\\\\").replace("'", "''") + "'))", 0), mysql);
        }
        PutBack putBack = PutBack.of(vendor, defaultSchema != null ? defaultSchema : database, session.mysqlVariables());
        if (putBack != null) {
            out.append("\n-- Kept here to be put back after each step, as migrate puts the session back after each migration: ")
                    .append(putBack.what()).append(":\n");
            statement(out, new PlanStep.PlannedStatement(putBack.keep(), 0), mysql);
        }
        List<Plan.Callback> before = plan.callbacks(MigrationCallback.Event.BEFORE_MIGRATE);
        for (Plan.Callback callback : before) {
            out.append("\n-- Callback ").append(callback.name()).append(" (beforeMigrate)")
                    .append(callback.ownTransaction() ? "" : ", outside a transaction").append('\n');
            callback(out, callback, mysql);
            if (putBack != null && !putBack.schemaContext().isEmpty()) {
                out.append("-- Its change of the schema context put back, as migrate does:\n");
                for (String sql : putBack.schemaContext()) {
                    statement(out, new PlanStep.PlannedStatement(sql, 0), mysql);
                }
            }
        }
        if (!before.isEmpty() && putBack != null) {
            out.append("\n-- What beforeMigrate left in the session holds for the migrations: kept again.\n");
            statement(out, new PlanStep.PlannedStatement(putBack.keep(), 0), mysql);
        }
        if (session.group()) {
            out.append("\n-- group: all ").append(Formats.count(plan.steps().size(), "step")).append(" in one transaction\n")
                    .append("BEGIN;\n");
        }
        List<Plan.Callback> beforeEach = plan.callbacks(MigrationCallback.Event.BEFORE_EACH_MIGRATE);
        List<Plan.Callback> afterEach = plan.callbacks(MigrationCallback.Event.AFTER_EACH_MIGRATE);
        int i = 0;
        for (PlanStep step : plan.steps()) {
            step(out, ++i, step, beforeEach, afterEach, putBack, foreignKeys, session.group(), mysql);
        }
        if (session.group()) {
            out.append("\nCOMMIT;\n");
        }
        for (Plan.Callback callback : plan.callbacks(MigrationCallback.Event.AFTER_MIGRATE)) {
            out.append("\n-- Callback ").append(callback.name()).append(" (afterMigrate)")
                    .append(callback.ownTransaction() ? "" : ", outside a transaction").append('\n');
            callback(out, callback, mysql);
        }
        return out.toString();
    }

    /**
     * One step: in its own transaction where migrate gives it one (unless {@code group}), with the each-migration callbacks
     * around its statements and the session put back after them.
     *
     * @param foreignKeys SQLite's {@code PRAGMA foreign_keys} to put back after a step outside a transaction, or null
     */
    private static void step(StringBuilder out, int i, PlanStep step, List<Plan.Callback> beforeEach, List<Plan.Callback> afterEach,
            PutBack putBack, String foreignKeys, boolean group, boolean mysql) {
        out.append("\n-- ").append(i).append(". ").append(step.script()).append(": ")
                .append(step.version() == null ? "repeatable" : "version " + step.version()).append(", ")
                .append(step.description()).append(step.transactional() ? ""
                        : step.dataInTransaction() ? ", in a transaction for its data only" : ", outside a transaction").append('\n');
        if (!step.transactional() && step.dataInTransaction()) {
            // Where DDL commits by itself (MySQL/MariaDB, H2), migrate still runs the step in a transaction, for its data.
            out.append("-- The database commits DDL at once, so BEGIN/COMMIT cover only its data statements, as migrate runs it:")
                    .append(" a failure undoes its data changes, not its DDL\n");
        }
        for (String note : step.notes()) {
            out.append("-- Note: ").append(Failures.oneLine(note)).append('\n');
        }
        boolean own = (step.transactional() || step.dataInTransaction()) && !group;
        if (own) {
            out.append("BEGIN;\n");
        }
        for (Plan.Callback callback : beforeEach) {
            out.append("-- Callback ").append(callback.name()).append(" (beforeEachMigrate):\n");
            for (PlanStep.PlannedStatement statement : callback.statements()) {
                statement(out, statement, mysql);
            }
        }
        if (!beforeEach.isEmpty()) {
            out.append("-- ").append(step.script()).append(":\n");
        }
        for (PlanStep.PlannedStatement statement : step.statements()) {
            statement(out, statement, mysql);
        }
        for (Plan.Callback callback : afterEach) {
            out.append("-- Callback ").append(callback.name()).append(" (afterEachMigrate):\n");
            for (PlanStep.PlannedStatement statement : callback.statements()) {
                statement(out, statement, mysql);
            }
        }
        if (putBack != null) {
            out.append("-- The session put back:\n");
            for (String sql : putBack.restore()) {
                statement(out, new PlanStep.PlannedStatement(sql, 0), mysql);
            }
        }
        if (foreignKeys != null && !step.transactional()) {
            // A PRAGMA changes nothing inside a transaction: only a step outside one can have changed it.
            out.append("-- The session put back:\n");
            statement(out, new PlanStep.PlannedStatement(foreignKeys, 0), mysql);
        }
        if (own) {
            out.append("COMMIT;\n");
        }
    }

    /** A once-per-run callback: in a transaction of its own where migrate gives it one. */
    private static void callback(StringBuilder out, Plan.Callback callback, boolean mysql) {
        if (callback.ownTransaction()) {
            out.append("BEGIN;\n");
        }
        for (PlanStep.PlannedStatement statement : callback.statements()) {
            statement(out, statement, mysql);
        }
        if (callback.ownTransaction()) {
            out.append("COMMIT;\n");
        }
    }

    private static final java.util.regex.Pattern USE = java.util.regex.Pattern.compile("(?is)\\s*USE\\b.*");

    /** Whether a statement of a step or of a callback that runs before or with the steps makes another database current. */
    private static boolean changesDatabase(Plan plan) {
        java.util.stream.Stream<PlanStep.PlannedStatement> statements = java.util.stream.Stream.concat(
                plan.steps().stream().flatMap(s -> s.statements().stream()),
                plan.callbacks().stream().filter(c -> c.event() != MigrationCallback.Event.AFTER_MIGRATE)
                        .flatMap(c -> c.statements().stream()));
        return statements.anyMatch(s -> USE.matcher(s.sql()).matches());
    }

    /** A MySQL name in backticks. */
    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A statement that is only comments: what a plan shows in place of SQL that is written when its step runs. */
    private static boolean onlyComments(PlanStep.PlannedStatement statement) {
        return statement.sql().lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("--"));
    }

    /** Refuses a plan with a step or a callback whose SQL is known only when it runs. */
    private static void refuseWhatSqlCannotHold(Plan plan) {
        List<String> javaSteps = plan.steps().stream().filter(s -> s.type() == MigrationType.JAVA)
                .map(s -> s.script() + (s.version() != null ? " (version " + s.version() + ")" : "")).toList();
        if (!javaSteps.isEmpty()) {
            throw new ConfigurationException(String.join(", ", javaSteps) + (javaSteps.size() == 1 ? " is a Java migration" : " are Java"
                    + " migrations") + ", whose SQL is known only when it runs, so a SQL script cannot hold "
                    + (javaSteps.size() == 1 ? "it" : "them") + ": write the script of the steps before it with --target, or run migrate");
        }
        List<String> deferred = plan.steps().stream()
                .filter(s -> s.type() == MigrationType.DSL && s.statements().stream().anyMatch(SqlScript::onlyComments))
                .map(s -> s.script() + (s.version() != null ? " (version " + s.version() + ")" : "")).toList();
        if (!deferred.isEmpty()) {
            throw new ConfigurationException(String.join(", ", deferred) + (deferred.size() == 1 ? " is a DSL migration" : " are DSL"
                    + " migrations") + " with SQL that is written only when it runs, from the table as the steps before it leave it"
                    + " ('migrate plan' notes which operations), so a SQL script cannot hold it: write the script of the steps before "
                    + (deferred.size() == 1 ? "it" : "the first") + " with --target, run it and mark-applied, then write the next"
                    + " script; or run migrate");
        }
        List<String> javaCallbacks = plan.callbacks().stream().filter(Plan.Callback::java)
                .map(c -> c.name() + " (" + c.event().tag() + ")").distinct().toList();
        if (!javaCallbacks.isEmpty()) {
            throw new ConfigurationException("Callback " + String.join(", ", javaCallbacks) + (javaCallbacks.size() == 1 ? " is" : " are")
                    + " Java code, which migrate runs with the migrations and a SQL script cannot hold: run migrate, or make the"
                    + " script without --callbacks and do by hand what " + (javaCallbacks.size() == 1 ? "it does" : "they do"));
        }
    }

    /** Refuses, as migrate does, a group whose steps cannot all run in one transaction. */
    private static void checkGroup(Plan plan, String vendor) {
        if ("mysql".equals(vendor) || "h2".equals(vendor)) {
            throw new ConfigurationException("group is on, but " + ("h2".equals(vendor) ? "H2" : "MySQL/MariaDB") + " commits each DDL"
                    + " statement by itself, so migrate refuses a group there and a script could not run the steps in one transaction"
                    + " either: turn group off (--group false)");
        }
        List<String> outside = plan.steps().stream().filter(s -> !s.transactional()).map(PlanStep::script).toList();
        if (!outside.isEmpty()) {
            throw new ConfigurationException("group is on, but " + String.join(", ", outside) + (outside.size() == 1 ? " runs" : " run")
                    + " outside a transaction ('migrate plan' says why), so migrate refuses this plan and a script could not run "
                    + (outside.size() == 1 ? "it" : "them") + " in the group's transaction either: turn group off (--group false), or write"
                    + " the steps before " + (outside.size() == 1 ? "it" : "them") + " with --target");
        }
    }

    /**
     * What the script keeps of the session before the first step and puts back after each, in SQL the
     * database's client runs: read by the script itself, so it is the session the script runs in. MySQL's
     * {@code USE} takes no variable: the database is put back by name, where the script knows it.
     *
     * @param what          what is put back, for the script's comment
     * @param keep          the statement that keeps it (in custom settings on PostgreSQL, user variables on MySQL and H2)
     * @param restore       the statements that put it back
     * @param schemaContext the statements that put back only the schema context, as migrate does after each
     *                      {@code beforeMigrate} callback
     */
    private record PutBack(String what, String keep, List<String> restore, List<String> schemaContext) {

        /**
         * null where nothing can be put back in SQL this way (SQLite: see {@link Session#foreignKeys()}).
         *
         * @param database  MySQL: the database to put back, or null when not known
         * @param variables MySQL: the session variables to put back
         */
        static PutBack of(String vendor, String database, List<String> variables) {
            switch (vendor == null ? "" : vendor) {
                case "postgresql" -> {
                    // In DO blocks so that psql prints no result; set_config(..., false) holds for the session, and
                    // placeholder settings such as migrate.search_path are neither listed in pg_settings nor put back.
                    return new PutBack("the search_path, the role (SET ROLE) and the settings made with SET", """
                            DO $$ BEGIN
                              PERFORM set_config('migrate.search_path', current_setting('search_path'), false);
                              PERFORM set_config('migrate.role', current_user, false);
                              PERFORM set_config('migrate.settings', (SELECT COALESCE(json_object_agg(name, setting), '{}')
                                FROM (%s) s)::text, false);
                            END $$""".formatted(POSTGRES_SETTINGS), List.of("""
                            DO $$ DECLARE s record; BEGIN
                              PERFORM set_config('search_path', current_setting('migrate.search_path'), false);
                              IF current_user <> current_setting('migrate.role') THEN
                                IF session_user = current_setting('migrate.role') THEN RESET ROLE;
                                ELSE EXECUTE format('SET ROLE %%I', current_setting('migrate.role')); END IF;
                              END IF;
                              FOR s IN SELECT COALESCE(b.key, n.name) AS name, b.value AS was FROM (%s) n
                                  FULL JOIN json_each_text(current_setting('migrate.settings')::json) b ON b.key = n.name
                                  WHERE b.value IS DISTINCT FROM n.setting LOOP
                                IF s.was IS NULL THEN EXECUTE 'RESET ' || s.name; ELSE PERFORM set_config(s.name, s.was, false); END IF;
                              END LOOP;
                            END $$""".formatted(POSTGRES_SETTINGS)),
                            List.of("DO $$ BEGIN PERFORM set_config('search_path', current_setting('migrate.search_path'), false); END $$"));
                }
                case "mysql" -> {
                    List<String> restore = new ArrayList<>();
                    List<String> schemaContext = new ArrayList<>();
                    if (database != null) {
                        restore.add("USE " + quoted(database));
                        schemaContext.add("USE " + quoted(database));
                    }
                    restore.add("SET SESSION " + variables.stream().map(v -> v + " = @migrate_" + v)
                            .collect(Collectors.joining(", ")));
                    String keep = "SET " + variables.stream().map(v -> "@migrate_" + v + " = @@SESSION." + v)
                            .collect(Collectors.joining(", "));
                    return new PutBack((database != null ? "the database (USE), " : "") + "the session variables "
                            + String.join(", ", variables), keep, restore, schemaContext);
                }
                case "h2" -> {
                    return new PutBack("the schema (SET SCHEMA)", "SET @migrate_schema = SCHEMA()", List.of("SET SCHEMA @migrate_schema"),
                            List.of("SET SCHEMA @migrate_schema"));
                }
                default -> {
                    return null;
                }
            }
        }
    }

    /**
     * What identifies the script of a plan: the history it was made against and every statement of its
     * steps. {@code mark-applied --script} refuses to mark anything else.
     */
    static String id(Plan plan) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update((plan.fingerprint() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (PlanStep step : plan.steps()) {
                md.update((step.direction() + "|" + step.version() + "|" + step.script() + "|" + step.transactional() + "\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                for (PlanStep.PlannedStatement statement : step.statements()) {
                    md.update((statement.sql() + "\u0000" + statement.data() + "\u0000").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return java.util.HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void statement(StringBuilder out, PlanStep.PlannedStatement statement, boolean mysql) {
        String sql = statement.sql().strip();
        String[] lines = sql.split("\\R");
        // A terminator after a trailing "-- comment" would be part of the comment.
        String end = lines[lines.length - 1].contains("--") ? "\n" : "";
        if (mysql && splitsAtSemicolon(sql)) {
            String delimiter = sql.contains("$$") ? "//" : "$$";
            out.append("DELIMITER ").append(delimiter).append('\n').append(sql).append(end).append(delimiter)
                    .append("\nDELIMITER ;\n");
            return;
        }
        out.append(sql).append(end).append(";\n");
        if (statement.data() != null) {
            out.append(statement.data());
            if (!statement.data().isEmpty() && !statement.data().endsWith("\n")) {
                out.append('\n');
            }
            out.append("\\.\n");
        }
    }

    /**
     * Whether the MySQL client would cut {@code sql} at a semicolon: one outside quotes ({@code '...'},
     * {@code "..."}, {@code `...`}) and comments ({@code -- }, {@code #}, {@code /* *}{@code /}; not an executable
     * {@code /*!...*}{@code /}, whose text the client reads as SQL). Only then does the
     * statement need its own {@code DELIMITER}. The client reads a backslash in a string as the session does (an
     * escape, or a plain character with {@code NO_BACKSLASH_ESCAPES}), which the script does not know: each reading
     * that closes every quote is asked, so {@code BEGIN SELECT 'C:\'; SELECT 1; END} is wrapped for a session
     * without backslash escapes, and {@code 'it\'s; fine'} is not, as no such session can read it.
     */
    static boolean splitsAtSemicolon(String sql) {
        int escaped = semicolonOutside(sql, true);
        int plain = semicolonOutside(sql, false);
        if (escaped < 0 && plain < 0) {
            // neither reading closes its quotes: as the default mode reads it
            return escaped == -2;
        }
        return escaped == 1 || plain == 1;
    }

    /**
     * How one reading of {@code sql} goes: 1 a semicolon outside quotes and comments, 0 none, both with every quote
     * closed; -2 a semicolon but a quote left open, -1 none and a quote left open.
     */
    private static int semicolonOutside(String sql, boolean backslashEscapes) {
        int n = sql.length();
        boolean semicolon = false;
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == ';') {
                semicolon = true;
            } else if (c == '\'' || c == '"' || c == '`') {
                i++;
                while (i < n && sql.charAt(i) != c) {
                    if (sql.charAt(i) == '\\' && c != '`' && backslashEscapes) {
                        i++;
                    }
                    i++;
                }
                if (i >= n) {
                    return semicolon ? -2 : -1;
                }
            } else if (c == '#' || c == '-' && sql.startsWith("-- ", i) || c == '-' && sql.startsWith("--", i)
                    && (i + 2 == n || sql.charAt(i + 2) == '\n' || sql.charAt(i + 2) == '\r' || sql.charAt(i + 2) == '\t')) {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (sql.startsWith("/*!", i) || sql.startsWith("/*M!", i)) {
                // An executable comment (a dump's /*!50003 TRIGGER ... BEGIN ...; END */): the client reads its text as
                // SQL and cuts it at a semicolon; its closing */ is read as two characters.
                i = sql.indexOf('!', i);
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 1;
            }
        }
        return semicolon ? 1 : 0;
    }
}
