package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Profiles → environment → effective settings, as the table in DESIGN section 6 says. */
@ExtendWith(OutputCaptureExtension.class)
class MigrateEnvironmentTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class))
            .withPropertyValues("spring.datasource.generate-unique-name=true");

    @ParameterizedTest(name = "profiles [{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -                     | prod
            dev                   | dev
            development           | dev
            local                 | dev
            staging               | staging
            stage                 | staging
            test                  | staging
            prod                  | prod
            production            | prod
            cloud,dev             | dev
            cloud,kubernetes      | prod
            staging,dev           | staging
            LOCAL                 | dev
            """)
    void resolvesTheEnvironmentFromTheActiveProfiles(String profiles, String environment) {
        ApplicationContextRunner withProfiles = profiles == null ? runner
                : runner.withPropertyValues("spring.profiles.active=" + profiles);
        withProfiles.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(MigrateSettings.class).environment().label()).isEqualTo(environment);
            assertThat(context.getBean(Migrator.class).config().environment()).isEqualTo(environment);
        });
    }

    /** The CLI and the plain Java API take the same names for each environment (core's environmentLabel). */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(MigrateEnvironment.class)
    void everyNameOfAnEnvironmentIsThatEnvironmentInTheCore(MigrateEnvironment environment) {
        for (String name : environment.names()) {
            assertThat(MigratorConfig.environmentLabel(name)).as(name).isEqualTo(environment.label());
            assertThat(MigratorConfig.environmentLabel(name.toUpperCase(java.util.Locale.ROOT))).as(name).isEqualTo(environment.label());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # environment | on-startup | clean allowed | rollback enabled | confirmation required | backup check | log SQL
            dev           | MIGRATE    | true          | true             | false                 | false        | true
            staging       | MIGRATE    | false         | true             | true                  | false        | false
            prod          | MIGRATE    | false         | false            | true                  | true         | false
            """)
    void appliesEachEnvironmentsPresets(String environment, OnStartup onStartup, boolean cleanAllowed, boolean rollbackEnabled,
            boolean confirmationRequired, boolean backupCheck, boolean logSql) {
        runner.withPropertyValues("spring.profiles.active=" + environment).run(context -> {
                    MigrateSettings settings = context.getBean(MigrateSettings.class);
                    assertThat(settings.onStartup()).isEqualTo(onStartup);
                    assertThat(settings.cleanAllowed()).isEqualTo(cleanAllowed);
                    assertThat(settings.rollbackEnabled()).isEqualTo(rollbackEnabled);
                    assertThat(settings.confirmationRequired()).isEqualTo(confirmationRequired);
                    assertThat(settings.backupCheck()).isEqualTo(backupCheck);
                    assertThat(settings.logSql()).isEqualTo(logSql);
                    MigratorConfig config = context.getBean(Migrator.class).config();
                    assertThat(config.cleanAllowed()).isEqualTo(cleanAllowed);
                    assertThat(config.logSql()).isEqualTo(logSql);
                });
    }

    @Test
    void explicitEnvironmentWinsOverProfiles() {
        runner.withPropertyValues("spring.profiles.active=dev", "migrate.environment=staging").run(context -> {
            MigrateSettings settings = context.getBean(MigrateSettings.class);
            assertThat(settings.environment()).isEqualTo(MigrateEnvironment.STAGING);
            assertThat(settings.source()).isEqualTo("migrate.environment");
        });
    }

    /** migrate.environment takes the profile names of each environment too, in any case (spring-boot.md, Environments). */
    @Test
    void explicitEnvironmentTakesTheProfileNames() {
        runner.withPropertyValues("spring.profiles.active=prod", "migrate.environment=Local").run(context -> {
            assertThat(context.getBean(MigrateSettings.class).environment()).isEqualTo(MigrateEnvironment.DEV);
        });
        runner.withPropertyValues("migrate.environment=PRODUCTION").run(context -> {
            assertThat(context.getBean(MigrateSettings.class).environment()).isEqualTo(MigrateEnvironment.PROD);
        });
    }

    @Test
    void explicitPropertiesWinOverThePreset() {
        runner.withPropertyValues("spring.profiles.active=prod", "migrate.clean-allowed=true", "migrate.log-sql=true",
                "migrate.rollback.enabled=true", "migrate.rollback.backup-check=false", "migrate.confirmation.required=false",
                "migrate.on-startup=validate").run(context -> {
                    MigrateSettings settings = context.getBean(MigrateSettings.class);
                    assertThat(settings.environment()).isEqualTo(MigrateEnvironment.PROD);
                    assertThat(settings.cleanAllowed()).isTrue();
                    assertThat(settings.logSql()).isTrue();
                    assertThat(settings.rollbackEnabled()).isTrue();
                    assertThat(settings.backupCheck()).isFalse();
                    assertThat(settings.confirmationRequired()).isFalse();
                    assertThat(settings.onStartup()).isEqualTo(OnStartup.VALIDATE);
                    assertThat(context.getBean(Migrator.class).config().cleanAllowed()).isTrue();
                });
        runner.withPropertyValues("spring.profiles.active=dev", "migrate.clean-allowed=false", "migrate.log-sql=false")
                .run(context -> {
                    assertThat(context.getBean(Migrator.class).config().cleanAllowed()).isFalse();
                    assertThat(context.getBean(Migrator.class).config().logSql()).isFalse();
                });
    }

    @Test
    void defaultProfilesCountWhenNoneIsActive() {
        runner.withPropertyValues("spring.profiles.default=local").run(context -> {
            MigrateSettings settings = context.getBean(MigrateSettings.class);
            assertThat(settings.environment()).isEqualTo(MigrateEnvironment.DEV);
            assertThat(settings.source()).isEqualTo("default profile 'local'");
        });
    }

    @Test
    void unknownEnvironmentFailsStartupListingTheAcceptedNames() {
        runner.withPropertyValues("migrate.environment=qa").run(context -> assertThat(context).hasFailed().getFailure()
                .rootCause().hasMessageContaining("migrate.environment 'qa' is not a known environment")
                .hasMessageContaining("dev, staging or prod"));
    }

    /** A plan that is expired when made (0s, -5m), or whose expiry no clock can compute, is refused at startup. */
    @ParameterizedTest
    @ValueSource(strings = {"0s", "-5m", "400000000000d"})
    void aPlanValidityThatCannotWorkFailsStartup(String validity) {
        runner.withPropertyValues("migrate.confirmation.plan-validity=" + validity).run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("migrate.confirmation.plan-validity")
                .hasMessageContaining("must be between 1s and 7d"));
    }

    @Test
    void logsTheEffectiveSettingsOnceAtStartup(CapturedOutput output) {
        runner.withPropertyValues("spring.profiles.active=staging", "migrate.on-startup=migrate").run(context -> {
            assertThat(context).hasNotFailed();
            String line = "Migrate environment 'staging' (active profile 'staging'): on-startup=migrate, clean-allowed=false,"
                    + " log-sql=false, Actuator rollback allowed, Actuator writes need the planId of a plan";
            assertThat(output.getOut()).containsOnlyOnce(line);
        });
    }
}
