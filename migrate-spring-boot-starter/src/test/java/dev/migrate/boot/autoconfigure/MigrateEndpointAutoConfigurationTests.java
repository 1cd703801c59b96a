package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.boot.actuate.MigrationsEndpoint;
import dev.migrate.boot.actuate.MigrationsEndpointWebExtension;
import dev.migrate.boot.actuate.PlanLedger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MigrateEndpointAutoConfigurationTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class,
                    MigrateEndpointAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true", "migrate.on-startup=none");

    @Test
    void endpointAndWebExtensionWhenExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=migrations")
                .run(context -> assertThat(context).hasSingleBean(MigrationsEndpoint.class)
                        .hasSingleBean(MigrationsEndpointWebExtension.class));
    }

    @Test
    void noEndpointWhenNotExposed() {
        runner.run(context -> assertThat(context).doesNotHaveBean(MigrationsEndpoint.class)
                .doesNotHaveBean(MigrationsEndpointWebExtension.class));
    }

    @Test
    void noEndpointWhenAccessIsNone() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=migrations", "management.endpoint.migrations.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(MigrationsEndpoint.class));
    }

    @Test
    void noEndpointWithoutAMigrator() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=migrations", "migrate.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MigrationsEndpoint.class));
    }

    @Test
    void backsOffWhenTheUserDefinesTheEndpoint() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=migrations").withUserConfiguration(UserEndpoint.class)
                .run(context -> assertThat(context).getBean(MigrationsEndpoint.class)
                        .isSameAs(context.getBean(UserEndpoint.class).endpoint));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserEndpoint {

        MigrationsEndpoint endpoint;

        @Bean
        MigrationsEndpoint userMigrationsEndpoint(dev.migrate.Migrator migrator, MigrateSettings settings, PlanLedger planLedger) {
            endpoint = new MigrationsEndpoint(migrator, settings, List.of(), planLedger);
            return endpoint;
        }
    }
}
