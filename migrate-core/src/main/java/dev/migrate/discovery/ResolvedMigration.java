package dev.migrate.discovery;

import dev.migrate.MigrationType;
import dev.migrate.MigrationVersion;
import java.util.List;

/**
 * A migration as found in the locations, before planning.
 *
 * @param version              version, or null for a repeatable migration
 * @param script               the name stored in the history (path relative to its location, or class name)
 * @param location             where it was found, for messages ({@code classpath:db/migration/V1__a.sql})
 * @param checksum             CRC32 of the up part, or null for Java migrations
 * @param dependsOn            versions that must be applied first
 * @param up                   what {@code migrate} runs
 * @param down                 what {@code rollback} runs, or null when there is none
 * @param declaredIrreversible whether the author marked it {@code -- migrate:irreversible}
 * @param environments         the only environments it is applied in ({@code -- migrate:environments dev}), lower
 *                             case; empty for every environment
 */
public record ResolvedMigration(MigrationVersion version, String description, MigrationType type, String script,
        String location, Integer checksum, List<MigrationVersion> dependsOn, MigrationBody up, MigrationBody down,
        boolean declaredIrreversible, List<String> environments) {

    public ResolvedMigration {
        dependsOn = List.copyOf(dependsOn);
        environments = List.copyOf(environments);
    }

    /** A migration for every environment. */
    public ResolvedMigration(MigrationVersion version, String description, MigrationType type, String script, String location,
            Integer checksum, List<MigrationVersion> dependsOn, MigrationBody up, MigrationBody down, boolean declaredIrreversible) {
        this(version, description, type, script, location, checksum, dependsOn, up, down, declaredIrreversible, List.of());
    }

    private static final java.util.regex.Pattern ENVIRONMENT_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9_-]*");

    /** Whether {@code name} (lower case) can name an environment in {@code -- migrate:environments}: dev, staging, qa_2... */
    static boolean isEnvironmentName(String name) {
        return ENVIRONMENT_NAME.matcher(name).matches();
    }

    /**
     * Whether it is applied in {@code environment}: it names none, or names that one or the environment that one is
     * another name of ({@code dev} for {@code local}: {@link dev.migrate.MigratorConfig#environmentLabel}); null counts
     * as every environment. A migration for {@code local} does not run in {@code dev}.
     */
    public boolean runsIn(String environment) {
        return environments.isEmpty() || environment == null
                || environments.contains(environment.toLowerCase(java.util.Locale.ROOT))
                || environments.contains(dev.migrate.MigratorConfig.environmentLabel(environment).toLowerCase(java.util.Locale.ROOT));
    }

    public boolean isRepeatable() {
        return version == null;
    }

    public boolean isReversible() {
        return down != null && !declaredIrreversible;
    }

    /** How messages name this migration: {@code V3__add_index.sql (version 3)}. */
    public String displayName() {
        return version == null ? script : script + " (version " + version + ")";
    }
}
