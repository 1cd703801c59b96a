package dev.migrate.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.JavaMigration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java migration classes in a {@code classpath:} location that the class loader cannot load (a
 * superclass missing from the class path, a class compiled for a newer Java) are errors naming them:
 * skipped, they would never run, and later versions would run past them.
 */
class UnloadableJavaMigrationTests {

    @TempDir
    Path dir;

    @Test
    void aMigrationClassThatCannotBeLoadedIsAProblemNamingItAndItsCause() throws Exception {
        Path classes = compile();
        // Left off the class path, as a jar missing from java -cp would be.
        try (Stream<Path> helper = Files.walk(classes.resolve("unloadable/helper"))) {
            for (Path file : helper.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        // Compiled for a Java that does not exist yet: the class file's major version says so.
        Path tooNew = classes.resolve("unloadable/migrations/V5__TooNew.class");
        byte[] bytes = Files.readAllBytes(tooNew);
        bytes[6] = 0;
        bytes[7] = 99;
        Files.write(tooNew, bytes);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            MigrationScanner.ScanResult result = new MigrationScanner(loader).scanAll(List.of("classpath:unloadable/migrations"), List.of());

            assertThat(result.migrations()).extracting(ResolvedMigration::script).containsExactly("unloadable.migrations.V1__Loads");
            String location = "classpath:unloadable/migrations/";
            assertThat(result.problems()).contains(
                    "Java migration unloadable.migrations.V2__NeedsBase (" + location + "V2__NeedsBase.class) could not be loaded"
                            + " (java.lang.NoClassDefFoundError: unloadable/helper/Base): a class it needs is not on the class path:"
                            + " add the jar or folder that holds it",
                    "Java migration unloadable.migrations.AnnotatedNeedsBase (" + location + "AnnotatedNeedsBase.class) could not"
                            + " be loaded (java.lang.NoClassDefFoundError: unloadable/helper/Base): a class it needs is not on the"
                            + " class path: add the jar or folder that holds it",
                    "Java migration unloadable.migrations.NeedsBase (" + location + "NeedsBase.class) could not be loaded"
                            + " (java.lang.NoClassDefFoundError: unloadable/helper/Base): a class it needs is not on the class path:"
                            + " add the jar or folder that holds it");
            assertThat(result.problems()).hasSize(4).noneMatch(p -> p.contains("HelperNeedsBase"));
            assertThat(result.problems()).anySatisfy(p -> assertThat(p).startsWith("Java migration unloadable.migrations.V5__TooNew ("
                    + location + "V5__TooNew.class) could not be loaded (java.lang.UnsupportedClassVersionError: ")
                    .endsWith("it was compiled for a newer Java than this one (" + Runtime.version().feature() + "): compile it with"
                            + " --release " + Runtime.version().feature() + " or lower, or run on a newer Java"));
        }
    }

    /**
     * Compiles a base class and, beside a migration that loads, three migrations that extend the base
     * (one named as a migration, one annotated, one naming {@link JavaMigration} itself), a helper
     * that extends it too, and a migration later marked as compiled for a newer Java.
     */
    private Path compile() throws IOException, URISyntaxException {
        Path sources = dir.resolve("src");
        write(sources.resolve("unloadable/helper/Base.java"), """
                package unloadable.helper;

                public abstract class Base implements dev.migrate.JavaMigration {
                    public static String name() {
                        return "base";
                    }
                }
                """);
        write(sources.resolve("unloadable/migrations/V1__Loads.java"), """
                package unloadable.migrations;

                public class V1__Loads implements dev.migrate.JavaMigration {
                    public void up(dev.migrate.MigrationContext context) {
                    }
                }
                """);
        write(sources.resolve("unloadable/migrations/V2__NeedsBase.java"), """
                package unloadable.migrations;

                public class V2__NeedsBase extends unloadable.helper.Base {
                    public void up(dev.migrate.MigrationContext context) {
                    }
                }
                """);
        write(sources.resolve("unloadable/migrations/AnnotatedNeedsBase.java"), """
                package unloadable.migrations;

                @dev.migrate.MigrationInfo(version = "3")
                public class AnnotatedNeedsBase extends unloadable.helper.Base {
                    public void up(dev.migrate.MigrationContext context) {
                    }
                }
                """);
        write(sources.resolve("unloadable/migrations/NeedsBase.java"), """
                package unloadable.migrations;

                public class NeedsBase extends unloadable.helper.Base implements dev.migrate.JavaMigration {
                    public void up(dev.migrate.MigrationContext context) {
                    }
                }
                """);
        // A helper that fails to load for the same reason, but is neither named nor marked as a migration.
        write(sources.resolve("unloadable/migrations/HelperNeedsBase.java"), """
                package unloadable.migrations;

                public class HelperNeedsBase extends unloadable.helper.Base {
                    public void up(dev.migrate.MigrationContext context) {
                    }
                }
                """);
        write(sources.resolve("unloadable/migrations/V5__TooNew.java"), """
                package unloadable.migrations;

                public class V5__TooNew implements dev.migrate.JavaMigration {
                    public void up(dev.migrate.MigrationContext context) {
                    }
                }
                """);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler).as("a JDK compiler").isNotNull();
        Path core = Path.of(JavaMigration.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", core.toString(), "--release", "17"));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        assertThat(compiler.run(null, null, errors, args.toArray(String[]::new))).as("javac: %s", errors.toString(StandardCharsets.UTF_8))
                .isZero();
        return classes;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
