package dev.migrate;

import java.util.List;

/**
 * Everything about one migration: the history row when applied, and the SQL of its up and down.
 *
 * @param version  null for a repeatable migration
 * @param applied  the history row, or null when pending; for a repeatable migration, its last run's
 * @param pending  whether it is found and not applied; for a repeatable migration, whether it is new or changed since
 *                 its last successful run
 * @param upSql    statements of its up (a note for Java migrations)
 * @param downSql  statements of its down; empty when it has none
 */
public record MigrationDetails(String version, String description, MigrationType type, String script, Integer checksum,
        AppliedMigration applied, boolean pending, boolean reversible, List<String> dependsOn,
        List<PlanStep.PlannedStatement> upSql, List<PlanStep.PlannedStatement> downSql) {

    public MigrationDetails {
        dependsOn = List.copyOf(dependsOn);
        upSql = List.copyOf(upSql);
        downSql = List.copyOf(downSql);
    }
}
