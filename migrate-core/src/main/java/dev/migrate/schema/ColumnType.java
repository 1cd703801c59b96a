package dev.migrate.schema;

import java.util.Objects;

/**
 * A portable column type, rendered per database by {@link SchemaRenderer}. Build one with the static
 * factories, usually statically imported:
 *
 * <pre>{@code
 * schema.addColumn("users", "age", ColumnType.integer());
 * schema.alterColumnType("users", "name", ColumnType.string(200)).from(ColumnType.string(100));
 * }</pre>
 *
 * <table>
 *   <caption>What each type becomes</caption>
 *   <tr><th>type</th><th>PostgreSQL</th><th>MySQL/MariaDB</th><th>H2</th><th>SQLite</th></tr>
 *   <tr><td>string(n)</td><td>VARCHAR(n)</td><td>VARCHAR(n)</td><td>VARCHAR(n)</td><td>VARCHAR(n)</td></tr>
 *   <tr><td>text</td><td>TEXT</td><td>LONGTEXT</td><td>CHARACTER VARYING</td><td>TEXT</td></tr>
 *   <tr><td>integer</td><td>INTEGER</td><td>INT</td><td>INTEGER</td><td>INTEGER</td></tr>
 *   <tr><td>bigint</td><td>BIGINT</td><td>BIGINT</td><td>BIGINT</td><td>BIGINT</td></tr>
 *   <tr><td>decimal(p,s)</td><td>NUMERIC(p,s)</td><td>DECIMAL(p,s)</td><td>NUMERIC(p,s)</td><td>NUMERIC(p,s)</td></tr>
 *   <tr><td>bool</td><td>BOOLEAN</td><td>BOOLEAN (TINYINT(1))</td><td>BOOLEAN</td><td>BOOLEAN</td></tr>
 *   <tr><td>date</td><td>DATE</td><td>DATE</td><td>DATE</td><td>DATE</td></tr>
 *   <tr><td>timestamp</td><td>TIMESTAMP</td><td>DATETIME(6)</td><td>TIMESTAMP</td><td>TIMESTAMP</td></tr>
 *   <tr><td>timestamptz</td><td>TIMESTAMPTZ</td><td>DATETIME(6) (no time zone type: store UTC)</td><td>TIMESTAMP WITH TIME ZONE</td><td>TIMESTAMPTZ</td></tr>
 *   <tr><td>uuid</td><td>UUID</td><td>CHAR(36)</td><td>UUID</td><td>CHAR(36)</td></tr>
 *   <tr><td>json</td><td>JSONB</td><td>JSON</td><td>JSON</td><td>TEXT</td></tr>
 *   <tr><td>binary</td><td>BYTEA</td><td>LONGBLOB</td><td>BLOB</td><td>BLOB</td></tr>
 * </table>
 *
 * H2's {@code text} is {@code CHARACTER VARYING} (up to a million characters) rather than a CLOB,
 * because H2 cannot compare or index CLOBs. {@link #sql(String)} is an escape hatch written as given on
 * every database.
 *
 * @param kind      which portable type
 * @param length    the length of {@link Kind#STRING}, else 0
 * @param precision the precision of {@link Kind#DECIMAL}, else 0
 * @param scale     the scale of {@link Kind#DECIMAL}, else 0
 * @param sql       the SQL of {@link Kind#SQL}, else null
 */
public record ColumnType(Kind kind, int length, int precision, int scale, String sql) {

    /** The portable types. */
    public enum Kind {
        STRING, TEXT, INTEGER, BIGINT, DECIMAL, BOOLEAN, DATE, TIMESTAMP, TIMESTAMPTZ, UUID, JSON, BINARY, SQL
    }

    public ColumnType {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.STRING && length <= 0) {
            throw new IllegalArgumentException("string(n) needs a length above 0, got " + length);
        }
        if (kind == Kind.DECIMAL && (precision <= 0 || scale < 0 || scale > precision)) {
            throw new IllegalArgumentException("decimal(p, s) needs 0 < p and 0 <= s <= p, got decimal("
                    + precision + ", " + scale + ")");
        }
        if (kind == Kind.SQL && (sql == null || sql.isBlank())) {
            throw new IllegalArgumentException("sql(type) needs the type's SQL");
        }
    }

    /** {@code VARCHAR(length)}. */
    public static ColumnType string(int length) {
        return new ColumnType(Kind.STRING, length, 0, 0, null);
    }

    /** {@code VARCHAR(255)}. */
    public static ColumnType string() {
        return string(255);
    }

    /** Text of any length. */
    public static ColumnType text() {
        return of(Kind.TEXT);
    }

    /** A 32-bit integer. */
    public static ColumnType integer() {
        return of(Kind.INTEGER);
    }

    /** A 64-bit integer. */
    public static ColumnType bigint() {
        return of(Kind.BIGINT);
    }

    /** An exact number with {@code precision} digits, {@code scale} of them after the point. */
    public static ColumnType decimal(int precision, int scale) {
        return new ColumnType(Kind.DECIMAL, 0, precision, scale, null);
    }

    /** A boolean. */
    public static ColumnType bool() {
        return of(Kind.BOOLEAN);
    }

    /** A date without time. */
    public static ColumnType date() {
        return of(Kind.DATE);
    }

    /** A date and time without time zone. */
    public static ColumnType timestamp() {
        return of(Kind.TIMESTAMP);
    }

    /** An instant: a date and time with time zone where the database has one (see the class comment). */
    public static ColumnType timestamptz() {
        return of(Kind.TIMESTAMPTZ);
    }

    /** A UUID: a native type where there is one, else {@code CHAR(36)}. */
    public static ColumnType uuid() {
        return of(Kind.UUID);
    }

    /** A JSON document. */
    public static ColumnType json() {
        return of(Kind.JSON);
    }

    /** Bytes of any length. */
    public static ColumnType binary() {
        return of(Kind.BINARY);
    }

    /** A database-specific type written as given, e.g. {@code sql("CITEXT")}; not portable. */
    public static ColumnType sql(String sql) {
        return new ColumnType(Kind.SQL, 0, 0, 0, sql);
    }

    private static ColumnType of(Kind kind) {
        return new ColumnType(kind, 0, 0, 0, null);
    }

    /** As written in the DSL: {@code string(255)}, {@code decimal(10, 2)}, {@code integer}. */
    @Override
    public String toString() {
        return switch (kind) {
            case STRING -> "string(" + length + ")";
            case DECIMAL -> "decimal(" + precision + ", " + scale + ")";
            case SQL -> "sql(" + sql + ")";
            case BOOLEAN -> "bool";
            default -> kind.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
