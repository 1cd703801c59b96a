package dev.migrate.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.migrate.ConfigurationException;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * How {@code filesystem:} locations are walked: hidden entries, links, a file reached twice, and
 * locations listed twice or inside one another.
 */
class FileSystemLocationTests {

    @TempDir
    Path dir;

    private final MigrationScanner scanner = new MigrationScanner(getClass().getClassLoader());

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final ch.qos.logback.classic.Logger scannerLog =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(MigrationScanner.class);
    private final ch.qos.logback.classic.Logger resourceLog =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ResourceScanner.class);

    @BeforeEach
    void captureLog() {
        log.start();
        scannerLog.addAppender(log);
        resourceLog.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        scannerLog.detachAppender(log);
        resourceLog.detachAppender(log);
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

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

    /** A SQL callback reached again through a link into (or out of) a sub-folder of its location runs once, as a migration counts once. */
    @Test
    void aCallbackLinkedBesideItselfRunsOnce() throws IOException {
        write(dir.resolve("sub/beforeMigrate.sql"), "INSERT INTO log VALUES ('before');");
        Files.createSymbolicLink(dir.resolve("beforeMigrate.sql"), Path.of("sub/beforeMigrate.sql"));
        Files.createSymbolicLink(dir.resolve("beforeMigrate__alias.sql"), Path.of("sub/beforeMigrate.sql"));
        write(dir.resolve("afterMigrate.sql"), "INSERT INTO log VALUES ('after');");
        Files.createSymbolicLink(dir.resolve("sub/afterMigrate.sql"), Path.of("../afterMigrate.sql"));
        // Not one file: two callbacks, even with the same text.
        write(dir.resolve("other/afterMigrate__copy.sql"), "INSERT INTO log VALUES ('after');");

        MigrationScanner.ScanResult result = scan("filesystem:" + dir);

        assertThat(result.problems()).isEmpty();
        assertThat(result.callbacks(dev.migrate.MigrationCallback.Event.BEFORE_MIGRATE)).extracting(SqlCallback::source)
                .containsExactly("beforeMigrate.sql");
        assertThat(result.callbacks(dev.migrate.MigrationCallback.Event.AFTER_MIGRATE)).extracting(SqlCallback::source)
                .containsExactly("afterMigrate.sql", "other/afterMigrate__copy.sql");
    }

    @Test
    void oneCallbackFoundThroughTwoLocationsIsNamedAsSuch() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        write(a.resolve("beforeMigrate.sql"), "SELECT 1;");
        Files.createDirectories(b);
        Files.createSymbolicLink(b.resolve("beforeMigrate.sql"), Path.of("../a/beforeMigrate.sql"));

        assertThat(scan("filesystem:" + a, "filesystem:" + b).problems()).containsExactly("Files filesystem:" + a + "/beforeMigrate.sql"
                + " and filesystem:" + b + "/beforeMigrate.sql are one file, found through the locations filesystem:" + a + " and"
                + " filesystem:" + b + ": list it in one location only (remove a location, or the link that leads from one to the other)");
    }

    @Test
    void twoFilesOfOneVersionAreStillADuplicate() throws IOException {
        write(dir.resolve("V1__a.sql"), "SELECT 1;");
        write(dir.resolve("sub/V1__b.sql"), "SELECT 1;");

        assertThat(scan("filesystem:" + dir).problems()).containsExactly("Version 1 is used twice, by filesystem:" + dir
                + "/V1__a.sql and filesystem:" + dir + "/sub/V1__b.sql: give one of them another version");
    }

    @Test
    void aLocationListedTwiceIsReadOnceWithAWarning() throws IOException {
        Path db = dir.resolve("db");
        write(db.resolve("V1__a.sql"), "SELECT 1;");
        write(db.resolve("sub/V2__b.sql"), "SELECT 2;");
        Files.createSymbolicLink(dir.resolve("db-link"), db);

        MigrationScanner.ScanResult result = scan("filesystem:" + db, db + "/", "filesystem:" + db + "/./", "filesystem:" + dir.resolve("db-link"),
                "filesystem:" + db);

        assertThat(result.problems()).isEmpty();
        assertThat(result.migrations()).extracting(ResolvedMigration::script).containsExactly("V1__a.sql", "sub/V2__b.sql");
        assertThat(warnings()).containsExactly(
                "Location " + db + "/ is listed twice (as filesystem:" + db + " too), so it is read once: remove one of them",
                "Location filesystem:" + db + "/./ is listed twice (as filesystem:" + db + " too), so it is read once: remove one of them",
                "Location filesystem:" + dir.resolve("db-link") + " is listed twice (as filesystem:" + db + " too), so it is read once:"
                        + " remove one of them",
                "Location filesystem:" + db + " is listed twice, so it is read once: remove one of them");
    }

    @Test
    void aLocationInsideAnotherIsReadThroughItWithAWarning() throws IOException {
        Path db = dir.resolve("db");
        write(db.resolve("V1__a.sql"), "SELECT 1;");
        write(db.resolve("sub/V2__b.sql"), "SELECT 2;");
        write(dir.resolve("dbx/V3__c.sql"), "SELECT 3;");

        // Either order: the script keeps its path below the outer location.
        for (List<String> locations : List.of(List.of("filesystem:" + db.resolve("sub"), "filesystem:" + db, "filesystem:" + dir.resolve("dbx")),
                List.of("filesystem:" + db, "filesystem:" + db.resolve("sub"), "filesystem:" + dir.resolve("dbx")))) {
            log.list.clear();
            MigrationScanner.ScanResult result = scanner.scanAll(locations, List.of());

            assertThat(result.problems()).isEmpty();
            assertThat(result.migrations()).extracting(ResolvedMigration::script).containsExactly("V1__a.sql", "sub/V2__b.sql", "V3__c.sql");
            assertThat(warnings()).containsExactly("Location filesystem:" + db.resolve("sub") + " is inside location filesystem:" + db
                    + ", whose sub-folders are read, so it is not read again: remove it");
        }
    }

    @Test
    void classpathLocationsListedTwiceOrInsideAnotherAreReadOnce() {
        MigrationScanner.ScanResult result = scan("classpath:db/classpath-test/sub", "classpath:/db/classpath-test/",
                "classpath:db//classpath-test");

        assertThat(result.problems()).isEmpty();
        assertThat(result.migrations()).extracting(ResolvedMigration::script).containsExactly("V1__from_classpath.sql", "sub/V2__in_subfolder.sql");
        assertThat(warnings()).containsExactly(
                "Location classpath:db//classpath-test is listed twice (as classpath:/db/classpath-test/ too), so it is read once:"
                        + " remove one of them",
                "Location classpath:db/classpath-test/sub is inside location classpath:/db/classpath-test/, whose sub-folders are"
                        + " read, so it is not read again: remove it");
    }

    @Test
    void oneFileFoundThroughTwoLocationsIsNamedAsSuch() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        write(a.resolve("V1__x.sql"), "SELECT 1;");
        Files.createDirectories(b);
        Files.createSymbolicLink(b.resolve("V1__x.sql"), Path.of("../a/V1__x.sql"));

        assertThat(scan("filesystem:" + a, "filesystem:" + b).problems()).containsExactly("Files filesystem:" + a + "/V1__x.sql and"
                + " filesystem:" + b + "/V1__x.sql are one file, found through the locations filesystem:" + a + " and filesystem:" + b
                + ": list it in one location only (remove a location, or the link that leads from one to the other)");
    }

    /**
     * A folder location linking to another location (db/main/common -> ../common, both listed): the link is
     * not followed, so each file is read once, through its own location, under the name it always had.
     */
    @Test
    void aLinkIntoAnotherListedLocationIsNotFollowed() throws IOException {
        Path main = dir.resolve("db/main");
        Path common = dir.resolve("db/common");
        write(main.resolve("V1__a.sql"), "SELECT 1;");
        write(common.resolve("V2__b.sql"), "SELECT 2;");
        write(common.resolve("more/V3__c.sql"), "SELECT 3;");
        Files.createSymbolicLink(main.resolve("common"), Path.of("../common"));
        Files.createSymbolicLink(main.resolve("more"), Path.of("../common/more"));

        MigrationScanner.ScanResult result = scan("filesystem:" + main, "filesystem:" + common);

        assertThat(result.problems()).isEmpty();
        assertThat(result.migrations()).extracting(ResolvedMigration::script).containsExactly("V1__a.sql", "V2__b.sql", "more/V3__c.sql");
        assertThat(result.migrations()).extracting(ResolvedMigration::location).containsExactly("filesystem:" + main + "/V1__a.sql",
                "filesystem:" + common + "/V2__b.sql", "filesystem:" + common + "/more/V3__c.sql");
        assertThat(warnings()).containsExactly(
                "filesystem:" + main + "/common links into location filesystem:" + common.toRealPath()
                        + ", which is read by itself: not followed, so its files keep their names",
                "filesystem:" + main + "/more links into location filesystem:" + common.toRealPath()
                        + ", which is read by itself: not followed, so its files keep their names");
        // Alone, the location reads what its links lead to.
        assertThat(scan("filesystem:" + main).migrations()).extracting(ResolvedMigration::script)
                .containsExactly("V1__a.sql", "common/V2__b.sql", "common/more/V3__c.sql");
    }

    @Test
    void aLinkedFolderIsReadAndALinkBackUpIsNotFollowedAgain() throws IOException {
        Path db = dir.resolve("db");
        write(db.resolve("V1__a.sql"), "SELECT 1;");
        write(dir.resolve("shared-sql/V2__shared.sql"), "SELECT 2;");
        Files.createSymbolicLink(db.resolve("shared"), Path.of("../shared-sql"));
        // Loops: a link to the location itself, and one from the linked folder back to it.
        Files.createSymbolicLink(db.resolve("again"), Path.of("."));
        Files.createSymbolicLink(dir.resolve("shared-sql/back"), Path.of("../db"));
        // A link to a folder of the location is read through one path only: the first in name order.
        write(db.resolve("z-real/V3__c.sql"), "SELECT 3;");
        Files.createSymbolicLink(db.resolve("a-alias"), Path.of("z-real"));

        MigrationScanner.ScanResult result = scan("filesystem:" + db);

        assertThat(result.problems()).isEmpty();
        assertThat(result.migrations()).extracting(ResolvedMigration::script)
                .containsExactly("V1__a.sql", "shared/V2__shared.sql", "a-alias/V3__c.sql");
    }

    @Test
    void aLinkedFolderInAClasspathDirectoryIsRead() throws IOException {
        write(dir.resolve("classes/db/linked/V1__a.sql"), "SELECT 1;");
        write(dir.resolve("elsewhere/V2__b.sql"), "SELECT 2;");
        Files.createSymbolicLink(dir.resolve("classes/db/linked/more"), dir.resolve("elsewhere"));
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {dir.resolve("classes").toUri().toURL()}, null)) {
            assertThat(new MigrationScanner(loader).scan(List.of("classpath:db/linked"), List.of()))
                    .extracting(ResolvedMigration::location).containsExactly("classpath:db/linked/V1__a.sql", "classpath:db/linked/more/V2__b.sql");
        }
    }

    @Test
    void aLocationThatIsAJarOrAFileIsRefusedWithTheFix() throws IOException {
        Path jar = write(dir.resolve("my app.jar"), "PK");
        Path script = write(dir.resolve("sql/V1__a.sql"), "SELECT 1;");

        // Scanned as an empty folder, each would migrate nothing and report success.
        assertThatThrownBy(() -> scan("filesystem:" + jar)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Location filesystem:" + jar + " is the archive " + jar + ", not a folder")
                .hasMessageContaining("classpath:db/migration");
        assertThatThrownBy(() -> scan(jar + "!/db/migration")).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Location " + jar + "!/db/migration is inside the archive " + jar + ", not a folder");
        assertThatThrownBy(() -> scan("filesystem:" + script)).isInstanceOf(ConfigurationException.class)
                .hasMessage("Location filesystem:" + script + " is the file " + script + ", not a folder: a filesystem: location"
                        + " is a folder of migrations; name the folder that holds it (filesystem:" + script.getParent() + ")");
        // A folder that does not exist stays a warning.
        assertThat(scan("filesystem:" + dir.resolve("absent")).missingLocations()).hasSize(1);
    }
}
