package dev.migrate.cli.create;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.JavaMigration;
import dev.migrate.MigrationType;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.RollbackRequest;
import dev.migrate.cli.CliContext;
import dev.migrate.cli.MigrateCli;
import dev.migrate.internal.DriverDataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code create --template java-dsl}: a class that compiles, migrates and rolls back with its generated down. */
class JavaDslTemplateTests {

    @TempDir
    Path work;

    @Test
    void namesTheClassAfterTheVersionAndDescription() {
        assertThat(JavaDslTemplate.className("8", "create_books")).isEqualTo("V8__CreateBooks");
        assertThat(JavaDslTemplate.className("2.1", "add-isbn")).isEqualTo("V2_1__AddIsbn");
        assertThat(JavaDslTemplate.packageOf(Path.of("/p/src/main/java/db/migration"))).isEqualTo("db.migration");
        assertThat(JavaDslTemplate.packageOf(Path.of("/elsewhere"))).isEmpty();
    }

    @Test
    void writesADslMigrationThatCompilesMigratesAndRollsBack() throws Exception {
        Path sql = Files.createDirectories(work.resolve("src/main/resources/db/migration"));
        Files.writeString(sql.resolve("V1__create_authors.sql"), "CREATE TABLE authors (id INT PRIMARY KEY);");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = MigrateCli.run(new String[] {"create", "create_books", "--template", "java-dsl", "--on", "books"},
                new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
                        Map.of(), work, false));
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).first().isEqualTo("Created version 2 (template java-dsl):");

        Path source = work.resolve("src/main/java/db/migration/V2__CreateBooks.java");
        assertThat(source).exists().content().contains("package db.migration;").contains("extends DslMigration")
                .contains("schema.createTable(\"books\"");

        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int compiled = compiler.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                source.toString());
        assertThat(compiled).isZero();

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            JavaMigration migration = (JavaMigration) loader.loadClass("db.migration.V2__CreateBooks").getDeclaredConstructor()
                    .newInstance();
            String url = "jdbc:h2:mem:java_dsl_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
            Migrator migrator = Migrator.create(new DriverDataSource(url, "sa", ""), MigratorConfig.builder()
                    .locations("filesystem:" + sql).javaMigration(migration).build());
            migrator.migrate();
            assertThat(migrator.status().applied()).extracting(a -> a.type()).containsExactly(MigrationType.SQL, MigrationType.DSL);
            assertThat(tableExists(url, "BOOKS")).isTrue();
            migrator.rollback(RollbackRequest.last());
            assertThat(tableExists(url, "BOOKS")).isFalse();
        }
    }

    private static boolean tableExists(String url, String table) throws Exception {
        try (Connection c = new DriverDataSource(url, "sa", "").getConnection();
             ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
            return rs.next();
        }
    }
}
