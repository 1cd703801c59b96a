package dev.migrate.cli;

import dev.migrate.Direction;
import dev.migrate.Operation;
import dev.migrate.Plan;
import dev.migrate.PlanStep;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code plan [migrate [--target V] | rollback [...]]}: a dry run; {@code plan} alone plans {@code migrate}. */
@Command(name = "plan",
        sortOptions = false,
        customSynopsis = {"migrate plan [migrate] [--target VERSION] [OPTIONS]",
            "       migrate plan rollback [--steps N | --batch | --target V | --all | --only V]%n"},
        description = "Dry run: the exact ordered steps migrate or rollback would take and the SQL each would execute."
                + " Nothing is changed and no lock is taken.",
        subcommands = {PlanCommand.PlanMigrate.class, PlanCommand.PlanRollback.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  migrate plan                       # same as: plan migrate",
            "  migrate plan migrate --target 7",
            "  migrate plan --sql > release.sql   # run it by hand, then: mark-applied",
            "  migrate plan rollback --batch",
            "  migrate --json plan rollback --steps 2 | jq '.steps[].statements[].sql'"
        })
final class PlanCommand extends BaseCommand {

    @Option(names = "--target", paramLabel = "VERSION",
            description = "Plan migrate up to and including this version; or latest, next, current, V?, as for migrate.")
    String target;

    @Option(names = "--sql", description = "Print the plan as one SQL script for the database's own client, to review or to run"
            + " by hand before 'mark-applied' (Flyway's dry-run output, Liquibase's update-sql).")
    boolean sql;

    @Override
    int execute() {
        dev.migrate.Migrator migrator = migrator();
        return printMigrate(migrator.planMigrate(target), target, sql, this, migrator.config()::masked);
    }

    /** {@code plan migrate [--target V]} */
    @Command(name = "migrate", sortOptions = false, customSynopsis = "migrate plan migrate [--target VERSION] [OPTIONS]%n",
            description = "Plan migrate: the pending migrations and their SQL.",
            footerHeading = "%nExamples:%n", footer = {"  migrate plan migrate", "  migrate plan migrate --target 7"})
    static final class PlanMigrate extends BaseCommand {

        @Option(names = "--target", paramLabel = "VERSION",
                description = "Up to and including this version; or latest, next, current, V?, as for migrate.")
        String target;

        @Option(names = "--sql", description = "Print the plan as one SQL script for the database's own client.")
        boolean sql;

        @picocli.CommandLine.ParentCommand
        PlanCommand plan;

        @Override
        int execute() {
            // plan --target 7 migrate, plan --sql migrate: the options written before the subcommand count too.
            if (target != null && plan.target != null && !target.equals(plan.target)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--target " + plan.target + " before 'migrate'"
                        + " and --target " + target + " after it: give one");
            }
            String to = target != null ? target : plan.target;
            dev.migrate.Migrator migrator = migrator();
            return printMigrate(migrator.planMigrate(to), to, sql || plan.sql, this, migrator.config()::masked);
        }
    }

    /** {@code plan rollback [--steps N | --batch | --target V | --all | --only V]} */
    @Command(name = "rollback", sortOptions = false,
            customSynopsis = "migrate plan rollback [--steps N | --batch | --target V | --all | --only V]%n",
            description = "Plan rollback: the migrations it would undo and the SQL of their downs.",
            footerHeading = "%nExamples:%n",
            footer = {"  migrate plan rollback", "  migrate plan rollback --batch", "  migrate plan rollback --target 4"})
    static final class PlanRollback extends BaseCommand {

        @Mixin
        RollbackOptions what;

        @picocli.CommandLine.ParentCommand
        PlanCommand plan;

        /** Not an option of plan rollback: taken only to refuse it as written before 'rollback'. */
        @Option(names = "--sql", hidden = true)
        boolean sql;

        @Override
        int execute() {
            // Options of plan migrate written before 'rollback' would otherwise be dropped without a word.
            if (plan.sql || sql) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--sql writes the script of a migrate plan only"
                        + " (run by hand, then mark-applied); a rollback has none: read 'migrate plan rollback', or let 'rollback' run");
            }
            if (plan.target != null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--target before 'rollback' is plan migrate's:"
                        + " write 'migrate plan rollback --target " + plan.target + "' to plan rolling back everything above it");
            }
            dev.migrate.Migrator migrator = migrator();
            return print(migrator.planRollback(what.request(spec)), output(), migrator.config()::masked);
        }
    }

    /** {@code masked}: the secret placeholders' values masked, as everywhere but in the script of {@code --sql}, which must run. */
    private static int printMigrate(Plan plan, String target, boolean sql, BaseCommand command,
            java.util.function.UnaryOperator<String> masked) {
        if (!sql) {
            return print(plan, command.output(), masked);
        }
        if (command.output().json()) {
            throw new dev.migrate.ConfigurationException("plan --sql prints a SQL script, --json a JSON document: choose one");
        }
        Settings settings = command.settings();
        // The default schema as migrate takes it: --default-schema, else the first of --schemas.
        dev.migrate.MigratorConfig config = settings.toConfig(null);
        String vendor = JdbcUrls.vendor(settings.url());
        SqlScript.Session session = new SqlScript.Session(vendor, config.initSql(), config.defaultSchema(), config.schemas(),
                config.group(), null, null);
        // H2 too, for the case its URL stores unquoted names in (DATABASE_TO_LOWER, DATABASE_TO_UPPER), which the schemas' names take.
        if (!plan.isEmpty() && vendor != null) {
            session = read(session, settings);
        }
        // The id mark-applied --script checks, from the plan mark-applied makes: the same after the script changed the tables.
        String id = plan.isEmpty() ? null : SqlScript.id(command.migrator().planMarkApplied(target));
        // Written as UTF-8, whatever the platform's encoding, and not redacted: the script tells the client it is UTF-8,
        // and a password's letters inside the SQL (a short one in a table's name) must not be blanked.
        byte[] script = SqlScript.of(plan, target, session, id).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.PrintStream out = command.output().out();
        out.write(script, 0, script.length);
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * What the script must give the migrations by value, read on a connection opened as migrate opens its own: what the
     * driver and the URL set (before the init SQL, which the script runs itself): PostgreSQL's startup settings, such as
     * {@code TimeZone} (the JVM's), MySQL's {@code sql_mode}; and what migrate puts back after each migration as the
     * connection has it after the init SQL: MySQL's database, SQLite's {@code foreign_keys}.
     */
    private static SqlScript.Session read(SqlScript.Session session, Settings settings) {
        String url = JdbcUrls.forDriver(settings.requireUrl());
        try (java.sql.Connection c = new dev.migrate.internal.DriverDataSource(url, settings.user(), settings.password()).getConnection();
                java.sql.Statement st = c.createStatement()) {
            List<String> connection = new java.util.ArrayList<>();
            if ("postgresql".equals(session.vendor())) {
                // Sent by the driver at connection (psql sends its own client_encoding, which the script sets, and application_name).
                try (java.sql.ResultSet rs = st.executeQuery("SELECT name, setting FROM pg_settings WHERE source = 'client'"
                        + " AND name NOT IN ('client_encoding', 'application_name') ORDER BY name")) {
                    while (rs.next()) {
                        connection.add("SET " + rs.getString(1) + " = '" + rs.getString(2).replace("'", "''") + "'");
                    }
                }
            } else if ("mysql".equals(session.vendor())) {
                try (java.sql.ResultSet rs = st.executeQuery("SELECT @@SESSION.sql_mode, @@GLOBAL.sql_mode, @@SESSION.collation_connection,"
                        + " @@SESSION.time_zone, @@GLOBAL.time_zone")) {
                    rs.next();
                    List<String> own = flags(rs.getString(1));
                    List<String> global = flags(rs.getString(2));
                    connection.addAll(SqlScript.sqlMode(own.stream().filter(f -> !global.contains(f)).toList(),
                            global.stream().filter(f -> !own.contains(f)).toList()));
                    // The collation string literals and comparisons get, recorded with every view and procedure.
                    connection.add("SET collation_connection = '" + rs.getString(3) + "'");
                    if (!java.util.Objects.equals(rs.getString(4), rs.getString(5))) {
                        connection.add("SET time_zone = '" + rs.getString(4).replace("'", "''") + "'");
                    }
                }
            }
            for (String sql : session.initSql()) {
                st.execute(sql);
            }
            return new SqlScript.Session(session.vendor(), session.initSql(), session.defaultSchema(), session.schemas(), session.group(),
                    "mysql".equals(session.vendor()) ? c.getCatalog() : null,
                    "sqlite".equals(session.vendor()) ? foreignKeys(st) : null, connection,
                    "mysql".equals(session.vendor()) ? dev.migrate.dialect.mysql.MySqlDialect.sessionVariables(c) : List.of(),
                    "mysql".equals(session.vendor()) && "mariadb".equals(dev.migrate.dialect.Dialects.vendor(c)),
                    dev.migrate.dialect.Dialects.detect(c));
        } catch (java.sql.SQLException e) {
            throw new dev.migrate.MigrateException("Could not read the session the script must give the migrations: " + e.getMessage(), e);
        }
    }

    private static Boolean foreignKeys(java.sql.Statement st) throws java.sql.SQLException {
        try (java.sql.ResultSet rs = st.executeQuery("PRAGMA foreign_keys")) {
            return rs.next() ? rs.getInt(1) == 1 : null;
        }
    }

    private static List<String> flags(String sqlMode) {
        return sqlMode == null || sqlMode.isBlank() ? List.of() : List.of(sqlMode.toUpperCase(java.util.Locale.ROOT).split(","));
    }

    static int print(Plan plan, Output out, java.util.function.UnaryOperator<String> masked) {
        if (out.json()) {
            out.json(JsonView.plan(plan, masked));
            return ExitCodes.OK;
        }
        boolean migrate = plan.operation() == Operation.MIGRATE;
        if (plan.isEmpty()) {
            out.line(migrate ? "Nothing to migrate: the schema is up to date." : "Nothing to roll back.");
        } else {
            out.line(out.bold("Plan: " + plan.operation().tag() + ", " + Formats.count(plan.steps().size(), "step"))
                    + out.dim(" (dry run: nothing was changed)"));
            int i = 0;
            for (PlanStep step : plan.steps()) {
                i++;
                out.line("");
                out.line(out.bold(i + ". " + (step.direction() == Direction.UP ? "apply  " : "revert ") + step.script())
                        + "  " + (step.version() == null ? "repeatable" : "version " + step.version()) + ", " + step.description()
                        + ", " + (step.transactional() ? "in a transaction"
                                : step.dataInTransaction() ? "in a transaction for its data only" // DDL commits at once
                                : out.yellow("outside a transaction")));
                for (String note : step.notes()) {
                    out.line("   " + out.dim("note: " + note));
                }
                if (step.statements().isEmpty()) {
                    out.line("   " + out.dim(step.type().name().equals("JAVA") ? "(Java code)" : "(no statements)"));
                }
                printStatements(step.statements(), out, masked);
                if (!step.down().isEmpty()) {
                    out.line("   " + out.dim("generated down (run by a rollback):"));
                    printStatements(step.down(), out, masked);
                }
            }
        }
        if (!plan.notes().isEmpty()) {
            out.line("");
            for (String note : plan.notes()) {
                out.line("Note: " + Failures.oneLine(note));
            }
        }
        if (!plan.warnings().isEmpty()) {
            out.line("");
            for (String warning : plan.warnings()) {
                out.line(out.yellow("Warning: ") + Failures.oneLine(warning));
            }
        }
        return ExitCodes.OK;
    }

    private static void printStatements(List<PlanStep.PlannedStatement> statements, Output out,
            java.util.function.UnaryOperator<String> masked) {
        for (PlanStep.PlannedStatement statement : statements) {
            String prefix = statement.line() > 0 ? String.format(java.util.Locale.ROOT, "   %4d | ", statement.line()) : "        | ";
            String[] lines = masked.apply(statement.sql()).split("\\R");
            for (int l = 0; l < lines.length; l++) {
                out.line((l == 0 ? prefix : "        | ") + lines[l] + (l == lines.length - 1 ? ";" : ""));
            }
        }
    }
}
