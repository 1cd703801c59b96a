package dev.migrate.boot.autoconfigure;

import dev.migrate.MigratorConfig;

/**
 * Callback to change the {@link MigratorConfig} the auto-configuration builds from {@code migrate.*}
 * properties, after the properties and the environment preset were applied and before the
 * configuration is validated. Every bean of this type is called, in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * MigrateCustomizer tenantPlaceholder(TenantService tenants) {
 *     return builder -> builder.placeholder("tenant", tenants.current());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface MigrateCustomizer {

    /** Called once, while the {@code Migrator} bean is created. */
    void customize(MigratorConfig.Builder builder);
}
