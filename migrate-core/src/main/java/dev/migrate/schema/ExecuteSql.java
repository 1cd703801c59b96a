package dev.migrate.schema;

import java.util.Optional;

/**
 * Raw SQL for what the DSL does not cover: {@code schema.sql(up, down)}. Each script may hold several
 * statements, split by the database's splitter. A null {@code down} makes it irreversible.
 *
 * @param up   the SQL to apply
 * @param down the SQL that undoes it, or null when it cannot be undone
 */
public record ExecuteSql(String up, String down) implements SchemaOperation {

    public ExecuteSql {
        if (up == null || up.isBlank()) {
            throw new IllegalArgumentException("sql(up, down) needs the up SQL");
        }
    }

    @Override
    public Optional<SchemaOperation> reverse() {
        return down == null || down.isBlank() ? Optional.empty() : Optional.of(new ExecuteSql(down, up));
    }

    @Override
    public String irreversibleReason() {
        return down != null && !down.isBlank() ? null : describe() + " has no down SQL";
    }

    @Override
    public String describe() {
        String first = up.strip().lines().findFirst().orElse("");
        return "sql " + (first.length() > 60 ? first.substring(0, 57) + "..." : first);
    }

    @Override
    public String table() {
        return null;
    }
}
