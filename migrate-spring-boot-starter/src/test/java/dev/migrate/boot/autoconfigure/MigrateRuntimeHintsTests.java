package dev.migrate.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.boot.autoconfigure.aotmigrations.NotAMigration;
import dev.migrate.boot.autoconfigure.aotmigrations.V1__AotScanned;
import java.io.Reader;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;

/**
 * What Spring's AOT processing, as {@code spring-boot:process-aot} runs it, registers for a native image: the
 * files of the default and the configured {@code classpath:} locations, and the Java migrations the scanner
 * creates by reflection.
 */
class MigrateRuntimeHintsTests {

    @Test
    void keepsTheFilesOfTheDefaultLocation() {
        RuntimeHints hints = processAheadOfTime();
        assertThat(RuntimeHintsPredicates.resource().forResource("db/migration")).accepts(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource("db/migration/V1__create_books.sql")).accepts(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource("db/migration/2_add_isbn.down.sql")).accepts(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource("db/migration/sub/V9__later.sql.conf")).accepts(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource("migrations/single/V1__create_notes.sql")).rejects(hints);
        assertThat(RuntimeHintsPredicates.proxies().forInterfaces(java.sql.Connection.class)).accepts(hints);
    }

    @Test
    void keepsTheConfiguredLocationsAndTheJavaMigrationsFoundThere() throws NoSuchMethodException {
        RuntimeHints hints = processAheadOfTime("migrate.locations=classpath:/migrations/single/,"
                + "classpath:dev/migrate/boot/autoconfigure/aotmigrations,filesystem:/srv/migrations");
        assertThat(RuntimeHintsPredicates.resource().forResource("migrations/single/V1__create_notes.sql")).accepts(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource("migrations/failing/V2__broken.sql")).rejects(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource("dev/migrate/boot/autoconfigure/aotmigrations/V1__AotScanned.class"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(V1__AotScanned.class.getDeclaredConstructor()))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(NotAMigration.class)).rejects(hints);
        // The default location stays: a library may ship migrations there whatever the application configures.
        assertThat(RuntimeHintsPredicates.resource().forResource("db/migration/V1__create_books.sql")).accepts(hints);
    }

    @Test
    void keepsThePostgresCopyApiTheDialectCallsByReflection() throws ReflectiveOperationException {
        RuntimeHints hints = processAheadOfTime();
        assertThat(RuntimeHintsPredicates.reflection()
                .onMethodInvocation(Class.forName("org.postgresql.PGConnection").getMethod("getCopyAPI"))).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(
                Class.forName("org.postgresql.copy.CopyManager").getMethod("copyIn", String.class, Reader.class))).accepts(hints);
    }

    @Test
    void registersNothingWhenMigrateIsDisabled() {
        RuntimeHints hints = processAheadOfTime("migrate.enabled=false", "migrate.locations=classpath:migrations/single");
        assertThat(RuntimeHintsPredicates.resource().forResource("db/migration/V1__create_books.sql")).rejects(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource("migrations/single/V1__create_notes.sql")).rejects(hints);
    }

    /** Runs the AOT processing of a context with the DataSource and Migrate auto-configurations; nothing is started. */
    private static RuntimeHints processAheadOfTime(String... properties) {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            TestPropertyValues.of("spring.datasource.generate-unique-name=true").and(properties).applyTo(context);
            context.register(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class);
            DefaultGenerationContext generationContext = new DefaultGenerationContext(
                    new ClassNameGenerator(ClassName.get(MigrateRuntimeHintsTests.class)), new InMemoryGeneratedFiles());
            new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
            return generationContext.getRuntimeHints();
        }
    }
}
