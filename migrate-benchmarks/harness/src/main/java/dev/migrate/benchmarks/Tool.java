package dev.migrate.benchmarks;

import java.nio.file.Path;
import java.util.Locale;

/** The contenders: the plain-JDBC floor and the three migration tools. */
public enum Tool {

    FLOOR("floor"),
    MIGRATE("Migrate"),
    FLYWAY("Flyway"),
    LIQUIBASE("Liquibase");

    private final String label;

    Tool(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Tool of(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * Whether the tool can run {@code scenario}. Flyway Community has no undo (it is a Teams feature),
     * so its rollback is not measured.
     */
    public boolean supports(Scenario scenario) {
        return !(this == FLYWAY && scenario == Scenario.ROLLBACK);
    }

    /** A runner for one database and one generated set of migrations; creating it does no work. */
    public Runner runner(Target target, Path generated) {
        return switch (this) {
            case FLOOR -> new FloorRunner(target, Generator.migrateDir(generated));
            case MIGRATE -> new MigrateRunner(target, Generator.migrateDir(generated));
            case FLYWAY -> new FlywayRunner(target, Generator.flywayDir(generated));
            case LIQUIBASE -> new LiquibaseRunner(target, Generator.liquibaseDir(generated));
        };
    }

    /** The table in which the tool records applied migrations. */
    public String historyTable() {
        return switch (this) {
            case FLOOR -> FloorRunner.HISTORY_TABLE;
            case MIGRATE -> "migrate_history";
            case FLYWAY -> "flyway_schema_history";
            case LIQUIBASE -> "databasechangelog";
        };
    }
}
