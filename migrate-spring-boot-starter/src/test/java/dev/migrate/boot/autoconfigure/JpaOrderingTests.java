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
            .withPropertyValues("spring.datasource.generate-unique-name=true", "spring.jpa.hibernate.ddl-auto=validate");

    @Test
    void entityManagerFactoryIsBuiltAfterTheMigrationsRan() {
        runner.run(context -> {
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
        runner.withPropertyValues("migrate.enabled=false").run(context -> assertThat(context).hasFailed().getFailure()
                .hasStackTraceContaining("Schema validation: missing table [books]"));
    }

    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = Book.class)
    static class Entities {
    }
}
