package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.migrate.internal.DriverDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.text.Normalizer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names outside ASCII in the two forms Unicode has for them: macOS gives {@code vüe} decomposed ({@code u} +
 * U+0308, NFD), Linux and Windows as written (composed, NFC). One repository checked out on both is one set of
 * migrations: a repeatable applied from one checkout is up to date in the other.
 */
class UnicodeFileNameTests {

    private static final String REPEATABLE = "R__vüe_café.sql";
    private static final String VERSIONED = "V1__créer_table.sql";

    @TempDir
    Path dir;

    @BeforeEach
    void fileNamesAreUnicode() {
        // Under a C locale the JVM cannot write these names at all (they become '?').
        assumeTrue(StandardCharsets.UTF_8.name().equalsIgnoreCase(System.getProperty("sun.jnu.encoding", "UTF-8")),
                "file names need a UTF-8 locale");
    }

    private Path checkout(String name, Normalizer.Form form) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve(Normalizer.normalize(VERSIONED, form)), "CREATE TABLE t (id INT);\n");
        Files.writeString(folder.resolve(Normalizer.normalize(REPEATABLE, form)), "CREATE OR REPLACE VIEW v AS SELECT id FROM t;\n");
        return folder;
    }

    private static Migrator migrator(String url, Path folder) {
        return Migrator.create(new DriverDataSource(url, "sa", ""), MigratorConfig.builder().locations("filesystem:" + folder).build());
    }

    @Test
    void aDecomposedCheckoutFindsWhatAComposedOneApplied() throws IOException {
        Path linux = checkout("linux", Normalizer.Form.NFC);
        Path mac = checkout("mac", Normalizer.Form.NFD);
        assertThat(Files.exists(mac.resolve(Normalizer.normalize(REPEATABLE, Normalizer.Form.NFD)))).isTrue();
        String url = "jdbc:h2:" + dir.resolve("db");

        migrator(url, linux).migrate();
        StatusResult fromMac = migrator(url, mac).status();
        assertThat(fromMac.pending()).as("nothing pending from the other checkout").isEmpty();
        assertThat(fromMac.problems()).isEmpty();
        assertThat(fromMac.applied()).extracting(AppliedMigration::description).containsExactly("créer table", "vüe café");
        assertThat(migrator(url, mac).migrate().applied()).as("the repeatable is not applied again").isEmpty();
    }

    @Test
    void aRepeatableRecordedDecomposedIsFoundByItsComposedFile() throws Exception {
        Path linux = checkout("linux", Normalizer.Form.NFC);
        String url = "jdbc:h2:" + dir.resolve("db");
        migrator(url, linux).migrate();
        // As a run from a macOS checkout recorded it before names were composed.
        try (Connection c = new DriverDataSource(url, "sa", "").getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE migrate_history SET description = ?, script = ? WHERE version IS NULL")) {
            ps.setString(1, Normalizer.normalize("vüe café", Normalizer.Form.NFD));
            ps.setString(2, Normalizer.normalize(REPEATABLE, Normalizer.Form.NFD));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        StatusResult status = migrator(url, linux).status();
        assertThat(status.pending()).isEmpty();
        assertThat(status.problems()).isEmpty();
        assertThat(migrator(url, linux).migrate().applied()).isEmpty();
    }

    @Test
    void theSameNameInBothFormsIsOneRepeatable() throws IOException {
        Path linux = checkout("linux", Normalizer.Form.NFC);
        Path mac = checkout("mac", Normalizer.Form.NFD);
        ValidationResult result = Migrator.validateFiles(MigratorConfig.builder()
                .locations("filesystem:" + linux, "filesystem:" + mac).build(), "h2");
        assertThat(result.errors()).anySatisfy(e -> assertThat(e).contains("Repeatable migrations").contains("have the same description"))
                .anySatisfy(e -> assertThat(e).contains("Version 1 is used twice"));
    }
}
