package dev.migrate.cli;

import dev.migrate.ConfigurationException;
import dev.migrate.MigrationType;
import dev.migrate.Plan;
import dev.migrate.PlanStep;
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

    /** The MySQL/MariaDB session variables Migrate puts back after each migration, in that order. */
    private static final List<String> MYSQL_VARIABLES = MySqlDialect.sessionVariables();

    /** The PostgreSQL settings made with {@code SET} that Migrate puts back, as its {@code PostgresSession} reads them. */
    private static final String POSTGRES_SETTINGS = "SELECT name, setting FROM pg_settings WHERE source = 'session' AND name NOT IN"
            + " ('search_path', 'transaction_isolation', 'transaction_read_only', 'transaction_deferrable')";

    private SqlScript() {
    }

    /** {@link #of(Plan, String, String, List, String, boolean)} without init SQL, default schema or group. */
    static String of(Plan plan, String target, boolean mysql) {
        return of(plan, target, mysql ? "mysql" : null, List.of(), null, false);
    }

    /** {@link #of(Plan, String, String, List, String, boolean)} without group. */
    static String of(Plan plan, String target, String vendor, List<String> initSql, String defaultSchema) {
        return of(plan, target, vendor, initSql, defaultSchema, false);
    }

    /**
     * @param target        the target the plan was made for, or null for the latest version
     * @param vendor        {@code postgresql}, {@code mysql} (MariaDB too), {@code h2}, {@code sqlite}, or null when not known;
     *                      the MySQL client needs {@code DELIMITER} around a statement holding semicolons
     * @param initSql       the init SQL Migrate runs on its connections, which the script starts with
     * @param defaultSchema the schema the migrations run in, made current at the start as Migrate does; null for none
     * @param group         whether migrate runs all the steps in one transaction ({@code group}): the script does too
     * @throws ConfigurationException when a step is a Java migration, whose SQL is known only when it runs, or with
     *                                {@code group} when a step cannot run in a transaction, as migrate refuses
     */
    static String of(Plan plan, String target, String vendor, List<String> initSql, String defaultSchema, boolean group) {
        boolean mysql = "mysql".equals(vendor);
        List<String> javaSteps = plan.steps().stream().filter(s -> s.type() == MigrationType.JAVA)
                .map(s -> s.script() + (s.version() != null ? " (version " + s.version() + ")" : "")).toList();
        if (!javaSteps.isEmpty()) {
            throw new ConfigurationException(String.join(", ", javaSteps) + (javaSteps.size() == 1 ? " is a Java migration" : " are Java"
                    + " migrations") + ", whose SQL is known only when it runs, so a SQL script cannot hold "
                    + (javaSteps.size() == 1 ? "it" : "them") + ": write the script of the steps before it with --target, or run migrate");
        }
        if (plan.isEmpty()) {
            return "-- Migrate: nothing to migrate, the schema is up to date.\n";
        }
        if (group) {
            checkGroup(plan, vendor);
        }
        StringBuilder out = new StringBuilder();
        out.append("-- Migrate: the SQL that 'migrate' would run, ").append(Formats.count(plan.steps().size(), "step"))
                .append(" (history fingerprint ").append(plan.fingerprint()).append(").\n")
                .append("-- Run it with the database's client, stopping at the first error (psql -v ON_ERROR_STOP=1 -f, mysql < file),\n")
                .append("-- then record it in Migrate's history: migrate mark-applied")
                .append(target != null ? " --target " + (target.endsWith("?") ? "'" + target + "'" : target) : "")
                .append(" --script ").append(id(plan)).append('\n');
        for (String note : plan.notes()) {
            out.append("-- Note: ").append(Failures.oneLine(note)).append('\n');
        }
        for (String warning : plan.warnings()) {
            out.append("-- Warning: ").append(Failures.oneLine(warning)).append('\n');
        }
        List<String> session = new java.util.ArrayList<>(initSql);
        if (defaultSchema != null) {
            switch (vendor == null ? "" : vendor) {
                case "postgresql" -> {
                    session.add("CREATE SCHEMA IF NOT EXISTS " + defaultSchema);
                    // In a DO block so that psql prints no result; set_config(..., false) holds for the session.
                    session.add("DO $$ BEGIN PERFORM set_config('search_path', concat_ws(', ', '" + defaultSchema
                            + "', NULLIF(current_setting('search_path'), '')), false); END $$");
                }
                case "mysql" -> {
                    session.add("CREATE DATABASE IF NOT EXISTS `" + defaultSchema + "`");
                    session.add("USE `" + defaultSchema + "`");
                }
                default -> {
                    session.add("CREATE SCHEMA IF NOT EXISTS " + defaultSchema);
                    session.add("SET SCHEMA " + defaultSchema);
                }
            }
        }
        if (!session.isEmpty()) {
            out.append("\n-- The session Migrate gives the migrations (init SQL, default schema):\n");
            for (String sql : session) {
                statement(out, new PlanStep.PlannedStatement(sql, 0), mysql);
            }
        }
        PutBack putBack = PutBack.of(vendor, defaultSchema);
        if (putBack != null) {
            out.append("\n-- Kept here to be put back after each step, as migrate puts the session back after each migration: ")
                    .append(putBack.what()).append(":\n");
            statement(out, new PlanStep.PlannedStatement(putBack.keep(), 0), mysql);
        }
        if (group) {
            out.append("\n-- group: all ").append(Formats.count(plan.steps().size(), "step")).append(" in one transaction\n")
                    .append("BEGIN;\n");
        }
        int i = 0;
        for (PlanStep step : plan.steps()) {
            i++;
            out.append("\n-- ").append(i).append(". ").append(step.script()).append(": ")
                    .append(step.version() == null ? "repeatable" : "version " + step.version()).append(", ")
                    .append(step.description()).append(step.transactional() ? "" : ", outside a transaction").append('\n');
            for (String note : step.notes()) {
                out.append("-- Note: ").append(Failures.oneLine(note)).append('\n');
            }
            boolean own = step.transactional() && !group;
            if (own) {
                out.append("BEGIN;\n");
            }
            for (PlanStep.PlannedStatement statement : step.statements()) {
                statement(out, statement, mysql);
            }
            if (putBack != null) {
                out.append("-- The session put back:\n");
                for (String sql : putBack.restore()) {
                    statement(out, new PlanStep.PlannedStatement(sql, 0), mysql);
                }
            }
            if (own) {
                out.append("COMMIT;\n");
            }
        }
        if (group) {
            out.append("\nCOMMIT;\n");
        }
        return out.toString();
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
     * {@code USE} takes no variable: the database is put back only where the script made it current itself.
     *
     * @param what    what is put back, for the script's comment
     * @param keep    the statement that keeps it (in custom settings on PostgreSQL, user variables on MySQL and H2)
     * @param restore the statements that put it back
     */
    private record PutBack(String what, String keep, List<String> restore) {

        /** null where nothing can be put back in SQL: SQLite's {@code foreign_keys} cannot be read into a statement. */
        static PutBack of(String vendor, String defaultSchema) {
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
                            END $$""".formatted(POSTGRES_SETTINGS)));
                }
                case "mysql" -> {
                    List<String> restore = new ArrayList<>();
                    if (defaultSchema != null) {
                        restore.add("USE `" + defaultSchema + "`");
                    }
                    restore.add("SET SESSION " + MYSQL_VARIABLES.stream().map(v -> v + " = @migrate_" + v)
                            .collect(Collectors.joining(", ")));
                    String keep = "SET " + MYSQL_VARIABLES.stream().map(v -> "@migrate_" + v + " = @@SESSION." + v)
                            .collect(Collectors.joining(", "));
                    return new PutBack((defaultSchema != null ? "the database (USE), " : "") + "the session variables "
                            + String.join(", ", MYSQL_VARIABLES), keep, restore);
                }
                case "h2" -> {
                    return new PutBack("the schema (SET SCHEMA)", "SET @migrate_schema = SCHEMA()", List.of("SET SCHEMA @migrate_schema"));
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
     * {@code "..."}, {@code `...`}, with backslash escapes) and comments ({@code -- }, {@code #}, {@code /* *}{@code /}).
     * Only then does the statement need its own {@code DELIMITER}.
     */
    static boolean splitsAtSemicolon(String sql) {
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == ';') {
                return true;
            } else if (c == '\'' || c == '"' || c == '`') {
                i++;
                while (i < n && sql.charAt(i) != c) {
                    if (sql.charAt(i) == '\\' && c != '`') {
                        i++;
                    }
                    i++;
                }
            } else if (c == '#' || c == '-' && sql.startsWith("-- ", i) || c == '-' && sql.startsWith("--", i)
                    && (i + 2 == n || sql.charAt(i + 2) == '\n' || sql.charAt(i + 2) == '\r' || sql.charAt(i + 2) == '\t')) {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 1;
            }
        }
        return false;
    }
}
