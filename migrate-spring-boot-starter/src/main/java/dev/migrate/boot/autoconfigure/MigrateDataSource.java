package dev.migrate.boot.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifier for the {@code DataSource} Migrate should use when it is not the application's primary
 * one (for example one connecting as a user allowed to change the schema).
 *
 * <pre>{@code
 * @Bean
 * @MigrateDataSource
 * DataSource migrationDataSource() {
 *     return DataSourceBuilder.create().url(url).username("owner").password(secret).build();
 * }
 * }</pre>
 *
 * Mark it {@code defaultCandidate = false} ({@code @Bean(defaultCandidate = false)}) so that it
 * does not compete with the application's primary {@code DataSource}.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface MigrateDataSource {
}
