package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.boot.autoconfigure.jpa.Book;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * JPA with {@code ddl-auto=validate} starts only if the tables exist when the
 * {@code EntityManagerFactory} is built: the migrations must have run before it.
 */
class JpaOrderingTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, TransactionAutoConfiguration.class,
                    HibernateJpaAutoConfiguration.class, MigrateAutoConfiguration.class))
            .withUserConfiguration(Entities.class)
            .withPropertyValues("spring.datasource.generate-unique-name=true");

    @Test
    void entityManagerFactoryIsBuiltAfterTheMigrationsRan() {
        runner.withPropertyValues("spring.jpa.hibernate.ddl-auto=validate").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(EntityManagerFactory.class);
            var entityManager = context.getBean(EntityManagerFactory.class).createEntityManager();
            try {
                Book book = entityManager.find(Book.class, 1);
                assertThat(book.getTitle()).isEqualTo("A Wizard of Earthsea");
                assertThat(book.getIsbn()).isEqualTo("9780547773742");
            } finally {
                entityManager.close();
            }
        });
    }

    @Test
    void withoutTheMigrationsSchemaValidationFails() {
        runner.withPropertyValues("spring.jpa.hibernate.ddl-auto=validate", "migrate.enabled=false").run(context -> assertThat(context)
                .hasFailed().getFailure().hasStackTraceContaining("Schema validation: missing table [books]"));
    }

    /**
     * Without {@code ddl-auto}, Boot makes Hibernate {@code create-drop} an embedded database unless something
     * manages its schema: that would drop the migrated tables, with the rows V3 inserted, and the view that
     * R__book_titles made on them. Migrate manages it, so Hibernate leaves it alone ({@code none}).
     */
    @Test
    void withoutDdlAutoHibernateLeavesTheMigratedEmbeddedDatabaseAlone() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            EntityManagerFactory factory = context.getBean(EntityManagerFactory.class);
            assertThat(factory.getProperties().getOrDefault("hibernate.hbm2ddl.auto", "none")).isEqualTo("none");
            var entityManager = factory.createEntityManager();
            try {
                assertThat(entityManager.find(Book.class, 1)).isNotNull().extracting(Book::getIsbn).isEqualTo("9780547773742");
            } finally {
                entityManager.close();
            }
            assertThat(MigrateAutoConfigurationTests.count(context.getBean(javax.sql.DataSource.class),
                    "SELECT COUNT(*) FROM book_titles")).isEqualTo(1);
        });
    }

    /** With the migrations off, the embedded database is not Migrate's: Boot's default stays {@code create-drop}. */
    @Test
    void withMigrateDisabledTheEmbeddedDatabaseKeepsBootsDefault() {
        runner.withPropertyValues("migrate.enabled=false").run(context -> assertThat(context.getBean(EntityManagerFactory.class)
                .getProperties().get("hibernate.hbm2ddl.auto")).isEqualTo("create-drop"));
    }

    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = Book.class)
    static class Entities {
    }
}
