package dev.migrate.cli;

import dev.migrate.ConfigurationException;
import dev.migrate.MigrationType;
import dev.migrate.Plan;
import dev.migrate.PlanStep;
import java.util.List;

/**
 * A migrate plan as one SQL script for the database's own client (psql, mysql, the H2 or SQLite shell):
 * Flyway's dry-run output, Liquibase's {@code update-sql}. For review, or for running by hand where
 * Migrate may not change the schema itself, followed by {@code mark-applied}. Each step that runs in a
 * transaction is wrapped in {@code BEGIN;}/{@code COMMIT;}; Migrate's history is not written by it.
 */
final class SqlScript {

    private SqlScript() {
    }

    /** {@link #of(Plan, String, String, List, String)} without init SQL or default schema. */
    static String of(Plan plan, String target, boolean mysql) {
        return of(plan, target, mysql ? "mysql" : null, List.of(), null);
    }

    /**
     * @param target        the target the plan was made for, or null for the latest version
     * @param vendor        {@code postgresql}, {@code mysql} (MariaDB too), {@code h2}, {@code sqlite}, or null when not known;
     *                      the MySQL client needs {@code DELIMITER} around a statement holding semicolons
     * @param initSql       the init SQL Migrate runs on its connections, which the script starts with
     * @param defaultSchema the schema the migrations run in, made current at the start as Migrate does; null for none
     * @throws ConfigurationException when a step is a Java migration, whose SQL is known only when it runs
     */
    static String of(Plan plan, String target, String vendor, List<String> initSql, String defaultSchema) {
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
        int i = 0;
        for (PlanStep step : plan.steps()) {
            i++;
            out.append("\n-- ").append(i).append(". ").append(step.script()).append(": ")
                    .append(step.version() == null ? "repeatable" : "version " + step.version()).append(", ")
                    .append(step.description()).append(step.transactional() ? "" : ", outside a transaction").append('\n');
            for (String note : step.notes()) {
                out.append("-- Note: ").append(Failures.oneLine(note)).append('\n');
            }
            if (step.transactional()) {
                out.append("BEGIN;\n");
            }
            for (PlanStep.PlannedStatement statement : step.statements()) {
                statement(out, statement, mysql);
            }
            if (step.transactional()) {
                out.append("COMMIT;\n");
            }
        }
        return out.toString();
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
