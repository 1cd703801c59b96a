package dev.migrate.schema;

import java.sql.Connection;
import java.util.List;

/**
 * PostgreSQL: everything alters in place and inside a transaction, except {@code CONCURRENTLY}
 * index builds and drops. A type change casts the values ({@code USING c::type}), so that changes
 * without an implicit cast ({@code text} to {@code integer}) work when the values allow it.
 */
final class PostgresSchemaRenderer extends SqlSchemaRenderer {

    @Override
    public String databaseName() {
        return "PostgreSQL";
    }

    @Override
    protected String type(ColumnType type) {
        return switch (type.kind()) {
            case STRING -> "VARCHAR(" + type.length() + ")";
            case TEXT -> "TEXT";
            case INTEGER -> "INTEGER";
            case BIGINT -> "BIGINT";
            case DECIMAL -> "NUMERIC(" + type.precision() + ", " + type.scale() + ")";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case TIMESTAMPTZ -> "TIMESTAMPTZ";
            case UUID -> "UUID";
            case JSON -> "JSONB";
            case BINARY -> "BYTEA";
            case SQL -> type.sql();
        };
    }

    @Override
    protected List<String> alterColumnType(AlterColumnType op, Connection connection) {
        String type = type(op.type());
        return List.of(alterColumn(op.table(), op.column(), "TYPE " + type + " USING " + quote(op.column()) + "::" + type));
    }

    @Override
    protected String createIndex(CreateIndex op) {
        return "CREATE " + (op.unique() ? "UNIQUE " : "") + "INDEX " + (op.concurrently() ? "CONCURRENTLY " : "")
                + quote(op.name()) + " ON " + quote(op.table()) + " (" + quoteAll(op.columns()) + ")";
    }

    @Override
    protected String dropIndex(DropIndex op) {
        return "DROP INDEX " + (op.concurrently() ? "CONCURRENTLY " : "") + schemaPrefix(op.table()) + quote(op.name());
    }
}
