package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import dev.migrate.boot.autoconfigure.jpa.Book;
import jakarta.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureDataSourceInitialization;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Boot's test slices ({@code @JdbcTest}, {@code @DataJpaTest}, {@code @DataJdbcTest}...) turn auto-configuration off and
 * import only what their annotations list; each carries {@code @AutoConfigureDataSourceInitialization}, under which Flyway
 * and Liquibase register themselves. Migrate must be there too, or a slice test of a Flyway application that switched to
 * Migrate meets an empty database (or Hibernate's {@code create-drop} schema instead of the migrated one).
 */
class TestSliceTests {

    /** Boot's Flyway support, on this module's test class path for FlywayCoexistenceTests, registers under the same annotation. */
    private static final String NO_FLYWAY = "spring.flyway.enabled=false";

    @Test
    void aSliceWithDataSourceInitializationRunsTheMigrations() {
        new ApplicationContextRunner().withUserConfiguration(JdbcSlice.class)
                .withPropertyValues("spring.datasource.generate-unique-name=true", NO_FLYWAY)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Migrator.class).hasSingleBean(MigrateInitializer.class);
                    assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM books", Integer.class))
                            .isEqualTo(1);
                    assertThat(MigrateAutoConfigurationTests.count(context.getBean(DataSource.class),
                            "SELECT COUNT(*) FROM migrate_history")).isPositive();
                });
    }

    /** As {@code @DataJpaTest}: Hibernate validates the migrated schema, and without ddl-auto leaves it alone. */
    @Test
    void aJpaSliceSeesTheMigratedSchema() {
        new ApplicationContextRunner().withUserConfiguration(JpaSlice.class)
                .withPropertyValues("spring.datasource.generate-unique-name=true", NO_FLYWAY)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    EntityManagerFactory factory = context.getBean(EntityManagerFactory.class);
                    assertThat(factory.getProperties().getOrDefault("hibernate.hbm2ddl.auto", "none")).isEqualTo("none");
                    var entityManager = factory.createEntityManager();
                    try {
                        assertThat(entityManager.find(Book.class, 1)).isNotNull();
                    } finally {
                        entityManager.close();
                    }
                });
        new ApplicationContextRunner().withUserConfiguration(JpaSlice.class)
                .withPropertyValues("spring.datasource.generate-unique-name=true", NO_FLYWAY, "spring.jpa.hibernate.ddl-auto=validate")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(EntityManagerFactory.class));
    }

    /** What {@code @JdbcTest} imports, as far as this module's class path has it. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class })
    @AutoConfigureDataSourceInitialization
    static class JdbcSlice {
    }

    /** What {@code @DataJpaTest} imports, as far as this module's class path has it. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ DataSourceAutoConfiguration.class, TransactionAutoConfiguration.class,
            HibernateJpaAutoConfiguration.class })
    @AutoConfigureDataSourceInitialization
    @EntityScan(basePackageClasses = Book.class)
    static class JpaSlice {
    }
}
