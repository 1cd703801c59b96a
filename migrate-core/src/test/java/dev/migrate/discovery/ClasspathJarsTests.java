package dev.migrate.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code classpath:} locations in jars built without directory entries, which no class loader lookup
 * finds: each jar is read once, on a class loader given to the configuration and on the JDK's
 * application class loader ({@code java -cp}).
 */
class ClasspathJarsTests {

    @TempDir
    Path dir;

    /** A jar whose only entries are {@code files} (name, content pairs): no directory entries unless listed. */
    private Path jar(String name, Manifest manifest, String... files) throws IOException {
        Path jar = dir.resolve(name);
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = manifest == null ? new JarOutputStream(Files.newOutputStream(jar))
                : new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (int i = 0; i < files.length; i += 2) {
                out.putNextEntry(new JarEntry(files[i]));
                out.write(files[i + 1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void jarsWithoutDirectoryEntriesAreReadEachOnce() throws IOException {
        Path first = jar("no-dirs.jar", null, "db/lib/V1__no_dirs.sql", "SELECT 1;", "db/lib/.#V1__no_dirs.sql", "x");
        Path second = jar("other.jar", null, "db/lib/V2__other.sql", "SELECT 2;", "db/elsewhere/V3__not_here.sql", "SELECT 3;");
        // The same jar twice on the class path, and once more through a link: read once.
        Path link = Files.createSymbolicLink(dir.resolve("link.jar"), first);
        URL[] classPath = {first.toUri().toURL(), second.toUri().toURL(), first.toUri().toURL(), link.toUri().toURL()};
        try (URLClassLoader loader = new URLClassLoader(classPath, null)) {
            // The class loader alone finds nothing.
            assertThat(java.util.Collections.list(loader.getResources("db/lib/"))).isEmpty();

            MigrationScanner.ScanResult result = new MigrationScanner(loader).scanAll(List.of("classpath:db/lib"), List.of());

            assertThat(result.problems()).isEmpty();
            assertThat(result.migrations()).extracting(ResolvedMigration::location)
                    .containsExactly("classpath:db/lib/V1__no_dirs.sql", "classpath:db/lib/V2__other.sql");
        }
    }

    @Test
    void aJarWithoutDirectoryEntriesIsReadWhereAFolderAndAJarHaveTheLocation() throws IOException {
        // Bazel and zip -D build jars without directory entries: the class loader answers for the folder and the other jar only.
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("db/both"));
        Files.writeString(classes.resolve("db/both/V1__in_folder.sql"), "SELECT 1;");
        Path withoutDirectories = jar("no-dirs.jar", null, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n", "lib/Some.class", "x",
                "db/both/lib/V100__in_jar.sql", "SELECT 100;");
        Path withDirectories = jar("with-dirs.jar", null, "db/", "", "db/both/", "", "db/both/V2__with_dirs.sql", "SELECT 2;");
        URL[] classPath = {classes.toUri().toURL(), withoutDirectories.toUri().toURL(), withDirectories.toUri().toURL(),
                withoutDirectories.toUri().toURL()};
        try (URLClassLoader loader = new URLClassLoader(classPath, null)) {
            assertThat(java.util.Collections.list(loader.getResources("db/both/"))).hasSize(2);

            MigrationScanner.ScanResult result = new MigrationScanner(loader).scanAll(List.of("classpath:db/both"), List.of());

            assertThat(result.problems()).isEmpty();
            assertThat(result.migrations()).extracting(ResolvedMigration::location).containsExactly("classpath:db/both/V1__in_folder.sql",
                    "classpath:db/both/V2__with_dirs.sql", "classpath:db/both/lib/V100__in_jar.sql");
        }
    }

    @Test
    void aJarUrlOnTheClassLoaderIsOpenedThroughItsHandler() throws IOException {
        Path jar = jar("plain.jar", null, "db/jarurl/V1__a.sql", "SELECT 1;");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {new URL("jar:" + jar.toUri() + "!/")}, null)) {
            assertThat(new MigrationScanner(loader).scan(List.of("classpath:db/jarurl"), List.of()))
                    .extracting(ResolvedMigration::script).containsExactly("V1__a.sql");
        }
    }

    @Test
    void aVersionInTwoClassPathEntriesIsRefusedNamingBothEntries() throws IOException {
        // Two libraries that each ship db/migration/V1__init.sql, and a folder with a repeatable that a jar has too:
        // the location's path alone is the same for both files, so each is named with the jar or folder it is in.
        Path first = jar("first lib.jar", null, "db/", "", "db/dup/", "", "db/dup/V1__init.sql", "SELECT 1;");
        Path second = jar("second.jar", null, "db/", "", "db/dup/", "", "db/dup/V1__init.sql", "SELECT 2;",
                "db/dup/R__view.sql", "SELECT 3;");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("db/dup"));
        Files.writeString(classes.resolve("db/dup/R__view.sql"), "SELECT 4;");
        URL[] classPath = {first.toUri().toURL(), classes.toUri().toURL(), second.toUri().toURL()};
        try (URLClassLoader loader = new URLClassLoader(classPath, null)) {
            MigrationScanner.ScanResult result = new MigrationScanner(loader).scanAll(List.of("classpath:db/dup"), List.of());

            assertThat(result.problems()).containsExactlyInAnyOrder(
                    "Version 1 is used twice, by classpath:db/dup/V1__init.sql (in " + first + ") and classpath:db/dup/V1__init.sql (in "
                            + second + "): give one of them another version",
                    "Repeatable migrations classpath:db/dup/R__view.sql (in " + classes + ") and classpath:db/dup/R__view.sql (in "
                            + second + ") have the same description: rename one of them");
        }
    }

    @Test
    void aLocationOnlyInsideASpringBootJarOnTheClassPathIsMissingWithTheFix() throws IOException {
        // java -cp migrate.jar:app.jar with the jar the application ships as: its classes are under BOOT-INF/classes.
        Path app = jar("app.jar", null, "BOOT-INF/", "", "BOOT-INF/classes/", "", "BOOT-INF/classes/db/", "",
                "BOOT-INF/classes/db/boot/", "", "BOOT-INF/classes/db/boot/V1__a.sql", "SELECT 1;");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {app.toUri().toURL()}, null)) {
            MigrationScanner.ScanResult result = new MigrationScanner(loader).withoutMissingLocationLog()
                    .scanAll(List.of("classpath:db/boot"), List.of());

            assertThat(result.migrations()).isEmpty();
            assertThat(result.missingLocationWarnings()).containsExactly("Location classpath:db/boot does not exist, so no migrations were"
                    + " read from it: the class path has the Spring Boot executable jar " + app + ", which holds it as " + app
                    + "!/BOOT-INF/classes/db/boot, where a class path does not look. Extract the jar (java -Djarmode=tools -jar app.jar"
                    + " extract --destination app) and put app/app.jar on the class path instead: it holds the classes, and its manifest"
                    + " names the libraries");
        }
    }

    @Test
    void aJavaMigrationInTwoJarsIsRefusedNamingBothJars() throws Exception {
        Path sources = dir.resolve("src/db/twice");
        Files.createDirectories(sources);
        Files.writeString(sources.resolve("V1__Twice.java"), """
                package db.twice;

                public class V1__Twice implements dev.migrate.JavaMigration {
                    @Override
                    public void up(dev.migrate.MigrationContext context) {
                    }
                }
                """);
        Files.writeString(sources.resolve("Helper.java"), "package db.twice;\n\npublic final class Helper {\n}\n");
        Path classes = dir.resolve("compiled");
        String core = codeSource(dev.migrate.JavaMigration.class);
        assertThat(javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-cp", core, "-d",
                classes.toString(), sources.resolve("V1__Twice.java").toString(), sources.resolve("Helper.java").toString())).isZero();
        String migration = new String(Files.readAllBytes(classes.resolve("db/twice/V1__Twice.class")), StandardCharsets.ISO_8859_1);
        String helper = new String(Files.readAllBytes(classes.resolve("db/twice/Helper.class")), StandardCharsets.ISO_8859_1);
        // Two libraries that both ship the class (or two versions of one library): the class loader loads the first only.
        Path first = binaryJar("first.jar", "db/twice/V1__Twice.class", migration, "db/twice/Helper.class", helper);
        Path second = binaryJar("second.jar", "db/twice/V1__Twice.class", migration, "db/twice/Helper.class", helper);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {first.toUri().toURL(), second.toUri().toURL()},
                getClass().getClassLoader())) {
            MigrationScanner.ScanResult result = new MigrationScanner(loader).scanAll(List.of("classpath:db/twice"), List.of());

            assertThat(result.problems()).containsExactly("Java migration db.twice.V1__Twice is in two class path entries,"
                    + " classpath:db/twice/V1__Twice.class (in " + first + ") and classpath:db/twice/V1__Twice.class (in " + second
                    + "): only the first can be loaded, so the other never runs; give one of them another package or name, or remove"
                    + " one of the jars");
        }
    }

    /** A jar of {@code files} (name, content pairs with one char a byte), without directory entries. */
    private Path binaryJar(String name, String... files) throws IOException {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (int i = 0; i < files.length; i += 2) {
                out.putNextEntry(new JarEntry(files[i]));
                out.write(files[i + 1].getBytes(StandardCharsets.ISO_8859_1));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void aJarInsideASpringBootJarIsNamedByItsPathInThatJar() throws IOException {
        // Spring Boot's loader, which registers the nested: handler, is not on this class path.
        java.net.URLStreamHandler unopened = new java.net.URLStreamHandler() {
            @Override
            protected java.net.URLConnection openConnection(URL url) {
                throw new UnsupportedOperationException();
            }
        };
        assertThat(ResourceScanner.jarName(new URL(null, "nested:/srv/my%20app%20%C3%BC.jar/!BOOT-INF/lib/billing.jar", unopened)))
                .isEqualTo("/srv/my app ü.jar!/BOOT-INF/lib/billing.jar");
        assertThat(ResourceScanner.jarName(new URL(null, "nested:/srv/app.jar/!BOOT-INF/classes/", unopened)))
                .isEqualTo("/srv/app.jar!/BOOT-INF/classes");
        assertThat(ResourceScanner.jarName(dir.resolve("lib ü.jar").toUri().toURL())).isEqualTo(dir.resolve("lib ü.jar").toString());
    }

    @Test
    void aClasspathLocationThatIsAFileIsRefusedWithTheFolderToName() throws IOException {
        Path jar = jar("scripts.jar", null, "db/", "", "db/files/", "", "db/files/V1__in_jar.sql", "SELECT 1;");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("db/files"));
        Files.writeString(classes.resolve("db/files/V2__in_folder.sql"), "SELECT 2;");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL(), classes.toUri().toURL()}, null)) {
            MigrationScanner scanner = new MigrationScanner(loader);

            // Read as an empty folder that exists, each would migrate nothing without a word.
            assertThatThrownBy(() -> scanner.scanAll(List.of("classpath:db/files/V1__in_jar.sql"), List.of()))
                    .isInstanceOf(dev.migrate.ConfigurationException.class)
                    .hasMessage("Location classpath:db/files/V1__in_jar.sql is the file jar:" + jar.toUri().toURL() + "!/db/files/V1__in_jar.sql,"
                            + " not a folder: a classpath: location is a folder of migrations; name the folder that holds it"
                            + " (classpath:db/files)");
            assertThatThrownBy(() -> scanner.scanAll(List.of("classpath:db/files/V2__in_folder.sql"), List.of()))
                    .isInstanceOf(dev.migrate.ConfigurationException.class)
                    .hasMessageStartingWith("Location classpath:db/files/V2__in_folder.sql is the file file:")
                    .hasMessageEndingWith("(classpath:db/files)");
            assertThat(scanner.scan(List.of("classpath:db/files"), List.of())).extracting(ResolvedMigration::script)
                    .containsExactly("V1__in_jar.sql", "V2__in_folder.sql");
        }
    }

    /** Run in a JVM of its own, whose application class loader has the jars: prints what a scan finds. */
    public static final class PrintScan {
        public static void main(String[] args) {
            MigrationScanner.ScanResult result = new MigrationScanner(ClassLoader.getSystemClassLoader())
                    .scanAll(List.of(args), List.of());
            result.migrations().forEach(m -> System.out.println("found " + m.location()));
            result.problems().forEach(p -> System.out.println("problem " + p));
            result.missingLocations().forEach(l -> System.out.println("missing " + l));
        }
    }

    @Test
    void jarsWithoutDirectoryEntriesAreFoundOnTheApplicationClassPath() throws Exception {
        Path withDirectories = jar("with-dirs.jar", null, "db/other/", "", "db/other/V2__with_dirs.sql", "SELECT 2;");
        Path withoutDirectories = jar("no-dirs.jar", null, "db/app/V1__no_dirs.sql", "SELECT 1;");
        Path onlyInManifest = jar("lib/in-manifest.jar", null, "db/app/sub/V3__through_manifest.sql", "SELECT 3;");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/in-manifest.jar");
        Path pathing = jar("pathing.jar", manifest);

        List<String> classPath = List.of(codeSource(MigrationScanner.class), codeSource(org.slf4j.Logger.class),
                codeSource(ClasspathJarsTests.class), withDirectories.toString(), withoutDirectories.toString(), pathing.toString());
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classPath), PrintScan.class.getName(), "classpath:db/app", "classpath:db/app2")
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(output.lines().filter(line -> !line.contains("SLF4J"))).as(output).containsExactly(
                "found classpath:db/app/V1__no_dirs.sql", "found classpath:db/app/sub/V3__through_manifest.sql",
                "missing classpath:db/app2");
        assertThat(onlyInManifest).exists();
    }

    @Test
    void aJarWithoutDirectoryEntriesIsReadBesideAFolderOnTheApplicationClassPath() throws Exception {
        // java -cp migrate.jar:nodirs.jar:dir, as the CLI is started with a jar built by Bazel or zip -D.
        Path folder = dir.resolve("dir");
        Files.createDirectories(folder.resolve("db/migration"));
        Files.writeString(folder.resolve("db/migration/V1__in_folder.sql"), "SELECT 1;");
        Path withoutDirectories = jar("nodirs.jar", null, "db/migration/lib/V100__x.sql", "SELECT 100;");

        List<String> classPath = List.of(codeSource(MigrationScanner.class), codeSource(org.slf4j.Logger.class),
                codeSource(ClasspathJarsTests.class), withoutDirectories.toString(), folder.toString());
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classPath), PrintScan.class.getName(), "classpath:db/migration")
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(output.lines().filter(line -> !line.contains("SLF4J"))).as(output).containsExactly(
                "found classpath:db/migration/V1__in_folder.sql", "found classpath:db/migration/lib/V100__x.sql");
    }

    @Test
    void aFolderBehindAUrlOfAnotherFileSystemIsListedThroughIt() {
        // A native image answers resource: URLs with a file system of their own; the JDK's jrt: file system stands in
        // for it: a loader that answers a jrt: folder for the location.
        ClassLoader loader = new ClassLoader(null) {
            @Override
            public java.util.Enumeration<URL> getResources(String name) throws IOException {
                return java.util.Collections.enumeration(name.equals("db/spi/")
                        ? List.of(java.net.URI.create("jrt:/java.base/java/nio/file/spi/").toURL()) : List.of());
            }
        };
        List<Resource> found = new ResourceScanner(loader).scan("classpath:db/spi");
        assertThat(found).extracting(Resource::relativePath).contains("FileSystemProvider.class", "FileTypeDetector.class");
        assertThat(found).extracting(Resource::description).contains("classpath:db/spi/FileSystemProvider.class");
    }

    @Test
    void aUrlOfNoFileSystemIsRefusedNamingTheLocation() {
        ClassLoader loader = new ClassLoader(null) {
            @Override
            public java.util.Enumeration<URL> getResources(String name) throws IOException {
                return java.util.Collections.enumeration(name.equals("db/odd/")
                        ? List.of(new URL("http://127.0.0.1:9/db/odd/")) : List.of());
            }
        };
        assertThatThrownBy(() -> new ResourceScanner(loader).scan("classpath:db/odd"))
                .hasMessageStartingWith("Location classpath:db/odd resolves to http://127.0.0.1:9/db/odd/, which is neither a directory"
                        + " nor a jar").hasMessageEndingWith("use filesystem: for other places");
    }

    private static String codeSource(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
