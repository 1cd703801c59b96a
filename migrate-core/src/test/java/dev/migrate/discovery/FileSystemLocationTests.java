package dev.migrate.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a {@code filesystem:} location is walked: hidden entries, links, and a file reached twice. */
class FileSystemLocationTests {

    @TempDir
    Path dir;

    private final MigrationScanner scanner = new MigrationScanner(getClass().getClassLoader());

    private Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private MigrationScanner.ScanResult scan(String... locations) {
        return scanner.scanAll(List.of(locations), List.of());
    }

    @Test
    void aKubernetesConfigMapMountIsReadOnceThroughItsVisibleNames() throws IOException {
        // The layout the kubelet writes: the files live in a hidden, timestamped folder reached through
        // the hidden link ..data, and every visible name is a link into ..data.
        Path mount = dir.resolve("sql");
        Path timestamped = mount.resolve("..2026_12_06_18_40_00.123456789");
        write(timestamped.resolve("V1__a.sql"), "CREATE TABLE a (id INT);");
        write(timestamped.resolve("V2__b.sql"), "CREATE TABLE b (id INT);");
        Files.createSymbolicLink(mount.resolve("..data"), timestamped.getFileName());
        Files.createSymbolicLink(mount.resolve("V1__a.sql"), Path.of("..data/V1__a.sql"));
        Files.createSymbolicLink(mount.resolve("V2__b.sql"), Path.of("..data/V2__b.sql"));

        MigrationScanner.ScanResult result = scan("filesystem:" + mount);

        assertThat(result.problems()).isEmpty();
        assertThat(result.migrations()).extracting(ResolvedMigration::location)
                .containsExactly("filesystem:" + mount + "/V1__a.sql", "filesystem:" + mount + "/V2__b.sql");
    }

    @Test
    void hiddenFilesAndFoldersAreIgnored() throws IOException {
        write(dir.resolve("V1__a.sql"), "SELECT 1;");
        // An Emacs lock file is a dangling link, macOS writes ._ files of resource forks, and a .git
        // or .history folder holds old copies: none of them is a migration.
        Files.createSymbolicLink(dir.resolve(".#V1__a.sql"), Path.of("user@host.1234:1700000000"));
        Files.write(dir.resolve("._V1__a.sql"), new byte[] {0, 5, 22, 7, (byte) 0xff});
        write(dir.resolve(".git/V1__a.sql"), "SELECT 1;");
        write(dir.resolve("sub/.history/V9__old.sql"), "SELECT 9;");
        write(dir.resolve("sub/V2__b.sql"), "SELECT 2;");

        MigrationScanner.ScanResult result = scan("filesystem:" + dir);

        assertThat(result.problems()).isEmpty();
        assertThat(result.migrations()).extracting(ResolvedMigration::script).containsExactly("V1__a.sql", "sub/V2__b.sql");
    }

    @Test
    void aFileLinkedBesideItselfCountsOnce() throws IOException {
        write(dir.resolve("V1__a.sql"), "SELECT 1;");
        Files.createSymbolicLink(dir.resolve("V1__alias.sql"), Path.of("V1__a.sql"));
        write(dir.resolve("sub/U1__a.sql"), "SELECT -1;");
        Files.createSymbolicLink(dir.resolve("U1__again.sql"), Path.of("sub/U1__a.sql"));
        write(dir.resolve("R__view.sql"), "SELECT 'r';");
        Files.createSymbolicLink(dir.resolve("sub/R__view.sql"), Path.of("../R__view.sql"));

        MigrationScanner.ScanResult result = scan("filesystem:" + dir);

        assertThat(result.problems()).isEmpty();
        assertThat(result.migrations()).extracting(ResolvedMigration::script).containsExactly("V1__a.sql", "R__view.sql");
        assertThat(result.migrations().get(0).isReversible()).isTrue();
    }

    @Test
    void twoFilesOfOneVersionAreStillADuplicate() throws IOException {
        write(dir.resolve("V1__a.sql"), "SELECT 1;");
        write(dir.resolve("sub/V1__b.sql"), "SELECT 1;");

        assertThat(scan("filesystem:" + dir).problems()).containsExactly("Version 1 is used twice, by filesystem:" + dir
                + "/V1__a.sql and filesystem:" + dir + "/sub/V1__b.sql: give one of them another version");
    }
}
