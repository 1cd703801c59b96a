package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.migrate.MigratorConfig;
import dev.migrate.Migrator;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

/**
 * {@code migrate.*} against {@link MigratorConfig}: every setting of the config has a property (or is
 * listed as coming from beans), every property reaches its setting, and the defaults are the same.
 */
class MigratePropertiesTests {

    /** A property of each MigratorConfig setting, with a value other than the default and what it gives. */
    private record Setting(String property, String value, Object expected) {
    }

    /** Every MigratorConfig setting, by accessor name. A new setting makes {@link #everyMigratorConfigSettingHasAProperty} fail. */
    private static final Map<String, Setting> SETTINGS = Map.ofEntries(
            Map.entry("locations", new Setting("migrate.locations", "classpath:migrations/single",
                    List.of("classpath:migrations/single"))),
            Map.entry("table", new Setting("migrate.table", "app_history", "app_history")),
            Map.entry("initSql", new Setting("migrate.init-sqls", "SET ROLE app_owner", List.of("SET ROLE app_owner"))),
            Map.entry("encoding", new Setting("migrate.encoding", "ISO-8859-1", java.nio.charset.StandardCharsets.ISO_8859_1)),
            Map.entry("auditTable", new Setting("migrate.audit-table", "app_audit", "app_audit")),
            Map.entry("lockTable", new Setting("migrate.lock-table", "app_lock", "app_lock")),
            Map.entry("progressTable", new Setting("migrate.progress-table", "app_progress", "app_progress")),
            Map.entry("schema", new Setting("migrate.schema", "app", "app")),
            Map.entry("defaultSchema", new Setting("migrate.default-schema", "shop", "shop")),
            Map.entry("schemas", new Setting("migrate.schemas", "shop,audit", List.of("shop", "audit"))),
            Map.entry("lockTimeout", new Setting("migrate.lock-timeout", "42s", Duration.ofSeconds(42))),
            Map.entry("lockLease", new Setting("migrate.lock-lease", "30s", Duration.ofSeconds(30))),
            Map.entry("group", new Setting("migrate.group", "true", true)),
            Map.entry("batchStatements", new Setting("migrate.batch-statements", "true", true)),
            Map.entry("failOnMissingLocations", new Setting("migrate.fail-on-missing-locations", "true", true)),
            Map.entry("connectRetries", new Setting("migrate.connect-retries", "7", 7)),
            Map.entry("connectRetriesInterval", new Setting("migrate.connect-retries-interval", "9s", Duration.ofSeconds(9))),
            Map.entry("outOfOrder", new Setting("migrate.out-of-order", "true", true)),
            Map.entry("ignoreFutureMigrations", new Setting("migrate.ignore-future-migrations", "true", true)),
            Map.entry("ignoreMigrationPatterns", new Setting("migrate.ignore-migration-patterns", "*:missing,Versioned:Future",
                    List.of("*:missing", "versioned:future"))),
            Map.entry("validateOnMigrate", new Setting("migrate.validate-on-migrate", "false", false)),
            Map.entry("baselineOnMigrate", new Setting("migrate.baseline-on-migrate", "true", true)),
            Map.entry("baselineVersion", new Setting("migrate.baseline-version", "3.1", "3.1")),
            Map.entry("baselineDescription", new Setting("migrate.baseline-description", "Before Migrate", "Before Migrate")),
            Map.entry("cleanAllowed", new Setting("migrate.clean-allowed", "true", true)),
            Map.entry("placeholders", new Setting("migrate.placeholders.owner", "app", Map.of("owner", "app"))),
            Map.entry("placeholderPrefix", new Setting("migrate.placeholder-prefix", "#[", "#[")),
            Map.entry("placeholderSuffix", new Setting("migrate.placeholder-suffix", "]", "]")),
            Map.entry("sqlMigrationPrefix", new Setting("migrate.sql-migration-prefix", "M", "M")),
            Map.entry("undoSqlMigrationPrefix", new Setting("migrate.undo-sql-migration-prefix", "Undo", "Undo")),
            Map.entry("repeatableSqlMigrationPrefix", new Setting("migrate.repeatable-sql-migration-prefix", "Rep", "Rep")),
            Map.entry("sqlMigrationSeparator", new Setting("migrate.sql-migration-separator", "-", "-")),
            Map.entry("sqlMigrationSuffixes", new Setting("migrate.sql-migration-suffixes", ".pgsql,.sql", List.of(".pgsql", ".sql"))),
            Map.entry("placeholderReplacement", new Setting("migrate.placeholder-replacement", "false", false)),
            Map.entry("environment", new Setting("migrate.environment", "staging", "staging")),
            Map.entry("installedBy", new Setting("migrate.installed-by", "deployer", "deployer")),
            Map.entry("onFailure", new Setting("migrate.on-failure", "rollback-run", MigratorConfig.OnFailure.ROLLBACK_RUN)),
            Map.entry("logSql", new Setting("migrate.log-sql", "true", true)));

    /** Settings the auto-configuration fills from the context, not from properties. */
    private static final Set<String> FROM_THE_CONTEXT = Set.of("javaMigrations", "callbacks", "listeners", "classLoader");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true", "migrate.on-startup=none");

    private final MigrateProperties properties = new MigrateProperties();

    @Test
    void everyMigratorConfigSettingHasAProperty() {
        Set<String> accessors = settingsOf(MigratorConfig.class).keySet();
        Set<String> known = new TreeSet<>(SETTINGS.keySet());
        known.addAll(FROM_THE_CONTEXT);
        assertThat(accessors).as("MigratorConfig settings: give each new one a migrate.* property and list it in SETTINGS")
                .containsExactlyInAnyOrderElementsOf(known);
    }

    @Test
    void defaultPropertiesBuildTheDefaultMigratorConfig() {
        MigratorConfig defaults = MigratorConfig.builder().build();
        runner.run(context -> {
            MigratorConfig built = context.getBean(Migrator.class).config();
            for (Map.Entry<String, Method> setting : settingsOf(MigratorConfig.class).entrySet()) {
                if (!FROM_THE_CONTEXT.contains(setting.getKey())) {
                    assertThat(setting.getValue().invoke(built)).as(setting.getKey())
                            .isEqualTo(setting.getValue().invoke(defaults));
                }
            }
        });
    }

    @Test
    void eachPropertyReachesItsMigratorConfigSetting() throws Exception {
        MigratorConfig defaults = MigratorConfig.builder().build();
        for (Map.Entry<String, Setting> entry : SETTINGS.entrySet()) {
            Method accessor = MigratorConfig.class.getMethod(entry.getKey());
            Setting setting = entry.getValue();
            assertThat(accessor.invoke(defaults)).as("the test value of %s must differ from the default", setting.property())
                    .isNotEqualTo(setting.expected());
            runner.withPropertyValues(setting.property() + "=" + setting.value()).run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(accessor.invoke(context.getBean(Migrator.class).config())).as(setting.property())
                        .isEqualTo(setting.expected());
            });
        }
    }

    /**
     * A bare number of connect-retries-interval is seconds, as in spring.flyway.connect-retries-interval, which a
     * Flyway user carries over under the same name: read as milliseconds, 30 failed the start (at least 1s).
     */
    @Test
    void aBareConnectRetriesIntervalIsSecondsAsWithFlyway() {
        runner.withPropertyValues("migrate.connect-retries-interval=30").run(context -> assertThat(context.getBean(Migrator.class)
                .config().connectRetriesInterval()).isEqualTo(Duration.ofSeconds(30)));
        runner.withPropertyValues("migrate.connect-retries-interval=1500ms").run(context -> assertThat(context.getBean(Migrator.class)
                .config().connectRetriesInterval()).isEqualTo(Duration.ofMillis(1500)));
    }

    @Test
    void generatedMetadataHasEveryProperty() throws Exception {
        Object metadata = metadata();
        List<String> names = JsonPath.read(metadata, "$.properties[*].name");
        for (Setting setting : SETTINGS.values()) {
            String name = setting.property().startsWith("migrate.placeholders.") ? "migrate.placeholders" : setting.property();
            assertThat(names).as("configuration metadata").contains(name);
        }
    }

    @Test
    void descriptionsFollowBootsWording() throws Exception {
        Object metadata = metadata();
        List<Map<String, Object>> documented = JsonPath.read(metadata,
                "$.properties[?(@.name =~ /migrate\\..*/ || @.name == 'management.health.migrations.enabled')]");
        assertThat(documented).hasSizeGreaterThan(20);
        for (Map<String, Object> property : documented) {
            String description = (String) property.get("description");
            assertThat(description).as("description of %s", property.get("name")).isNotBlank().endsWith(".")
                    .doesNotStartWith("The ").doesNotStartWith("A ").doesNotStartWith("An ")
                    .doesNotContainIgnoringCase("default");
        }
        assertThat(defaultOf(metadata, "management.health.migrations.enabled")).isEqualTo(true);
        assertThat(descriptionOf(metadata, "management.health.migrations.enabled"))
                .isEqualTo("Whether to enable the migrations health check.");
    }

    @Test
    void docsListExactlyTheStartersProperties() throws Exception {
        List<String> names = JsonPath.read(metadata(), "$.properties[*].name");
        Set<String> ours = names.stream().filter(n -> n.startsWith("migrate.") || n.equals("management.health.migrations.enabled")
                || n.equals("management.endpoint.migrations.access")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(documentedProperties()).as("properties table of docs/spring-boot.md").containsExactlyInAnyOrderElementsOf(ours);
    }

    /** The first column of the table under "## Properties" in docs/spring-boot.md. */
    private static Set<String> documentedProperties() throws Exception {
        Path doc = Path.of("..", "docs", "spring-boot.md");
        assertThat(doc).as("run from the module directory").exists();
        Set<String> names = new TreeSet<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Properties");
            } else if (inSection && line.startsWith("| `")) {
                String name = line.substring(3, line.indexOf('`', 3));
                names.add(name.endsWith(".*") ? name.substring(0, name.length() - 2) : name);
            }
        }
        return names;
    }

    @Test
    void defaultsEqualTheMigratorConfigDefaults() {
        MigratorConfig defaults = MigratorConfig.builder().build();
        assertThat(properties.getLocations()).isEqualTo(defaults.locations());
        assertThat(properties.getTable()).isEqualTo(defaults.table());
        assertThat(properties.getEncoding()).isEqualTo(defaults.encoding());
        assertThat(properties.getInitSqls()).isEqualTo(defaults.initSql());
        assertThat(properties.getAuditTable()).isEqualTo(defaults.auditTable());
        assertThat(properties.getLockTable()).isEqualTo(defaults.lockTable());
        assertThat(properties.getProgressTable()).isEqualTo(defaults.progressTable());
        assertThat(properties.getSchema()).isEqualTo(defaults.schema());
        assertThat(properties.getDefaultSchema()).isEqualTo(defaults.defaultSchema());
        assertThat(properties.getIgnoreMigrationPatterns()).isEqualTo(defaults.ignoreMigrationPatterns());
        assertThat(properties.getLockTimeout()).isEqualTo(defaults.lockTimeout());
        assertThat(properties.getLockLease()).isEqualTo(defaults.lockLease());
        assertThat(properties.getConnectRetries()).isEqualTo(defaults.connectRetries());
        assertThat(properties.isFailOnMissingLocations()).isEqualTo(defaults.failOnMissingLocations());
        assertThat(properties.isGroup()).isEqualTo(defaults.group());
        assertThat(properties.isBatchStatements()).isEqualTo(defaults.batchStatements());
        assertThat(properties.getConnectRetriesInterval()).isEqualTo(defaults.connectRetriesInterval());
        assertThat(properties.isOutOfOrder()).isEqualTo(defaults.outOfOrder());
        assertThat(properties.isIgnoreFutureMigrations()).isEqualTo(defaults.ignoreFutureMigrations());
        assertThat(properties.isValidateOnMigrate()).isEqualTo(defaults.validateOnMigrate());
        assertThat(properties.isBaselineOnMigrate()).isEqualTo(defaults.baselineOnMigrate());
        assertThat(properties.getBaselineVersion()).isEqualTo(defaults.baselineVersion());
        assertThat(List.of(properties.getSqlMigrationPrefix(), properties.getUndoSqlMigrationPrefix(),
                properties.getRepeatableSqlMigrationPrefix(), properties.getSqlMigrationSeparator())).containsExactly(
                        defaults.sqlMigrationPrefix(), defaults.undoSqlMigrationPrefix(), defaults.repeatableSqlMigrationPrefix(),
                        defaults.sqlMigrationSeparator());
        assertThat(properties.getSqlMigrationSuffixes()).isEqualTo(defaults.sqlMigrationSuffixes());
        assertThat(properties.getBaselineDescription()).isEqualTo(defaults.baselineDescription());
        assertThat(properties.getPlaceholders()).isEqualTo(defaults.placeholders());
        assertThat(properties.getInstalledBy()).isEqualTo(defaults.installedBy());
        assertThat(properties.getOnFailure()).isEqualTo(defaults.onFailure());
    }

    @Test
    void environmentDependentDefaultsResolveInProdToTheMigratorConfigDefaults() {
        MigratorConfig defaults = MigratorConfig.builder().build();
        MigrateSettings settings = MigrateSettings.resolve(properties, new MockEnvironment());
        assertThat(settings.environment().label()).isEqualTo(defaults.environment());
        assertThat(settings.cleanAllowed()).isEqualTo(defaults.cleanAllowed());
        assertThat(settings.logSql()).isEqualTo(defaults.logSql());
    }

    @Test
    void generatedMetadataDocumentsTheSameDefaults() throws Exception {
        Object metadata = metadata();
        MigratorConfig defaults = MigratorConfig.builder().build();
        assertThat(defaultOf(metadata, "migrate.locations")).isEqualTo(defaults.locations());
        assertThat(defaultOf(metadata, "migrate.encoding")).isEqualTo(defaults.encoding().name());
        assertThat(defaultOf(metadata, "migrate.sql-migration-suffixes")).isEqualTo(defaults.sqlMigrationSuffixes());
        assertThat(defaultOf(metadata, "migrate.table")).isEqualTo(defaults.table());
        assertThat(defaultOf(metadata, "migrate.audit-table")).isEqualTo(defaults.auditTable());
        assertThat(defaultOf(metadata, "migrate.lock-table")).isEqualTo(defaults.lockTable());
        assertThat(defaultOf(metadata, "migrate.progress-table")).isEqualTo(defaults.progressTable());
        assertThat(duration(defaultOf(metadata, "migrate.lock-timeout"))).isEqualTo(defaults.lockTimeout());
        assertThat(duration(defaultOf(metadata, "migrate.lock-lease"))).isEqualTo(defaults.lockLease());
        assertThat(duration(defaultOf(metadata, "migrate.connect-retries-interval"))).isEqualTo(defaults.connectRetriesInterval());
        assertThat(defaultOf(metadata, "migrate.validate-on-migrate")).isEqualTo(true);
        assertThat(defaultOf(metadata, "migrate.baseline-on-migrate")).isEqualTo(false);
        assertThat(defaultOf(metadata, "migrate.baseline-version")).isEqualTo(defaults.baselineVersion());
        assertThat(defaultOf(metadata, "migrate.baseline-description")).isEqualTo(defaults.baselineDescription());
        assertThat(duration(defaultOf(metadata, "migrate.shutdown-timeout"))).isEqualTo(CancelOnShutdown.DEFAULT_TIMEOUT)
                .isEqualTo(properties.getShutdownTimeout());
        assertThat(defaultOf(metadata, "migrate.enabled")).isEqualTo(true);
        assertThat(descriptionOf(metadata, "migrate.enabled")).isEqualTo("Whether to enable Migrate.");
    }

    private static Object metadata() throws Exception {
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            return JsonPath.parse(in).json();
        }
    }

    /** The settings of a config class: its public, non-static accessors without parameters. */
    private static Map<String, Method> settingsOf(Class<?> type) {
        Map<String, Method> settings = new TreeMap<>();
        for (Method method : type.getDeclaredMethods()) {
            int modifiers = method.getModifiers();
            if (Modifier.isPublic(modifiers) && !Modifier.isStatic(modifiers) && method.getParameterCount() == 0
                    && method.getReturnType() != void.class && method.getReturnType() != MigratorConfig.Builder.class
                    && !Set.of("toString", "hashCode").contains(method.getName())) {
                settings.put(method.getName(), method);
            }
        }
        return settings;
    }

    private static Object defaultOf(Object metadata, String name) {
        List<Object> values = JsonPath.read(metadata, "$.properties[?(@.name == '" + name + "')].defaultValue");
        assertThat(values).as("default of %s", name).hasSize(1);
        return values.get(0);
    }

    private static Object descriptionOf(Object metadata, String name) {
        List<Object> values = JsonPath.read(metadata, "$.properties[?(@.name == '" + name + "')].description");
        return values.get(0);
    }

    private static Duration duration(Object text) {
        return ApplicationConversionService.getSharedInstance().convert(text, Duration.class);
    }
}
