package dev.migrate.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * PostgreSQL: everything alters in place and inside a transaction, except {@code CONCURRENTLY}
 * index builds and drops. A type change casts the values ({@code USING c::type}), so that changes
 * without an implicit cast ({@code text} to {@code integer}) work when the values allow it. A text literal
 * holding a backslash is written {@code E'...'} in a session with {@code standard_conforming_strings} off.
 */
final class PostgresSchemaRenderer extends SqlSchemaRenderer {

    /**
     * PostgreSQL's keywords that are not unreserved (reserved, type or function names, column names), as
     * PostgreSQL 15 lists them: {@code SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'}. Each word
     * of PostgreSQL's whole keyword list was also tried unquoted as a table, column and index name
     * (create, rename, add, drop); every one that failed is in this list.
     */
    private static final Set<String> KEYWORDS = Set.of(
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
            "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check",
            "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create", "cross",
            "current_catalog", "current_date", "current_role", "current_schema", "current_time", "current_timestamp",
            "current_user", "dec", "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end",
            "except", "exists", "extract", "false", "fetch", "float", "for", "foreign", "freeze", "from", "full",
            "grant", "greatest", "group", "grouping", "having", "ilike", "in", "initially", "inner", "inout", "int",
            "integer", "intersect", "interval", "into", "is", "isnull", "join", "lateral", "leading", "least",
            "left", "like", "limit", "localtime", "localtimestamp", "national", "natural", "nchar", "none",
            "normalize", "not", "notnull", "null", "nullif", "numeric", "offset", "on", "only", "or", "order", "out",
            "outer", "overlaps", "overlay", "placing", "position", "precision", "primary", "real", "references",
            "returning", "right", "row", "select", "session_user", "setof", "similar", "smallint", "some",
            "substring", "symmetric", "table", "tablesample", "then", "time", "timestamp", "to", "trailing", "treat",
            "trim", "true", "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose", "when",
            "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest",
            "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable");

    /** A string type that a cast cuts to its length: {@code VARCHAR(10)}, {@code CHARACTER VARYING(10)}, {@code CHAR(2)}. */
    private static final Pattern STRING_TYPE = Pattern.compile(
            "(?i)\\s*(varchar|character\\s+varying|char|character|bpchar)\\s*(\\(.*)?");

    @Override
    protected Set<String> keywords() {
        return KEYWORDS;
    }

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

    /**
     * With {@code standard_conforming_strings} off in the session a backslash escapes in {@code '...'}: a text
     * holding one is written as an {@code E'...'} string, which reads the same whatever the setting.
     */
    @Override
    protected String literal(String text) {
        if (backslashEscapes() && text.indexOf('\\') >= 0) {
            return "E" + super.literal(text);
        }
        return super.literal(text);
    }

    /**
     * The schema of the table the {@code search_path} finds, which is not always the current schema: with
     * {@code defaultSchema} first in the path, a table of {@code public} is still found by its bare name, and its
     * column's state must be read there, or the checks of a generated down see no column and let it through. The
     * current schema when no table of that name is found.
     */
    @Override
    protected String schemaFound(Connection connection, String table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT n.nspname FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = pg_catalog.to_regclass(pg_catalog.quote_ident(?))")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
        }
        return connection.getSchema();
    }

    /**
     * {@code TYPE t USING c::t}, so that a change without an implicit cast ({@code text} to {@code integer})
     * works when the values allow it; but to a string type without {@code USING}. An explicit cast to
     * {@code varchar(n)} or {@code char(n)} cuts a longer value to fit, where the assignment cast of a plain
     * {@code TYPE} refuses it ({@code value too long}), as H2 and MySQL's strict mode do; every type has an
     * assignment cast to a string type, so nothing is lost by leaving {@code USING} out there.
     */
    @Override
    protected List<String> alterColumnType(AlterColumnType op, Connection connection) {
        String type = type(op.type());
        boolean string = op.type().kind() == ColumnType.Kind.STRING || op.type().kind() == ColumnType.Kind.TEXT
                || op.type().kind() == ColumnType.Kind.SQL && STRING_TYPE.matcher(type).matches();
        return List.of(alterColumn(op.table(), op.column(), "TYPE " + type
                + (string ? "" : " USING " + quote(op.column()) + "::" + type)));
    }

    @Override
    protected String createIndex(CreateIndex op) {
        return "CREATE " + (op.unique() ? "UNIQUE " : "") + "INDEX " + (op.concurrently() ? "CONCURRENTLY " : "")
                + quote(op.name()) + " ON " + quoteTable(op.table()) + " (" + quoteAll(op.columns()) + ")";
    }

    @Override
    protected String dropIndex(DropIndex op) {
        return "DROP INDEX " + (op.concurrently() ? "CONCURRENTLY " : "") + schemaPrefix(op.table()) + quote(op.name());
    }
}
