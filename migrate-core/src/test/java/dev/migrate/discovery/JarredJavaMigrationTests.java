package dev.migrate.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.AppliedMigration;
import dev.migrate.JavaMigration;
import dev.migrate.MigrateResult;
import dev.migrate.MigrationType;
import dev.migrate.Migrator;
import dev.migrate.MigratorConfig;
import dev.migrate.RollbackRequest;
import dev.migrate.testing.DatabaseKind;
import dev.migrate.testing.TestDatabase;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java migrations packaged in a jar that only a class loader given to the configuration can see, as
 * in an application whose migrations live in a library jar: compiled here, jarred without directory
 * entries, found by a {@code classpath:} location and applied to a real database.
 */
class JarredJavaMigrationTests {

    @TempDir
    Path dir;

    @Test
    void findsAndAppliesJavaMigrationsInsideAJarOnTheConfiguredClassLoader() throws Exception {
        Path jar = buildJar();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
             TestDatabase db = TestDatabase.create(DatabaseKind.H2)) {
            // Not visible to this test's own class loader: only the configured one finds them.
            assertThat(getClass().getClassLoader().getResource("jarred/migrations/V1__CreateGadgets.class")).isNull();
            MigratorConfig config = MigratorConfig.builder().classLoader(loader).locations("classpath:jarred/migrations").build();

            List<ResolvedMigration> found = new MigrationScanner(loader).scan(config.locations(), List.of());
            assertThat(found).extracting(m -> m.version().toString()).containsExactly("1", "2", "3");
            assertThat(found).extracting(ResolvedMigration::script)
                    .containsExactly("jarred.migrations.V1__CreateGadgets", "jarred.migrations.nested.SeedGadgets", "V3__sql_beside.sql");
            assertThat(found.get(0).description()).isEqualTo("Create gadgets");
            assertThat(found.get(1).description()).isEqualTo("seed gadgets");
            assertThat(found.get(1).dependsOn()).extracting(Object::toString).containsExactly("1");

            Migrator migrator = Migrator.create(db.dataSource(), config);
            MigrateResult result = migrator.migrate();
            assertThat(result.applied()).extracting(s -> s.version()).containsExactly("1", "2", "3");
            assertThat(db.count("SELECT COUNT(*) FROM gadgets")).isEqualTo(3);
            assertThat(migrator.status().applied()).extracting(AppliedMigration::type)
                    .containsExactly(MigrationType.JAVA, MigrationType.JAVA, MigrationType.SQL);
            assertThat(migrator.status().applied()).extracting(AppliedMigration::reversible).containsExactly(true, true, true);

            migrator.rollback(RollbackRequest.toVersion("1"));
            assertThat(db.count("SELECT COUNT(*) FROM gadgets")).isEqualTo(1);
            migrator.rollback(RollbackRequest.base());
            assertThat(db.tableNames()).doesNotContain("gadgets");
            assertThat(migrator.migrate().applied()).extracting(s -> s.version()).containsExactly("1", "2", "3");
            assertThat(db.count("SELECT COUNT(*) FROM gadgets")).isEqualTo(3);
        }
    }

    /** Compiles the migrations below against the core's classes and jars them, with no directory entries. */
    private Path buildJar() throws IOException, URISyntaxException {
        Path sources = dir.resolve("src");
        write(sources.resolve("jarred/migrations/V1__CreateGadgets.java"), """
                package jarred.migrations;

                import dev.migrate.JavaMigration;
                import dev.migrate.MigrationContext;

                public class V1__CreateGadgets implements JavaMigration {
                    @Override
                    public void up(MigrationContext context) throws Exception {
                        context.execute("CREATE TABLE gadgets (id INT PRIMARY KEY, name VARCHAR(40))");
                        context.execute("INSERT INTO gadgets VALUES (" + Names.FIRST_ID + ", '" + Names.first() + "')");
                    }

                    @Override
                    public void down(MigrationContext context) throws Exception {
                        context.execute("DROP TABLE gadgets");
                    }
                }
                """);
        // A helper beside the migrations, with a nested class: neither is a migration.
        write(sources.resolve("jarred/migrations/Names.java"), """
                package jarred.migrations;

                public final class Names {
                    public static final int FIRST_ID = 1;

                    static final class Inner {
                    }

                    public static String first() {
                        return "sprocket";
                    }
                }
                """);
        write(sources.resolve("jarred/migrations/nested/SeedGadgets.java"), """
                package jarred.migrations.nested;

                import dev.migrate.JavaMigration;
                import dev.migrate.MigrationContext;
                import dev.migrate.MigrationInfo;

                @MigrationInfo(version = "2", description = "seed gadgets", dependsOn = "1")
                public class SeedGadgets implements JavaMigration {
                    @Override
                    public void up(MigrationContext context) throws Exception {
                        context.execute("INSERT INTO gadgets VALUES (2, 'widget')");
                    }

                    @Override
                    public void down(MigrationContext context) throws Exception {
                        context.execute("DELETE FROM gadgets WHERE id = 2");
                    }
                }
                """);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler).as("a JDK compiler").isNotNull();
        Path core = Path.of(JavaMigration.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> args = new java.util.ArrayList<>(List.of("-d", classes.toString(), "-classpath", core.toString(),
                "--release", "17"));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        int exit = compiler.run(null, null, errors, args.toArray(String[]::new));
        assertThat(exit).as("javac: %s", errors.toString(StandardCharsets.UTF_8)).isZero();

        Path jar = dir.resolve("gadget-migrations.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("jarred/migrations/V3__sql_beside.sql"));
            out.write("INSERT INTO gadgets VALUES (3, 'gizmo');\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new JarEntry("jarred/migrations/U3__sql_beside.sql"));
            out.write("DELETE FROM gadgets WHERE id = 3;\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
