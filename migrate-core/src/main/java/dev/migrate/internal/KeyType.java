package dev.migrate.internal;

import dev.migrate.ConfigurationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * The kinds of key a batch loop can walk: each is read and bound in its own type, so that the
 * database compares {@code key > ?} exactly as it orders {@code ORDER BY key}, and written to the
 * progress table in a text form that reads back to the same value.
 *
 * <p>A key bound as a string whatever its column type compared by the wrong rules: a PostgreSQL
 * {@code citext} key case-sensitively while it sorted case-insensitively (rows skipped and rows
 * processed twice), a {@code BINARY(16)} key as text decoded with replacement characters (an
 * endless loop). Types not listed here are refused before the first batch.
 */
enum KeyType {

    /** Integer columns of up to 18 digits: read and bound as {@code long}. */
    INTEGER {
        @Override
        Object read(ResultSet rs) throws SQLException {
            long value = rs.getLong(1);
            return rs.wasNull() ? null : value;
        }

        @Override
        void bind(PreparedStatement ps, int index, Object key) throws SQLException {
            ps.setLong(index, (Long) key);
        }

        @Override
        Object parse(String mark) {
            return Long.valueOf(mark);
        }
    },

    /**
     * MariaDB's and MySQL's {@code BIGINT UNSIGNED}, up to 2^64 - 1: read as {@link BigInteger} (what the driver
     * hands for the column) and bound as a {@link BigDecimal}, which the server compares exactly. Read as a
     * {@code long}, a key above 2^63 - 1 failed the loop.
     */
    UNSIGNED_INTEGER {
        @Override
        Object read(ResultSet rs) throws SQLException {
            BigDecimal value = rs.getBigDecimal(1);
            return value == null ? null : value.toBigIntegerExact();
        }

        @Override
        void bind(PreparedStatement ps, int index, Object key) throws SQLException {
            ps.setBigDecimal(index, new BigDecimal((BigInteger) key));
        }

        @Override
        Object parse(String mark) {
            return new BigInteger(mark);
        }
    },

    /** Character strings, compared by the column's collation. */
    TEXT {
        @Override
        Object read(ResultSet rs) throws SQLException {
            return rs.getString(1);
        }

        @Override
        void bind(PreparedStatement ps, int index, Object key) throws SQLException {
            ps.setString(index, (String) key);
        }

        @Override
        Object parse(String mark) {
            return mark;
        }
    },

    /**
     * PostgreSQL {@code citext}: bound without a type, so that the server takes the column's and
     * compares case-insensitively, as it sorts.
     */
    UNTYPED_TEXT {
        @Override
        Object read(ResultSet rs) throws SQLException {
            return rs.getString(1);
        }

        @Override
        void bind(PreparedStatement ps, int index, Object key) throws SQLException {
            ps.setObject(index, key, Types.OTHER);
        }

        @Override
        Object parse(String mark) {
            return mark;
        }
    },

    /** Byte strings ({@code BINARY}, {@code VARBINARY}, {@code bytea}), compared byte by byte; marked in hex. */
    BYTES {
        @Override
        Object read(ResultSet rs) throws SQLException {
            return rs.getBytes(1);
        }

        @Override
        void bind(PreparedStatement ps, int index, Object key) throws SQLException {
            ps.setBytes(index, (byte[]) key);
        }

        @Override
        String mark(Object key) {
            return HexFormat.of().formatHex((byte[]) key);
        }

        @Override
        Object parse(String mark) {
            return HexFormat.of().parseHex(mark);
        }

        @Override
        String display(Object key) {
            return "0x" + mark(key);
        }
    },

    /** {@code uuid} / {@code UUID} columns (PostgreSQL, H2, MariaDB): read and bound as {@link UUID}. */
    UUIDS {
        @Override
        Object read(ResultSet rs) throws SQLException {
            Object value = rs.getObject(1);
            return value == null || value instanceof UUID ? value : UUID.fromString(value.toString());
        }

        @Override
        void bind(PreparedStatement ps, int index, Object key) throws SQLException {
            ps.setObject(index, key);
        }

        @Override
        Object parse(String mark) {
            return UUID.fromString(mark);
        }
    };

    /** The key of the result set's current row, or null when it is NULL. */
    abstract Object read(ResultSet rs) throws SQLException;

    /** Binds {@code key} (as {@link #read} returned it) to parameter {@code index}. */
    abstract void bind(PreparedStatement ps, int index, Object key) throws SQLException;

    /** The text form of {@code key} stored as the progress mark. */
    String mark(Object key) {
        return key.toString();
    }

    /** The key a progress mark written by {@link #mark} stands for. */
    abstract Object parse(String mark);

    /** {@code key} as log lines and messages show it. */
    String display(Object key) {
        return String.valueOf(key);
    }

    /**
     * The kind of the first column of {@code md} (the key column of {@code table}).
     *
     * @throws ConfigurationException naming {@code loop}, the table, the column and its type when the loop cannot walk it
     */
    static KeyType of(ResultSetMetaData md, String loop, String table, String column) throws SQLException {
        int type = md.getColumnType(1);
        String name = String.valueOf(md.getColumnTypeName(1)).toLowerCase(Locale.ROOT);
        if (name.equals("uuid") && (type == Types.OTHER || type == Types.BINARY)) {
            return UUIDS;
        }
        if (type == Types.BIGINT && name.contains("unsigned")) {
            return UNSIGNED_INTEGER;
        }
        switch (type) {
            case Types.INTEGER, Types.BIGINT, Types.SMALLINT, Types.TINYINT -> {
                return INTEGER;
            }
            case Types.NUMERIC, Types.DECIMAL -> {
                // Precision 0: unconstrained (PostgreSQL numeric) or only an affinity (SQLite), so it may hold anything.
                if (md.getScale(1) <= 0 && md.getPrecision(1) > 0 && md.getPrecision(1) <= 18) {
                    return INTEGER;
                }
            }
            case Types.CHAR, Types.VARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGVARCHAR, Types.LONGNVARCHAR -> {
                return TEXT;
            }
            case Types.BINARY, Types.VARBINARY -> {
                if (!name.contains("blob")) {
                    return BYTES;
                }
            }
            case Types.OTHER -> {
                if (name.equals("citext")) {
                    return UNTYPED_TEXT;
                }
            }
            default -> {
            }
        }
        throw new ConfigurationException("Batch loop " + loop + ": the key column " + column + " of table " + table + " is of type "
                + md.getColumnTypeName(1) + (type == Types.NUMERIC || type == Types.DECIMAL ? "(" + md.getPrecision(1) + ","
                + md.getScale(1) + ")" : "") + ", which the loop cannot order and bind reliably. Walk the table by a unique column"
                + " that is an integer (up to 18 digits, or a BIGINT UNSIGNED), a character string, a byte string (BINARY, VARBINARY, bytea), a uuid or"
                + " a PostgreSQL citext: its primary key, or one added for the migration.");
    }
}
