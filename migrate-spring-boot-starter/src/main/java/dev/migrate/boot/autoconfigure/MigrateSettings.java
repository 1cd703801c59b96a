package dev.migrate.boot.autoconfigure;

import dev.migrate.ConfigurationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.env.Environment;

/**
 * The effective settings that depend on the environment: each is the explicitly set
 * {@code migrate.*} property if there is one, else the preset of the resolved
 * {@link MigrateEnvironment}. Logged once at startup and shown by {@code /actuator/migrations}.
 *
 * @param environment          the resolved environment
 * @param source               how it was resolved, for the log and the endpoint
 * @param onStartup            what happens at startup
 * @param cleanAllowed         whether {@code clean} may run
 * @param logSql               whether each statement's SQL is logged
 * @param rollbackEnabled      whether the Actuator endpoint may roll back
 * @param confirmationRequired whether Actuator writes need the {@code planId} of a plan
 * @param backupCheck          whether the {@code BackupVerifier} beans, if any, are consulted before an Actuator rollback
 * @param planValidity         how long a {@code planId} stays usable
 */
public record MigrateSettings(MigrateEnvironment environment, String source, OnStartup onStartup, boolean cleanAllowed,
        boolean logSql, boolean rollbackEnabled, boolean confirmationRequired, boolean backupCheck, Duration planValidity) {

    /** The longest {@code migrate.confirmation.plan-validity} allowed. */
    static final Duration MAX_PLAN_VALIDITY = Duration.ofDays(7);

    /**
     * Resolves the settings: {@code migrate.environment} if set, else the first active Spring profile
     * (or, when none is active, default profile) that names an environment, else {@code prod}.
     *
     * @throws ConfigurationException when {@code migrate.environment} names no known environment
     */
    public static MigrateSettings resolve(MigrateProperties properties, Environment springEnvironment) {
        MigrateEnvironment environment;
        String source;
        if (properties.getEnvironment() != null && !properties.getEnvironment().isBlank()) {
            environment = MigrateEnvironment.forName(properties.getEnvironment())
                    .orElseThrow(() -> new ConfigurationException("migrate.environment '" + properties.getEnvironment()
                            + "' is not a known environment: use dev, staging or prod (accepted names: "
                            + MigrateEnvironment.acceptedNames() + ")"));
            source = "migrate.environment";
        } else {
            String[] profiles = springEnvironment.getActiveProfiles();
            String kind = "active profile";
            if (profiles.length == 0) {
                profiles = springEnvironment.getDefaultProfiles();
                kind = "default profile";
            }
            String matched = Arrays.stream(profiles).filter(p -> MigrateEnvironment.forName(p).isPresent()).findFirst().orElse(null);
            if (matched != null) {
                environment = MigrateEnvironment.forName(matched).orElseThrow();
                source = kind + " '" + matched + "'";
            } else {
                environment = MigrateEnvironment.PROD;
                source = "default: no profile names an environment";
            }
        }
        MigrateProperties.Rollback rollback = properties.getRollback();
        MigrateProperties.Confirmation confirmation = properties.getConfirmation();
        Duration validity = confirmation.getPlanValidity();
        if (validity == null || validity.compareTo(Duration.ofSeconds(1)) < 0 || validity.compareTo(MAX_PLAN_VALIDITY) > 0) {
            throw new ConfigurationException("migrate.confirmation.plan-validity=" + validity + " must be between 1s and "
                    + MAX_PLAN_VALIDITY.toDays() + "d: a plan has to be confirmable, and not for ever (default 15m)");
        }
        return new MigrateSettings(environment, source,
                orElse(properties.getOnStartup(), environment.onStartup()),
                orElse(properties.getCleanAllowed(), environment.cleanAllowed()),
                orElse(properties.getLogSql(), environment.logSql()),
                orElse(rollback.getEnabled(), environment.rollbackEnabled()),
                orElse(confirmation.getRequired(), environment.confirmationRequired()),
                orElse(rollback.getBackupCheck(), environment.backupCheck()),
                confirmation.getPlanValidity());
    }

    private static <T> T orElse(T value, T preset) {
        return value != null ? value : preset;
    }

    /** The settings as the endpoint shows them, in kebab-case like the properties. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("environment", environment.label());
        map.put("environment-source", source);
        map.put("on-startup", onStartup.name().toLowerCase(java.util.Locale.ROOT));
        map.put("clean-allowed", cleanAllowed);
        map.put("log-sql", logSql);
        map.put("rollback.enabled", rollbackEnabled);
        map.put("rollback.backup-check", backupCheck);
        map.put("confirmation.required", confirmationRequired);
        map.put("confirmation.plan-validity", planValidity.toString());
        return map;
    }

    /** One line for the startup log. */
    public String describe() {
        return "Migrate environment '" + environment.label() + "' (" + source + "): on-startup="
                + onStartup.name().toLowerCase(java.util.Locale.ROOT) + ", clean-allowed=" + cleanAllowed + ", log-sql=" + logSql
                + ", Actuator rollback " + (rollbackEnabled ? "allowed" : "disabled (migrate.rollback.enabled=false)")
                + ", Actuator writes " + (confirmationRequired ? "need the planId of a plan" : "need no confirmation")
                + (backupCheck ? ", BackupVerifier beans consulted before an Actuator rollback" : "");
    }
}
