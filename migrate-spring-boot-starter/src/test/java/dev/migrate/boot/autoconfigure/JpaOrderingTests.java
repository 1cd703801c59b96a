package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.boot.autoconfigure.jpa.Book;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * JPA with {@code ddl-auto=validate} starts only if the tables exist when the
 * {@code EntityManagerFactory} is built: the migrations must have run before it.
 */
@ExtendWith(OutputCaptureExtension.class)
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

    /**
     * spring.jpa.defer-datasource-initialization=true is Boot's way to build the EntityManagerFactory before every
     * database initializer, Migrate's too: validation then fails on a missing table, which says nothing of the
     * setting. The start warns about it by name; without it, data.sql runs after the migrations and before Hibernate.
     */
    @Test
    void deferredDataSourceInitializationIsNamedBeforeHibernateFailsAndDataSqlDoesNotNeedIt(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir, CapturedOutput output) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("data.sql"), "INSERT INTO books (id, title, author_id, isbn) VALUES (7, 'The Dispossessed', 1, '9780061054884');\n");
        ApplicationContextRunner withDataSql = runner.withConfiguration(AutoConfigurations.of(DataSourceInitializationAutoConfiguration.class))
                .withPropertyValues("spring.jpa.hibernate.ddl-auto=validate", "spring.sql.init.data-locations=file:" + dir.resolve("data.sql"));
        String warning = "spring.jpa.defer-datasource-initialization=true makes Spring Boot build the EntityManagerFactory before"
                + " Migrate runs the migrations";
        withDataSql.withPropertyValues("spring.jpa.defer-datasource-initialization=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(output).contains(warning).contains("Remove the setting");
        });
        int before = output.length();
        withDataSql.run(context -> {
            assertThat(context).hasNotFailed();
            var entityManager = context.getBean(EntityManagerFactory.class).createEntityManager();
            try {
                assertThat(entityManager.find(Book.class, 7).getTitle()).isEqualTo("The Dispossessed");
            } finally {
                entityManager.close();
            }
        });
        assertThat(output.toString().substring(before)).doesNotContain(warning);
    }

    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = Book.class)
    static class Entities {
    }
}
