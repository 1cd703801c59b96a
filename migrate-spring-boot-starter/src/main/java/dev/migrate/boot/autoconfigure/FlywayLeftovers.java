package dev.migrate.boot.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * {@code spring.flyway.*} properties left in an application that switched to Migrate and no longer has Spring Boot's
 * Flyway support: nothing reads them, so {@code spring.flyway.locations=classpath:db/custom} silently became the
 * default {@code classpath:db/migration} (no migration found, only a warning about a missing folder), and a
 * {@code baseline-on-migrate} or {@code placeholders.*} was lost. Names the {@code migrate.*} property to write instead.
 */
final class FlywayLeftovers {

    private static final ConfigurationPropertyName FLYWAY = ConfigurationPropertyName.of("spring.flyway");

    /** Spring Boot's Flyway auto-configuration, whose absence makes {@code spring.flyway.*} dead settings. */
    static final String FLYWAY_AUTO_CONFIGURATION = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration";

    /** Flyway's settings that keep their name under {@code migrate.}. */
    private static final Set<String> SAME_NAME = Set.of("locations", "fail-on-missing-locations", "encoding",
            "connect-retries", "connect-retries-interval", "default-schema", "schemas", "baseline-on-migrate", "baseline-version",
            "baseline-description", "installed-by", "placeholders", "placeholder-prefix", "placeholder-suffix",
            "placeholder-replacement", "sql-migration-prefix", "undo-sql-migration-prefix", "repeatable-sql-migration-prefix",
            "sql-migration-separator", "sql-migration-suffixes", "target", "url", "user", "password", "driver-class-name",
            "init-sqls", "group", "out-of-order", "validate-on-migrate", "ignore-migration-patterns");

    /** Flyway's settings with another name, or none, here. */
    private static final Set<String> OTHERS = Set.of("enabled", "clean-disabled", "lock-retry-count", "table", "create-schemas");

    private FlywayLeftovers() {
    }

    /** The warning to log, or null when no {@code spring.flyway.*} property is set. */
    static String warning(Environment environment) {
        Set<String> settings = new LinkedHashSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.filter(FLYWAY::isAncestorOf).stream()
                        .forEach(name -> settings.add(canonical(name.getElement(FLYWAY.getNumberOfElements(),
                                ConfigurationPropertyName.Form.DASHED))));
            }
        }
        // Flyway switched off before it was taken out says nothing about Migrate.
        settings.remove("enabled");
        if (settings.isEmpty()) {
            return null;
        }
        List<String> advice = new ArrayList<>();
        for (String setting : settings) {
            advice.add("spring.flyway." + setting + (setting.equals("placeholders") ? ".*" : "") + ": " + advice(setting));
        }
        return "Spring Boot's Flyway support is not in this application, so nothing reads the spring.flyway.* properties"
                + " still set; Migrate reads migrate.*. " + String.join("; ", advice)
                + " (docs/spring-boot.md, \"Coming from Flyway's or Liquibase's starter\")";
    }

    /**
     * The dashed name of a setting given in another form: camel case ({@code lockRetryCount}) reads as {@code lockretrycount},
     * and so does an environment variable's ({@code SPRING_FLYWAY_LOCKRETRYCOUNT}).
     */
    private static String canonical(String setting) {
        String flat = setting.replace("-", "");
        return Stream.concat(SAME_NAME.stream(), OTHERS.stream()).filter(known -> known.replace("-", "").equals(flat)).findFirst()
                .orElse(setting);
    }

    private static String advice(String setting) {
        if (SAME_NAME.contains(setting)) {
            return "write migrate." + setting + (setting.equals("placeholders") ? ".*" : "")
                    + (setting.equals("locations") ? " (with classpath: before a bare path such as db/migration)" : "");
        }
        return switch (setting) {
            case "clean-disabled" -> "write migrate.clean-allowed, the other way round";
            case "lock-retry-count" -> "write migrate.lock-timeout, a duration such as 5m";
            case "table" -> "migrate.table names Migrate's own history table, not Flyway's: leave it unset, and baseline at"
                    + " Flyway's last version (migrate.baseline-on-migrate, migrate.baseline-version)";
            case "create-schemas" -> "not needed: Migrate creates the schemas it is given";
            default -> "Migrate has no such setting";
        };
    }
}
