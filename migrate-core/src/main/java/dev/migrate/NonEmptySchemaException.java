package dev.migrate;

import java.util.List;

/**
 * {@code migrate} (or its plan) found a schema that already holds tables but has no history table: a
 * database made without Migrate, or the wrong one. Nothing was changed. Adopt it with
 * {@link Migrator#baseline(String)} or {@link MigratorConfig.Builder#baselineOnMigrate(boolean)}.
 */
public class NonEmptySchemaException extends ValidationException {

    private static final long serialVersionUID = 1L;

    private final List<String> tables;

    public NonEmptySchemaException(String problem, List<String> tables) {
        super(List.of(problem));
        this.tables = List.copyOf(tables);
    }

    /** The tables and views found, sorted, schema-qualified where they are in Migrate's own schema. */
    public List<String> tables() {
        return tables;
    }
}
