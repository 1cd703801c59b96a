package dev.migrate.schema;

import java.util.Set;

/**
 * H2 2.x: the ANSI forms of the base class ({@code ALTER COLUMN c SET DATA TYPE}, {@code SET/DROP NOT NULL},
 * {@code SET/DROP DEFAULT}), which keep the rest of the column. Unquoted names are upper-cased by H2,
 * as in the author's own SQL; so are the keywords the DSL must quote.
 */
final class H2SchemaRenderer extends SqlSchemaRenderer {

    /**
     * The words H2 2.3 and 2.4 refuse as unquoted table, column or index names: each keyword of the four
     * databases (and H2's own, such as {@code _rowid_}, {@code rownum}, {@code minus}) tried unquoted in
     * create, rename, add and drop against H2 itself; both versions refuse the same words.
     */
    private static final Set<String> KEYWORDS = Set.of(
            "_rowid_", "all", "and", "any", "array", "as", "asymmetric", "authorization", "between", "case", "cast",
            "check", "constraint", "cross", "current_catalog", "current_date", "current_path", "current_role",
            "current_schema", "current_time", "current_timestamp", "current_user", "day", "default", "distinct",
            "else", "end", "except", "exists", "false", "fetch", "for", "foreign", "from", "full", "group", "having",
            "hour", "if", "in", "inner", "intersect", "interval", "is", "join", "key", "left", "like", "limit",
            "localtime", "localtimestamp", "minus", "minute", "month", "natural", "not", "null", "offset", "on",
            "or", "order", "primary", "qualify", "right", "row", "rownum", "second", "select", "session_user", "set",
            "some", "symmetric", "system_user", "table", "to", "true", "uescape", "union", "unique", "unknown",
            "user", "using", "value", "values", "when", "where", "window", "with", "year");

    @Override
    protected Set<String> keywords() {
        return KEYWORDS;
    }

    @Override
    public String databaseName() {
        return "H2";
    }

    /**
     * Upper-cased, as H2 folds unquoted names: {@code value} becomes {@code "VALUE"}, the same column the
     * author's unquoted SQL ({@code CHECK (value >= 0)}) names. Quoted as given, it would be another one.
     */
    @Override
    protected String quoteReserved(String part) {
        return quoted(upper(part));
    }

    /** H2 stores an unquoted name upper-cased, and a keyword too, which {@link #quoteReserved} writes upper-cased. */
    @Override
    protected String storedName(String name) {
        return name.matches("[a-z_][a-z0-9_]*") ? upper(name) : name;
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
