package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.Migrator;
import dev.migrate.Plan;
import dev.migrate.boot.actuate.BackupVerifier;
import dev.migrate.boot.actuate.MigrationsDescriptors.PlanResponse;
import dev.migrate.boot.actuate.MigrationsDescriptors.RunResponse;
import dev.migrate.boot.actuate.MigrationsEndpoint;
import dev.migrate.boot.actuate.MigrationsEndpointException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * {@code BackupVerifier} beans as the auto-configured endpoint uses them, in {@code prod} with Actuator
 * rollback allowed: every bean is consulted and each must pass.
 */
class BackupVerifierBeansTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class,
                    MigrateEndpointAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true", "management.endpoints.web.exposure.include=migrations",
                    "migrate.environment=prod", "migrate.rollback.enabled=true")
            .withUserConfiguration(Calls.class);

    @Test
    void aRefusingBackupVerifierBeanStopsTheRollback() {
        runner.withUserConfiguration(Refusing.class).run(context -> {
            assertThatThrownBy(() -> rollback(context)).isInstanceOfSatisfying(MigrationsEndpointException.class, e -> {
                assertThat(e.status()).isEqualTo(412);
                assertThat(e.getMessage()).contains("no backup since yesterday").contains("migrate.rollback.backup-check");
            });
            assertThat(context.getBean(Calls.class).names).containsExactly("refusing");
            assertThat(context.getBean(Migrator.class).status().current()).isEqualTo("3");
        });
    }

    @Test
    void everyBackupVerifierBeanIsConsultedBeforeTheRollback() {
        runner.withUserConfiguration(Passing.class, AlsoPassing.class).run(context -> {
            assertThat(rollback(context).toVersion()).isEqualTo("2");
            assertThat(context.getBean(Calls.class).names).containsExactly("passing", "alsoPassing");
        });
    }

    @Test
    void oneRefusingBeanAmongTwoRefusesTheRollback() {
        runner.withUserConfiguration(Passing.class, Refusing.class).run(context -> {
            assertThatThrownBy(() -> rollback(context)).isInstanceOfSatisfying(MigrationsEndpointException.class, e -> {
                assertThat(e.status()).isEqualTo(412);
                assertThat(e.getMessage()).contains("Backup check 2 of 2 failed").contains("no backup since yesterday");
            });
            assertThat(context.getBean(Calls.class).names).containsExactly("passing", "refusing");
            assertThat(context.getBean(Migrator.class).status().current()).isEqualTo("3");
        });
    }

    @Test
    void aVerifierThatThrowsRefusesTheRollback() {
        runner.withUserConfiguration(Throwing.class, Passing.class).run(context -> {
            assertThatThrownBy(() -> rollback(context)).isInstanceOfSatisfying(MigrationsEndpointException.class, e -> {
                assertThat(e.status()).isEqualTo(412);
                assertThat(e.getMessage()).contains("Backup check 1 of 2 failed").contains("catalog unreachable");
            });
            assertThat(context.getBean(Calls.class).names).as("the verifiers after a refusal are not called")
                    .containsExactly("throwing");
            assertThat(context.getBean(Migrator.class).status().current()).isEqualTo("3");
        });
    }

    @Test
    void noVerifierIsConsultedWhenTheBackupCheckIsOff() {
        runner.withUserConfiguration(Refusing.class).withPropertyValues("migrate.rollback.backup-check=false").run(context -> {
            assertThat(rollback(context).toVersion()).isEqualTo("2");
            assertThat(context.getBean(Calls.class).names).isEmpty();
        });
    }

    /** Plans a rollback of the last migration, then confirms it, through the context's endpoint bean. */
    private static RunResponse rollback(AssertableWebApplicationContext context) {
        assertThat(context).hasNotFailed().hasSingleBean(MigrationsEndpoint.class);
        MigrationsEndpoint endpoint = context.getBean(MigrationsEndpoint.class);
        PlanResponse plan = (PlanResponse) endpoint.operate("plan", "rollback", null, null, null, null, null, null, SecurityContext.NONE);
        return (RunResponse) endpoint.operate("rollback", null, null, null, null, null, null, plan.planId(), SecurityContext.NONE);
    }

    @Configuration(proxyBeanMethods = false)
    static class Calls {

        final List<String> names = new CopyOnWriteArrayList<>();

        BackupVerifier verifier(String name, BackupVerifier.Check verdict) {
            return plan -> {
                names.add(name);
                assertPlansTheRollbackOfVersion3(plan);
                return verdict;
            };
        }

        private static void assertPlansTheRollbackOfVersion3(Plan plan) {
            assertThat(plan.steps()).singleElement().satisfies(step -> assertThat(step.version()).isEqualTo("3"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Refusing {

        @Bean
        @Order(2)
        BackupVerifier refusing(Calls calls) {
            return calls.verifier("refusing", BackupVerifier.Check.failed("no backup since yesterday"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Passing {

        @Bean
        @Order(1)
        BackupVerifier passing(Calls calls) {
            return calls.verifier("passing", BackupVerifier.Check.passed("dump of 03:00"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AlsoPassing {

        @Bean
        @Order(2)
        BackupVerifier alsoPassing(Calls calls) {
            return calls.verifier("alsoPassing", BackupVerifier.Check.passed("volume snapshot of 03:10"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Throwing {

        @Bean
        @Order(0)
        BackupVerifier throwing(Calls calls) {
            return plan -> {
                calls.names.add("throwing");
                throw new IllegalStateException("catalog unreachable");
            };
        }
    }
}
