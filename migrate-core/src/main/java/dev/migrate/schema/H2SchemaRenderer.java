package dev.migrate.schema;

/**
 * H2 2.x: the ANSI forms of the base class ({@code ALTER COLUMN c SET DATA TYPE}, {@code SET/DROP NOT NULL},
 * {@code SET/DROP DEFAULT}), which keep the rest of the column. Unquoted names are upper-cased by H2,
 * as in the author's own SQL; so are reserved words the DSL must quote.
 */
final class H2SchemaRenderer extends SqlSchemaRenderer {

    @Override
    public String databaseName() {
        return "H2";
    }

    /**
     * Upper-cased, as H2 folds unquoted names: {@code rank} becomes {@code "RANK"}, the same column the
     * author's unquoted SQL ({@code CHECK (rank >= 0)}) names. Quoted as given, it would be another one.
     */
    @Override
    protected String quoteReserved(String part) {
        return quoted(upper(part));
    }

    @Override
    protected String type(ColumnType type) {
        return switch (type.kind()) {
            case STRING -> "VARCHAR(" + type.length() + ")";
            // not CLOB: H2 cannot compare or index CLOBs, and PostgreSQL's TEXT, which H2 stands in for, can
            case TEXT -> "CHARACTER VARYING";
            case INTEGER -> "INTEGER";
            case BIGINT -> "BIGINT";
            case DECIMAL -> "NUMERIC(" + type.precision() + ", " + type.scale() + ")";
            case BOOLEAN -> "BOOLEAN";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case TIMESTAMPTZ -> "TIMESTAMP WITH TIME ZONE";
            case UUID -> "UUID";
            case JSON -> "JSON";
            case BINARY -> "BLOB";
            case SQL -> type.sql();
        };
    }
}
