package dev.migrate.boot.autoconfigure;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The environments of {@code migrate.environment}: presets of safe defaults. A property set
 * explicitly always wins over its preset.
 *
 * <table>
 * <caption>Presets</caption>
 * <tr><th>setting</th><th>dev</th><th>staging</th><th>prod</th></tr>
 * <tr><td>on-startup</td><td>migrate</td><td>migrate</td><td>migrate</td></tr>
 * <tr><td>clean-allowed</td><td>true</td><td>false</td><td>false</td></tr>
 * <tr><td>rollback.enabled (Actuator)</td><td>true</td><td>true</td><td>false</td></tr>
 * <tr><td>confirmation.required (Actuator)</td><td>false</td><td>true</td><td>true</td></tr>
 * <tr><td>rollback.backup-check</td><td>false</td><td>false</td><td>true</td></tr>
 * <tr><td>log-sql</td><td>true</td><td>false</td><td>false</td></tr>
 * </table>
 */
public enum MigrateEnvironment {

    DEV("dev", List.of("dev", "development", "local"), true, true, false, false, true),

    STAGING("staging", List.of("staging", "stage", "test"), false, true, true, false, false),

    PROD("prod", List.of("prod", "production"), false, false, true, true, false);

    private final String label;
    private final List<String> names;
    private final boolean cleanAllowed;
    private final boolean rollbackEnabled;
    private final boolean confirmationRequired;
    private final boolean backupCheck;
    private final boolean logSql;

    MigrateEnvironment(String label, List<String> names, boolean cleanAllowed, boolean rollbackEnabled,
            boolean confirmationRequired, boolean backupCheck, boolean logSql) {
        this.label = label;
        this.names = names;
        this.cleanAllowed = cleanAllowed;
        this.rollbackEnabled = rollbackEnabled;
        this.confirmationRequired = confirmationRequired;
        this.backupCheck = backupCheck;
        this.logSql = logSql;
    }

    /** The name recorded in the audit table and shown by the endpoint: {@code dev}, {@code staging} or {@code prod}. */
    public String label() {
        return label;
    }

    /** The names (profile names or {@code migrate.environment} values) that select this environment. */
    public List<String> names() {
        return names;
    }

    public OnStartup onStartup() {
        return OnStartup.MIGRATE;
    }

    public boolean cleanAllowed() {
        return cleanAllowed;
    }

    public boolean rollbackEnabled() {
        return rollbackEnabled;
    }

    public boolean confirmationRequired() {
        return confirmationRequired;
    }

    public boolean backupCheck() {
        return backupCheck;
    }

    public boolean logSql() {
        return logSql;
    }

    /** The environment one of whose {@link #names()} is {@code name} (case-insensitive), if any. */
    public static Optional<MigrateEnvironment> forName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> e.names.contains(lower)).findFirst();
    }

    /** Every accepted name, for messages: {@code dev, development, local, staging, ...}. */
    static String acceptedNames() {
        return Arrays.stream(values()).flatMap(e -> e.names.stream()).collect(Collectors.joining(", "));
    }
}
