package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.migrate.MigratorConfig;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

class MigratePropertiesTests {

    private final MigrateProperties properties = new MigrateProperties();

    @Test
    void defaultsEqualTheMigratorConfigDefaults() {
        MigratorConfig defaults = MigratorConfig.builder().build();
        assertThat(properties.getLocations()).isEqualTo(defaults.locations());
        assertThat(properties.getTable()).isEqualTo(defaults.table());
        assertThat(properties.getAuditTable()).isEqualTo(defaults.auditTable());
        assertThat(properties.getLockTable()).isEqualTo(defaults.lockTable());
        assertThat(properties.getSchema()).isEqualTo(defaults.schema());
        assertThat(properties.getLockTimeout()).isEqualTo(defaults.lockTimeout());
        assertThat(properties.getLockLease()).isEqualTo(defaults.lockLease());
        assertThat(properties.isOutOfOrder()).isEqualTo(defaults.outOfOrder());
        assertThat(properties.isValidateOnMigrate()).isEqualTo(defaults.validateOnMigrate());
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
        Object metadata;
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            metadata = JsonPath.parse(in).json();
        }
        MigratorConfig defaults = MigratorConfig.builder().build();
        assertThat(defaultOf(metadata, "migrate.locations")).isEqualTo(defaults.locations());
        assertThat(defaultOf(metadata, "migrate.table")).isEqualTo(defaults.table());
        assertThat(defaultOf(metadata, "migrate.audit-table")).isEqualTo(defaults.auditTable());
        assertThat(defaultOf(metadata, "migrate.lock-table")).isEqualTo(defaults.lockTable());
        assertThat(duration(defaultOf(metadata, "migrate.lock-timeout"))).isEqualTo(defaults.lockTimeout());
        assertThat(duration(defaultOf(metadata, "migrate.lock-lease"))).isEqualTo(defaults.lockLease());
        assertThat(defaultOf(metadata, "migrate.validate-on-migrate")).isEqualTo(true);
        assertThat(defaultOf(metadata, "migrate.enabled")).isEqualTo(true);
        assertThat(descriptionOf(metadata, "migrate.enabled")).isEqualTo("Whether to enable Migrate.");
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
