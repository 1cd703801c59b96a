package dev.migrate.cli.create;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The templates of {@code create --template}. */
public enum Template {

    /** An empty V + U pair. */
    SQL("sql", false),
    /** An empty {@code .up.sql} / {@code .down.sql} pair. */
    UPDOWN("updown", false),
    /** {@code CREATE TABLE} with an identity key, {@code --column}s, {@code --timestamps}, {@code --soft-delete}. */
    CREATE_TABLE("create-table", true),
    ADD_COLUMN("add-column", true),
    ADD_INDEX("add-index", true),
    ADD_FOREIGN_KEY("add-foreign-key", true),
    RENAME_COLUMN("rename-column", true),
    ADD_CHECK("add-check", true),
    /** An {@code UPDATE} and the {@code UPDATE} that reverses it. */
    DATA("data", true),
    /** A {@code DslMigration} class: the change described once, its rollback generated. */
    JAVA_DSL("java-dsl", false);

    private final String id;
    private final boolean needsDialect;

    Template(String id, boolean needsDialect) {
        this.id = id;
        this.needsDialect = needsDialect;
    }

    /** The name users type: {@code create-table}. */
    public String id() {
        return id;
    }

    /** Whether the SQL depends on the database (every template but the empty ones). */
    public boolean needsDialect() {
        return needsDialect;
    }

    /**
     * @throws IllegalArgumentException listing the templates
     */
    public static Template parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Template template : values()) {
            if (template.id.equals(t)) {
                return template;
            }
        }
        throw new IllegalArgumentException("Unknown template '" + text + "': use one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Template::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
