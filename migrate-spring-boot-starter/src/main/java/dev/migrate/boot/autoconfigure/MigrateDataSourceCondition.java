package dev.migrate.boot.autoconfigure;

import javax.sql.DataSource;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether there is a database to migrate: the application's {@code DataSource} (a bean Spring Boot's
 * {@code @ConditionalOnBean} sees), one qualified {@link MigrateDataSource @MigrateDataSource}, or
 * {@code migrate.url}.
 * The second needs its own check because the docs ask for it to be declared
 * {@code @Bean(defaultCandidate = false)}, and Boot's bean conditions do not count such beans: an
 * application whose only {@code DataSource} is that one (its own data through R2DBC, say) was not
 * migrated at all, without a word.
 */
final class MigrateDataSourceCondition extends AnyNestedCondition {

    MigrateDataSourceCondition() {
        super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnBean(DataSource.class)
    static final class ApplicationDataSource {
    }

    @Conditional(QualifiedDataSource.class)
    static final class MigrateQualifiedDataSource {
    }

    /**
     * {@code migrate.url}: Migrate connects to it on its own, so it needs no {@code DataSource} bean, as Flyway
     * with {@code spring.flyway.url} (an application that uses R2DBC for its own data has none).
     */
    @ConditionalOnProperty(prefix = "migrate", name = "url")
    static final class MigrateUrl {
    }

    /** A {@code DataSource} bean qualified {@code @MigrateDataSource}, default candidate or not. */
    static final class QualifiedDataSource extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
            if (beanFactory != null) {
                for (String name : beanFactory.getBeanNamesForType(DataSource.class, true, false)) {
                    if (beanFactory.findAnnotationOnBean(name, MigrateDataSource.class, false) != null) {
                        return ConditionOutcome.match("DataSource bean '" + name + "' is qualified @MigrateDataSource");
                    }
                }
            }
            return ConditionOutcome.noMatch("no DataSource bean is qualified @MigrateDataSource");
        }
    }
}
