package dev.migrate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Migrations shipped in a library jar that Spring Boot packs into the sample app's executable jar
 * ({@code BOOT-INF/lib}), run the three ways a deployment runs such a jar: {@code java -jar app.jar},
 * the layout {@code java -Djarmode=tools -jar app.jar extract} writes, and the unpacked jar under
 * {@code JarLauncher}. Each must find the same files under the same names with the same checksums, or a
 * deployment after another kind of run fails validation.
 */
class PackagedJarTests {

    private static final String JAVA_MIGRATION = """
            package db.migration.lib;

            public class V101__LibJava implements dev.migrate.JavaMigration {
                @Override
                public void up(dev.migrate.MigrationContext context) throws Exception {
                    try (var statement = context.connection().createStatement()) {
                        statement.execute("INSERT INTO lib_table (name) VALUES ('from java')");
                    }
                }
            }
            """;

    @Test
    void aLibraryJarsMigrationsRunFromTheFatJarAndNeedNothingFromTheExtractedOrUnpackedJar() throws Exception {
        Path work = Scripts.folder("packaged-");
        Path app = fatJar(work.resolve("app.jar"), Map.of("BOOT-INF/lib/library.jar", library(work)));
        String url = "jdbc:h2:file:" + work.resolve("db") + ";USER=sa";

        Proc fat = run("fat-jar", work, url, List.of("-jar", app.toString()));
        assertThat(fat.output()).contains("Applied version 100 lib/V100__lib_table.sql", "Applied version 101 db.migration.lib.V101__LibJava",
                "Applied repeatable lib/R__lib_view.sql");
        List<String> history = history(url);
        assertThat(history).contains("100 lib/V100__lib_table.sql " + checksum("CREATE TABLE lib_table (name VARCHAR(50));\n"),
                "101 db.migration.lib.V101__LibJava null");

        Path extracted = work.resolve("extracted");
        assertThat(Proc.start("extract", List.of(Proc.java(), "-Djarmode=tools", "-jar", app.toString(), "extract", "--destination",
                extracted.toString()), work, Map.of()).await(Duration.ofMinutes(1))).isZero();
        Proc fromExtracted = run("extracted", work, url, List.of("-jar", extracted.resolve("app.jar").toString()));
        assertThat(fromExtracted.output()).contains("Schema is up to date at version 101: nothing to migrate");

        Path unpacked = unzip(app, work.resolve("unpacked"));
        Proc fromUnpacked = run("unpacked", work, url, List.of("-cp", unpacked.toString(), "org.springframework.boot.loader.launch.JarLauncher"));
        assertThat(fromUnpacked.output()).contains("Schema is up to date at version 101: nothing to migrate");
        assertThat(history(url)).isEqualTo(history);
    }

    @Test
    void aVersionInTwoLibraryJarsIsRefusedNamingEachJarInsideTheFatJar() throws Exception {
        Path work = Scripts.folder("packaged-twice-");
        byte[] library = library(work);
        Map<String, byte[]> libs = new LinkedHashMap<>();
        libs.put("BOOT-INF/lib/billing.jar", library);
        libs.put("BOOT-INF/lib/orders.jar", library);
        Path app = fatJar(work.resolve("app.jar"), libs);

        Proc refused = Proc.start("fat-jar-twice", command("jdbc:h2:file:" + work.resolve("db") + ";USER=sa", List.of("-jar", app.toString())),
                work, Map.of());
        assertThat(refused.await(Duration.ofMinutes(2))).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("Version 100 is used twice, by classpath:db/migration/lib/V100__lib_table.sql (in " + app
                + "!/BOOT-INF/lib/billing.jar) and classpath:db/migration/lib/V100__lib_table.sql (in " + app + "!/BOOT-INF/lib/orders.jar)");
    }

    /** Starts the sample app with the dev profile on {@code url}, without a web server, and waits for it to succeed. */
    private static Proc run(String name, Path work, String url, List<String> launch) throws InterruptedException {
        Proc proc = Proc.start(name, command(url, launch), work, Map.of());
        assertThat(proc.await(Duration.ofMinutes(2))).as(proc.output()).isZero();
        return proc;
    }

    private static List<String> command(String url, List<String> launch) {
        List<String> command = new ArrayList<>(List.of(Proc.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m"));
        command.addAll(launch);
        command.addAll(List.of("--spring.main.web-application-type=none", "--spring.main.banner-mode=off", "--spring.datasource.url=" + url));
        return command;
    }

    /** A library jar as a build writes it (with directory entries): SQL in a sub-folder of db/migration and a Java migration. */
    private static byte[] library(Path work) throws IOException {
        Path sources = Files.createDirectories(work.resolve("library-src/db/migration/lib"));
        Path classes = Files.createDirectories(work.resolve("library-classes"));
        Files.writeString(sources.resolve("V101__LibJava.java"), JAVA_MIGRATION);
        Path core = work.resolve("migrate-core.jar");
        try (ZipFile app = new ZipFile(Settings.appJar().toFile())) {
            ZipEntry entry = app.stream().filter(e -> e.getName().matches("BOOT-INF/lib/migrate-core-.*\\.jar")).findFirst().orElseThrow();
            try (InputStream in = app.getInputStream(entry)) {
                Files.copy(in, core);
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "--release", "17", "-cp", core.toString(), "-d", classes.toString(),
                sources.resolve("V101__LibJava.java").toString())).isZero();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            for (String folder : List.of("db/", "db/migration/", "db/migration/lib/")) {
                jar.putNextEntry(new JarEntry(folder));
                jar.closeEntry();
            }
            put(jar, "db/migration/lib/V100__lib_table.sql", "CREATE TABLE lib_table (name VARCHAR(50));\n".getBytes(StandardCharsets.UTF_8));
            put(jar, "db/migration/lib/R__lib_view.sql", "CREATE OR REPLACE VIEW lib_view AS SELECT name FROM lib_table;\n"
                    .getBytes(StandardCharsets.UTF_8));
            put(jar, "db/migration/lib/V101__LibJava.class", Files.readAllBytes(classes.resolve("db/migration/lib/V101__LibJava.class")));
        }
        return bytes.toByteArray();
    }

    /**
     * The sample app's jar with {@code libs} added to {@code BOOT-INF/lib}, stored as Spring Boot stores
     * nested jars and listed in its class path and layers indexes as its build would list them.
     */
    private static Path fatJar(Path target, Map<String, byte[]> libs) throws IOException {
        try (ZipFile source = new ZipFile(Settings.appJar().toFile()); OutputStream file = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = source.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                byte[] content;
                try (InputStream in = source.getInputStream(entry)) {
                    content = in.readAllBytes();
                }
                if (entry.getName().equals("BOOT-INF/classpath.idx")) {
                    StringBuilder index = new StringBuilder(new String(content, StandardCharsets.UTF_8));
                    libs.keySet().forEach(lib -> index.append("- \"").append(lib).append("\"\n"));
                    content = index.toString().getBytes(StandardCharsets.UTF_8);
                } else if (entry.getName().equals("BOOT-INF/layers.idx")) {
                    StringBuilder listed = new StringBuilder();
                    libs.keySet().forEach(lib -> listed.append("  - \"").append(lib).append("\"\n"));
                    content = new String(content, StandardCharsets.UTF_8).replace("- \"dependencies\":\n", "- \"dependencies\":\n" + listed)
                            .getBytes(StandardCharsets.UTF_8);
                }
                if (entry.getMethod() == ZipEntry.STORED) {
                    store(out, entry.getName(), content);
                } else {
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    out.write(content);
                    out.closeEntry();
                }
            }
            for (Map.Entry<String, byte[]> lib : libs.entrySet()) {
                store(out, lib.getKey(), lib.getValue());
            }
        }
        return target;
    }

    private static void store(ZipOutputStream out, String name, byte[] content) throws IOException {
        ZipEntry stored = new ZipEntry(name);
        stored.setMethod(ZipEntry.STORED);
        stored.setSize(content.length);
        stored.setCompressedSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        stored.setCrc(crc.getValue());
        out.putNextEntry(stored);
        out.write(content);
        out.closeEntry();
    }

    private static void put(JarOutputStream jar, String name, byte[] content) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(content);
        jar.closeEntry();
    }

    private static Path unzip(Path jar, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                Path file = target.resolve(entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, file);
                    }
                }
            }
        }
        return target;
    }

    /** Each history row as {@code version script checksum}, in rank order. */
    private static List<String> history(String url) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT version, script, checksum FROM migrate_history ORDER BY installed_rank")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getObject(3));
            }
        }
        return rows;
    }

    /** Migrate's checksum of a script without carriage returns or a BOM: CRC32 of its UTF-8 bytes. */
    private static int checksum(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
