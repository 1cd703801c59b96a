package dev.migrate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Version, description and options of a {@link JavaMigration} whose class name does not carry them.
 *
 * <pre>{@code
 * @MigrationInfo(version = "7", description = "backfill slugs", dependsOn = {"5"}, transactional = false)
 * @MigrationInfo(version = "8", description = "sample customers", environments = {"dev", "staging"})
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MigrationInfo {

    /** The version, as in file names ({@code 1.2}, {@code 20240126100000}). */
    String version();

    /** Human description; defaults to one derived from the class name. */
    String description() default "";

    /** Versions that must be applied before this one. */
    String[] dependsOn() default {};

    /** Whether to run inside a transaction where the database allows it. */
    boolean transactional() default true;

    /**
     * The only environments it is applied in ({@code dev}, {@code staging}, {@code prod}), as the SQL directive
     * {@code -- migrate:environments} says; empty for every environment.
     */
    String[] environments() default {};
}
