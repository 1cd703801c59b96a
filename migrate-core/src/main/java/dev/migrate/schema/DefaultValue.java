package dev.migrate.schema;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A column default, rendered per database. {@link #of(Object)} turns the values an author writes into
 * one: a {@code String} is a text literal, a {@code Number} a number, a {@code Boolean} a boolean.
 *
 * <pre>{@code
 * t.string("status", 20).notNull().defaultValue("active");
 * t.timestamptz("seen_at").defaultValue(DefaultValue.currentTimestamp());
 * t.uuid("key").defaultValue(DefaultValue.expression("gen_random_uuid()"));   // PostgreSQL only
 * }</pre>
 */
public sealed interface DefaultValue {

    /** A text literal, quoted when rendered. */
    record Text(String value) implements DefaultValue {
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A number, written as is. */
    record Numeric(BigDecimal value) implements DefaultValue {
        public Numeric {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A boolean: {@code TRUE}/{@code FALSE}, or {@code 1}/{@code 0} on SQLite. */
    record Bool(boolean value) implements DefaultValue {
    }

    /** A SQL expression written as given; parenthesized where the database needs it (MySQL, SQLite). */
    record Expression(String sql) implements DefaultValue {
        public Expression {
            if (sql == null || sql.isBlank()) {
                throw new IllegalArgumentException("A default expression needs its SQL");
            }
        }
    }

    /** The current date and time, {@code CURRENT_TIMESTAMP} (with microseconds on MySQL). */
    record CurrentTimestamp() implements DefaultValue {
    }

    /**
     * No default. Only used to say that a column had none before, so that a {@code setDefault} can be
     * reversed by dropping the default: {@code setDefault("users", "status", "active").fromNone()}.
     */
    record None() implements DefaultValue {
    }

    /**
     * The default for a Java value: {@code String}, {@code Number}, {@code Boolean}, or a
     * {@code DefaultValue}, returned as is.
     *
     * @throws IllegalArgumentException for null or any other type
     */
    static DefaultValue of(Object value) {
        if (value instanceof DefaultValue defaultValue) {
            return defaultValue;
        }
        if (value instanceof String text) {
            return new Text(text);
        }
        if (value instanceof Boolean bool) {
            return new Bool(bool);
        }
        if (value instanceof BigDecimal number) {
            return new Numeric(number);
        }
        if (value instanceof Number number) {
            return new Numeric(new BigDecimal(number.toString()));
        }
        throw new IllegalArgumentException("A default must be a String, Number, Boolean or DefaultValue, got "
                + (value == null ? "null (to drop a default use dropDefault)" : value.getClass().getName()));
    }

    /** A SQL expression, e.g. {@code expression("gen_random_uuid()")}. */
    static DefaultValue expression(String sql) {
        return new Expression(sql);
    }

    /** {@code CURRENT_TIMESTAMP}. */
    static DefaultValue currentTimestamp() {
        return new CurrentTimestamp();
    }

    /** No default (see {@link None}). */
    static DefaultValue none() {
        return new None();
    }

    /** As written in the DSL, for messages. */
    default String describe() {
        if (this instanceof Text text) {
            return "'" + text.value() + "'";
        }
        if (this instanceof Numeric number) {
            return number.value().toPlainString();
        }
        if (this instanceof Bool bool) {
            return String.valueOf(bool.value());
        }
        if (this instanceof Expression expression) {
            return expression.sql();
        }
        if (this instanceof CurrentTimestamp) {
            return "CURRENT_TIMESTAMP";
        }
        return "none";
    }
}
