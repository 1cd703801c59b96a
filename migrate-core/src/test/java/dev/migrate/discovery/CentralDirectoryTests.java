package dev.migrate.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telling from a jar's central directory whether it holds a location the class loader cannot answer for. */
class CentralDirectoryTests {

    @TempDir
    Path dir;

    /** A zip of the entries named, each holding its name, after {@code before} and with {@code comment}. */
    private Path zip(String name, String before, String comment, String... entries) throws IOException {
        Path zip = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(zip)) {
            file.write(before.getBytes(StandardCharsets.UTF_8));
            ZipOutputStream out = new ZipOutputStream(file);
            for (String entry : entries) {
                out.putNextEntry(new ZipEntry(entry));
                out.write(entry.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
            out.setComment(comment);
            out.finish();
        }
        return zip;
    }

    @Test
    void aJarWithoutDirectoryEntriesHoldingTheLocationMayHoldIt() throws IOException {
        Path jar = zip("bazel.jar", "", "", "META-INF/", "META-INF/MANIFEST.MF", "com/acme/Lib.class", "db/migration/lib/V100__x.sql");

        assertThat(CentralDirectory.mayHoldUnlisted(jar.toFile(), "db/migration")).isTrue();
        assertThat(CentralDirectory.mayHoldUnlisted(jar.toFile(), "db/migration/lib")).isTrue();
        assertThat(CentralDirectory.mayHoldUnlisted(jar.toFile(), "db/other")).isFalse();
        assertThat(CentralDirectory.mayHoldUnlisted(jar.toFile(), "db/migration/li")).isFalse();
    }

    @Test
    void aJarThatWritesDirectoryEntriesIsLeftToTheClassLoader() throws IOException {
        // Its first file's folder has an entry: had it the location's folder, the class loader would have found it.
        Path jar = zip("maven.jar", "", "", "META-INF/", "META-INF/MANIFEST.MF", "com/", "com/acme/", "com/acme/Lib.class",
                "db/migration/V1__a.sql");

        assertThat(CentralDirectory.mayHoldUnlisted(jar.toFile(), "db/migration")).isFalse();
    }

    @Test
    void aCommentOrALaunchScriptAroundTheArchiveChangesNothing() throws IOException {
        Path commented = zip("commented.jar", "", "built by hand", "db/migration/V1__a.sql");
        Path launchable = zip("launchable.jar", "#!/bin/sh\nexec java -jar \"$0\" \"$@\"\n", "", "db/migration/V1__a.sql");

        assertThat(CentralDirectory.mayHoldUnlisted(commented.toFile(), "db/migration")).isTrue();
        assertThat(CentralDirectory.mayHoldUnlisted(launchable.toFile(), "db/migration")).isTrue();
        assertThat(CentralDirectory.mayHoldUnlisted(launchable.toFile(), "db/other")).isFalse();
    }

    @Test
    void aFileThatIsNoArchiveHoldsNothing() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "db/migration/V1__a.sql is not in here\n".repeat(10));
        Path empty = Files.writeString(dir.resolve("empty.jar"), "");

        assertThat(CentralDirectory.mayHoldUnlisted(text.toFile(), "db/migration")).isFalse();
        assertThat(CentralDirectory.mayHoldUnlisted(empty.toFile(), "db/migration")).isFalse();
    }
}
