package dev.migrate.boot.autoconfigure;

import dev.migrate.Migrator;
import dev.migrate.boot.actuate.BackupVerifier;
import dev.migrate.boot.actuate.MigrationsEndpoint;
import dev.migrate.boot.actuate.MigrationsEndpointWebExtension;
import dev.migrate.boot.actuate.MigrationsRequestCheck;
import dev.migrate.boot.actuate.PlanLedger;
import dev.migrate.boot.actuate.WholeAnswerFilter;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code migrations} Actuator endpoint ({@link MigrationsEndpoint}) and its
 * HTTP extension, for the only {@code Migrator} bean or the {@code @Primary} one. Needs the endpoint to be
 * available: exposed ({@code management.endpoints.web.exposure.include=migrations}) and not switched off.
 */
@AutoConfiguration(after = MigrateAutoConfiguration.class)
@ConditionalOnClass(value = Migrator.class,
        name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
public final class MigrateEndpointAutoConfiguration {

    /** Nested, so Actuator's endpoint conditions are only read once Actuator is known to be there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAvailableEndpoint(MigrationsEndpoint.class)
    static final class EndpointConfiguration {

        /**
         * Records used planIds in the audit table of the database Migrate migrates. A {@code Migrator} bean of
         * your own on another {@code DataSource} than that one needs a {@code PlanLedger} bean of your own too.
         */
        @Bean
        @ConditionalOnSingleCandidate(Migrator.class)
        @ConditionalOnMissingBean
        PlanLedger migratePlanLedger(Migrator migrator, ObjectProvider<MigrateProperties> properties,
                ObjectProvider<DataSource> dataSource, @MigrateDataSource ObjectProvider<DataSource> migrateDataSource) {
            return new PlanLedger(MigrateAutoConfiguration.migrationDataSource(properties.getIfAvailable(MigrateProperties::new),
                    dataSource, migrateDataSource), migrator.config());
        }

        /**
         * Serves the only {@code Migrator} bean, or the {@code @Primary} one of several; backs off where several have no
         * primary one, as Boot's auto-configurations do.
         */
        @Bean
        @ConditionalOnSingleCandidate(Migrator.class)
        @ConditionalOnBean(MigrateSettings.class)
        @ConditionalOnMissingBean
        MigrationsEndpoint migrationsEndpoint(Migrator migrator, MigrateSettings settings, ObjectProvider<BackupVerifier> backupVerifiers,
                PlanLedger planLedger, ObjectProvider<MigrateProperties> properties) {
            MigrationsEndpoint endpoint = new MigrationsEndpoint(migrator, settings, backupVerifiers.orderedStream().toList(), planLedger);
            endpoint.setShutdownTimeout(properties.getIfAvailable(MigrateProperties::new).getShutdownTimeout());
            return endpoint;
        }

        /** As the core auto-configuration's, for an endpoint on a {@code Migrator} of the application's without it. */
        @Bean
        @ConditionalOnBean(MigrationsEndpoint.class)
        @ConditionalOnMissingBean
        CancelOnContextClose migrateCancelOnContextClose(ApplicationContext context) {
            return new CancelOnContextClose(context);
        }

        @Bean
        @ConditionalOnBean(MigrationsEndpoint.class)
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
        MigrationsEndpointWebExtension migrationsEndpointWebExtension(MigrationsEndpoint endpoint) {
            return new MigrationsEndpointWebExtension(endpoint);
        }

        /** Servlet web applications only: the filter's types are there. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
        @ConditionalOnClass(name = {"jakarta.servlet.Filter", "org.springframework.web.util.ContentCachingResponseWrapper"})
        static final class ServletConfiguration {

            /**
             * {@link WholeAnswerFilter} on the endpoint's paths, where Actuator maps it on the application's server. Not
             * {@code @ConditionalOnBean}: a nested configuration is read before the endpoint's bean is defined.
             */
            @Bean
            @ConditionalOnAvailableEndpoint(value = MigrationsEndpoint.class, exposure = EndpointExposure.WEB)
            FilterRegistrationBean<WholeAnswerFilter> migrationsWholeAnswerFilter(ObjectProvider<MigrationsEndpoint> endpoint,
                    ObjectProvider<PathMappedEndpoints> endpoints) {
                PathMappedEndpoints mapped = endpoints.getIfAvailable();
                String path = mapped != null && endpoint.getIfAvailable() != null ? mapped.getPath(EndpointId.of("migrations")) : null;
                FilterRegistrationBean<WholeAnswerFilter> registration = new FilterRegistrationBean<>(new WholeAnswerFilter());
                registration.setName("migrationsWholeAnswerFilter");
                if (path == null) {
                    registration.setEnabled(false);
                } else {
                    registration.addUrlPatterns(path, path + "/*");
                }
                return registration;
            }
        }

        /** Refuses unknown fields and values of the wrong type in the body of a POST with a message naming them. */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint(value = MigrationsEndpoint.class, exposure = EndpointExposure.WEB)
        static MigrationsRequestCheck migrationsRequestCheck() {
            return new MigrationsRequestCheck();
        }
    }
}
